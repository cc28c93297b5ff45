package com.eduplatform.data.replica.internal;

import com.eduplatform.data.internal.Transactions;
import com.eduplatform.data.replica.WalPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Select;

/**
 * Where each thread's last committed write ends in the primary's WAL, for read-your-writes on the replica.
 *
 * <p>As a jOOQ listener on the primary's context it notes that a statement other than a typed {@code SELECT} ran
 * (plain SQL counts as a write: better an extra position read than a missed one). As the transactions' commit
 * observer it then reads the WAL insert position on the same connection, once per commit that may have written;
 * read-only work costs nothing. Installed only when a replica is configured.
 *
 * <p>The insert position rather than {@code pg_current_wal_lsn()}: that one is where WAL has been written to, which
 * with {@code synchronous_commit = off} may still be short of the commit record. The insert position is past it
 * in every mode; just after a page boundary it points past the page header, which replay never reports, so it is
 * moved back to the boundary.
 */
final class CommitPositions implements Transactions.CommitObserver, ExecuteListener {

    /** A position no replica reaches: the thread's reads go to the primary. */
    static final WalPosition UNKNOWN = new WalPosition(-1L);

    private static final int SHORT_PAGE_HEADER = 24;
    private static final int LONG_PAGE_HEADER = 40;

    private final DataSource primary;
    private final ThreadLocal<WalPosition> lastCommit = new ThreadLocal<>();
    private final ThreadLocal<Boolean> mayHaveWritten = new ThreadLocal<>();
    private volatile long[] walLayout;

    CommitPositions(DataSource primary) {
        this.primary = primary;
    }

    /** This thread's last commit that may have written, or {@code null} when it has none. */
    WalPosition lastCommit() {
        return lastCommit.get();
    }

    @Override
    public void executeStart(ExecuteContext context) {
        if (!(context.query() instanceof Select)) {
            mayHaveWritten.set(Boolean.TRUE);
        }
    }

    @Override
    public void committed(Connection connection) {
        if (mayHaveWritten.get() == null) {
            return;
        }
        mayHaveWritten.remove();
        WalPosition position;
        try {
            position = insertPosition(connection);
        } catch (SQLException | RuntimeException onThisConnection) {
            // Any position read after the commit will do; only when none can be read do this thread's reads go
            // to the primary until its next write.
            try (Connection other = primary.getConnection()) {
                position = insertPosition(other);
            } catch (SQLException | RuntimeException e) {
                position = UNKNOWN;
            }
        }
        WalPosition previous = lastCommit.get();
        if (previous == null || position == UNKNOWN || position.reached(previous) || previous == UNKNOWN) {
            lastCommit.set(position);
        }
    }

    private WalPosition insertPosition(Connection connection) throws SQLException {
        long[] layout = walLayout;
        try (Statement statement = connection.createStatement()) {
            if (layout == null) {
                try (ResultSet row = statement.executeQuery("SELECT current_setting('wal_block_size')::bigint, "
                        + "(SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size')")) {
                    row.next();
                    layout = new long[] {row.getLong(1), row.getLong(2)};
                    walLayout = layout;
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                row.next();
                return recordBoundary(WalPosition.parse(row.getString(1)), layout[0], layout[1]);
            }
        }
    }

    /** The insert position as replay reports it: at a page boundary, not past the page header that follows. */
    static WalPosition recordBoundary(WalPosition insert, long blockSize, long segmentSize) {
        long position = insert.value();
        if (Long.remainderUnsigned(position, segmentSize) == LONG_PAGE_HEADER) {
            return new WalPosition(position - LONG_PAGE_HEADER);
        }
        if (Long.remainderUnsigned(position, blockSize) == SHORT_PAGE_HEADER) {
            return new WalPosition(position - SHORT_PAGE_HEADER);
        }
        return insert;
    }
}
