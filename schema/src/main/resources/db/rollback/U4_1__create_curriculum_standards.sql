-- Undoes V4_1__create_curriculum_standards.sql.
DROP TABLE curriculum_standards;
