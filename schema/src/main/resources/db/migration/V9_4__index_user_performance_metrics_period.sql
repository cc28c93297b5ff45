-- Group 9, operations: the unique period key of user_performance_metrics (V9_3), which the metrics job's
-- INSERT ... ON CONFLICT arbitrates on, so running a period again updates its rows instead of adding more.
--
-- Built CONCURRENTLY so writers of the table are not blocked while it builds. PostgreSQL refuses CREATE INDEX
-- CONCURRENTLY inside a transaction block; Flyway recognises the statement and runs this migration outside a
-- transaction, which is why the statement is alone in its file: Flyway refuses a migration that mixes
-- transactional and non-transactional statements (unless "mixed" is set, which this project does not set).
--
-- Column order: (time_period, period_start) first, so the index also serves the job's per-period reads and deletes
-- and "all metrics of week X" reports; per-user reads have idx_user_performance_metrics_user_id. Rows without a
-- period key (period_start NULL) never collide: a unique index treats NULLs as distinct.
--
-- Failure: a failed concurrent build leaves an INVALID index behind and this migration marked failed. Recover with
-- DROP INDEX CONCURRENTLY idx_user_performance_metrics_period, fix the cause (duplicate period keys), run
-- flyway repair, then migrate again. Rollback: DROP INDEX CONCURRENTLY idx_user_performance_metrics_period.
CREATE UNIQUE INDEX CONCURRENTLY idx_user_performance_metrics_period
    ON user_performance_metrics (time_period, period_start, metric_type, user_id);
