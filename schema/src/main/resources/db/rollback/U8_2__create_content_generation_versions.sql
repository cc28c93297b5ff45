-- Undoes V8_2__create_content_generation_versions.sql.
DROP TABLE content_generation_versions;
