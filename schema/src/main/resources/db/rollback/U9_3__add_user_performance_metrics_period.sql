-- Undoes V9_3__add_user_performance_metrics_period.sql: the CHECK, then the column (and the period keys it held).
ALTER TABLE user_performance_metrics DROP CONSTRAINT user_performance_metrics_period_check;
ALTER TABLE user_performance_metrics DROP COLUMN period_start;
