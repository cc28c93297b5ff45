package com.eduplatform.data.partitions;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.DefaultSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The partition lifecycle of every table range-partitioned by month: reach it from
 * {@link EduDatabase#partitions()}. Which tables those are is read from PostgreSQL's catalog (a table of the schema
 * range-partitioned on one timestamptz column), not from a list here; today that is {@code user_activity_logs}.
 *
 * <pre>{@code
 * // a scheduler, daily or monthly:
 * List<PolicyRun> runs = db.partitions().apply(PartitionPolicy.defaults());
 *
 * // one table, by hand:
 * PartitionedTable<UserActivityLogsRecord> logs = db.partitions().of(USER_ACTIVITY_LOGS);
 * logs.list();
 * logs.attach(YearMonth.of(2025, 3));
 * }</pre>
 */
public final class Partitions {

    /** How long a step waits for one of its locks before it gives up (default: 5 seconds). */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    private final EduDatabase db;
    private final Duration lockTimeout;

    /** Use {@link EduDatabase#partitions()}. */
    public Partitions(EduDatabase db) {
        this(db, DEFAULT_LOCK_TIMEOUT);
    }

    private Partitions(EduDatabase db, Duration lockTimeout) {
        this.db = Objects.requireNonNull(db, "db");
        this.lockTimeout = lockTimeout;
    }

    /**
     * These partitions with another lock timeout: how long each step waits for each lock it needs before it fails
     * with SQLSTATE 55P03 and leaves everything as it was, at least 1 ms (default: {@link #DEFAULT_LOCK_TIMEOUT}).
     * Short, so that a step waiting behind a long query does not hold up the queries queued behind it.
     */
    public Partitions withLockTimeout(Duration lockTimeout) {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.toMillis() < 1) {
            throw new InvalidInputException("lockTimeout", "cannot be less than 1 ms, was " + lockTimeout);
        }
        return new Partitions(db, lockTimeout);
    }

    /** The generated tables that are range-partitioned by month on a timestamptz column, by name. */
    public List<Table<?>> tables() {
        List<Table<?>> tables = new ArrayList<>();
        for (PartitionCatalog.Parent parent : PartitionCatalog.monthlyParents(db.dsl())) {
            Table<?> table = DefaultSchema.DEFAULT_SCHEMA.getTable(parent.name());
            if (table != null) {
                tables.add(table);
            }
        }
        return List.copyOf(tables);
    }

    /**
     * The lifecycle of {@code table}.
     *
     * @throws InvalidInputException when {@code table} is not range-partitioned on one timestamptz column
     */
    public <R extends Record> PartitionedTable<R> of(Table<R> table) {
        Objects.requireNonNull(table, "table");
        PartitionCatalog.Parent parent = PartitionCatalog.monthlyParent(db.dsl(), table.getName())
                .orElseThrow(() -> new InvalidInputException("table",
                        table.getName() + " is not range-partitioned on one timestamptz column"));
        return new PartitionedTable<>(db, table, parent, lockTimeout);
    }

    /**
     * Applies {@code policy} to every table of {@link #tables()}, one after the other (see
     * {@link PartitionedTable#apply(PartitionPolicy)}), and returns what it did to each.
     */
    public List<PolicyRun> apply(PartitionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        List<PolicyRun> runs = new ArrayList<>();
        for (Table<?> table : tables()) {
            runs.add(of(table).apply(policy));
        }
        return List.copyOf(runs);
    }
}
