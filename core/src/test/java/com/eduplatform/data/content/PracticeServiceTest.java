package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.tables.pojos.PracticeSessions;
import com.eduplatform.data.jooq.tables.records.PracticeSessionsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.AnalysisResults;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PracticeServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static PracticeService practice;

    @BeforeAll
    static void connect() {
        db = database.db();
        practice = db.workflows().practice();
        for (String student : List.of("first", "retries", "trend", "window", "invalid", "racing")) {
            TestRows.user(db.dsl(), student, Role.STUDENT);
        }
    }

    @Test
    void aStudentsFirstSessionHasNoRetriesTheTrendFirstAndIsLogged() {
        int generation = TestRows.generation(db.dsl(), "first", ContentType.PRACTICE_ANALYSIS);

        PracticeSessions recorded = practice.record(session("first", "mathematics", "fractions", 7, 10)
                .setContentGenerationId(generation)
                .setAnalysisResults(new AnalysisResults(List.of("common denominators"), List.of(),
                        new BigDecimal("0.90"), "Good", null)));

        assertThat(recorded.retryCount()).isZero();
        assertThat(recorded.performanceTrend()).isEqualTo(PracticeService.FIRST);
        assertThat(recorded.scoreAwarded()).isEqualTo(7);
        assertThat(db.practiceSessions().getById(recorded.id())).isEqualTo(recorded);
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq("first")
                .and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq("practice.recorded")))).isEqualTo(1);
    }

    @Test
    void retriesCountTheStudentsEarlierSessionsOnTheSameSubjectAndTopicOnly() {
        PracticeSessions first = practice.record(session("retries", "mathematics", "fractions", 5, 10));
        PracticeSessions second = practice.record(session("retries", "mathematics", "fractions", 6, 10));
        PracticeSessions otherTopic = practice.record(session("retries", "mathematics", "algebra", 6, 10));
        PracticeSessions otherSubject = practice.record(session("retries", "science", "fractions", 6, 10));
        PracticeSessions third = practice.record(session("retries", "mathematics", "fractions", 6, 10));

        assertThat(first.retryCount()).isZero();
        assertThat(second.retryCount()).isEqualTo(1);
        assertThat(otherTopic.retryCount()).isZero();
        assertThat(otherSubject.retryCount()).isZero();
        assertThat(otherSubject.performanceTrend()).isEqualTo(PracticeService.FIRST);
        assertThat(third.retryCount()).isEqualTo(2);
    }

    @Test
    void theTrendComparesTheScoreRatioWithTheRecentMeanInTheSubjectWithinATolerance() {
        List<String> trends = new ArrayList<>();
        trends.add(practice.record(session("trend", "mathematics", "fractions", 6, 10)).performanceTrend());
        // 0.60 against 0.60
        trends.add(practice.record(session("trend", "mathematics", "fractions", 6, 10)).performanceTrend());
        // 0.90 against 0.60; another topic of the subject still counts
        trends.add(practice.record(session("trend", "mathematics", "algebra", 9, 10)).performanceTrend());
        // 0.30 against (0.90 + 0.60 + 0.60) / 3 = 0.70
        trends.add(practice.record(session("trend", "mathematics", "fractions", 3, 10)).performanceTrend());
        // 0.64 against (0.30 + 0.90 + 0.60) / 3 = 0.60: within 0.05
        trends.add(practice.record(session("trend", "mathematics", "fractions", 16, 25)).performanceTrend());
        // 0.20 against (0.64 + 0.30 + 0.90) / 3 = 0.6133
        trends.add(practice.record(session("trend", "mathematics", "fractions", 1, 5)).performanceTrend());

        assertThat(trends).containsExactly(PracticeService.FIRST, PracticeService.STABLE, PracticeService.IMPROVING,
                PracticeService.DECLINING, PracticeService.STABLE, PracticeService.DECLINING);
    }

    @Test
    void theTrendLooksOnlyAtTheThreeMostRecentEarlierSessions() {
        practice.record(session("window", "history", "empires", 10, 10));
        practice.record(session("window", "history", "empires", 2, 10));
        practice.record(session("window", "history", "empires", 2, 10));
        practice.record(session("window", "history", "empires", 2, 10));

        // 0.30 against the last three (0.20): improving; against all four (0.40) it would be declining.
        PracticeSessions latest = practice.record(session("window", "history", "empires", 3, 10));

        assertThat(latest.performanceTrend()).isEqualTo(PracticeService.IMPROVING);
        assertThat(latest.retryCount()).isEqualTo(4);
    }

    @Test
    void aScoreAboveTotalMarksIsRefusedNamingScoreAwardedAndNothingIsWritten() {
        long before = db.practiceSessions().count(PRACTICE_SESSIONS.STUDENT_ID.eq("invalid"));

        assertThatThrownBy(() -> practice.record(session("invalid", "mathematics", "fractions", 11, 10)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.score_awarded"));
        assertThatThrownBy(() -> practice.record(session("invalid", "mathematics", "fractions", -1, 10)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.score_awarded"));

        assertThat(db.practiceSessions().count(PRACTICE_SESSIONS.STUDENT_ID.eq("invalid"))).isEqualTo(before);
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq("invalid"))).isZero();
    }

    @Test
    void derivedFiguresGivenByTheCallerOrMissingRequiredFieldsAreRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> practice.record(session("invalid", "mathematics", "fractions", 5, 10)
                .setRetryCount(3)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.retry_count"));
        assertThatThrownBy(() -> practice.record(session("invalid", "mathematics", "fractions", 5, 10)
                .setPerformanceTrend("improving")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.performance_trend"));
        assertThatThrownBy(() -> practice.record(session("invalid", "mathematics", "fractions", 5, 10)
                .setGrade(null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.grade"));
        assertThatThrownBy(() -> practice.record(session("invalid", " ", "fractions", 5, 10)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("practice_sessions.subject"));

        assertThat(db.practiceSessions().count(PRACTICE_SESSIONS.STUDENT_ID.eq("invalid"))).isZero();
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq("invalid"))).isZero();
    }

    @Test
    void concurrentRecordsForOneStudentAndTopicGetDistinctRetryCounts() throws Exception {
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Integer> retryCounts = new ArrayList<>();
        try {
            List<Future<PracticeSessions>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return practice.record(session("racing", "mathematics", "fractions", 5, 10));
                }));
            }
            start.countDown();
            for (Future<PracticeSessions> future : futures) {
                retryCounts.add(future.get(60, TimeUnit.SECONDS).retryCount());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(retryCounts).containsExactlyInAnyOrderElementsOf(IntStream.range(0, threads).boxed().toList());
        assertThat(db.practiceSessions().find(PRACTICE_SESSIONS.STUDENT_ID.eq("racing")))
                .extracting(PracticeSessions::performanceTrend)
                .containsOnlyOnce(PracticeService.FIRST);
    }

    private static PracticeSessionsRecord session(String studentId, String subject, String topic, int score,
                                                  int total) {
        return db.practiceSessions().newRecord()
                .setStudentId(studentId).setPracticeType("written").setSubject(subject).setTopic(topic)
                .setGrade("8").setStudentResponses("1/2 + 1/3 = 5/6").setIdealAnswers("5/6")
                .setScoreAwarded(score).setTotalMarks(total);
    }
}
