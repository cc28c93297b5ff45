-- Undoes V1_4__create_user_sessions.sql: the table goes with its constraints, indexes and comment (and its rows).
DROP TABLE user_sessions;
