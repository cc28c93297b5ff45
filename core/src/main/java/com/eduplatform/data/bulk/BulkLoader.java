package com.eduplatform.data.bulk;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.internal.ErrorTranslator;
import com.eduplatform.data.jooq.DefaultSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jooq.ConnectionProvider;
import org.jooq.TableOptions.TableType;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.postgresql.PGConnection;

/**
 * Writes many rows of one table through PostgreSQL's {@code COPY ... FROM STDIN}: the generated POJO records in
 * ({@code com.eduplatform.data.jooq.tables.pojos.*}), read one at a time from a {@link Stream} or {@link Iterable},
 * so any number of rows loads in constant memory. Reach it as {@link EduDatabase#bulk()}.
 *
 * <pre>{@code
 * LoadResult result = db.bulk().load(USER_ACTIVITY_LOGS, events.map(e -> new UserActivityLogs(
 *         null, e.userId(), "login", e.details(), e.at(), e.address(), e.agent(), e.session(), null)));
 * }</pre>
 *
 * <p><b>Defaults.</b> A null in a column that has a database default takes that default, as a field left unset
 * does in {@link com.eduplatform.data.Repository#insert}: a null identity ({@code id}) is assigned by the
 * database, a null {@code created_at} or {@code "timestamp"} becomes {@code now()} (the transaction's start, the
 * same for every row), a null {@code priority} becomes {@code 'medium'}. COPY applies a default only to a column
 * missing from its column list, so such a column is left out for the rows that hold null there; rows that leave
 * different columns null go through different COPY statements of the same transaction. There is no way to write
 * an explicit NULL into a column that has a default (none of this schema's columns with a default is nullable).
 * An explicit id is written as given and does not move the identity's sequence on, as with an insert.
 *
 * <p><b>Errors.</b> A bad row stops the load, and nothing of it stays: it runs in one transaction. What the schema
 * would refuse and the metadata can tell (a NULL in a required column, a CHECK bound, a too-long string, a NUL
 * character) is refused before it is sent, with an {@link com.eduplatform.data.error.InvalidInputException} naming
 * the field and the row (its 1-based position in the input). What only PostgreSQL can judge (a foreign key, a
 * unique key, a CHECK across columns) comes back as the same typed exception a repository throws
 * ({@link com.eduplatform.data.error.ForeignKeyViolationException}, ...), naming the constraint and its columns,
 * with the row in its message.
 *
 * <p><b>Transactions.</b> Called inside {@link EduDatabase#inTransaction}, a load joins that transaction as a
 * savepoint: a failed load is undone alone, a successful one commits or rolls back with the rest. Otherwise it runs
 * in a transaction of its own. The input is read while the COPY is open on the transaction's connection, so it
 * must not query that same transaction (e.g. a repository stream opened inside it).
 *
 * <p>COPY fires the table's triggers and checks its constraints as an INSERT does; it returns no generated keys.
 * Safe for concurrent use: each load has its own connection or transaction.
 */
public final class BulkLoader {

    private final EduDatabase db;
    private final CopyFailures failures;
    private final Map<Table<?>, CopyPlan<?>> plans = new ConcurrentHashMap<>();

    /** The loader of {@code db}; {@link EduDatabase#bulk()} holds one. */
    public BulkLoader(EduDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.failures = new CopyFailures(new ErrorTranslator(DefaultSchema.DEFAULT_SCHEMA));
    }

    /**
     * Writes every row of {@code rows}, in order, into {@code table}, and returns how many. Each row is the
     * generated POJO record of {@code table} (e.g. {@code UserActivityLogs} for {@code USER_ACTIVITY_LOGS}). The
     * stream is consumed, not closed.
     */
    public <R extends TableRecord<R>, P> LoadResult load(Table<R> table, Stream<P> rows) {
        Objects.requireNonNull(rows, "rows");
        return load(table, rows.iterator());
    }

    /** As {@link #load(Table, Stream)}, for rows in an {@link Iterable}, read once through its iterator. */
    public <R extends TableRecord<R>, P> LoadResult load(Table<R> table, Iterable<P> rows) {
        Objects.requireNonNull(rows, "rows");
        return load(table, rows.iterator());
    }

    private LoadResult load(Table<?> table, Iterator<?> rows) {
        CopyPlan<?> plan = plan(table);
        return db.inTransaction(tx -> {
            ConnectionProvider connections = db.dsl().configuration().connectionProvider();
            Connection connection = connections.acquire();
            try {
                PGConnection postgres = connection.unwrap(PGConnection.class);
                return new CopyRun(plan, postgres.getCopyAPI(),
                        new ConfigurationConverterContext(db.dsl().configuration()), failures).load(rows);
            } catch (SQLException e) {
                throw new EduDataException("Cannot COPY on this connection: " + e.getMessage(), e.getSQLState(), e);
            } finally {
                connections.release(connection);
            }
        });
    }

    private CopyPlan<?> plan(Table<?> table) {
        Objects.requireNonNull(table, "table");
        return plans.computeIfAbsent(table, t -> {
            if (!DefaultSchema.DEFAULT_SCHEMA.getTables().contains(t) || t.getTableType() != TableType.TABLE) {
                throw new IllegalArgumentException(t + " is not one of the schema's tables (use Tables.*)");
            }
            return newPlan(t);
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private CopyPlan<?> newPlan(Table<?> table) {
        return new CopyPlan(table, db.dsl());
    }
}
