-- Undoes V8_4__guard_published_exams.sql: the two guards and their functions, newest first.
DROP TRIGGER exam_questions_published_exam_check ON exam_questions;
DROP FUNCTION exam_questions_keep_published();
DROP TRIGGER generated_exams_published_check ON generated_exams;
DROP FUNCTION generated_exams_keep_published();
