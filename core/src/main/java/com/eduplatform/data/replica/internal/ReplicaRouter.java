package com.eduplatform.data.replica.internal;

import com.eduplatform.data.internal.ErrorTranslator;
import com.eduplatform.data.internal.ReadAudit;
import com.eduplatform.data.internal.Transactions;
import com.eduplatform.data.replica.ReplicaStatus;
import com.eduplatform.data.replica.WalPosition;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;

/**
 * Read routing for one {@code EduDatabase}: which connection an analytics read gets, what each commit leaves for
 * read-your-writes, and what is known about the replica. Without a replica it adds nothing: analytics reads use
 * the primary's connections as they are, and commits are not observed.
 */
public final class ReplicaRouter implements AutoCloseable {

    /** How long a read waits for a connection from the replica pool the library creates (Hikari's minimum is 250 ms). */
    private static final long REPLICA_POOL_WAIT_MILLIS = 1_000;

    private final DataSource replica;
    private final HikariDataSource ownedReplicaPool;
    private final Duration readYourWritesTimeout;
    private final CommitPositions positions;
    private final ReplicaHealth health;

    /** Routing without a replica. */
    public ReplicaRouter() {
        this.replica = null;
        this.ownedReplicaPool = null;
        this.readYourWritesTimeout = Duration.ZERO;
        this.positions = null;
        this.health = null;
    }

    /**
     * Routing to {@code replica}, a hot standby of {@code primary}; closes it on {@link #close()} when
     * {@code owned}.
     */
    public ReplicaRouter(DataSource primary, DataSource replica, boolean owned, Duration maxLag,
            Duration readYourWritesTimeout, Duration checkInterval) {
        this.replica = replica;
        this.ownedReplicaPool = owned && replica instanceof HikariDataSource pool ? pool : null;
        this.readYourWritesTimeout = readYourWritesTimeout;
        this.positions = new CommitPositions(primary);
        this.health = new ReplicaHealth(primary, replica, maxLag, checkInterval);
    }

    /**
     * A pool for a replica JDBC URL. It starts even while the replica is down, and a read waits at most a second
     * for one of its connections before going to the primary.
     */
    public static HikariDataSource replicaPool(String jdbcUrl, String user, String password, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setReadOnly(true);
        config.setConnectionTimeout(REPLICA_POOL_WAIT_MILLIS);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "5");
        return new HikariDataSource(config);
    }

    /** Whether a replica is configured. */
    public boolean configured() {
        return replica != null;
    }

    /** What the transactions tell of commits; {@code null} without a replica, so commits cost nothing extra. */
    public Transactions.CommitObserver commitObserver() {
        return positions;
    }

    /** The listener the primary's context needs to note writes; {@code null} without a replica. */
    public ExecuteListener writeTracker() {
        return positions;
    }

    /**
     * The read-only context over the primary's {@code configuration} (same generated classes, converters and
     * error translation) whose reads are routed; {@code atLeast} (may be {@code null}) is a position the replica
     * must have replayed before it serves them.
     */
    public DSLContext analytics(Configuration configuration, Transactions transactions, ErrorTranslator errors,
            WalPosition atLeast) {
        ConnectionProvider connections = configured() ? new Routed(transactions, atLeast) : transactions;
        // The read audit (docs/audit.md) follows the primary's configuration: on a standby it records nothing.
        return DSL.using(configuration.derive(connections).derive(
                configuration.data(ReadAudit.CONFIGURATION_KEY) instanceof ReadAudit readAudit
                        ? new ExecuteListener[] {errors, new ReadOnlyGuard(), configured() ? readAudit.onReplica() : readAudit}
                        : new ExecuteListener[] {errors, new ReadOnlyGuard()}));
    }

    /** This thread's last commit that may have written, or {@code null} (always without a replica). */
    public WalPosition lastCommit() {
        return positions == null ? null : positions.lastCommit();
    }

    /** The replica's state as last checked. */
    public ReplicaStatus status() {
        return health == null ? new ReplicaStatus(ReplicaStatus.State.NOT_CONFIGURED, null, -1, null, null)
                : health.status();
    }

    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        if (ownedReplicaPool != null) {
            ownedReplicaPool.close();
        }
    }

    /** The connections of one analytics context: the transaction's, the replica's, or the primary's. */
    private final class Routed implements ConnectionProvider, FailoverConnection.Fallback {

        private final Transactions transactions;
        private final WalPosition atLeast;

        Routed(Transactions transactions, WalPosition atLeast) {
            this.transactions = transactions;
            this.atLeast = atLeast;
        }

        @Override
        public Connection acquire() {
            if (transactions.active()) {
                return transactions.acquire();
            }
            WalPosition required = later(positions.lastCommit(), atLeast);
            if (required == CommitPositions.UNKNOWN || !health.usable()) {
                return transactions.acquire();
            }
            Connection connection;
            try {
                connection = replica.getConnection();
            } catch (SQLException e) {
                if (!(e instanceof SQLTransientConnectionException) || e.getCause() != null) {
                    // A pool that merely had no free connection in time says so without a cause: not down.
                    health.markDown(e);
                }
                return transactions.acquire();
            }
            if (required != null && !health.replayed(required) && !awaitReplay(connection, required)) {
                closeQuietly(connection);
                return transactions.acquire();
            }
            return FailoverConnection.wrap(connection, this);
        }

        @Override
        public void release(Connection connection) {
            if (FailoverConnection.isWrapped(connection)) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // The pool evicts a connection it cannot take back.
                }
            } else {
                transactions.release(connection);
            }
        }

        @Override
        public Connection primary(SQLException replicaFailure) {
            health.markDown(replicaFailure);
            return transactions.acquire();
        }

        @Override
        public void releasePrimary(Connection primary) {
            transactions.release(primary);
        }
    }

    /**
     * Polls the replica's replay position until it reaches {@code required}, for at most the read-your-writes
     * timeout, backing off from 1 to 32 ms between polls.
     */
    private boolean awaitReplay(Connection connection, WalPosition required) {
        long deadline = System.nanoTime() + readYourWritesTimeout.toNanos();
        long pauseMillis = 1;
        try (var statement = connection.prepareStatement("SELECT pg_last_wal_replay_lsn()::text")) {
            while (true) {
                try (var row = statement.executeQuery()) {
                    row.next();
                    String replay = row.getString(1);
                    if (replay != null) {
                        WalPosition replayed = WalPosition.parse(replay);
                        health.observedReplay(replayed);
                        if (replayed.reached(required)) {
                            return true;
                        }
                    }
                }
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    return false;
                }
                Thread.sleep(Math.min(pauseMillis, Math.max(1, remainingNanos / 1_000_000)));
                pauseMillis = Math.min(32, pauseMillis * 2);
            }
        } catch (SQLException e) {
            health.markDown(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static WalPosition later(WalPosition a, WalPosition b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a == CommitPositions.UNKNOWN || a.reached(b) ? a : b;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The pool evicts a connection it cannot take back.
        }
    }
}
