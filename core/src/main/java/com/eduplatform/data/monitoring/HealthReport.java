package com.eduplatform.data.monitoring;

import com.eduplatform.data.replica.ReplicaStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The database as {@link com.eduplatform.data.EduDatabase#health()} found it: connections, the size and upkeep
 * of each table, index use, the cache hit ratio and replication. Statistics come from PostgreSQL's cumulative
 * statistics views, counted since they were last reset; a role without {@code pg_monitor} (or
 * {@code pg_read_all_stats}) sees other sessions' state and the standbys' positions as unknown.
 *
 * @param takenAt when the report was read
 * @param connections the connections to this database and the library's pool
 * @param tables every user table, partition and materialized view, largest first
 * @param indexes every index of them with its size and scans, largest first
 * @param cacheHitRatio the share of block reads of this database served from shared buffers, 0 to 1; NaN before
 *     any block was read
 * @param replication the standbys streaming from this server, and the library's replica
 */
public record HealthReport(Instant takenAt, Connections connections, List<TableHealth> tables,
        List<IndexHealth> indexes, double cacheHitRatio, Replication replication) {

    public HealthReport {
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
    }

    /** The table {@code name} of schema {@code public}, if it is there. */
    public Optional<TableHealth> table(String name) {
        return tables.stream().filter(t -> t.schema().equals("public") && t.name().equals(name)).findFirst();
    }

    /**
     * The indexes never scanned since statistics were last reset, except those enforcing a constraint (primary
     * key, unique, exclusion), which are needed whether scanned or not: candidates to drop, largest first. On a
     * fresh database every index is one; judge after a representative period of traffic.
     */
    public List<IndexHealth> unusedIndexes() {
        return indexes.stream().filter(IndexHealth::unused).toList();
    }

    /**
     * Connections to this database ({@code pg_stat_activity}, client backends only) and the library's pool.
     *
     * @param active running a statement
     * @param idle waiting for a statement
     * @param idleInTransaction in an open transaction, waiting (a leak when it lasts)
     * @param total all of them, whatever their state
     * @param serverMax the server's {@code max_connections}, for all its databases
     * @param pool the HikariCP pool the statements run on; {@code null} when the host's DataSource is not one
     */
    public record Connections(int active, int idle, int idleInTransaction, int total, int serverMax,
            PoolUsage pool) {
    }

    /**
     * The HikariCP pool's own count of its connections.
     *
     * @param active lent out
     * @param idle in the pool, free
     * @param total active and idle
     * @param max the pool's maximum size
     * @param waiting threads waiting for a connection
     */
    public record PoolUsage(int active, int idle, int total, int max, int waiting) {
    }

    /**
     * One table, partition or materialized view. For a partitioned table, sizes and row counts are the sums over
     * its partitions (it stores nothing itself), and its vacuum times stay empty (VACUUM runs on the partitions,
     * which are listed too, each with {@link #partitionOf()} naming its parent); ANALYZE of the parent sets its
     * {@link #lastAnalyze()}.
     *
     * @param schema the schema, {@code public} for the library's tables
     * @param name the table
     * @param partitionOf the partitioned table this is a partition of, or {@code null}
     * @param partitioned whether this is a partitioned table
     * @param totalBytes table, TOAST and indexes
     * @param tableBytes table and TOAST
     * @param indexBytes indexes
     * @param liveRows estimated live rows
     * @param deadRows estimated dead rows, space for VACUUM to reclaim
     * @param lastVacuum the last manual VACUUM, or {@code null}
     * @param lastAutovacuum the last VACUUM by autovacuum, or {@code null}
     * @param lastAnalyze the last manual ANALYZE, or {@code null}
     * @param lastAutoanalyze the last ANALYZE by autovacuum, or {@code null}
     */
    public record TableHealth(String schema, String name, String partitionOf, boolean partitioned, long totalBytes,
            long tableBytes, long indexBytes, long liveRows, long deadRows, OffsetDateTime lastVacuum,
            OffsetDateTime lastAutovacuum, OffsetDateTime lastAnalyze, OffsetDateTime lastAutoanalyze) {

        /** Dead rows as a share of all rows, 0 to 1; 0 for an empty table. */
        public double deadRatio() {
            long all = liveRows + deadRows;
            return all == 0 ? 0 : (double) deadRows / all;
        }
    }

    /**
     * One index. Indexes of a partitioned table are listed once per partition, on the partition.
     *
     * @param schema the schema of its table
     * @param table its table
     * @param name the index
     * @param bytes its size
     * @param scans how many scans used it since statistics were reset
     * @param enforcesConstraint whether it backs a primary key, unique or exclusion constraint
     */
    public record IndexHealth(String schema, String table, String name, long bytes, long scans,
            boolean enforcesConstraint) {

        /** Never scanned and enforcing nothing. */
        public boolean unused() {
            return scans == 0 && !enforcesConstraint;
        }
    }

    /**
     * Replication as seen from this server and from the library.
     *
     * @param inRecovery whether the server connected to is itself a standby (then {@link #standbys()} is empty)
     * @param standbys the standbys streaming from this server ({@code pg_stat_replication})
     * @param configuredReplica the library's read replica as last checked
     *     ({@link com.eduplatform.data.EduDatabase#replicaStatus()})
     */
    public record Replication(boolean inRecovery, List<Standby> standbys, ReplicaStatus configuredReplica) {

        public Replication {
            standbys = List.copyOf(standbys);
        }
    }

    /**
     * One standby streaming from this server.
     *
     * @param name its {@code application_name}
     * @param clientAddress its address, or {@code null} (a Unix socket, or not visible to this role)
     * @param state {@code streaming}, {@code catchup}, ...; {@code null} when not visible to this role
     * @param syncState {@code async}, {@code sync}, ...
     * @param replayLag the time its last replay took to catch up with a commit; {@code null} when idle or unknown
     * @param bytesBehind WAL bytes written here and not yet replayed there; -1 when unknown
     */
    public record Standby(String name, String clientAddress, String state, String syncState, Duration replayLag,
            long bytesBehind) {
    }
}
