package com.eduplatform.data;

import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.error.OptimisticLockException;
import com.eduplatform.data.internal.InputValidator;
import com.eduplatform.data.internal.TableMeta;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

/**
 * Typed operations on one table, the same for every entity: one generic piece driven by the generated metadata.
 *
 * <p>Rows come back as the generated, immutable POJO record of the table ({@code P}, e.g.
 * {@code com.eduplatform.data.jooq.tables.pojos.Users}). Rows go in as the generated jOOQ record ({@code R}, e.g.
 * {@code UsersRecord}), used as a change set: only the fields you set are written, so an insert leaves the rest to
 * their database defaults and an update touches nothing else. {@code K} is the primary key's type (a jOOQ
 * {@code Record2} for the composite key of {@code user_activity_logs}).
 *
 * <p>Every call runs in the thread's current transaction ({@link EduDatabase#inTransaction}), or in one of its
 * own, so a failed call leaves nothing behind. Bad input is refused before SQL with an
 * {@link InvalidInputException}; what only PostgreSQL can judge comes back as a
 * {@link com.eduplatform.data.error.ConstraintViolationException} naming the constraint and its columns.
 *
 * <p>On tables with a {@code deleted_at} column, {@link #delete} marks the row deleted, and every read hides
 * deleted rows unless made through {@link #includingDeleted()} or {@link #onlyDeleted()}. On tables with a
 * {@code version_number} column, every update increments it, and an update that names the version it read fails
 * with {@link OptimisticLockException} if the row has moved on.
 */
public final class Repository<R extends UpdatableRecord<R>, P, K> {

    /** The deepest row an {@link #offsetPage} may start at. */
    public static final int MAX_OFFSET = 10_000;

    private static final int BATCH_ROWS = 500;
    private static final int STREAM_FETCH_SIZE = 500;

    private final RepositoryContext context;
    private final TableMeta<R, P> meta;
    private final InputValidator validator;
    private final Visibility visibility;
    private final Keyset<R, P> keyset;

    /** Which rows of a soft-delete table the reads see. */
    enum Visibility { LIVE, ALL, DELETED }

    Repository(RepositoryContext context, TableMeta<R, P> meta) {
        this(context, meta, InputValidator.of(meta.table()), Visibility.LIVE);
    }

    private Repository(RepositoryContext context, TableMeta<R, P> meta, InputValidator validator,
                       Visibility visibility) {
        this.context = context;
        this.meta = meta;
        this.validator = validator;
        this.visibility = visibility;
        this.keyset = new Keyset<>(meta, context.cursors());
    }

    /** The generated table this repository works on, for conditions and sort fields. */
    public Table<R> table() {
        return meta.table();
    }

    /** A new, empty change set for {@link #insert}, {@link #update} and {@link #upsert}. */
    public R newRecord() {
        return meta.table().newRecord();
    }

    /** Inserts the fields {@code row} sets and returns the stored row, with its generated key and defaults. */
    public P insert(R row) {
        validator.checkInsert(row);
        return call(() -> insertStatement(List.of(row)).returning().fetchOne(meta.mapper()));
    }

    /** Inserts every row in one transaction, in batched statements; returns the stored rows in the same order. */
    public List<P> insertAll(Collection<R> rows) {
        rows.forEach(validator::checkInsert);
        return context.transactions().required(() -> call(() -> {
            List<P> stored = new ArrayList<>(rows.size());
            List<R> batch = new ArrayList<>(BATCH_ROWS);
            Set<Field<?>> batchFields = null;
            for (R row : rows) {
                Set<Field<?>> fields = new LinkedHashSet<>(writtenFields(row));
                if (!batch.isEmpty() && (batch.size() == BATCH_ROWS || !fields.equals(batchFields))) {
                    stored.addAll(insertStatement(batch).returning().fetch(meta.mapper()));
                    batch.clear();
                }
                batch.add(row);
                batchFields = fields;
            }
            if (!batch.isEmpty()) {
                stored.addAll(insertStatement(batch).returning().fetch(meta.mapper()));
            }
            return stored;
        }));
    }

    /** The row with primary key {@code id}, if there is one. */
    public Optional<P> findById(K id) {
        return findOne(meta.byKey(id));
    }

