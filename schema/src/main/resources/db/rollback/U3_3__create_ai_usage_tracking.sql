-- Undoes V3_3__create_ai_usage_tracking.sql.
DROP TABLE ai_usage_tracking;
