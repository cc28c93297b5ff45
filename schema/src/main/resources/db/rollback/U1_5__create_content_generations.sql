-- Undoes V1_5__create_content_generations.sql: the table goes with its triggers, constraints and indexes (and its
-- rows), then the two trigger functions the migration created.
DROP TABLE content_generations;
DROP FUNCTION enforce_generation_content_type();
DROP FUNCTION content_generations_keep_content_type();
