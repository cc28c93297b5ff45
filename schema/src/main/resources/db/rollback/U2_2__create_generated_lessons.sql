-- Undoes V2_2__create_generated_lessons.sql.
DROP TABLE generated_lessons;
