package com.eduplatform.data.partitions;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.partitions.ActivityRows.partition;
import static com.eduplatform.data.partitions.ActivityRows.scannedTables;
import static com.eduplatform.data.partitions.ActivityRows.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.jooq.tables.records.UserActivityLogsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jooq.Condition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A one-month range on the partition key scans exactly that month's partition, live or archived, as the plan
 * PostgreSQL makes says (EXPLAIN (FORMAT JSON, VERBOSE), which names the schema and table of every scan).
 */
class PartitionPruningTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);
    private static final YearMonth ARCHIVED = NOW.minusYears(3);
    private static final String USER = "pruning-user";

    private static EduDatabase db;
    private static PartitionedTable<UserActivityLogsRecord> logs;

    @BeforeAll
    static void archiveTwoMonths() {
        db = database.db();
        logs = db.partitions().of(USER_ACTIVITY_LOGS);
        TestRows.user(db.dsl(), USER, Role.STUDENT);
        ActivityRows.insert(db.dsl(), USER, ARCHIVED, 30);
        ActivityRows.insert(db.dsl(), USER, ARCHIVED.plusMonths(1), 20);
        ActivityRows.insert(db.dsl(), USER, NOW, 10);
        logs.drainDefault();
        logs.archive(ARCHIVED);
        logs.archive(ARCHIVED.plusMonths(1));
        db.dsl().execute("ANALYZE archive.user_activity_logs, public.user_activity_logs");
    }

    @Test
    void aOneMonthRangeOnTheLiveTableScansOnlyThatMonthsPartition() throws Exception {
        assertThat(scannedTables(db.dsl(), "SELECT * FROM public.user_activity_logs WHERE " + oneMonth(NOW)))
                .containsExactly("public." + partition(NOW));
    }

    @Test
    void aOneMonthRangeOnTheArchiveScansOnlyThatMonthsArchivedPartition() throws Exception {
        assertThat(scannedTables(db.dsl(), "SELECT * FROM archive.user_activity_logs WHERE " + oneMonth(ARCHIVED)))
                .containsExactly("archive." + partition(ARCHIVED));
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom(logs.archived())
                .where(logs.archived().field(USER_ACTIVITY_LOGS.TIMESTAMP).ge(start(ARCHIVED)))
                .and(logs.archived().field(USER_ACTIVITY_LOGS.TIMESTAMP).lt(start(ARCHIVED.plusMonths(1))))))
                .isEqualTo(30);
    }

    @Test
    void readingLiveAndArchivedForAnArchivedMonthScansItsArchivedPartitionAndDefaultOnly() throws Exception {
        Condition month = USER_ACTIVITY_LOGS.TIMESTAMP.ge(start(ARCHIVED))
                .and(USER_ACTIVITY_LOGS.TIMESTAMP.lt(start(ARCHIVED.plusMonths(1))));

        assertThat(scannedTables(db.dsl(), db.dsl().renderInlined(logs.selectLiveAndArchived(month))))
                .as("the archived month, and DEFAULT where its late rows wait")
                .containsExactlyInAnyOrder("archive." + partition(ARCHIVED), "public.user_activity_logs_default");
        assertThat(logs.selectLiveAndArchived(month).fetch()).hasSize(30);
    }

    @Test
    void readingLiveAndArchivedForALiveMonthScansOnlyItsLivePartition() throws Exception {
        Condition month = USER_ACTIVITY_LOGS.TIMESTAMP.ge(start(NOW))
                .and(USER_ACTIVITY_LOGS.TIMESTAMP.lt(start(NOW.plusMonths(1))));

        assertThat(scannedTables(db.dsl(), db.dsl().renderInlined(logs.selectLiveAndArchived(month))))
                .containsExactly("public." + partition(NOW));
        assertThat(logs.selectLiveAndArchived(month).fetch()).hasSize(10);
    }

    private static String oneMonth(YearMonth month) {
        return "\"timestamp\" >= '" + start(month) + "' AND \"timestamp\" < '" + start(month.plusMonths(1)) + "'";
    }
}