    /** The row with primary key {@code id}, or a {@link NotFoundException}. */
    public P getById(K id) {
        return findById(id).orElseThrow(() -> new NotFoundException(meta.name(), id));
    }

    /** The rows matching {@code where}, in the given order (primary key order when none is given). */
    public List<P> find(Condition where, OrderField<?>... orderBy) {
        return call(() -> select(where).orderBy(order(orderBy)).fetch(meta.mapper()));
    }

    /** The one row matching {@code where}, if any; more than one is an {@link InvalidInputException}. */
    public Optional<P> findOne(Condition where) {
        return call(() -> {
            List<P> rows = select(where).limit(2).fetch(meta.mapper());
            if (rows.size() > 1) {
                throw new InvalidInputException("where", "matches more than one row of " + meta.name());
            }
            return rows.stream().findFirst();
        });
    }

    /** Whether a row with primary key {@code id} exists. */
    public boolean existsById(K id) {
        return exists(meta.byKey(id));
    }

    /** Whether any row matches {@code where}. */
    public boolean exists(Condition where) {
        return call(() -> dsl().fetchExists(meta.table(), visible(where)));
    }

    /** How many rows there are. */
    public long count() {
        return count(DSL.noCondition());
    }

    /** How many rows match {@code where}. */
    public long count(Condition where) {
        return call(() -> dsl().selectCount().from(meta.table()).where(visible(where)).fetchSingle().value1());
    }

    /**
     * Writes the fields {@code changes} sets to the row with primary key {@code id}, and returns the updated row.
     * On a versioned table, setting {@code version_number} in {@code changes} to the version you read makes the
     * update conditional on it: if the row has moved on, nothing is written and an
     * {@link OptimisticLockException} is thrown. A missing row is a {@link NotFoundException}.
     */
    public P update(K id, R changes) {
        TableField<R, Integer> version = meta.version();
        Integer expectedVersion = version != null && changes.changed(version) ? changes.get(version) : null;
        validator.checkUpdate(changes, unchangeable());
        Condition expected = expectedVersion == null ? DSL.noCondition() : version.eq(expectedVersion);
        return context.transactions().required(() -> call(() -> updateWhere(id, expected, changes,
                () -> expectedVersion != null && existsById(id)
                        ? new OptimisticLockException(meta.name(), id, expectedVersion)
                        : new NotFoundException(meta.name(), id))));
    }

    /**
     * Moves the row with primary key {@code id} from one of the states {@code from} to state {@code to} of the
     * column {@code state}, writing the fields {@code changes} sets in the same statement, and returns the updated
     * row. Concurrent moves of one row cannot both succeed. A row in another state is an
     * {@link InvalidTransitionException} naming that state, and nothing is written.
     */
    public <S> P transition(K id, TableField<R, S> state, Collection<S> from, S to, R changes) {
        validator.checkUpdate(changes, unchangeable());
        R withState = meta.table().newRecord();
        for (Field<?> field : changes.fields()) {
            if (changes.changed(field)) {
                copy(changes, withState, field);
            }
        }
        withState.set(state, to);
        return context.transactions().required(() -> call(() -> updateWhere(id, state.in(from), withState, () -> {
            S current = dsl().select(state).from(meta.table()).where(visible(meta.byKey(id))).fetchOne(state);
            return current == null && !existsById(id)
                    ? new NotFoundException(meta.name(), id)
                    : new InvalidTransitionException(meta.name(), id, literal(current), literal(to));
        })));
    }

    private P updateWhere(K id, Condition expected, R changes, Supplier<? extends EduDataException> onMiss) {
        TableField<R, Integer> version = meta.version();
        Map<Field<?>, Object> assignments = new LinkedHashMap<>();
        for (Field<?> field : changes.fields()) {
            if (changes.changed(field) && !field.equals(version)) {
                assignments.put(field, changes.get(field));
            }
        }
        if (assignments.isEmpty()) {
            return getById(id);
        }
        if (version != null) {
            assignments.put(version, version.plus(1));
        }
        return dsl().update(meta.table()).set(assignments).where(visible(meta.byKey(id))).and(expected)
                .returning().fetchOptional(meta.mapper())
                .orElseThrow(onMiss);
    }

