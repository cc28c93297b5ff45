-- Undoes V1_2__create_users.sql: the table goes with its trigger, constraints and indexes. Its rows are lost.
DROP TABLE users;
