package com.eduplatform.data.internal;

import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.TransactionConflictException;
import com.eduplatform.data.security.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;

/**
 * The one transaction boundary of the library. A transaction is bound to the thread that opened it: every query on
 * that thread, through the facade or {@code dsl()}, runs on its connection. A transaction opened inside another
 * becomes a savepoint of it. Outside a transaction each statement runs on a pooled connection in autocommit.
 *
 * <p>Everything a transaction needs to set up on its connection (the acting user for row-level security, say)
 * belongs in {@link #begin(Connection)}: it is the only place a transaction starts.
 */
public final class Transactions implements ConnectionProvider {

    /** Both settings are transaction-local (is_local = true): they end with the transaction, commit or rollback. */
    private static final String SET_ACTOR =
            "select set_config('edudata.user_id', ?, true), set_config('edudata.school_id', ?, true)";

    private final DataSource dataSource;
    private final ErrorTranslator errors;
    private final int maxAttempts;
    private final CommitObserver commitObserver;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<Actor> actor = new ThreadLocal<>();

    public Transactions(DataSource dataSource, ErrorTranslator errors, int maxAttempts) {
        this(dataSource, errors, maxAttempts, null);
    }

    /** As the other constructor, telling {@code commitObserver} (may be {@code null}: no cost then) of commits. */
    public Transactions(DataSource dataSource, ErrorTranslator errors, int maxAttempts, CommitObserver commitObserver) {
        this.dataSource = dataSource;
        this.errors = errors;
        this.maxAttempts = maxAttempts;
        this.commitObserver = commitObserver;
    }

    /**
     * Told, on the committing thread and while it still holds the connection, that work may have been committed
     * on it: after an outermost transaction commits, and before a connection that ran statements in autocommit
     * (each committing on its own) goes back to the pool. Read-your-writes on a replica takes the primary's WAL
     * position here. It must not throw: the commit has happened.
     */
    @FunctionalInterface
    public interface CommitObserver {
        void committed(Connection connection);
    }

    /** Whether this thread is inside a transaction. */
    public boolean active() {
        return current.get() != null;
    }

    /** Runs {@code work} in a transaction: a new one, or a savepoint of the thread's current one. */
    public <T> T inTransaction(Supplier<T> work) {
        Connection connection = current.get();
        return connection == null ? outermost(work) : nested(connection, work);
    }

    /**
     * As {@link #inTransaction(Supplier)}, acting as {@code acting}: a new transaction begins with it set on its
     * connection. Inside a transaction of the same actor it is a savepoint of that one; inside any other transaction
     * it is refused, since a transaction's actor is fixed where it begins.
     */
    public <T> T inTransaction(Actor acting, Supplier<T> work) {
        return actingAs(acting, () -> inTransaction(work));
    }

    /** As {@link #inRetryingTransaction(Supplier)}, acting as {@code acting}; each attempt begins with it. */
    public <T> T inRetryingTransaction(Actor acting, Supplier<T> work) {
        return actingAs(acting, () -> inRetryingTransaction(work));
    }

    /** The id of the user this thread's transaction acts for, or {@code null} when it acts for nobody. */
    public String actingUserId() {
        Actor acting = actor.get();
        return acting == null ? null : acting.userId();
    }

    /** Runs {@code work} in the thread's current transaction, or in a new one when there is none. */
    public <T> T required(Supplier<T> work) {
        return active() ? work.get() : outermost(work);
    }

    /**
     * As {@link #inTransaction(Supplier)}, running a new transaction again when it fails with a serialization
     * failure or a deadlock, up to the configured attempts, after a growing, jittered pause. Inside another
     * transaction it cannot retry alone (the outer one is doomed), so it runs as a savepoint and lets the conflict
     * reach the outer transaction, which may retry.
     */
    public <T> T inRetryingTransaction(Supplier<T> work) {
        if (active()) {
            return inTransaction(work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return outermost(work);
            } catch (TransactionConflictException conflict) {
                if (attempt >= maxAttempts) {
                    throw conflict;
                }
                pause(attempt);
            }
        }
    }

    /**
     * A connection for a long read such as a stream, which needs a transaction for the server-side cursor: the
     * thread's current one, or a new one that {@link Lease#close()} rolls back and returns to the pool.
     */
    public Lease lease() {
        Connection connection = current.get();
        if (connection != null) {
            return new Lease(connection, false);
        }
        connection = acquire();
        try {
            begin(connection);
        } catch (SQLException | RuntimeException e) {
            close(connection);
            throw errors.translate(e);
        }
        return new Lease(connection, true);
    }

    /** A connection held for a long read; closing it ends what {@link #lease()} started. */
    public final class Lease implements AutoCloseable {
        private final Connection connection;
        private final boolean owned;

        private Lease(Connection connection, boolean owned) {
            this.connection = connection;
            this.owned = owned;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            if (!owned) {
                return;
            }
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The pool validates connections it gets back; a broken one is evicted there.
            } finally {
                Transactions.this.close(connection);
            }
        }
    }

    @Override
    public Connection acquire() {
        Connection connection = current.get();
        if (connection != null) {
            return connection;
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
    }

    @Override
    public void release(Connection connection) {
        if (connection != current.get()) {
            if (commitObserver != null) {
                commitObserver.committed(connection);
            }
            close(connection);
        }
    }

    private <T> T outermost(Supplier<T> work) {
        Connection connection = acquire();
        try {
            begin(connection);
        } catch (SQLException | RuntimeException e) {
            close(connection);
            throw errors.translate(e);
        }
        current.set(connection);
        try {
            T result = work.get();
            connection.commit();
            if (commitObserver != null) {
                commitObserver.committed(connection);
            }
            return result;
        } catch (Throwable failure) {
            rollback(connection, failure);
            throw rethrow(failure);
        } finally {
            current.remove();
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The pool validates connections it gets back; a broken one is evicted there.
            }
            close(connection);
        }
    }

    private <T> T nested(Connection connection, Supplier<T> work) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
        try {
            T result = work.get();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (Throwable failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            throw rethrow(failure);
        }
    }

    private <T> T actingAs(Actor acting, Supplier<T> transaction) {
        Objects.requireNonNull(acting, "actor");
        if (active()) {
            if (!acting.equals(actor.get())) {
                Actor outer = actor.get();
                throw new IllegalStateException("Cannot act as " + acting + " inside a transaction acting as "
                        + (outer == null ? "nobody" : outer) + ": a transaction's actor is set where it begins");
            }
            return transaction.get();
        }
        actor.set(acting);
        try {
            return transaction.get();
        } finally {
            actor.remove();
        }
    }

    /**
     * Where every transaction starts, and the one place the acting user reaches the database: set for this
     * transaction only, so the pooled connection carries nobody's identity once it ends. Without an actor nothing is
     * set, and row-level security lets the connected role see what it saw before (a superuser everything, the
     * application role nothing).
     */
    private void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        Actor acting = actor.get();
        if (acting == null) {
            return;
        }
        try (PreparedStatement set = connection.prepareStatement(SET_ACTOR)) {
            set.setString(1, acting.userId());
            set.setString(2, acting.schoolId() == null ? "" : acting.schoolId());
            set.execute();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof EduDataException ours) {
            return ours;
        }
        if (failure instanceof RuntimeException runtime && !(runtime instanceof org.jooq.exception.DataAccessException)) {
            return runtime;
        }
        return errors.translate(failure);
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(1_000L, 10L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EduDataException("Interrupted while waiting to retry a transaction", null, e);
        }
    }

    private void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
    }
}
