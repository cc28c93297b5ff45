-- Undoes V5_3__create_content_feedback.sql.
DROP TABLE content_feedback;
