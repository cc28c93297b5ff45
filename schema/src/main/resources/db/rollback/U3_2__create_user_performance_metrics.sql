-- Undoes V3_2__create_user_performance_metrics.sql.
DROP TABLE user_performance_metrics;
