package com.eduplatform.data.replica;

import java.time.Duration;
import java.time.Instant;

/**
 * The read replica as last checked: whether {@link com.eduplatform.data.EduDatabase#analytics()} may read from it,
 * and how far behind the primary it is. Numbers a metrics gauge can take as they are.
 *
 * @param state what routing makes of the replica
 * @param lag how old the replica's data is: zero when it has replayed everything the primary had written at the
 *     check; otherwise the time since the last transaction it replayed committed. {@code null} when unknown
 *     (no replica, down, or nothing replayed since it started)
 * @param bytesBehind how many bytes of WAL the replica had still to replay at the check; -1 when unknown
 * @param checkedAt when this was found out; {@code null} before the first check
 * @param problem why the replica is not {@link State#UP}, for logs; {@code null} when it is
 */
public record ReplicaStatus(State state, Duration lag, long bytesBehind, Instant checkedAt, String problem) {

    /** What routing makes of the replica. */
    public enum State {
        /** No replica is configured: every read goes to the primary. */
        NOT_CONFIGURED,
        /** Reachable, a standby, and within the allowed lag: analytics reads go there. */
        UP,
        /** Reachable, but further behind than the allowed lag: reads go to the primary until it catches up. */
        LAGGING,
        /** Unreachable, failing, or not a standby: reads go to the primary until a check finds it back. */
        DOWN
    }

    /** The lag in seconds, or NaN when unknown: the form a gauge wants. */
    public double lagSeconds() {
        return lag == null ? Double.NaN : lag.toNanos() / 1e9;
    }
}
