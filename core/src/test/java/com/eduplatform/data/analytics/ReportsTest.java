package com.eduplatform.data.analytics;

import static com.eduplatform.data.jooq.Tables.DAILY_ACTIVE_USERS;
import static com.eduplatform.data.jooq.Tables.DAILY_AI_USAGE_COSTS;
import static com.eduplatform.data.jooq.Tables.DAILY_CONTENT_GENERATION_STATS;
import static com.eduplatform.data.jooq.Tables.DOUBT_RESOLUTION_STATS;
import static com.eduplatform.data.jooq.Tables.STUDENT_SUBJECT_PERFORMANCE;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.analytics.Reports.ViewRefresh;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.tables.pojos.DailyActiveUsers;
import com.eduplatform.data.jooq.tables.pojos.DailyAiUsageCosts;
import com.eduplatform.data.jooq.tables.pojos.DailyContentGenerationStats;
import com.eduplatform.data.jooq.tables.pojos.DoubtResolutionStats;
import com.eduplatform.data.jooq.tables.pojos.StudentSubjectPerformance;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The report views hold, after a refresh, exactly the aggregates of their raw tables, are read through the generated
 * classes, and are refreshed without blocking their readers.
 */
class ReportsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final LocalDate D1 = LocalDate.of(2031, 3, 10);
    private static final LocalDate D2 = D1.plusDays(1);

    private static EduDatabase db;
    private static Reports reports;
    private static ReportRows rows;

    @BeforeAll
    static void connect() {
        db = database.db();
        reports = db.reports();
        rows = new ReportRows(db.dsl());
    }

    private static OffsetDateTime at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atOffset(ZoneOffset.UTC);
    }

    @Test
    void theReportViewsAreTheGeneratedMaterializedViewsInNameOrder() {
        assertThat(reports.views()).containsExactly(DAILY_ACTIVE_USERS, DAILY_AI_USAGE_COSTS,
                DAILY_CONTENT_GENERATION_STATS, DOUBT_RESOLUTION_STATS, STUDENT_SUBJECT_PERFORMANCE);
    }

    @Test
    void everyReportViewHasAUniqueIndexOverPlainColumnsSoItCanBeRefreshedConcurrently() {
        for (Table<?> view : reports.views()) {
            assertThat(view.getIndexes()).as("generated indexes of %s", view.getName())
                    .anyMatch(index -> index.getUnique());
            assertThat(db.dsl().fetchCount(DSL.selectOne()
                    .from("pg_index x join pg_class c on c.oid = x.indrelid")
                    .where("c.oid = to_regclass({0}) and x.indisunique and x.indpred is null and x.indexprs is null",
                            DSL.val(view.getName()))))
                    .as("unique indexes of %s usable by REFRESH ... CONCURRENTLY", view.getName())
                    .isEqualTo(1);
        }
    }

    @Test
    void refreshedViewsHoldTheAggregatesOfTheRawTables() {
        String student = TestRows.user(db.dsl(), "agg-student", Role.STUDENT);
        String teacher = rows.userWithoutRole("agg-teacher", Role.TEACHER, Role.STUDENT);
        // Activity: the student twice on D1 and once on D2; the teacher (no role: first of roles) once on D1.
        rows.activity(student, at(D1, 8, 0));
        rows.activity(student, at(D1, 23, 59));
        rows.activity(student, at(D2, 0, 0));
        rows.activity(teacher, at(D1, 12, 0));
        // Generations on D1: three exams (one failed), one more exam soft-deleted, one lesson still generating.
        rows.generation(teacher, ContentType.EXAM, GenerationStatus.COMPLETED, at(D1, 9, 0), 100, 10, null);
        rows.generation(student, ContentType.EXAM, GenerationStatus.COMPLETED, at(D1, 10, 0), 200, 20, null);
        rows.generation(teacher, ContentType.EXAM, GenerationStatus.FAILED, at(D1, 11, 0), null, 0, null);
        rows.softDeleteGeneration(
                rows.generation(teacher, ContentType.EXAM, GenerationStatus.COMPLETED, at(D1, 12, 0), 900, 90, null));
        rows.generation(teacher, ContentType.LESSON, GenerationStatus.GENERATING, at(D1, 13, 0), null, 0, null);
        // AI calls: two to openai and one to claude on D1; 23:30 at UTC-5 on D1 is 04:30 UTC on D2.
        rows.aiCall(teacher, "openai", at(D1, 9, 0), 100, "0.000123", 100);
        rows.aiCall(teacher, "openai", at(D1, 10, 0), 200, "0.100000", null);
        rows.aiCall(teacher, "claude", at(D1, 11, 0), 50, "0.020000", 300);
        rows.aiCall(teacher, "openai", D1.atTime(23, 30).atOffset(ZoneOffset.ofHours(-5)), 10, "0.000001", 50);
        // Doubts resolved on D2 in 10, 20, 30 and 60 minutes (maths) and 90.5 minutes (physics); an open one and a
        // soft-deleted one do not count.
        for (int minutes : new int[] {10, 20, 30, 60}) {
            OffsetDateTime resolved = at(D2, 12, 0);
            rows.doubt(student, "agg-maths", "8", resolved.minusMinutes(minutes), teacher, resolved);
        }
        rows.doubt(student, "agg-physics", "8", at(D2, 10, 0), teacher, at(D2, 11, 30).plusSeconds(30));
        rows.doubt(student, "agg-maths", "8", at(D2, 10, 0), null, null);
        rows.softDeleteDoubt(rows.doubt(student, "agg-maths", "8", at(D1, 0, 0), teacher, at(D2, 12, 0)));
        // Practice: maths 8/10 (15 min) and 3/5 (no time); physics 5/5; a session of a deleted analysis.
        rows.practice(student, "maths", "8", at(D1, 9, 0), 8, 10, 15, null);
        rows.practice(student, "maths", "8", at(D2, 9, 0), 3, 5, null, null);
        rows.practice(student, "physics", "8", at(D1, 10, 0), 5, 5, 20, null);
        int deletedAnalysis = rows.generation(student, ContentType.PRACTICE_ANALYSIS, GenerationStatus.COMPLETED,
                at(D1, 14, 0), 10, 1, null);
        rows.practice(student, "maths", "8", at(D1, 14, 0), 0, 10, 5, deletedAnalysis);
        rows.softDeleteGeneration(deletedAnalysis);

        assertThat(activeUsers()).as("before the refresh").isEmpty();

        List<ViewRefresh> refreshes = reports.refreshAll();

        assertThat(refreshes).extracting(ViewRefresh::view).containsExactly("daily_active_users",
                "daily_ai_usage_costs", "daily_content_generation_stats", "doubt_resolution_stats",
                "student_subject_performance");
        assertThat(refreshes).allMatch(ViewRefresh::concurrently);
        assertThat(refreshes).allSatisfy(refresh ->
                assertThat(refresh.rows()).isEqualTo(db.dsl().fetchCount(DSL.table(DSL.name(refresh.view())))));

        assertThat(activeUsers()).containsExactly(
                new DailyActiveUsers(D1, Role.STUDENT, 1L, 2L),
                new DailyActiveUsers(D1, Role.TEACHER, 1L, 1L),
                new DailyActiveUsers(D2, Role.STUDENT, 1L, 1L));
        assertThat(db.dsl().selectFrom(DAILY_CONTENT_GENERATION_STATS)
                .where(DAILY_CONTENT_GENERATION_STATS.GENERATION_DATE.eq(D1))
                .orderBy(DAILY_CONTENT_GENERATION_STATS.CONTENT_TYPE)
                .fetchInto(DailyContentGenerationStats.class)).containsExactly(
                new DailyContentGenerationStats(D1, ContentType.EXAM, 3L, 0L, 2L, 1L, 0L, 2L, 30L,
                        new BigDecimal("150.00")),
                new DailyContentGenerationStats(D1, ContentType.LESSON, 1L, 1L, 0L, 0L, 0L, 1L, 0L, null));
        assertThat(db.dsl().selectFrom(DAILY_AI_USAGE_COSTS)
                .where(DAILY_AI_USAGE_COSTS.USER_ID.eq(teacher))
                .orderBy(DAILY_AI_USAGE_COSTS.USAGE_DATE, DAILY_AI_USAGE_COSTS.AI_SERVICE)
                .fetchInto(DailyAiUsageCosts.class)).containsExactly(
                new DailyAiUsageCosts(D1, teacher, "claude", 1L, 50L, new BigDecimal("0.020000"),
                        new BigDecimal("300.00")),
                new DailyAiUsageCosts(D1, teacher, "openai", 2L, 300L, new BigDecimal("0.100123"),
                        new BigDecimal("100.00")),
                new DailyAiUsageCosts(D2, teacher, "openai", 1L, 10L, new BigDecimal("0.000001"),
                        new BigDecimal("50.00")));
        assertThat(db.dsl().selectFrom(DOUBT_RESOLUTION_STATS)
                .where(DOUBT_RESOLUTION_STATS.SUBJECT.in("agg-maths", "agg-physics"))
                .orderBy(DOUBT_RESOLUTION_STATS.SUBJECT)
                .fetchInto(DoubtResolutionStats.class)).containsExactly(
                // p50 of 10, 20, 30, 60 interpolates 20..30; p90 sits at 2.7 of 3 steps: 30 + 0.7 * 30.
                new DoubtResolutionStats("agg-maths", D2, 4L, new BigDecimal("30.00"), new BigDecimal("25.00"),
                        new BigDecimal("51.00"), new BigDecimal("60.00")),
                new DoubtResolutionStats("agg-physics", D2, 1L, new BigDecimal("90.50"), new BigDecimal("90.50"),
                        new BigDecimal("90.50"), new BigDecimal("90.50")));
        assertThat(db.dsl().selectFrom(STUDENT_SUBJECT_PERFORMANCE)
                .where(STUDENT_SUBJECT_PERFORMANCE.STUDENT_ID.eq(student))
                .orderBy(STUDENT_SUBJECT_PERFORMANCE.SUBJECT)
                .fetchInto(StudentSubjectPerformance.class)).containsExactly(
                // 11 of 15 marks: 73.33 %.
                new StudentSubjectPerformance(student, "maths", 2L, 11L, 15L, new BigDecimal("73.33"), 15L,
                        at(D1, 9, 0), at(D2, 9, 0)),
                new StudentSubjectPerformance(student, "physics", 1L, 5L, 5L, new BigDecimal("100.00"), 20L,
                        at(D1, 10, 0), at(D1, 10, 0)));
    }

    private static List<DailyActiveUsers> activeUsers() {
        return db.dsl().selectFrom(DAILY_ACTIVE_USERS)
                .where(DAILY_ACTIVE_USERS.ACTIVITY_DATE.in(D1, D2))
                .orderBy(DAILY_ACTIVE_USERS.ACTIVITY_DATE, DAILY_ACTIVE_USERS.ROLE)
                .fetchInto(DailyActiveUsers.class);
    }

    @Test
    void typedReadsFilterAndAggregateThroughTheGeneratedColumns() {
        LocalDate day = LocalDate.of(2032, 5, 4);
        String first = TestRows.user(db.dsl(), "typed-1", Role.STUDENT);
        String second = TestRows.user(db.dsl(), "typed-2", Role.STUDENT);
        rows.activity(first, at(day, 1, 0));
        rows.activity(second, at(day, 2, 0));
        rows.activity(second, at(day, 3, 0));
        reports.refresh(DAILY_ACTIVE_USERS);

        Long students = db.dsl().select(DSL.sum(DAILY_ACTIVE_USERS.ACTIVE_USERS).cast(Long.class))
                .from(DAILY_ACTIVE_USERS)
                .where(DAILY_ACTIVE_USERS.ROLE.eq(Role.STUDENT)).and(DAILY_ACTIVE_USERS.ACTIVITY_DATE.eq(day))
                .fetchSingle().value1();
        DailyActiveUsers row = db.dsl().selectFrom(DAILY_ACTIVE_USERS)
                .where(DAILY_ACTIVE_USERS.ACTIVITY_DATE.eq(day)).fetchSingleInto(DailyActiveUsers.class);

        assertThat(students).isEqualTo(2L);
        assertThat(row.role()).isEqualTo(Role.STUDENT);
        assertThat(row.activities()).isEqualTo(3L);
    }

    @Test
    void aNeverPopulatedViewIsRefreshedPlainlyAndConcurrentlyFromThenOn() throws SQLException {
        execute("REFRESH MATERIALIZED VIEW daily_ai_usage_costs WITH NO DATA");

        ViewRefresh first = reports.refresh(DAILY_AI_USAGE_COSTS);
        ViewRefresh second = reports.refresh(DAILY_AI_USAGE_COSTS);

        assertThat(first.concurrently()).isFalse();
        assertThat(second.concurrently()).isTrue();
        assertThat(second.rows()).isEqualTo(first.rows()).isEqualTo(db.dsl().fetchCount(DAILY_AI_USAGE_COSTS));
        assertThat(first.took()).isPositive();
    }

    @Test
    void aConcurrentRefreshCompletesWhileAReaderHoldsItsLockAndTheReaderThenSeesTheNewRows() throws Exception {
        LocalDate day = LocalDate.of(2033, 1, 2);
        try (Connection reader = database.postgres().connect()) {
            reader.setAutoCommit(false);
            assertThat(activeUsersOn(reader, day)).isZero();
            String user = TestRows.user(db.dsl(), "reader-1", Role.TEACHER);
            rows.activity(user, at(day, 5, 0));

            ViewRefresh refresh = reports.refresh(DAILY_ACTIVE_USERS);

            // The refresh returned while the reader's transaction still holds the lock it took to read.
            assertThat(refresh.concurrently()).isTrue();
            assertThat(heldLocks(reader, "daily_active_users")).containsExactly("AccessShareLock");
            assertThat(activeUsersOn(reader, day)).as("read committed: the next statement sees the refresh")
                    .isEqualTo(1);
            reader.commit();
        }
    }

    @Test
    void readersDoNotWaitForAConcurrentRefreshButDoWaitForAPlainOne() throws Exception {
        AtomicReference<String> concurrentLock = new AtomicReference<>();
        db.useTransaction(tx -> {
            ViewRefresh refresh = tx.reports().refresh(DAILY_ACTIVE_USERS);
            assertThat(refresh.concurrently()).isTrue();
            concurrentLock.set(tx.dsl().resultQuery("select string_agg(mode, ',') from pg_locks "
                    + "where pid = pg_backend_pid() and relation = 'daily_active_users'::regclass "
                    + "and mode in ('ExclusiveLock', 'AccessExclusiveLock')").fetchSingle().get(0, String.class));
            // The refresh's transaction is still open: a reader elsewhere reads at once.
            assertThat(readWithLockTimeout()).isNull();
        });
        assertThat(concurrentLock.get()).isEqualTo("ExclusiveLock");

        // The control: a view never populated gets a plain refresh, whose lock readers must wait for.
        execute("REFRESH MATERIALIZED VIEW daily_active_users WITH NO DATA");
        db.useTransaction(tx -> {
            assertThat(tx.reports().refresh(DAILY_ACTIVE_USERS).concurrently()).isFalse();
            assertThat(readWithLockTimeout()).as("SQLSTATE of a reader waiting on the plain refresh")
                    .isEqualTo("55P03");
        });
        assertThat(readWithLockTimeout()).as("after the plain refresh committed").isNull();
    }

    @Test
    void onlyTheReportViewsAreAccepted() {
        for (Table<?> notOurs : List.of(USERS, DAILY_ACTIVE_USERS.as("d"),
                DSL.table(DSL.name("other_schema", "daily_active_users")))) {
            assertThatThrownBy(() -> reports.refresh(notOurs)).as("refresh(%s)", notOurs)
                    .isInstanceOfSatisfying(InvalidInputException.class, refused -> {
                        assertThat(refused.field()).isEqualTo("view");
                        assertThat(refused.reason()).contains("daily_active_users", "student_subject_performance");
                    });
        }
        assertThatThrownBy(() -> reports.refresh(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("view: is required");
    }

    /** Reads daily_active_users from a connection of its own, waiting at most 300 ms for a lock: the SQLSTATE, or null. */
    private static String readWithLockTimeout() {
        try (Connection reader = database.postgres().connect(); Statement statement = reader.createStatement()) {
            statement.execute("SET lock_timeout = '300ms'");
            statement.executeQuery("SELECT count(*) FROM daily_active_users").close();
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static int activeUsersOn(Connection connection, LocalDate day) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT coalesce(sum(active_users), 0) FROM daily_active_users WHERE activity_date = ?")) {
            statement.setObject(1, day);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** The lock modes the connection's own backend holds on {@code relation}. */
    private static List<String> heldLocks(Connection connection, String relation) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() "
                + "AND relation = to_regclass(?) AND granted ORDER BY mode")) {
            statement.setString(1, relation);
            try (ResultSet result = statement.executeQuery()) {
                List<String> modes = new java.util.ArrayList<>();
                while (result.next()) {
                    modes.add(result.getString(1));
                }
                return modes;
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
