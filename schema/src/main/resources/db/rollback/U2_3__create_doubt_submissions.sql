-- Undoes V2_3__create_doubt_submissions.sql (its triggers are all on the table itself).
DROP TABLE doubt_submissions;
