package com.eduplatform.data.replica.internal;

import com.eduplatform.data.replica.ReplicaStatus;
import com.eduplatform.data.replica.ReplicaStatus.State;
import com.eduplatform.data.replica.WalPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * What routing knows about the replica: reachable or not, how far behind, and how far it has replayed. A check
 * runs on a thread of its own, at most once per interval and only when someone asks (a read, or the status), so
 * no query ever waits for one; between checks the last result stands, and a failed replica connection marks the
 * replica down at once.
 */
final class ReplicaHealth implements AutoCloseable {

    private static final int CHECK_TIMEOUT_SECONDS = 5;

    private final DataSource primary;
    private final DataSource replica;
    private final Duration maxLag;
    private final long intervalNanos;
    private final ExecutorService checker;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicReference<Known> known;

    /** A status, when it was found (for the interval), and the replay position it saw (null when unknown). */
    private record Known(ReplicaStatus status, long checkedNanos, WalPosition replayed) {
    }

    ReplicaHealth(DataSource primary, DataSource replica, Duration maxLag, Duration interval) {
        this.primary = primary;
        this.replica = replica;
        this.maxLag = maxLag;
        this.intervalNanos = interval.toNanos();
        this.checker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "edu-data-replica-check");
            thread.setDaemon(true);
            return thread;
        });
        this.known = new AtomicReference<>(new Known(
                new ReplicaStatus(State.DOWN, null, -1, null, "not checked yet"),
                System.nanoTime() - intervalNanos, null));
        requestCheck();
    }

    /** The last known status; asks for a check when it is older than the interval. */
    ReplicaStatus status() {
        requestCheckIfStale();
        return known.get().status();
    }

    /** Whether reads may go to the replica now; asks for a check when the last one is older than the interval. */
    boolean usable() {
        return status().state() == State.UP;
    }

    /** Whether the replica is known to have replayed at least {@code position}, without asking it. */
    boolean replayed(WalPosition position) {
        WalPosition replayed = known.get().replayed();
        return replayed != null && replayed.reached(position);
    }

    /** Records a replay position seen on the replica between checks. */
    void observedReplay(WalPosition position) {
        known.updateAndGet(k -> k.replayed() != null && k.replayed().reached(position) ? k
                : new Known(k.status(), k.checkedNanos(), position));
    }

    /** The replica failed a read: down until a check finds it back, no sooner than one interval from now. */
    void markDown(Throwable failure) {
        known.set(new Known(new ReplicaStatus(State.DOWN, null, -1, Instant.now(), describe(failure)),
                System.nanoTime(), null));
    }

    private void requestCheckIfStale() {
        if (System.nanoTime() - known.get().checkedNanos() >= intervalNanos) {
            requestCheck();
        }
    }

    private void requestCheck() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            checker.execute(() -> {
                try {
                    known.set(check());
                } finally {
                    checking.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            checking.set(false);
        }
    }

    private Known check() {
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        WalPosition primaryPosition = primaryPosition();
        boolean inRecovery;
        WalPosition replayed;
        Double secondsSinceReplay;
        try (Connection connection = replica.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                    + "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8")) {
                row.next();
                inRecovery = row.getBoolean(1);
                String replay = row.getString(2);
                replayed = replay == null ? null : WalPosition.parse(replay);
                double seconds = row.getDouble(3);
                secondsSinceReplay = row.wasNull() ? null : Math.max(0, seconds);
            }
        } catch (SQLException | RuntimeException e) {
            return new Known(new ReplicaStatus(State.DOWN, null, -1, now, describe(e)), nanos, null);
        }
        if (!inRecovery || replayed == null) {
            return new Known(new ReplicaStatus(State.DOWN, null, -1, now,
                    "not a standby: pg_is_in_recovery() is false"), nanos, null);
        }
        long bytesBehind = primaryPosition == null ? -1
                : replayed.reached(primaryPosition) ? 0 : primaryPosition.value() - replayed.value();
        Duration lag = bytesBehind == 0 ? Duration.ZERO
                : secondsSinceReplay == null ? null : Duration.ofNanos((long) (secondsSinceReplay * 1e9));
        if (lag == null) {
            return new Known(new ReplicaStatus(State.LAGGING, null, bytesBehind, now,
                    "behind the primary, and no transaction replayed since it started: lag unknown"), nanos, replayed);
        }
        if (lag.compareTo(maxLag) > 0) {
            return new Known(new ReplicaStatus(State.LAGGING, lag, bytesBehind, now,
                    "lag " + lag + " exceeds maxReplicaLag " + maxLag), nanos, replayed);
        }
        return new Known(new ReplicaStatus(State.UP, lag, bytesBehind, now, null), nanos, replayed);
    }

    /** The primary's WAL write position, which the replica can reach; {@code null} when it cannot be read. */
    private WalPosition primaryPosition() {
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            try (ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                row.next();
                return WalPosition.parse(row.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String describe(Throwable failure) {
        String state = failure instanceof SQLException sql ? sql.getSQLState() : null;
        return (state == null ? "" : "SQLSTATE " + state + ": ") + failure.getMessage();
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
