-- Undoes V6_2__create_communication_logs.sql: the trigger it put on users, then the table.
DROP TRIGGER users_delete_from_communication_logs_to_user_ids ON users;
DROP TABLE communication_logs;
