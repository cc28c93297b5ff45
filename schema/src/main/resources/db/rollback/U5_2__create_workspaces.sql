-- Undoes V5_2__create_workspaces.sql: the triggers it put on content_generations and users, then the table.
DROP TRIGGER content_generations_delete_from_workspaces_shared_content ON content_generations;
DROP TRIGGER users_delete_from_workspaces_members ON users;
DROP TABLE workspaces;
