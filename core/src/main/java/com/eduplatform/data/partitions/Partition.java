package com.eduplatform.data.partitions;

import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * One partition of a monthly-partitioned table, live or archived, as {@link PartitionedTable#list()} reads it from
 * PostgreSQL's catalog.
 *
 * @param schema        the schema the partition is in: the live table's ({@code public}) or {@code archive}
 * @param name          the partition's own table name, e.g. {@code user_activity_logs_y2026m03}
 * @param location      where it is: a month of the live table, the live table's DEFAULT partition, or the archive
 * @param month         the month it holds, in UTC; {@code null} for the DEFAULT partition and for a partition whose
 *                      bounds are not exactly one UTC month (the lifecycle leaves such a partition alone)
 * @param from          its inclusive lower bound; {@code null} for the DEFAULT partition
 * @param to            its exclusive upper bound; {@code null} for the DEFAULT partition
 * @param estimatedRows PostgreSQL's row estimate ({@code pg_class.reltuples}, kept by ANALYZE and autovacuum), or
 *                      -1 while the partition has never been analyzed; an estimate, so that listing stays a catalog
 *                      read however large the partitions grow
 */
public record Partition(String schema, String name, Location location, YearMonth month, OffsetDateTime from,
                        OffsetDateTime to, long estimatedRows) {

    /** Where a partition lives. */
    public enum Location {
        /** A monthly partition of the live table: inserts of its month land in it. */
        LIVE,
        /** The live table's DEFAULT partition: rows of any month that has no live partition land in it. */
        DEFAULT,
        /** A monthly partition of the {@code archive} table of the same name: read-only in practice, still queried. */
        ARCHIVE
    }
}
