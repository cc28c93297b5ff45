package com.eduplatform.data.analytics;

import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USER_PERFORMANCE_METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.analytics.Reports.PeriodOutcome;
import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.jooq.tables.pojos.UserPerformanceMetrics;
import com.eduplatform.data.jooq.tables.records.UserPerformanceMetricsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The user_performance_metrics job computes its metrics from the raw tables, rewrites a period in place when run
 * again, and keeps one period's failure to that period. Each test works on days and users of its own.
 */
class PerformanceMetricsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

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
    void eachDailyMetricIsComputedFromTheRawRowsOfThatUtcDay() {
        LocalDate day = LocalDate.of(2031, 6, 3);
        String student = TestRows.user(db.dsl(), "daily-student", Role.STUDENT);
        String teacher = TestRows.user(db.dsl(), "daily-teacher", Role.TEACHER);
        // Practice: maths 8/10 (15 min) and 2/10 (no time) in grade 8, physics 5/5 (10 min) in grade 9; one the
        // evening before and one just after midnight the next day do not count.
        rows.practice(student, "maths", "8", at(day, 0, 0), 8, 10, 15, null);
        rows.practice(student, "maths", "8", at(day, 12, 0), 2, 10, null, null);
        rows.practice(student, "physics", "9", at(day, 23, 59), 5, 5, 10, null);
        rows.practice(student, "maths", "8", at(day.minusDays(1), 23, 59), 0, 10, 30, null);
        rows.practice(student, "maths", "8", at(day.plusDays(1), 0, 0), 0, 10, 30, null);
        // Doubts: two maths and one physics submitted, one more physics soft-deleted; the teacher resolves two.
        rows.doubt(student, "maths", "8", at(day, 9, 0), teacher, at(day, 9, 30));
        rows.doubt(student, "maths", "8", at(day, 10, 0), null, null);
        rows.doubt(student, "physics", "8", at(day, 11, 0), teacher, at(day, 11, 5));
        rows.softDeleteDoubt(rows.doubt(student, "physics", "8", at(day, 12, 0), teacher, at(day, 12, 5)));
        // Generations: two maths exams and a lesson without subject; a soft-deleted one does not count.
        rows.generation(teacher, ContentType.EXAM, GenerationStatus.COMPLETED, at(day, 8, 0), 10, 5, "maths");
        rows.generation(teacher, ContentType.EXAM, GenerationStatus.FAILED, at(day, 8, 10), null, 0, "maths");
        rows.generation(teacher, ContentType.LESSON, GenerationStatus.GENERATING, at(day, 8, 20), null, 0, null);
        rows.softDeleteGeneration(
                rows.generation(teacher, ContentType.EXAM, GenerationStatus.COMPLETED, at(day, 8, 30), 1, 1, "maths"));
        rows.activity(student, at(day, 7, 0));
        rows.activity(student, at(day, 19, 0));

        List<PeriodOutcome> outcomes = reports.computePerformanceMetrics(TimePeriod.DAILY, day, day);

        assertThat(outcomes).containsExactly(new PeriodOutcome(TimePeriod.DAILY, day, 6, 0, null));
        assertThat(metrics(day, student, teacher)).containsExactly(
                tuple(student, "active_days", "1.00", null, null),
                tuple(student, "doubts_submitted", "3.00", "{\"maths\": 2, \"physics\": 1}", "8"),
                // 15 of 25 marks; maths 10 of 20, physics 5 of 5; grade 8 in two sessions of three.
                tuple(student, "practice_accuracy", "60.00", "{\"maths\": 50.00, \"physics\": 100.00}", "8"),
                tuple(student, "practice_minutes", "25.00", "{\"maths\": 15, \"physics\": 10}", "8"),
                tuple(teacher, "doubts_resolved", "2.00", "{\"maths\": 1, \"physics\": 1}", "8"),
                tuple(teacher, "generations_created", "3.00", "{\"maths\": 2}", null));
    }

    @Test
    void weeklyAndMonthlyRunsComputeWholeWeeksFromMondayAndWholeMonthsFromTheFirst() {
        String user = TestRows.user(db.dsl(), "periods-user", Role.STUDENT);
        LocalDate monday = LocalDate.of(2031, 7, 7);
        for (LocalDate day : List.of(monday, monday.plusDays(2), monday.plusDays(6), monday.plusDays(7),
                LocalDate.of(2031, 8, 1))) {
            rows.activity(user, at(day, 12, 0));
        }

        List<PeriodOutcome> weekly = reports.computePerformanceMetrics(TimePeriod.WEEKLY, monday.plusDays(2),
                monday.plusDays(2));
        List<PeriodOutcome> monthly = reports.computePerformanceMetrics(TimePeriod.MONTHLY,
                LocalDate.of(2031, 7, 20), LocalDate.of(2031, 8, 2));

        assertThat(weekly).extracting(PeriodOutcome::periodStart).containsExactly(monday);
        assertThat(monthly).extracting(PeriodOutcome::periodStart)
                .containsExactly(LocalDate.of(2031, 7, 1), LocalDate.of(2031, 8, 1));
        assertThat(weekly).allMatch(PeriodOutcome::succeeded);
        assertThat(monthly).allMatch(PeriodOutcome::succeeded);
        assertThat(db.dsl().select(USER_PERFORMANCE_METRICS.TIME_PERIOD, USER_PERFORMANCE_METRICS.PERIOD_START,
                        USER_PERFORMANCE_METRICS.METRIC_VALUE)
                .from(USER_PERFORMANCE_METRICS)
                .where(USER_PERFORMANCE_METRICS.USER_ID.eq(user))
                .orderBy(USER_PERFORMANCE_METRICS.TIME_PERIOD, USER_PERFORMANCE_METRICS.PERIOD_START)
                .fetch(row -> tuple(row.value1(), row.value2(), row.value3().toPlainString())))
                .containsExactly(
                        tuple("monthly", LocalDate.of(2031, 7, 1), "4.00"),
                        tuple("monthly", LocalDate.of(2031, 8, 1), "1.00"),
                        // Monday, Wednesday and Sunday; the next Monday belongs to the next week.
                        tuple("weekly", monday, "3.00"));
    }

    @Test
    void runningAPeriodAgainOnUnchangedDataWritesNothingAndLeavesEveryRowAsItWas() {
        LocalDate day = LocalDate.of(2031, 9, 4);
        String student = TestRows.user(db.dsl(), "rerun-student", Role.STUDENT);
        rows.practice(student, "maths", "7", at(day, 9, 0), 7, 10, 20, null);
        rows.doubt(student, "maths", "7", at(day, 9, 0), null, null);
        rows.activity(student, at(day, 9, 0));

        PeriodOutcome first = reports.computePerformanceMetrics(TimePeriod.DAILY, day, day).get(0);
        List<UserPerformanceMetrics> afterFirst = stored(student);
        PeriodOutcome second = reports.computePerformanceMetrics(TimePeriod.DAILY, day, day).get(0);

        assertThat(first.rowsWritten()).isEqualTo(4).isEqualTo(afterFirst.size());
        assertThat(second).isEqualTo(new PeriodOutcome(TimePeriod.DAILY, day, 0, 0, null));
        assertThat(stored(student)).as("ids, values and calculated_at unchanged").isEqualTo(afterFirst);
    }

    @Test
    void runningAPeriodAgainAfterItsDataChangedUpdatesChangedRowsAndRemovesVanishedOnes() {
        LocalDate day = LocalDate.of(2031, 10, 7);
        String student = TestRows.user(db.dsl(), "changed-student", Role.STUDENT);
        int practice = rows.practice(student, "maths", "7", at(day, 9, 0), 7, 10, 20, null);
        int doubt = rows.doubt(student, "maths", "7", at(day, 9, 0), null, null);
        rows.doubt(student, "physics", "7", at(day, 10, 0), null, null);
        // Rows the job does not own: a metric of the host's own in the same period, and one without a period key.
        UserPerformanceMetrics hostMetric = db.userPerformanceMetrics().insert(db.userPerformanceMetrics().newRecord()
                .setUserId(student).setMetricType("average_score").setMetricValue(new BigDecimal("81.00"))
                .setTimePeriod("daily").setPeriodStart(day));
        UserPerformanceMetrics legacy = db.userPerformanceMetrics().insert(db.userPerformanceMetrics().newRecord()
                .setUserId(student).setMetricType("doubts_submitted").setMetricValue(new BigDecimal("9.00"))
                .setTimePeriod("daily"));
        reports.computePerformanceMetrics(TimePeriod.DAILY, day, day);
        UserPerformanceMetrics submittedBefore = metric(student, "doubts_submitted", day);

        db.dsl().deleteFrom(PRACTICE_SESSIONS).where(PRACTICE_SESSIONS.ID.eq(practice)).execute();
        rows.softDeleteDoubt(doubt);
        PeriodOutcome rerun = reports.computePerformanceMetrics(TimePeriod.DAILY, day, day).get(0);

        assertThat(rerun).isEqualTo(new PeriodOutcome(TimePeriod.DAILY, day, 1, 2, null));
        UserPerformanceMetrics submittedAfter = metric(student, "doubts_submitted", day);
        assertThat(submittedAfter.id()).isEqualTo(submittedBefore.id());
        assertThat(submittedAfter.metricValue()).isEqualByComparingTo("1");
        assertThat(submittedAfter.calculatedAt()).isAfterOrEqualTo(submittedBefore.calculatedAt());
        assertThat(metrics(day, student)).extracting(t -> t.toList().get(1))
                .containsExactly("average_score", "doubts_submitted");
        assertThat(db.userPerformanceMetrics().findById(hostMetric.id())).hasValue(hostMetric);
        assertThat(db.userPerformanceMetrics().findById(legacy.id())).hasValue(legacy);
    }

    @Test
    void aPeriodThatFailsIsRolledBackAloneAndReportedWhileTheOthersComplete() {
        LocalDate first = LocalDate.of(2031, 11, 2);
        LocalDate failing = first.plusDays(1);
        LocalDate last = first.plusDays(2);
        String student = TestRows.user(db.dsl(), "failing-student", Role.STUDENT);
        for (LocalDate day : List.of(first, failing, last)) {
            rows.activity(student, at(day, 9, 0));
        }
        reports.computePerformanceMetrics(TimePeriod.DAILY, first, last);
        List<UserPerformanceMetrics> failingDayBefore = storedOn(student, failing);
        // 200,000,000 minutes do not fit numeric(10,2): the failing day's statement fails as a whole.
        rows.practice(student, "maths", "7", at(failing, 10, 0), 1, 2, 200_000_000, null);
        rows.practice(student, "maths", "7", at(first, 10, 0), 1, 2, 5, null);
        rows.practice(student, "maths", "7", at(last, 10, 0), 2, 2, 5, null);

        List<PeriodOutcome> outcomes = reports.computePerformanceMetrics(TimePeriod.DAILY, first, last);

        assertThat(outcomes).extracting(PeriodOutcome::periodStart, PeriodOutcome::succeeded)
                .containsExactly(tuple(first, true), tuple(failing, false), tuple(last, true));
        assertThat(outcomes.get(1).failure().sqlState()).as("numeric field overflow").isEqualTo("22003");
        assertThat(outcomes.get(0).rowsWritten()).isEqualTo(2);
        assertThat(outcomes.get(2).rowsWritten()).isEqualTo(2);
        assertThat(storedOn(student, failing)).as("the failed day as it was").isEqualTo(failingDayBefore);
        assertThat(storedOn(student, last)).extracting(UserPerformanceMetrics::metricType)
                .containsExactly("active_days", "practice_accuracy", "practice_minutes");
    }

    @Test
    void aPeriodKeyMustNameAPeriodStartAndBeUniqueWhileRowsWithoutOneAreFree() {
        String user = TestRows.user(db.dsl(), "check-user", Role.STUDENT);
        LocalDate tuesday = LocalDate.of(2031, 12, 2);

        assertThatThrownBy(() -> insertMetric(user, "weekly", tuesday))
                .isInstanceOfSatisfying(CheckViolationException.class, refused -> assertThat(refused.constraint())
                        .isEqualTo("user_performance_metrics_period_check"));
        assertThatThrownBy(() -> insertMetric(user, "monthly", tuesday))
                .isInstanceOf(CheckViolationException.class);
        assertThatThrownBy(() -> insertMetric(user, "hourly", tuesday))
                .isInstanceOf(CheckViolationException.class);
        insertMetric(user, "weekly", tuesday.minusDays(1));
        insertMetric(user, "monthly", tuesday.withDayOfMonth(1));
        assertThatThrownBy(() -> insertMetric(user, "weekly", tuesday.minusDays(1)))
                .isInstanceOfSatisfying(UniqueViolationException.class, refused -> assertThat(refused.constraint())
                        .isEqualTo("idx_user_performance_metrics_period"));
        insertMetric(user, "quarterly", null);
        insertMetric(user, "quarterly", null);
    }

    @Test
    void thePeriodKeyIndexBuiltConcurrentlyByTheMigrationIsValidAndUnique() {
        // A concurrent build that failed or was cancelled leaves an index behind that is not valid.
        assertThat(db.dsl().resultQuery("SELECT x.indisvalid AND x.indisunique FROM pg_index x "
                        + "WHERE x.indexrelid = to_regclass('idx_user_performance_metrics_period')")
                .fetchSingle().get(0, Boolean.class)).isTrue();
    }

    @Test
    void aRangeEndingBeforeItStartsOrMissingAPartIsRefused() {
        LocalDate day = LocalDate.of(2031, 1, 1);

        assertThatThrownBy(() -> reports.computePerformanceMetrics(TimePeriod.DAILY, day, day.minusDays(1)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        refused -> assertThat(refused.field()).isEqualTo("toInclusive"));
        assertThatThrownBy(() -> reports.computePerformanceMetrics(null, day, day))
                .isInstanceOf(InvalidInputException.class).hasMessage("period: is required");
        assertThatThrownBy(() -> reports.computePerformanceMetrics(TimePeriod.DAILY, null, day))
                .isInstanceOf(InvalidInputException.class).hasMessage("from: is required");
    }

    private static void insertMetric(String user, String timePeriod, LocalDate periodStart) {
        UserPerformanceMetricsRecord row = db.userPerformanceMetrics().newRecord().setUserId(user)
                .setMetricType("test_metric").setMetricValue(BigDecimal.ONE).setTimePeriod(timePeriod)
                .setPeriodStart(periodStart);
        db.userPerformanceMetrics().insert(row);
    }

    /** (user, metric_type, value, subject_breakdown as jsonb text, grade) of the daily rows of {@code day}. */
    private static List<Tuple> metrics(LocalDate day, String... users) {
        return db.dsl().select(USER_PERFORMANCE_METRICS.USER_ID, USER_PERFORMANCE_METRICS.METRIC_TYPE,
                        USER_PERFORMANCE_METRICS.METRIC_VALUE,
                        DSL.field("subject_breakdown::text", String.class), USER_PERFORMANCE_METRICS.GRADE_LEVEL)
                .from(USER_PERFORMANCE_METRICS)
                .where(USER_PERFORMANCE_METRICS.USER_ID.in(users))
                .and(USER_PERFORMANCE_METRICS.TIME_PERIOD.eq("daily"))
                .and(USER_PERFORMANCE_METRICS.PERIOD_START.eq(day))
                .orderBy(USER_PERFORMANCE_METRICS.USER_ID, USER_PERFORMANCE_METRICS.METRIC_TYPE)
                .fetch(row -> tuple(row.value1(), row.value2(), row.value3().toPlainString(), row.value4(),
                        row.value5()));
    }

    private static UserPerformanceMetrics metric(String user, String metricType, LocalDate day) {
        return db.dsl().selectFrom(USER_PERFORMANCE_METRICS)
                .where(USER_PERFORMANCE_METRICS.USER_ID.eq(user))
                .and(USER_PERFORMANCE_METRICS.METRIC_TYPE.eq(metricType))
                .and(USER_PERFORMANCE_METRICS.TIME_PERIOD.eq("daily"))
                .and(USER_PERFORMANCE_METRICS.PERIOD_START.eq(day))
                .fetchSingleInto(UserPerformanceMetrics.class);
    }

    private static List<UserPerformanceMetrics> stored(String user) {
        return db.dsl().selectFrom(USER_PERFORMANCE_METRICS)
                .where(USER_PERFORMANCE_METRICS.USER_ID.eq(user))
                .orderBy(USER_PERFORMANCE_METRICS.ID)
                .fetchInto(UserPerformanceMetrics.class);
    }

    private static List<UserPerformanceMetrics> storedOn(String user, LocalDate day) {
        return db.dsl().selectFrom(USER_PERFORMANCE_METRICS)
                .where(USER_PERFORMANCE_METRICS.USER_ID.eq(user))
                .and(USER_PERFORMANCE_METRICS.PERIOD_START.eq(day))
                .orderBy(USER_PERFORMANCE_METRICS.METRIC_TYPE)
                .fetchInto(UserPerformanceMetrics.class);
    }
}
