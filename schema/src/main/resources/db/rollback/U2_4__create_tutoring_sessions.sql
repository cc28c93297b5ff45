-- Undoes V2_4__create_tutoring_sessions.sql.
DROP TABLE tutoring_sessions;
