-- Undoes V4_3__create_educational_resources.sql.
DROP TABLE educational_resources;
