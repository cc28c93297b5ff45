package com.eduplatform.data.partitions;

import static com.eduplatform.data.partitions.PartitionCatalog.ARCHIVE_SCHEMA;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.keyword;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.partitions.Partition.Location;
import com.eduplatform.data.partitions.PartitionCatalog.Parent;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.SelectOrderByStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The partition lifecycle of one table range-partitioned by month (UTC) on a timestamptz column, such as
 * {@code user_activity_logs}: get it from {@link Partitions#of(Table)}.
 *
 * <p>A month lives in exactly one place: a monthly partition of the live table, a monthly partition of
 * {@code archive.<table>}, or, when it has neither, the live table's DEFAULT partition. Rows inserted for an
 * archived month are never lost: they land in DEFAULT, are read by {@link #selectLiveAndArchived(Condition)}, and
 * {@link #drainDefault()} moves them into the archived month.
 *
 * <p>Every change is a sequence of steps, each its own short transaction that re-reads the catalog under its locks
 * and either completes or leaves nothing behind: a partition is never half moved, and a method called again does
 * only what is left (it is idempotent). Each step waits at most the lock timeout of {@link Partitions} for its
 * locks, then fails with SQLSTATE 55P03 rather than queue ahead of the application's queries. Because they run
 * transactions of their own, the methods that change anything must be called outside a transaction; inside one they
 * throw {@link IllegalStateException}. The locks each step takes are listed in {@code docs/partitions.md}.
 *
 * @param <R> the record type of the live table, shared by the archive table
 */
public final class PartitionedTable<R extends Record> {

    /** The CHECK a partition gets before it moves, equal to its bounds: it spares ATTACH its validation scan. */
    static final String BOUNDS_CONSTRAINT = "partition_bounds";

    private static final String ADVISORY_LOCK_SPACE = "edu-data partitions";

    private final EduDatabase db;
    private final Table<R> table;
    private final ArchiveTable<R> archived;
    private final Parent parent;
    private final Duration lockTimeout;
    private final Name live;
    private final Name archive;
    private final Field<OffsetDateTime> key;
    private final QueryPart columns;

    PartitionedTable(EduDatabase db, Table<R> table, Parent parent, Duration lockTimeout) {
        this.db = db;
        this.table = table;
        this.archived = new ArchiveTable<>(table);
        this.parent = parent;
        this.lockTimeout = lockTimeout;
        this.live = name(parent.schema(), parent.name());
        this.archive = name(ARCHIVE_SCHEMA, parent.name());
        this.key = DSL.field(name(parent.keyColumn()), SQLDataType.TIMESTAMPWITHTIMEZONE);
        this.columns = DSL.list(table.fieldStream().map(field -> name(field.getName())).toList());
    }

    /** The live table, as generated. */
    public Table<R> table() {
        return table;
    }

    /**
     * The archive table {@code archive.<table>}, typed as the live table: select from it with
     * {@link EduDatabase#dsl()} and get the generated records (and, with {@code into}, POJOs) back. Its fields are
     * found with {@code archived().field(LIVE_FIELD)}.
     */
    public Table<R> archived() {
        return archived;
    }

    /**
     * Every row of the table, live and archived, that meets {@code condition}: the live table UNION ALL the archive
     * table, each filtered by {@code condition} (written with the live table's fields; both tables are exposed under
     * the same name, so it applies to both). A condition on the partition key prunes both sides to the months it
     * covers; an archived month is read from its archive partition and from DEFAULT, which holds that month's late
     * rows until the next {@link #drainDefault()}. Order it, page it or fetch it as any jOOQ select.
     */
    public SelectOrderByStep<R> selectLiveAndArchived(Condition condition) {
        return dsl().selectFrom(table).where(condition)
                .unionAll(dsl().selectFrom(archived).where(condition));
    }

    /**
     * The partitions of the live table and of its archive table, as the catalog has them now: live months in month
     * order, then the DEFAULT partition, then archived months in month order. A catalog read: no table is scanned.
     */
    public List<Partition> list() {
        return PartitionCatalog.partitions(dsl(), parent);
    }

    /**
     * Makes sure the monthly partitions of the current month (UTC, by the database's clock) and of the
     * {@code months - 1} months after it exist, creating the missing ones; rows of a new month waiting in DEFAULT
     * move into it. A month that is archived is left there. Returns the months it created, in order.
     *
     * @param months how many months from the current one, at least 1
     */
    public List<YearMonth> createAhead(int months) {
        requireOutsideTransaction();
        if (months < 1) {
            throw new InvalidInputException("months", "cannot be less than 1, was " + months);
        }
        YearMonth current = YearMonth.from(now());
        List<YearMonth> created = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            YearMonth month = current.plusMonths(i);
            if (find(list(), month).isEmpty() && step(() -> createLive(month))) {
                created.add(month);
            }
        }
        return List.copyOf(created);
    }

    /**
     * Moves every row of the DEFAULT partition to its month: into the month's archived partition when the month is
     * archived, otherwise into a new live partition created for it (old months too; {@link #archiveOlderThan} then
     * archives those). One step per month. Returns the rows moved, by month.
     */
    public SortedMap<YearMonth, Long> drainDefault() {
        requireOutsideTransaction();
        SortedMap<YearMonth, Long> drained = new TreeMap<>();
        Optional<Partition> defaultPartition = defaultPartition(list());
        if (defaultPartition.isEmpty()) {
            return Collections.unmodifiableSortedMap(drained);
        }
        List<YearMonth> months = dsl().fetch("SELECT DISTINCT to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM') FROM ONLY {1}",
                        key, DSL.table(qualified(defaultPartition.get())))
                .map(row -> YearMonth.parse(row.get(0, String.class)));
        for (YearMonth month : months) {
            long moved = step(() -> drain(month));
            if (moved > 0) {
                drained.put(month, moved);
            }
        }
        return Collections.unmodifiableSortedMap(drained);
    }

    /**
     * Moves the live partition of {@code month} to the archive table, unchanged (no row is copied): its bounds are
     * first checked by a CHECK constraint (a scan that takes no lock the application notices), then one short
     * transaction detaches it, moves it to schema {@code archive} and attaches it there. Returns {@code false} when
     * the month is already archived.
     *
     * @throws NotFoundException when the month has neither a live nor an archived partition
     */
    public boolean archive(YearMonth month) {
        requireOutsideTransaction();
        Objects.requireNonNull(month, "month");
        requireArchiveTable();
        Partition partition = find(list(), month).orElseThrow(() -> notFound(month));
        if (partition.location() == Location.ARCHIVE) {
            return false;
        }
        prepareBounds(partition);
        return step(() -> moveToArchive(month));
    }

    /**
     * Archives every live month that ended more than {@code retention} ago (by the database's clock), one
     * {@link #archive(YearMonth)} each, oldest first. Returns the months it archived.
     */
    public List<YearMonth> archiveOlderThan(Period retention) {
        requireOutsideTransaction();
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new InvalidInputException("retention", "cannot be negative, was " + retention);
        }
        requireArchiveTable();
        OffsetDateTime cutoff = now().minus(retention);
        List<YearMonth> archivedMonths = new ArrayList<>();
        for (Partition partition : list()) {
            if (partition.location() == Location.LIVE && partition.month() != null && !partition.to().isAfter(cutoff)
                    && archive(partition.month())) {
                archivedMonths.add(partition.month());
            }
        }
        return List.copyOf(archivedMonths);
    }

    /**
     * Moves the archived partition of {@code month} back to the live table, in one transaction, together with the
     * rows of that month that arrived in DEFAULT while it was archived. Returns {@code false} when the month is
     * already live.
     *
     * @throws NotFoundException when the month has neither a live nor an archived partition
     */
    public boolean attach(YearMonth month) {
        requireOutsideTransaction();
        Objects.requireNonNull(month, "month");
        requireArchiveTable();
        Partition partition = find(list(), month).orElseThrow(() -> notFound(month));
        if (partition.location() == Location.LIVE) {
            return false;
        }
        return step(() -> moveToLive(month));
    }

    /**
     * Applies {@code policy}: {@link #createAhead(int)} its months ahead, {@link #drainDefault()}, then
     * {@link #archiveOlderThan(Period)} its retention. Meant for a scheduler: a second run finds nothing to do, and
     * a run that fails (a lock it could not get in time, say) keeps every step it completed and leaves the failed
     * one undone, for the next run to finish.
     */
    public PolicyRun apply(PartitionPolicy policy) {
        requireOutsideTransaction();
        Objects.requireNonNull(policy, "policy");
        requireArchiveTable();
        List<YearMonth> created = createAhead(policy.monthsAhead());
        SortedMap<YearMonth, Long> drained = drainDefault();
        List<YearMonth> archivedMonths = archiveOlderThan(policy.retention());
        return new PolicyRun(parent.name(), created, drained, archivedMonths);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The steps: each runs inside step(), re-reads the catalog under its locks, and does all of its work or none.
    // ------------------------------------------------------------------------------------------------------------

    /** Creates the live partition of {@code month} unless the month has one, live or archived. */
    private boolean createLive(YearMonth month) {
        lockReferencedTables(LockMode.SHARE_ROW_EXCLUSIVE);
        lock(live, LockMode.ACCESS_EXCLUSIVE);
        if (find(list(), month).isPresent()) {
            return false;
        }
        Integer created = dsl().fetchSingle(
                "SELECT create_monthly_partitions(format('%I.%I', {0}, {1})::regclass, {2}, 1)",
                val(parent.schema()), val(parent.name()), val(month.atDay(1))).get(0, Integer.class);
        return created == 1;
    }

    /** Moves the rows of {@code month} out of DEFAULT: to its archived partition, or to a new live one. */
    private long drain(YearMonth month) {
        Optional<Partition> home = find(list(), month);
        if (home.isPresent() && home.get().location() == Location.ARCHIVE) {
            Partition defaultPartition = defaultPartition(list()).orElseThrow();
            return moveRows(defaultPartition, archive, month);
        }
        if (home.isPresent() || !createLive(month)) {
            return 0;   // a live month: PostgreSQL keeps its rows out of DEFAULT
        }
        Partition created = find(list(), month).orElseThrow();
        return dsl().fetchCount(DSL.table(qualified(created)));
    }

    private boolean moveToArchive(YearMonth month) {
        List<Partition> before = list();
        lockReferencedTables(LockMode.ACCESS_EXCLUSIVE);
        lock(live, LockMode.ACCESS_EXCLUSIVE);
        lockDefault(before);
        lock(archive, LockMode.SHARE_UPDATE_EXCLUSIVE);
        Partition partition = find(list(), month).orElseThrow(() -> notFound(month));
        if (partition.location() == Location.ARCHIVE) {
            return false;
        }
        Name archivedName = name(ARCHIVE_SCHEMA, partition.name());
        dsl().execute("ALTER TABLE {0} DETACH PARTITION {1}", DSL.table(live), DSL.table(qualified(partition)));
        dsl().execute("ALTER TABLE {0} SET SCHEMA {1}", DSL.table(qualified(partition)), name(ARCHIVE_SCHEMA));
        dsl().execute("ALTER TABLE {0} ATTACH PARTITION {1} FOR VALUES FROM ({2}) TO ({3})",
                DSL.table(archive), DSL.table(archivedName), inline(partition.from()), inline(partition.to()));
        return true;
    }

    private boolean moveToLive(YearMonth month) {
        List<Partition> before = list();
        lockReferencedTables(LockMode.ACCESS_EXCLUSIVE);
        lock(live, LockMode.SHARE_UPDATE_EXCLUSIVE);
        lockDefault(before);
        lock(archive, LockMode.ACCESS_EXCLUSIVE);
        List<Partition> partitions = list();
        Partition partition = find(partitions, month).orElseThrow(() -> notFound(month));
        if (partition.location() == Location.LIVE) {
            return false;
        }
        Name liveName = name(parent.schema(), partition.name());
        dsl().execute("ALTER TABLE {0} DETACH PARTITION {1}", DSL.table(archive), DSL.table(qualified(partition)));
        dsl().execute("ALTER TABLE {0} SET SCHEMA {1}", DSL.table(qualified(partition)), name(parent.schema()));
        Optional<Partition> defaultPartition = defaultPartition(partitions);
        if (defaultPartition.isPresent()) {
            moveRows(defaultPartition.get(), liveName, month);
        }
        dsl().execute("ALTER TABLE {0} ATTACH PARTITION {1} FOR VALUES FROM ({2}) TO ({3})",
                DSL.table(live), DSL.table(liveName), inline(partition.from()), inline(partition.to()));
        return true;
    }

    /**
     * Adds the bounds CHECK to a live partition, NOT VALID (a moment's ACCESS EXCLUSIVE on that partition alone),
     * then validates it in a second step (SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan). Both are
     * skipped when already done.
     */
    private void prepareBounds(Partition partition) {
        Optional<Boolean> validated = PartitionCatalog.constraintValidated(dsl(), partition, BOUNDS_CONSTRAINT);
        if (validated.isEmpty()) {
            step(() -> {
                if (PartitionCatalog.constraintValidated(dsl(), partition, BOUNDS_CONSTRAINT).isEmpty()) {
                    dsl().execute("ALTER TABLE {0} ADD CONSTRAINT {1} CHECK ({2} >= {3} AND {2} < {4}) NOT VALID",
                            DSL.table(qualified(partition)), name(BOUNDS_CONSTRAINT), key,
                            inline(partition.from()), inline(partition.to()));
                }
                return null;
            });
        }
        if (!validated.orElse(false)) {
            step(() -> dsl().execute("ALTER TABLE {0} VALIDATE CONSTRAINT {1}",
                    DSL.table(qualified(partition)), name(BOUNDS_CONSTRAINT)));
        }
    }

    /** Moves the rows of {@code month} from {@code source} (DEFAULT) into {@code target}; returns how many. */
    private long moveRows(Partition source, Name target, YearMonth month) {
        return dsl().execute("""
                        WITH moved AS (DELETE FROM ONLY {0} WHERE {1} >= {2} AND {1} < {3} RETURNING {4})
                        INSERT INTO {5} ({4}) SELECT {4} FROM moved""",
                DSL.table(qualified(source)), key, val(PartitionCatalog.start(month)),
                val(PartitionCatalog.start(month.plusMonths(1))), columns, DSL.table(target));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Transactions and locks
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Runs {@code work} as one transaction of its own, with the lock timeout set for it and this table's advisory
     * lock held, so two maintenance runs never interleave on one table.
     */
    private <T> T step(Supplier<T> work) {
        return db.inTransaction(tx -> {
            dsl().fetch("SELECT set_config('lock_timeout', {0}, true)", val(lockTimeout.toMillis() + "ms"));
            dsl().fetch("SELECT pg_advisory_xact_lock(hashtext({0}), hashtext({1}))",
                    val(ADVISORY_LOCK_SPACE), val(parent.schema() + "." + parent.name()));
            return work.get();
        });
    }

    /**
     * Refuses to run inside the caller's transaction: the steps would all join it, hold their locks until it ends,
     * and no longer be the separate, short transactions the lifecycle relies on.
     */
    private void requireOutsideTransaction() {
        if (!dsl().connectionResult(Connection::getAutoCommit)) {
            throw new IllegalStateException("Partition maintenance runs one short transaction per step and cannot "
                    + "join a transaction: call it outside one");
        }
    }

    /** Table lock modes, strongest last; each step takes its locks in one order: referenced, live, DEFAULT, archive. */
    private enum LockMode {
        SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE"),
        SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE"),
        ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE");

        private final String sql;

        LockMode(String sql) {
            this.sql = sql;
        }
    }

    /**
     * Locks the tables the foreign keys reference (users) before the partitioned table: the application's
     * transactions touch a user before they log, so taking them in that order too avoids deadlocking with them.
     */
    private void lockReferencedTables(LockMode mode) {
        for (Name referenced : PartitionCatalog.referencedTables(dsl(), parent)) {
            lock(referenced, mode);
        }
    }

    private void lockDefault(List<Partition> partitions) {
        Optional<Partition> defaultPartition = defaultPartition(partitions);
        if (defaultPartition.isPresent()) {
            lock(qualified(defaultPartition.get()), LockMode.ACCESS_EXCLUSIVE);
        }
    }

    private void lock(Name relation, LockMode mode) {
        dsl().execute("LOCK TABLE ONLY {0} IN {1} MODE", DSL.table(relation), keyword(mode.sql));
    }

    // ------------------------------------------------------------------------------------------------------------

    private DSLContext dsl() {
        return db.dsl();
    }

    private OffsetDateTime now() {
        return dsl().fetchSingle("SELECT now()").get(0, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private void requireArchiveTable() {
        if (!PartitionCatalog.archiveTableExists(dsl(), parent)) {
            throw new EduDataException("No archive table " + ARCHIVE_SCHEMA + "." + parent.name() + " to archive "
                    + parent.name() + " into: a migration must create it with the live table's shape "
                    + "(see V9_1__create_archive_schema.sql)", null, null);
        }
    }

    private NotFoundException notFound(YearMonth month) {
        return new NotFoundException(parent.name() + " partitions", month);
    }

    private static Optional<Partition> find(List<Partition> partitions, YearMonth month) {
        return partitions.stream()
                .filter(partition -> partition.location() != Location.DEFAULT && month.equals(partition.month()))
                .findFirst();
    }

    private static Optional<Partition> defaultPartition(List<Partition> partitions) {
        return partitions.stream().filter(partition -> partition.location() == Location.DEFAULT).findFirst();
    }

    private static Name qualified(Partition partition) {
        return name(partition.schema(), partition.name());
    }
}