    /** A state as the database stores it: an enum's literal. */
    private static String literal(Object state) {
        return state instanceof org.jooq.EnumType e ? e.getLiteral() : String.valueOf(state);
    }

    private static <T> void copy(org.jooq.Record from, org.jooq.Record to, Field<T> field) {
        to.set(field, from.get(field));
    }

    /**
     * Inserts {@code row}, or, when a row with the same natural key exists ({@code users.auth0_id}, one profile
     * per {@code user_id}, one share per content and user, ...), updates that row with the fields {@code row}
     * sets (and brings it back if it was soft-deleted). One atomic statement: concurrent upserts of one key never
     * both insert. A table without a natural key refuses it with an {@link IllegalStateException}.
     */
    public P upsert(R row) {
        List<TableField<R, ?>> naturalKey = meta.naturalKey();
        if (naturalKey.isEmpty()) {
            throw new IllegalStateException(meta.name() + " has no natural key to upsert on; use insert or update");
        }
        validator.checkInsert(row);
        for (TableField<R, ?> key : naturalKey) {
            if (row.get(key) == null) {
                throw new InvalidInputException(meta.name() + "." + key.getName(),
                        "is part of the natural key and is required for an upsert");
            }
        }
        return call(() -> {
            Map<Field<?>, Object> assignments = new LinkedHashMap<>();
            for (Field<?> field : writtenFields(row)) {
                if (!naturalKey.contains(field) && !meta.primaryKey().contains(field)) {
                    assignments.put(field, DSL.excluded(field));
                }
            }
            if (meta.version() != null) {
                assignments.put(meta.version(), meta.version().plus(1));
            }
            if (meta.deletedAt() != null) {
                assignments.put(meta.deletedAt(), null);
            }
            if (assignments.isEmpty()) {
                // Nothing to change, but DO UPDATE (not DO NOTHING) so RETURNING yields the existing row.
                Field<?> key = naturalKey.get(0);
                assignments.put(key, DSL.excluded(key));
            }
            return insertStatement(List.of(row)).onConflict(naturalKey).doUpdate().set(assignments)
                    .returning().fetchOne(meta.mapper());
        });
    }

    /**
     * Deletes the row with primary key {@code id}: marks it deleted on a soft-delete table, removes it otherwise.
     * Returns whether a row was deleted.
     */
    public boolean delete(K id) {
        if (meta.deletedAt() == null) {
            return purge(id);
        }
        return call(() -> dsl().update(meta.table())
                .set(meta.deletedAt(), DSL.currentOffsetDateTime())
                .where(meta.byKey(id)).and(meta.deletedAt().isNull())
                .execute() == 1);
    }

    /** Brings a soft-deleted row back; returns whether one was restored. Soft-delete tables only. */
    public boolean restore(K id) {
        requireSoftDelete();
        return call(() -> dsl().update(meta.table())
                .set(meta.deletedAt(), (OffsetDateTime) null)
                .where(meta.byKey(id)).and(meta.deletedAt().isNotNull())
                .execute() == 1);
    }

    /** Removes the row for good, deleted or not; returns whether one was removed. */
    public boolean purge(K id) {
        return call(() -> dsl().deleteFrom(meta.table()).where(meta.byKey(id)).execute() == 1);
    }

    /** This repository, with reads that also see soft-deleted rows. */
    public Repository<R, P, K> includingDeleted() {
        requireSoftDelete();
        return new Repository<>(context, meta, validator, Visibility.ALL);
    }

    /** This repository, with reads that see only soft-deleted rows: the recycle bin. */
    public Repository<R, P, K> onlyDeleted() {
        requireSoftDelete();
        return new Repository<>(context, meta, validator, Visibility.DELETED);
    }

    /** The first page of a keyset listing. */
    public Page<P> firstPage(PageRequest request) {
        return call(() -> keyset.page(dsl(), request, visible(request.where()), null, true));
    }

    /** The page after the row {@code cursor} points at ({@link Page#nextCursor()}), for the same request. */
    public Page<P> pageAfter(PageRequest request, String cursor) {
        requireCursor(cursor);
        return call(() -> keyset.page(dsl(), request, visible(request.where()), cursor, true));
    }

