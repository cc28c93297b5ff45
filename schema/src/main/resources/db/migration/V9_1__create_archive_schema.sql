-- Group 9, the partition lifecycle: cold storage for the monthly partitions of user_activity_logs.
--
-- The seed's archival strategy moves data older than a year to "separate tables" that can still be queried. Here the
-- separate table is archive.user_activity_logs: partitioned by month on "timestamp" like the live table, with the
-- same columns, primary key, CHECK constraints, foreign key and indexes, and no DEFAULT partition. Archiving a
-- month detaches its partition from the live table and attaches it here unchanged (no row is copied), so all
-- archived months are one table that a query reads with partition pruning, and a month can be attached back to the
-- live table the same way. The lifecycle itself is com.eduplatform.data.partitions (db.partitions()); the design,
-- the locks it takes and how to query the archive are in docs/partitions.md.
--
-- Why the archive mirrors the live table exactly:
--   * ATTACH PARTITION requires it: the same columns with the same types and NOT NULLs, and every CHECK constraint of
--     the parent present, by name, on the partition. LIKE ... INCLUDING CONSTRAINTS copies those with their names.
--   * Identical indexes are matched to the partition's own indexes on attach, so moving a month builds no index.
--   * The foreign key to users stays: an archived log still names a user, and a user cannot be deleted while logs,
--     live or archived, still name them (erasing a user must delete both). On attach the partition's own copy of the
--     key is merged into the parent's, with no validation scan.
--   * No identity and no defaults: archived rows always arrive with every value; the live table's identity sequence
--     stays the one source of ids.
--
-- A later migration that changes user_activity_logs (a column, a CHECK, an index) must make the same change here,
-- or moving a month between the two fails, inside its transaction, leaving the month where it was.
-- (PartitionArchiveShapeTest compares the two tables from the catalog.)
--
-- Rollback: detach and move back every partition of archive.user_activity_logs (db.partitions() attach), then
-- DROP SCHEMA archive CASCADE.

CREATE SCHEMA archive;

COMMENT ON SCHEMA archive IS
    'Cold storage: monthly partitions detached from the live tables, still queryable (docs/partitions.md).';

CREATE TABLE archive.user_activity_logs (
    LIKE public.user_activity_logs INCLUDING CONSTRAINTS,
    CONSTRAINT user_activity_logs_pkey PRIMARY KEY (id, "timestamp"),
    CONSTRAINT user_activity_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id)
) PARTITION BY RANGE ("timestamp");

-- The live table's indexes, with the live table's names (index names are per schema).
CREATE INDEX idx_user_activity_logs_user_id ON archive.user_activity_logs (user_id, "timestamp");
CREATE INDEX idx_user_activity_logs_timestamp ON archive.user_activity_logs ("timestamp");
CREATE INDEX idx_user_activity_logs_activity_type ON archive.user_activity_logs (activity_type);

COMMENT ON TABLE archive.user_activity_logs IS
    'Archived months of public.user_activity_logs, one partition per month, attached unchanged.';
