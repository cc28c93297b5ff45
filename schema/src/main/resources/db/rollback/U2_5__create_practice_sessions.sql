-- Undoes V2_5__create_practice_sessions.sql.
DROP TABLE practice_sessions;