    /** The page before the row {@code cursor} points at ({@link Page#previousCursor()}), for the same request. */
    public Page<P> pageBefore(PageRequest request, String cursor) {
        requireCursor(cursor);
        return call(() -> keyset.page(dsl(), request, visible(request.where()), cursor, false));
    }

    /**
     * Page {@code pageNumber} (from 0) of {@code pageSize} rows by OFFSET, with the total count: for small admin
     * lists. Deep pages get slow, so an offset beyond {@value #MAX_OFFSET} rows is refused; use keyset pages.
     */
    public OffsetPage<P> offsetPage(Condition where, int pageNumber, int pageSize, OrderField<?>... orderBy) {
        if (pageSize < 1 || pageSize > PageRequest.MAX_SIZE) {
            throw new InvalidInputException("pageSize", "must be 1 to " + PageRequest.MAX_SIZE + " (was " + pageSize + ")");
        }
        if (pageNumber < 0 || (long) pageNumber * pageSize > MAX_OFFSET) {
            throw new InvalidInputException("pageNumber", "must be 0 to " + MAX_OFFSET / pageSize
                    + " for pages of " + pageSize + " (was " + pageNumber + "); use keyset pages to go deeper");
        }
        return context.transactions().required(() -> call(() -> {
            List<P> items = select(where).orderBy(order(orderBy))
                    .limit(pageSize).offset(pageNumber * pageSize).fetch(meta.mapper());
            return new OffsetPage<>(items, pageNumber, pageSize, count(where));
        }));
    }

    /**
     * The rows matching {@code where}, in order, fetched from a server-side cursor a batch at a time, so any number
     * of rows streams in constant memory. The stream holds a connection until closed: use try-with-resources.
     */
    public Stream<P> stream(Condition where, OrderField<?>... orderBy) {
        return call(() -> context.stream(configuration -> DSL.using(configuration)
                .selectFrom(meta.table()).where(visible(where)).orderBy(order(orderBy))
                .fetchSize(STREAM_FETCH_SIZE)
                .fetchLazy())
                .map(meta.mapper()::map));
    }

    TableMeta<R, P> meta() {
        return meta;
    }

    private DSLContext dsl() {
        return context.dsl();
    }

    private org.jooq.SelectConditionStep<R> select(Condition where) {
        return dsl().selectFrom(meta.table()).where(visible(where));
    }

    private Condition visible(Condition where) {
        Field<OffsetDateTime> deletedAt = meta.deletedAt();
        if (deletedAt == null || visibility == Visibility.ALL) {
            return where;
        }
        return where.and(visibility == Visibility.LIVE ? deletedAt.isNull() : deletedAt.isNotNull());
    }

    private List<OrderField<?>> order(OrderField<?>... orderBy) {
        return orderBy.length == 0 ? List.copyOf(meta.primaryKey()) : List.of(orderBy);
    }

    /** The fields an insert of {@code row} writes: those it sets, except NULLs where the column has a default. */
    private List<Field<?>> writtenFields(R row) {
        List<Field<?>> fields = new ArrayList<>();
        for (Field<?> field : row.fields()) {
            if (row.changed(field) && !(row.get(field) == null && field.getDataType().defaulted())) {
                fields.add(field);
            }
        }
        return fields;
    }

    private org.jooq.InsertValuesStepN<R> insertStatement(List<R> rows) {
        List<Field<?>> fields = writtenFields(rows.get(0));
        var insert = dsl().insertInto(meta.table(), fields);
        for (R row : rows) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(fields.get(i));
            }
            insert = insert.values(values);
        }
        return insert;
    }

    private List<Field<?>> unchangeable() {
        List<Field<?>> fields = new ArrayList<>(meta.primaryKey());
        if (meta.deletedAt() != null) {
            fields.add(meta.deletedAt());
        }
        return fields;
    }

    private static void requireCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            throw new InvalidInputException("cursor", "is missing; start with firstPage");
        }
    }

    private void requireSoftDelete() {
        if (meta.deletedAt() == null) {
            throw new IllegalStateException(meta.name() + " has no deleted_at column: its rows are deleted for good");
        }
    }

    private <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw context.errors().translate(e);
        }
    }
}
