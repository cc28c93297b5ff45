-- Undoes V4_2__create_content_curriculum_alignment.sql.
DROP TABLE content_curriculum_alignment;
