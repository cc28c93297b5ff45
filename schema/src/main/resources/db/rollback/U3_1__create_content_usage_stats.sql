-- Undoes V3_1__create_content_usage_stats.sql.
DROP TABLE content_usage_stats;
