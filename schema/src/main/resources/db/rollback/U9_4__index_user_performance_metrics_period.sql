-- Undoes V9_4__index_user_performance_metrics_period.sql without blocking the table's writers: CONCURRENTLY, so
-- alone in its file and run outside a transaction. IF EXISTS makes it safe to run again after a failure between
-- the drop and the removal of the migration's history row.
DROP INDEX CONCURRENTLY IF EXISTS idx_user_performance_metrics_period;
