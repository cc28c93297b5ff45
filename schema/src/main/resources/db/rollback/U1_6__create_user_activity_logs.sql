-- Undoes V1_6__create_user_activity_logs.sql: the partitioned table goes with every partition attached to it (the
-- DEFAULT one and the monthly ones, also those the partition lifecycle created later) and their rows.
DROP TABLE user_activity_logs;
