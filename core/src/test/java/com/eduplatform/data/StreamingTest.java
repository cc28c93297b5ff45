package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.Role;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams read a server-side cursor a batch at a time: 100,000 rows of 2 KB each pass through in constant memory,
 * the connection goes back when the stream is closed, and a stream inside a transaction reads that transaction.
 */
class StreamingTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private static final String STREAMER = "streamer";
    private static final int ROWS = 100_000;
    private static final int MESSAGE_LENGTH = 2_048;
    private static final long MB = 1024 * 1024;
    /** What streaming may add to the heap at most; the rows themselves take about 200 MB as Strings alone. */
    private static final long MAX_GROWTH = 64 * MB;

    private static final Condition STREAMERS_ROWS = NOTIFICATIONS.USER_ID.eq(STREAMER);

    private static HikariDataSource pool;
    private static EduDatabase db;

    @BeforeAll
    static void seed() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.jdbcUrl());
        pool.setUsername(postgres.user());
        pool.setPassword(postgres.password());
        pool.setPoolName("streaming-test");
        pool.setMaximumPoolSize(1);
        pool.setConnectionTimeout(2_000);
        // No validation on start: Flyway's validate needs two connections at once, and this pool has one.
        db = EduDatabase.builder().dataSource(pool).validateOnStart(false).build();
        TestRows.user(db.dsl(), STREAMER, Role.STUDENT);
        TestRows.user(db.dsl(), "tx-streamer", Role.STUDENT);
        // 2,048 characters of hex per row, different in every row.
        int inserted = db.dsl().execute("""
                INSERT INTO notifications (user_id, notification_type, title, message, created_at)
                SELECT ?, 'digest', 'Digest ' || i, repeat(md5(i::text), ?), now() - make_interval(secs => i)
                FROM generate_series(1, ?) AS i
                """, STREAMER, MESSAGE_LENGTH / 32, ROWS);
        assertThat(inserted).isEqualTo(ROWS);
    }

    @AfterAll
    static void close() {
        db.close();
        pool.close();
    }

    @Test
    void oneHundredThousandTwoKilobyteRowsStreamInOrderWithoutHoldingThemAll() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedHeapAfterGc(memory);
        List<Long> samples = new ArrayList<>();
        long count = 0;
        long previousId = Long.MIN_VALUE;
        long characters = 0;

        try (Stream<Notifications> rows = db.notifications().stream(STREAMERS_ROWS, NOTIFICATIONS.ID.asc())) {
            Iterator<Notifications> iterator = rows.iterator();
            while (iterator.hasNext()) {
                Notifications row = iterator.next();
                assertThat(row.id()).isGreaterThan(previousId);
                assertThat(row.userId()).isEqualTo(STREAMER);
                previousId = row.id();
                characters += row.message().length();
                count++;
                if (count % 20_000 == 0) {
                    samples.add(usedHeapAfterGc(memory));
                }
            }
        }

        long peakGrowth = samples.stream().mapToLong(Long::longValue).max().orElseThrow() - baseline;
        System.out.printf("StreamingTest: baseline %d MB, used heap every 20,000 rows %s MB, peak growth %.1f MB%n",
                baseline / MB, samples.stream().map(used -> used / MB).toList(), peakGrowth / (double) MB);
        assertThat(count).isEqualTo(ROWS);
        assertThat(characters).isEqualTo((long) ROWS * MESSAGE_LENGTH);
        assertThat(samples).hasSize(ROWS / 20_000);
        assertThat(peakGrowth).as("heap growth while streaming, in bytes").isLessThan(MAX_GROWTH);
        assertThat(previousId).isEqualTo(db.dsl().select(org.jooq.impl.DSL.max(NOTIFICATIONS.ID))
                .from(NOTIFICATIONS).where(STREAMERS_ROWS).fetchSingle().value1());
    }

    @Test
    void theSameRowsHeldInAListTakeFarMoreThanTheStreamingBudget() {
        // The control for the test above: the measurement does see rows that are held.
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedHeapAfterGc(memory);

        List<Notifications> all = db.notifications().find(STREAMERS_ROWS, NOTIFICATIONS.ID.asc());
        long growth = usedHeapAfterGc(memory) - baseline;

        System.out.printf("StreamingTest: the same rows in a list grow the heap by %.1f MB%n", growth / (double) MB);
        assertThat(all).hasSize(ROWS);
        assertThat(growth).isGreaterThan(3 * MAX_GROWTH);
    }

    @Test
    void aClosedStreamGivesItsConnectionBackEvenWhenNotReadToTheEnd() throws SQLException {
        try (Stream<Notifications> rows = db.notifications().stream(STREAMERS_ROWS, NOTIFICATIONS.ID.asc())) {
            assertThat(rows.limit(1_234).count()).isEqualTo(1_234);
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
            assertThat(backendsIdleInTransaction()).isEqualTo(1);
        }

        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(backendsIdleInTransaction()).isZero();
        // The pool holds a single connection: this only works if the stream gave it back.
        assertThat(db.notifications().count(STREAMERS_ROWS)).isEqualTo(ROWS);
        Boolean existsInATransaction = db.inTransaction(tx -> tx.notifications().exists(STREAMERS_ROWS));
        assertThat(existsInATransaction).isTrue();
    }

    @Test
    void aStreamReadToTheEndAndClosedGivesItsConnectionBack() {
        try (Stream<Notifications> rows = db.notifications().stream(
                STREAMERS_ROWS.and(NOTIFICATIONS.TITLE.in("Digest 1", "Digest 2", "Digest 3")))) {
            assertThat(rows.map(Notifications::title)).containsExactlyInAnyOrder("Digest 1", "Digest 2", "Digest 3");
        }

        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(db.notifications().count(STREAMERS_ROWS)).isEqualTo(ROWS);
    }

    @Test
    void aStreamThatIsNotClosedKeepsItsConnectionSoOtherCallsTimeOut() {
        // The counterpart of the tests above: with the single connection leased, nothing else can run.
        Stream<Notifications> rows = db.notifications().stream(STREAMERS_ROWS);
        try {
            assertThat(rows.iterator().next().userId()).isEqualTo(STREAMER);
            assertThatThrownBy(() -> db.notifications().count(STREAMERS_ROWS))
                    .isInstanceOf(com.eduplatform.data.error.EduDataException.class);
        } finally {
            rows.close();
        }
        assertThat(db.notifications().count(STREAMERS_ROWS)).isEqualTo(ROWS);
    }

    @Test
    void aStreamInsideATransactionSeesRowsThatTransactionInsertedAndLeavesItOpen() {
        Condition mine = NOTIFICATIONS.USER_ID.eq("tx-streamer");

        List<String> streamed = db.inTransaction(tx -> {
            tx.dsl().execute("""
                    INSERT INTO notifications (user_id, notification_type, title, message)
                    SELECT 'tx-streamer', 'reminder', 'Uncommitted ' || i, 'm' FROM generate_series(1, 1500) AS i
                    """);
            assertThat(committedRows(mine)).as("rows visible outside the transaction").isZero();
            List<String> titles;
            try (Stream<Notifications> rows = tx.notifications().stream(mine, NOTIFICATIONS.ID.asc())) {
                titles = rows.map(Notifications::title).toList();
            }
            // Closing the stream did not end the transaction: its rows are still there, and it goes on.
            assertThat(tx.notifications().count(mine)).isEqualTo(1_500);
            tx.notifications().insert(tx.notifications().newRecord().setUserId("tx-streamer")
                    .setNotificationType("reminder").setTitle("After the stream").setMessage("m"));
            return titles;
        });

        assertThat(streamed).hasSize(1_500).startsWith("Uncommitted 1", "Uncommitted 2").endsWith("Uncommitted 1500");
        assertThat(committedRows(mine)).isEqualTo(1_501);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void aStreamInsideATransactionThatRollsBackSawRowsThatNeverExistedOutside() {
        Condition mine = NOTIFICATIONS.USER_ID.eq("tx-streamer").and(NOTIFICATIONS.TITLE.startsWith("Rolled back"));
        List<Long> seen = new ArrayList<>();

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.dsl().execute("""
                    INSERT INTO notifications (user_id, notification_type, title, message)
                    SELECT 'tx-streamer', 'reminder', 'Rolled back ' || i, 'm' FROM generate_series(1, 10) AS i
                    """);
            try (Stream<Notifications> rows = tx.notifications().stream(mine)) {
                rows.forEach(row -> seen.add(row.id()));
            }
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(seen).hasSize(10);
        assertThat(committedRows(mine)).isZero();
        assertThat(db.notifications().count(mine)).isZero();
    }

    /** Used heap after a full collection, settled over a few attempts. */
    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Rows matching {@code where} as another session sees them: committed ones only. */
    private static long committedRows(Condition where) {
        String sql = db.dsl().renderInlined(db.dsl().selectCount().from(NOTIFICATIONS).where(where));
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Backends of this test's database that are inside a transaction, waiting: a leased stream connection. */
    private static long backendsIdleInTransaction() throws SQLException {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND state LIKE 'idle in transaction%'
                     """)) {
            result.next();
            return result.getLong(1);
        }
    }
}
