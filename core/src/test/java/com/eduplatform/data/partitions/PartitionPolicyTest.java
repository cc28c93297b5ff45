package com.eduplatform.data.partitions;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.partitions.ActivityRows.contents;
import static com.eduplatform.data.partitions.ActivityRows.layout;
import static com.eduplatform.data.partitions.ActivityRows.locationOf;
import static com.eduplatform.data.partitions.ActivityRows.partition;
import static com.eduplatform.data.partitions.ActivityRows.whereRowsAre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.jooq.tables.records.UserActivityLogsRecord;
import com.eduplatform.data.partitions.ActivityRows.Contents;
import com.eduplatform.data.partitions.Partition.Location;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The policy a scheduler applies (create ahead, drain DEFAULT, archive past the retention), run twice, and steps
 * that fail: each leaves the month where it was and every row in place. The policy run goes first, on the months the
 * migration created plus the ones this class inserts; the failure tests then work in months of their own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionPolicyTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);

    private static EduDatabase db;
    private static PartitionedTable<UserActivityLogsRecord> logs;

    @BeforeAll
    static void connect() {
        db = database.db();
        logs = db.partitions().of(USER_ACTIVITY_LOGS);
    }

    @Test
    @Order(1)
    void theMonthlyPartitionedTablesAreFoundInTheCatalog() {
        assertThat(db.partitions().tables()).containsExactly(USER_ACTIVITY_LOGS);
    }

    @Test
    @Order(2)
    void applyingThePolicyCreatesAheadDrainsAndArchivesAndASecondRunDoesNothing() {
        String user = TestRows.user(db.dsl(), "policy-user", Role.STUDENT);
        // With one year of retention, a month is archived once it ended more than a year ago: NOW-13 is, NOW-12 is not.
        Map<YearMonth, Integer> rows = Map.of(NOW.minusMonths(30), 5, NOW.minusMonths(18), 6, NOW.minusMonths(13), 7,
                NOW.minusMonths(12), 8, NOW.minusMonths(1), 9, NOW.plusYears(2), 3);
        rows.forEach((month, count) -> ActivityRows.insert(db.dsl(), user, month, count));
        assertThat(locationOf(logs.list(), NOW.minusMonths(1))).as("created by the migration").isEqualTo(Location.LIVE);
        assertThat(locationOf(logs.list(), NOW.plusMonths(12))).as("created by the migration").isEqualTo(Location.LIVE);
        Contents before = contents(db.dsl());
        PartitionPolicy policy = PartitionPolicy.defaults().withMonthsAhead(15);

        List<PolicyRun> runs = db.partitions().apply(policy);

        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.table()).isEqualTo("user_activity_logs");
            assertThat(run.created()).containsExactly(NOW.plusMonths(13), NOW.plusMonths(14));
            assertThat(run.drained()).isEqualTo(Map.of(NOW.minusMonths(30), 5L, NOW.minusMonths(18), 6L,
                    NOW.minusMonths(13), 7L, NOW.minusMonths(12), 8L, NOW.plusYears(2), 3L));
            assertThat(run.archived()).containsExactly(NOW.minusMonths(30), NOW.minusMonths(18), NOW.minusMonths(13));
            assertThat(run.changedAnything()).isTrue();
        });
        List<Partition> partitions = logs.list();
        assertThat(partitions).filteredOn(p -> p.location() == Location.ARCHIVE).extracting(Partition::month)
                .containsExactly(NOW.minusMonths(30), NOW.minusMonths(18), NOW.minusMonths(13));
        assertThat(partitions).filteredOn(p -> p.location() == Location.LIVE).extracting(Partition::month)
                .contains(NOW.minusMonths(12), NOW.minusMonths(1), NOW, NOW.plusMonths(14), NOW.plusYears(2));
        assertThat(whereRowsAre(db.dsl(), user)).doesNotContainKey("user_activity_logs_default")
                .containsEntry("archive." + partition(NOW.minusMonths(13)), 7L)
                .containsEntry(partition(NOW.minusMonths(12)), 8L);
        assertThat(contents(db.dsl())).isEqualTo(before);

        PolicyRun second = logs.apply(policy);

        assertThat(second.changedAnything()).as("a second run: %s", second).isFalse();
        assertThat(layout(logs.list())).isEqualTo(layout(partitions));
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aStepThatCannotGetItsLocksInTimeFailsAndLeavesTheMonthLive() throws Exception {
        String user = TestRows.user(db.dsl(), "lock-user", Role.STUDENT);
        YearMonth month = NOW.minusYears(6);
        ActivityRows.insert(db.dsl(), user, month, 12);
        logs.drainDefault();
        Contents before = contents(db.dsl());
        PartitionedTable<UserActivityLogsRecord> impatient =
                db.partitions().withLockTimeout(Duration.ofMillis(200)).of(USER_ACTIVITY_LOGS);

        try (Connection other = database.postgres().connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            // Conflicts with the SHARE UPDATE EXCLUSIVE lock the move takes on the archive table to attach there,
            // after it has locked the live table: the move gives up after its lock timeout.
            statement.execute("LOCK TABLE ONLY archive.user_activity_logs IN SHARE MODE");

            assertThatThrownBy(() -> impatient.archive(month))
                    .isInstanceOfSatisfying(EduDataException.class,
                            e -> assertThat(e.sqlState()).as("lock_not_available").isEqualTo("55P03"));

            assertThat(locationOf(logs.list(), month)).isEqualTo(Location.LIVE);
            assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(partition(month), 12L));
            other.rollback();
        }
        assertThat(contents(db.dsl())).isEqualTo(before);

        assertThat(impatient.archive(month)).as("the next run, with nobody in the way").isTrue();
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of("archive." + partition(month), 12L));
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aMoveThatFailsAfterItsDetachLeavesThePartitionAttachedWhereItWas() {
        String user = TestRows.user(db.dsl(), "drift-user", Role.STUDENT);
        YearMonth month = NOW.minusYears(7);
        ActivityRows.insert(db.dsl(), user, month, 15);
        logs.drainDefault();
        Contents before = contents(db.dsl());

        // The archive table drifts from the live one: the DETACH and SET SCHEMA succeed, the ATTACH fails.
        db.dsl().execute("ALTER TABLE archive.user_activity_logs ADD COLUMN drifted integer");
        try {
            assertThatThrownBy(() -> logs.archive(month)).isInstanceOf(EduDataException.class)
                    .hasMessageContaining("drifted");
        } finally {
            db.dsl().execute("ALTER TABLE archive.user_activity_logs DROP COLUMN drifted");
        }
        assertThat(locationOf(logs.list(), month)).isEqualTo(Location.LIVE);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(partition(month), 15L));
        assertThat(contents(db.dsl())).isEqualTo(before);

        assertThat(logs.archive(month)).isTrue();

        // The live table drifts from the archived month: attaching back fails and the month stays archived.
        db.dsl().execute("ALTER TABLE user_activity_logs ADD COLUMN drifted integer");
        try {
            assertThatThrownBy(() -> logs.attach(month)).isInstanceOf(EduDataException.class)
                    .hasMessageContaining("drifted");
        } finally {
            db.dsl().execute("ALTER TABLE user_activity_logs DROP COLUMN drifted");
        }
        assertThat(locationOf(logs.list(), month)).isEqualTo(Location.ARCHIVE);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of("archive." + partition(month), 15L));
        assertThat(contents(db.dsl())).isEqualTo(before);

        assertThat(logs.attach(month)).isTrue();
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(partition(month), 15L));
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    @Order(5)
    void archivingOlderThanARetentionOfZeroLeavesTheCurrentMonthLive() {
        List<YearMonth> archived = logs.archiveOlderThan(Period.ZERO);

        assertThat(archived).contains(NOW.minusMonths(1)).doesNotContain(NOW);
        assertThat(locationOf(logs.list(), NOW)).isEqualTo(Location.LIVE);
        assertThat(logs.list()).filteredOn(p -> p.location() == Location.LIVE)
                .allSatisfy(p -> assertThat(p.month()).isAfterOrEqualTo(NOW));
    }
}
