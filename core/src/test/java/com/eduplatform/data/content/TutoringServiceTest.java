package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.TutoringSessions;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.TutoringMessage;
import com.eduplatform.data.types.TutoringSessionType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TutoringServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static TutoringService tutoring;

    @BeforeAll
    static void connect() {
        db = database.db();
        tutoring = db.workflows().tutoring();
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
    }

    @Test
    void aSessionStartsAndItsMessagesAreAppendedInOrderWithEveryField() {
        int generation = TestRows.generation(db.dsl(), "student-1", ContentType.TUTOR_SESSION);
        TutoringSessions started = tutoring.start(db.tutoringSessions().newRecord().setStudentId("student-1")
                .setSessionType(TutoringSessionType.TEACHING).setContentGenerationId(generation)
                .setLearningObjective("Add fractions"));
        OffsetDateTime sentAt = OffsetDateTime.of(2025, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC);

        tutoring.appendMessages(started.id(), List.of(
                new TutoringMessage("student", "How do I add 1/2 and 1/3?", sentAt, Map.of("tokens", 9)),
                new TutoringMessage("tutor", "Find a common denominator.", sentAt.plusSeconds(5), null)));
        TutoringSessions after = tutoring.appendMessages(started.id(),
                List.of(new TutoringMessage("student", "So 5/6?", null, null)));

        assertThat(after.messages()).extracting(TutoringMessage::content).containsExactly(
                "How do I add 1/2 and 1/3?", "Find a common denominator.", "So 5/6?");
        assertThat(after.messages().get(0).sentAt()).isEqualTo(sentAt);
        assertThat(after.messages().get(0).otherFields()).containsEntry("tokens", 9);
        assertThat(db.tutoringSessions().getById(started.id()).messages()).isEqualTo(after.messages());
        assertThat(activities(started.id())).containsExactly(
                "tutoring.started", "tutoring.messages_appended", "tutoring.messages_appended");
    }

    @Test
    void concurrentAppendsToOneSessionAreAllKept() throws Exception {
        int sessionId = session();
        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TutoringSessions>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String content = "message " + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return tutoring.appendMessages(sessionId, List.of(new TutoringMessage("student", content, null,
                            null)));
                }));
            }
            start.countDown();
            for (Future<TutoringSessions> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(db.tutoringSessions().getById(sessionId).messages()).extracting(TutoringMessage::content)
                .hasSize(threads)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, threads).mapToObj(i -> "message " + i).toList());
        assertThat(activities(sessionId)).filteredOn("tutoring.messages_appended"::equals).hasSize(threads);
    }

    @Test
    void messagesWithoutARoleOrNoMessagesAtAllAreRefusedAndNothingIsWritten() {
        int sessionId = session();
        tutoring.appendMessages(sessionId, List.of(new TutoringMessage("student", "Hello", null, null)));

        assertThatThrownBy(() -> tutoring.appendMessages(sessionId, List.of(
                new TutoringMessage("student", "fine", null, null), new TutoringMessage(" ", "no role", null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("tutoring_sessions.messages"));
        assertThatThrownBy(() -> tutoring.appendMessages(sessionId, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("tutoring_sessions.messages"));

        assertThat(db.tutoringSessions().getById(sessionId).messages()).extracting(TutoringMessage::content)
                .containsExactly("Hello");
        assertThat(activities(sessionId)).containsExactly("tutoring.started", "tutoring.messages_appended");
    }

    @Test
    void appendingToAnUnknownSessionIsNotFound() {
        assertThatThrownBy(() -> tutoring.appendMessages(999_999, List.of(new TutoringMessage("student", "Hi",
                null, null)))).isInstanceOf(NotFoundException.class);

        assertThat(activities(999_999)).isEmpty();
    }

    @Test
    void theEngagementScoreIsRecordedFromZeroToTen() {
        int sessionId = session();

        assertThat(tutoring.recordEngagement(sessionId, new BigDecimal("7.25")).studentEngagementScore())
                .isEqualByComparingTo("7.25");
        assertThat(tutoring.recordEngagement(sessionId, new BigDecimal("10")).studentEngagementScore())
                .isEqualByComparingTo("10.00");
        assertThat(tutoring.recordEngagement(sessionId, BigDecimal.ZERO).studentEngagementScore())
                .isEqualByComparingTo("0");
        assertThat(activities(sessionId)).containsExactly("tutoring.started", "tutoring.engagement_recorded",
                "tutoring.engagement_recorded", "tutoring.engagement_recorded");
    }

    @Test
    void anEngagementScoreOutsideZeroToTenOrWithThreeDecimalsIsRefusedBeforeSqlAndNothingIsWritten() {
        int sessionId = session();
        tutoring.recordEngagement(sessionId, new BigDecimal("5.50"));

        for (String score : List.of("10.01", "-0.01", "7.255", "100")) {
            assertThatThrownBy(() -> tutoring.recordEngagement(sessionId, new BigDecimal(score)))
                    .as(score)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("tutoring_sessions.student_engagement_score"));
        }
        assertThatThrownBy(() -> tutoring.recordEngagement(sessionId, null))
                .isInstanceOf(InvalidInputException.class);

        assertThat(db.tutoringSessions().getById(sessionId).studentEngagementScore()).isEqualByComparingTo("5.50");
        assertThat(activities(sessionId)).filteredOn("tutoring.engagement_recorded"::equals).hasSize(1);
    }

    @Test
    void recordingEngagementOfAnUnknownSessionIsNotFound() {
        assertThatThrownBy(() -> tutoring.recordEngagement(999_998, new BigDecimal("5")))
                .isInstanceOf(NotFoundException.class);
    }

    private static int session() {
        return tutoring.start(db.tutoringSessions().newRecord().setStudentId("student-1")
                .setSessionType(TutoringSessionType.CHAT)).id();
    }

    private static List<String> activities(int sessionId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>'tutoring_session_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(sessionId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
