package com.eduplatform.data.partitions;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.partitions.ActivityRows.contents;
import static com.eduplatform.data.partitions.ActivityRows.layout;
import static com.eduplatform.data.partitions.ActivityRows.locationOf;
import static com.eduplatform.data.partitions.ActivityRows.partition;
import static com.eduplatform.data.partitions.ActivityRows.start;
import static com.eduplatform.data.partitions.ActivityRows.whereRowsAre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.val;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.records.UserActivityLogsRecord;
import com.eduplatform.data.partitions.ActivityRows.Contents;
import com.eduplatform.data.partitions.Partition.Location;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lifecycle of user_activity_logs month by month: creating ahead, draining DEFAULT, archiving and attaching
 * back, each proven to keep every row (count, distinct ids and a checksum of all rows, live and archived). Each test
 * works in months of its own, years away from the ones the migration created, and leaves DEFAULT empty.
 */
class PartitionLifecycleTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);
    private static final AtomicInteger USERS_CREATED = new AtomicInteger();

    private static EduDatabase db;
    private static PartitionedTable<UserActivityLogsRecord> logs;

    @BeforeAll
    static void connect() {
        db = database.db();
        logs = db.partitions().of(USER_ACTIVITY_LOGS);
    }

    @Test
    void createAheadCreatesTheMissingMonthsFromTheCurrentOneAndMovesTheirWaitingRows() {
        String user = newUser();
        YearMonth last = NOW.plusMonths(19);
        ActivityRows.insert(db.dsl(), user, last, 6);
        List<YearMonth> missing = new ArrayList<>();
        for (YearMonth month = NOW; !month.isAfter(last); month = month.plusMonths(1)) {
            if (locationOf(logs.list(), month) == null) {
                missing.add(month);
            }
        }
        Contents before = contents(db.dsl());

        List<YearMonth> created = logs.createAhead(20);

        assertThat(missing).as("the migration creates a year ahead, not twenty months").isNotEmpty().contains(last);
        assertThat(created).isEqualTo(missing);
        for (YearMonth month = NOW; !month.isAfter(last); month = month.plusMonths(1)) {
            assertThat(locationOf(logs.list(), month)).as("%s", month).isEqualTo(Location.LIVE);
        }
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(partition(last), 6L));
        assertThat(contents(db.dsl())).isEqualTo(before);

        List<Partition> partitions = logs.list();
        assertThat(logs.createAhead(20)).as("a second call").isEmpty();
        assertThat(layout(logs.list())).isEqualTo(layout(partitions));
    }

    @Test
    void drainingDefaultMovesEveryStrayRowIntoItsMonthCreatingOldAndFutureMonths() {
        String user = newUser();
        YearMonth old = NOW.minusYears(5);
        YearMonth future = NOW.plusYears(4);
        ActivityRows.insert(db.dsl(), user, old, 10);
        ActivityRows.insert(db.dsl(), user, old.plusMonths(1), 20);
        ActivityRows.insert(db.dsl(), user, future, 5);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of("user_activity_logs_default", 35L));
        Contents before = contents(db.dsl());

        var drained = logs.drainDefault();

        assertThat(drained).isEqualTo(Map.of(old, 10L, old.plusMonths(1), 20L, future, 5L));
        assertThat(drained.keySet()).containsExactly(old, old.plusMonths(1), future);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(
                partition(old), 10L, partition(old.plusMonths(1)), 20L, partition(future), 5L));
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("user_activity_logs_default"))).isZero();
        assertThat(contents(db.dsl())).isEqualTo(before);
        assertThat(logs.drainDefault()).as("a second drain").isEmpty();
    }

    @Test
    void archivingAndAttachingBackMoveAMonthWithEveryRowAndAreEachIdempotent() {
        String user = newUser();
        YearMonth month = NOW.minusYears(6);
        ActivityRows.insert(db.dsl(), user, month, 40);
        ActivityRows.insert(db.dsl(), user, month.plusMonths(1), 30);
        logs.drainDefault();
        List<UserActivityLogs> liveRows = rowsOf(USER_ACTIVITY_LOGS, user, month);
        Contents before = contents(db.dsl());

        assertThat(logs.archive(month)).isTrue();

        assertThat(locationOf(logs.list(), month)).isEqualTo(Location.ARCHIVE);
        assertThat(locationOf(logs.list(), month.plusMonths(1))).isEqualTo(Location.LIVE);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(
                "archive." + partition(month), 40L, partition(month.plusMonths(1)), 30L));
        assertThat(contents(db.dsl())).isEqualTo(before);
        assertThat(rowsOf(logs.archived(), user, month))
                .as("the archive read through the generated types, every column equal")
                .hasSize(40).isEqualTo(liveRows);
        assertThat(boundsConstraintValidated(month)).isTrue();

        assertThat(logs.archive(month)).as("archiving again").isFalse();
        assertThat(contents(db.dsl())).isEqualTo(before);

        assertThat(logs.attach(month)).isTrue();

        assertThat(locationOf(logs.list(), month)).isEqualTo(Location.LIVE);
        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(
                partition(month), 40L, partition(month.plusMonths(1)), 30L));
        assertThat(rowsOf(USER_ACTIVITY_LOGS, user, month)).isEqualTo(liveRows);
        assertThat(contents(db.dsl())).isEqualTo(before);
        assertThat(logs.attach(month)).as("attaching again").isFalse();
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    void rowsForAnArchivedMonthLandInDefaultStayReadableAndDrainIntoTheArchivedMonth() {
        String user = newUser();
        YearMonth month = NOW.minusYears(7);
        ActivityRows.insert(db.dsl(), user, month, 10);
        logs.drainDefault();
        logs.archive(month);

        ActivityRows.insert(db.dsl(), user, month, 3);

        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(
                "archive." + partition(month), 10L, "user_activity_logs_default", 3L));
        assertThat(logs.selectLiveAndArchived(USER_ACTIVITY_LOGS.USER_ID.eq(user)).fetch()).hasSize(13);
        Contents before = contents(db.dsl());

        assertThat(logs.drainDefault()).isEqualTo(Map.of(month, 3L));

        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of("archive." + partition(month), 13L));
        assertThat(locationOf(logs.list(), month)).as("the month stays archived").isEqualTo(Location.ARCHIVE);
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    void attachingBringsBackTheRowsThatArrivedWhileTheMonthWasArchived() {
        String user = newUser();
        YearMonth month = NOW.minusYears(8);
        ActivityRows.insert(db.dsl(), user, month, 4);
        logs.drainDefault();
        logs.archive(month);
        ActivityRows.insert(db.dsl(), user, month, 2);
        Contents before = contents(db.dsl());

        assertThat(logs.attach(month)).isTrue();

        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of(partition(month), 6L));
        assertThat(contents(db.dsl())).isEqualTo(before);
    }

    @Test
    void listDescribesLiveMonthsTheDefaultPartitionAndArchivedMonths() {
        String user = newUser();
        YearMonth month = NOW.minusYears(9);
        ActivityRows.insert(db.dsl(), user, month, 25);
        logs.drainDefault();
        logs.archive(month);
        db.dsl().execute("ANALYZE archive.user_activity_logs, public.user_activity_logs");

        List<Partition> partitions = logs.list();

        Partition archived = partitions.stream().filter(p -> month.equals(p.month())).findFirst().orElseThrow();
        assertThat(archived).isEqualTo(new Partition("archive", partition(month), Location.ARCHIVE, month,
                start(month), start(month.plusMonths(1)), 25));
        Partition current = partitions.stream().filter(p -> NOW.equals(p.month())).findFirst().orElseThrow();
        assertThat(current.schema()).isEqualTo("public");
        assertThat(current.location()).isEqualTo(Location.LIVE);
        assertThat(partitions).filteredOn(p -> p.location() == Location.DEFAULT).singleElement()
                .satisfies(p -> {
                    assertThat(p.name()).isEqualTo("user_activity_logs_default");
                    assertThat(p.month()).isNull();
                    assertThat(p.from()).isNull();
                    assertThat(p.estimatedRows()).isZero();
                });
        assertThat(partitions).extracting(Partition::location)
                .as("live months, then DEFAULT, then the archive")
                .isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(partitions.stream().filter(p -> p.location() == Location.LIVE).map(Partition::month).toList())
                .isSorted();
    }

    @Test
    void aMonthWithoutAPartitionCannotBeArchivedOrAttached() {
        YearMonth nowhere = NOW.minusYears(30);

        assertThatThrownBy(() -> logs.archive(nowhere)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(nowhere.toString());
        assertThatThrownBy(() -> logs.attach(nowhere)).isInstanceOf(NotFoundException.class);
        assertThat(locationOf(logs.list(), nowhere)).isNull();
    }

    @Test
    void maintenanceInsideACallersTransactionIsRefusedBeforeAnythingChanges() {
        String user = newUser();
        YearMonth month = NOW.minusYears(10);
        ActivityRows.insert(db.dsl(), user, month, 3);

        db.useTransaction(tx -> {
            assertThatThrownBy(() -> logs.drainDefault()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> logs.attach(month)).isInstanceOf(IllegalStateException.class);
        });

        assertThat(whereRowsAre(db.dsl(), user)).isEqualTo(Map.of("user_activity_logs_default", 3L));
        logs.drainDefault();
    }

    @Test
    void aTableThatIsNotPartitionedByMonthIsRefused() {
        assertThatThrownBy(() -> db.partitions().of(USERS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("table");
                    assertThat(e.reason()).contains("users");
                });
        assertThatThrownBy(() -> logs.createAhead(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new PartitionPolicy(1, java.time.Period.ofMonths(-1)))
                .isInstanceOf(InvalidInputException.class);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static String newUser() {
        return TestRows.user(db.dsl(), "partition-user-" + USERS_CREATED.incrementAndGet(), Role.STUDENT);
    }

    /** The rows of {@code user} in {@code month} of {@code table} (live or archive), as POJOs in id order. */
    private static List<UserActivityLogs> rowsOf(Table<UserActivityLogsRecord> table, String user, YearMonth month) {
        return db.dsl().selectFrom(table)
                .where(table.field(USER_ACTIVITY_LOGS.USER_ID).eq(user))
                .and(table.field(USER_ACTIVITY_LOGS.TIMESTAMP).ge(start(month)))
                .and(table.field(USER_ACTIVITY_LOGS.TIMESTAMP).lt(start(month.plusMonths(1))))
                .orderBy(table.field(USER_ACTIVITY_LOGS.ID))
                .fetchInto(UserActivityLogs.class);
    }

    private static boolean boundsConstraintValidated(YearMonth month) {
        return db.dsl().fetchSingle("""
                        SELECT convalidated FROM pg_constraint
                        WHERE conrelid = to_regclass({0}) AND conname = 'partition_bounds'""",
                val("archive." + partition(month))).get(0, Boolean.class);
    }
}
