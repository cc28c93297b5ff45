package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DoubtServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static DoubtService doubts;

    @BeforeAll
    static void connect() {
        db = database.db();
        doubts = db.workflows().doubts();
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        TestRows.user(db.dsl(), "student-2", Role.STUDENT);
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "teacher-2", Role.TEACHER);
    }

    @Test
    void aDoubtGoesFromSubmittedToTakenToResolvedToClosedAndTheStudentIsNotified() {
        DoubtSubmissions submitted = submit("student-1");
        DoubtSubmissions taken = doubts.take(submitted.id(), "teacher-1");
        DoubtSubmissions resolved = doubts.resolve(submitted.id(), "teacher-1", "Use a common denominator: 5/6.");
        DoubtSubmissions closed = doubts.close(submitted.id(), "student-1");

        assertThat(submitted.status()).isEqualTo(DoubtStatus.PENDING);
        assertThat(taken.status()).isEqualTo(DoubtStatus.IN_PROGRESS);
        assertThat(taken.resolverId()).isEqualTo("teacher-1");
        assertThat(resolved.status()).isEqualTo(DoubtStatus.RESOLVED);
        assertThat(resolved.resolvedAt()).isAfterOrEqualTo(submitted.createdAt());
        assertThat(resolved.timeToResolve()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(closed.status()).isEqualTo(DoubtStatus.CLOSED);
        assertThat(db.notifications().find(NOTIFICATIONS.USER_ID.eq("student-1")
                .and(NOTIFICATIONS.NOTIFICATION_TYPE.eq("doubt_resolved")))).hasSize(1);
        assertThat(activities(submitted.id())).containsExactly(
                "doubt.submitted", "doubt.taken", "doubt.resolved", "doubt.closed");
    }

    @Test
    void onlyATeacherMayTakeADoubt() {
        DoubtSubmissions doubt = submit("student-1");

        assertThatThrownBy(() -> doubts.take(doubt.id(), "student-2")).isInstanceOf(AccessDeniedException.class);

        assertThat(db.doubtSubmissions().getById(doubt.id()).status()).isEqualTo(DoubtStatus.PENDING);
    }

    @Test
    void twoTeachersTakingOneDoubtAtOnceLeaveExactlyOneResolver() throws Exception {
        DoubtSubmissions doubt = submit("student-1");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (String teacher : List.of("teacher-1", "teacher-2")) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return doubts.take(doubt.id(), teacher).resolverId();
                    } catch (InvalidTransitionException lost) {
                        return "lost from " + lost.currentState();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            String winner = db.doubtSubmissions().getById(doubt.id()).resolverId();

            assertThat(results).containsExactlyInAnyOrder(winner, "lost from in_progress");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resolvingADoubtNobodyTookIsAnInvalidTransitionAndWritesNothing() {
        DoubtSubmissions doubt = submit("student-1");

        assertThatThrownBy(() -> doubts.resolve(doubt.id(), "teacher-1", "An answer"))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.currentState()).isEqualTo("pending");
                    assertThat(e.requestedState()).isEqualTo("resolved");
                });

        assertThat(db.doubtSubmissions().getById(doubt.id()).resolutionText()).isNull();
        assertThat(db.notifications().count(NOTIFICATIONS.NOTIFICATION_TYPE.eq("doubt_resolved")
                .and(NOTIFICATIONS.USER_ID.eq("student-2")))).isZero();
    }

    @Test
    void onlyTheTeacherWhoTookADoubtMayResolveIt() {
        DoubtSubmissions doubt = submit("student-1");
        doubts.take(doubt.id(), "teacher-1");

        assertThatThrownBy(() -> doubts.resolve(doubt.id(), "teacher-2", "An answer"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theStudentRatesAResolvedDoubtFromOneToFive() {
        DoubtSubmissions doubt = submit("student-2");
        doubts.take(doubt.id(), "teacher-1");
        doubts.resolve(doubt.id(), "teacher-1", "Answer");

        assertThat(doubts.rate(doubt.id(), "student-2", 5).studentSatisfactionRating()).isEqualTo(5);
        assertThatThrownBy(() -> doubts.rate(doubt.id(), "student-2", 6))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("student_satisfaction_rating");
        assertThatThrownBy(() -> doubts.rate(doubt.id(), "student-1", 4)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aPendingDoubtCannotBeRated() {
        DoubtSubmissions doubt = submit("student-2");

        assertThatThrownBy(() -> doubts.rate(doubt.id(), "student-2", 3))
                .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void relatedDoubtsMustExistAndNeverIncludeTheDoubtItself() {
        DoubtSubmissions first = submit("student-1");
        DoubtSubmissions second = submit("student-2");

        assertThat(doubts.relate(second.id(), "teacher-1", List.of(first.id())).relatedDoubts())
                .containsExactly(first.id());
        assertThatThrownBy(() -> doubts.relate(second.id(), "teacher-1", List.of(999_999)))
                .isInstanceOf(ForeignKeyViolationException.class);
        assertThatThrownBy(() -> doubts.relate(second.id(), "teacher-1", List.of(second.id())))
                .isInstanceOf(InvalidInputException.class);
    }

    private static DoubtSubmissions submit(String studentId) {
        return doubts.submit(db.doubtSubmissions().newRecord().setStudentId(studentId).setGrade("8")
                .setSubject("mathematics").setTopic("fractions").setDoubtText("Why is 1/2 + 1/3 not 2/5?"));
    }

    private static List<String> activities(int doubtId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(org.jooq.impl.DSL.field("{0}->>'doubt_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(doubtId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
