-- Group 9, operations: a period key for user_performance_metrics, so the metrics job (docs/reporting.md) can
-- rewrite a period in place instead of adding rows each time it runs.
--
-- The seed's time_period says 'daily', 'weekly' or 'monthly' but not which day, week or month. period_start is the
-- first UTC day of that period: the day itself, the Monday of an ISO week, the 1st of a month. V9_4 makes
-- (time_period, period_start, metric_type, user_id) unique.
--
-- period_start stays NULL-able: rows written before this migration, or by a host for metrics of its own, have no
-- period key and keep working as before. The CHECK therefore only binds rows that have one: a row with a
-- period_start names one of the seed's three periods, and its period_start is where such a period starts.
-- Every existing row has period_start NULL the moment the column is added, so the constraint holds for all of them
-- by construction: it is added validated in one step. NOT VALID followed by VALIDATE CONSTRAINT would only help in
-- separate transactions (the ACCESS EXCLUSIVE lock of ADD CONSTRAINT lasts until this migration commits anyway), and
-- here the validating scan cannot fail. ADD COLUMN without a default changes only the catalog.
--
-- Rollback: ALTER TABLE user_performance_metrics DROP COLUMN period_start (drops the constraint and V9_4's index).
ALTER TABLE user_performance_metrics ADD COLUMN period_start date;

ALTER TABLE user_performance_metrics ADD CONSTRAINT user_performance_metrics_period_check CHECK (
    period_start IS NULL
    OR time_period = 'daily'
    OR (time_period = 'weekly' AND extract(isodow FROM period_start) = 1)
    OR (time_period = 'monthly' AND extract(day FROM period_start) = 1));
