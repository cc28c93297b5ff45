-- Undoes V2_1__create_generated_exams.sql: the trigger it put on users, then exam_questions and generated_exams with
-- their constraints, triggers and indexes (and their rows).
DROP TRIGGER users_delete_from_generated_exams_used_by_students ON users;
DROP TABLE exam_questions;
DROP TABLE generated_exams;
