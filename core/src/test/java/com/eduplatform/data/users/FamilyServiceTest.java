package com.eduplatform.data.users;

import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.EXAM_QUESTIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.tables.pojos.ParentProfiles;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.StudentResponses;
import com.eduplatform.data.types.TutoringSessionType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FamilyServiceTest {

    private static final int THREADS = 20;

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static FamilyService families;

    @BeforeAll
    static void connect() {
        db = database.db();
        families = db.workflows().families();
        for (String parent : List.of("parent-1", "parent-2", "parent-3", "parent-link", "parent-crowd")) {
            TestRows.user(db.dsl(), parent, Role.PARENT);
        }
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "no-profile", Role.STUDENT);
    }

    @Test
    void linkingAChildSetsTheirParentAndTheParentsChildrenIdsFollows() {
        String child = student("link-a");
        String sibling = student("link-b");

        ParentProfiles first = families.linkChild("parent-link", child);
        ParentProfiles second = families.linkChild("parent-link", sibling);

        assertThat(first.childrenIds()).containsExactly(child);
        assertThat(second.childrenIds()).containsExactly(child, sibling);
        assertThat(parentOf(child)).isEqualTo("parent-link");
        assertThat(parentOf(sibling)).isEqualTo("parent-link");
        assertThat(childrenOf("parent-link")).containsExactly(child, sibling);
        assertThat(activities("parent-link", child)).containsExactly("family.child_linked");
    }

    @Test
    void linkingTheSameChildAgainChangesNothing() {
        String child = student("relink");
        families.linkChild("parent-2", child);

        ParentProfiles again = families.linkChild("parent-2", child);

        assertThat(again.childrenIds()).contains(child);
        assertThat(activities("parent-2", child)).containsExactly("family.child_linked");
    }

    @Test
    void unlinkingClearsBothSides() {
        String child = student("unlink");
        families.linkChild("parent-3", child);

        ParentProfiles after = families.unlinkChild("parent-3", child);

        assertThat(after.childrenIds()).doesNotContain(child);
        assertThat(parentOf(child)).isNull();
        assertThat(childrenOf("parent-3")).doesNotContain(child);
        assertThatThrownBy(() -> families.unlinkChild("parent-3", child)).isInstanceOf(AccessDeniedException.class);
        assertThat(activities("parent-3", child)).containsExactly("family.child_linked", "family.child_unlinked");
    }

    @Test
    void badLinksAreRefusedNamingTheFieldAndWriteNothing() {
        String child = student("bad-link");
        families.linkChild("parent-1", child);

        assertThatThrownBy(() -> families.linkChild("teacher-1", student("not-a-parent")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parentId"));
        assertThatThrownBy(() -> families.linkChild("parent-2", "no-profile"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("studentId"));
        assertThatThrownBy(() -> families.linkChild("parent-2", child))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("student_profiles.parent_id"));
        assertThatThrownBy(() -> families.linkChild("parent-2", " "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("studentId"));

        assertThat(parentOf(child)).isEqualTo("parent-1");
        assertThat(childrenOf("parent-2")).doesNotContain(child);
        assertThat(db.parentProfiles().exists(PARENT_PROFILES.USER_ID.eq("teacher-1"))).isFalse();
        assertThat(activities("parent-2", child)).isEmpty();
    }

    @Test
    void concurrentLinksToOneParentAllLandInChildrenIds() throws Exception {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            children.add(student("crowd-" + String.format("%02d", i)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<ParentProfiles>> futures = new ArrayList<>();
            for (String child : children) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return families.linkChild("parent-crowd", child);
                }));
            }
            start.countDown();
            for (Future<ParentProfiles> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(childrenOf("parent-crowd")).containsExactlyInAnyOrderElementsOf(children);
        assertThat(db.studentProfiles().count(STUDENT_PROFILES.PARENT_ID.eq("parent-crowd"))).isEqualTo(THREADS);
    }

    @Test
    void theSummaryCountsDoubtsExamsPracticeAndTimeInSql() {
        String child = student("summary");
        String other = student("summary-other");
        families.linkChild("parent-1", child);
        doubt(child, DoubtStatus.PENDING);
        doubt(child, DoubtStatus.PENDING);
        doubt(child, DoubtStatus.RESOLVED);
        doubt(other, DoubtStatus.CLOSED);
        // Exam 1: 6 of 10 marks; exam 2: 4 of 5 marks; mean ratio (0.6 + 0.8) / 2 = 0.7.
        exam(10, child, 4, 2);
        exam(5, child, 4);
        exam(10, other, 10);
        practice(child, 8, 10, 20);
        practice(child, 3, 6, null);
        practice(other, 1, 10, 50);
        tutoring(child, 30);
        tutoring(child, null);
        tutoring(other, 90);

        FamilyService.ChildSummary summary = families.childSummary("parent-1", child);

        assertThat(summary.childId()).isEqualTo(child);
        assertThat(summary.doubtsByStatus()).containsEntry(DoubtStatus.PENDING, 2L)
                .containsEntry(DoubtStatus.RESOLVED, 1L).containsEntry(DoubtStatus.IN_PROGRESS, 0L)
                .containsEntry(DoubtStatus.CLOSED, 0L);
        assertThat(summary.totalDoubts()).isEqualTo(3);
        assertThat(summary.examsAttempted()).isEqualTo(2);
        assertThat(summary.averageExamScore()).isEqualByComparingTo("0.7");
        assertThat(summary.practiceSessions()).isEqualTo(2);
        assertThat(summary.averagePracticeScore()).isEqualByComparingTo("0.65");
        assertThat(summary.tutoringSessions()).isEqualTo(2);
        assertThat(summary.minutesSpent()).isEqualTo(50);
        assertThat(activities("parent-1", child)).containsExactly("family.child_linked", "family.summary_viewed");
    }

    @Test
    void aChildWithNoActivityHasAnEmptySummary() {
        String child = student("quiet");
        families.linkChild("parent-2", child);

        FamilyService.ChildSummary summary = families.childSummary("parent-2", child);

        assertThat(summary.totalDoubts()).isZero();
        assertThat(summary.examsAttempted()).isZero();
        assertThat(summary.averageExamScore()).isNull();
        assertThat(summary.averagePracticeScore()).isNull();
        assertThat(summary.minutesSpent()).isZero();
    }

    @Test
    void onlyTheLinkedParentMayReadTheSummary() {
        String child = student("private");
        families.linkChild("parent-1", child);

        assertThatThrownBy(() -> families.childSummary("parent-2", child)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> families.childSummary("teacher-1", child)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> families.childSummary("parent-1", "nobody")).isInstanceOf(AccessDeniedException.class);
        assertThat(activities("parent-2", child)).isEmpty();
    }

    private static String student(String name) {
        String id = "student-" + name;
        TestRows.user(db.dsl(), id, Role.STUDENT);
        db.dsl().insertInto(STUDENT_PROFILES)
                .set(STUDENT_PROFILES.USER_ID, id)
                .set(STUDENT_PROFILES.GRADE_LEVEL, "8")
                .set(STUDENT_PROFILES.SUBJECTS, List.of("mathematics"))
                .execute();
        return id;
    }

    private static void doubt(String student, DoubtStatus status) {
        db.dsl().insertInto(DOUBT_SUBMISSIONS)
                .set(DOUBT_SUBMISSIONS.STUDENT_ID, student)
                .set(DOUBT_SUBMISSIONS.GRADE, "8")
                .set(DOUBT_SUBMISSIONS.SUBJECT, "mathematics")
                .set(DOUBT_SUBMISSIONS.TOPIC, "fractions")
                .set(DOUBT_SUBMISSIONS.DOUBT_TEXT, "Why?")
                .set(DOUBT_SUBMISSIONS.STATUS, status)
                .execute();
    }

    /** An exam of {@code totalMarks} that {@code student} attempted, scoring {@code marks} on its questions. */
    private static void exam(int totalMarks, String student, int... marks) {
        int examId = db.dsl().insertInto(GENERATED_EXAMS)
                .set(GENERATED_EXAMS.EXAM_CONFIG, new ExamConfig("8", "mathematics", "CBSE", "medium",
                        List.of("fractions"), marks.length, 30, null))
                .set(GENERATED_EXAMS.QUESTIONS, List.<ExamQuestion>of())
                .set(GENERATED_EXAMS.TOTAL_MARKS, totalMarks)
                .set(GENERATED_EXAMS.ESTIMATED_TIME, 30)
                .set(GENERATED_EXAMS.USED_BY_STUDENTS, List.of(student))
                .returning(GENERATED_EXAMS.ID)
                .fetchSingle(GENERATED_EXAMS.ID);
        for (int i = 0; i < marks.length; i++) {
            JsonNode entry = JsonNodeFactory.instance.objectNode().put("answer", "x").put("marks_awarded", marks[i]);
            db.dsl().insertInto(EXAM_QUESTIONS)
                    .set(EXAM_QUESTIONS.GENERATED_EXAM_ID, examId)
                    .set(EXAM_QUESTIONS.QUESTION_NUMBER, i + 1)
                    .set(EXAM_QUESTIONS.QUESTION_TYPE, "short")
                    .set(EXAM_QUESTIONS.QUESTION_TEXT, "Q" + (i + 1))
                    .set(EXAM_QUESTIONS.MARKS_ALLOCATED, totalMarks)
                    .set(EXAM_QUESTIONS.STUDENT_RESPONSES, new StudentResponses(Map.of(student, entry)))
                    .execute();
        }
    }

    private static void practice(String student, int score, int total, Integer minutes) {
        db.dsl().insertInto(PRACTICE_SESSIONS)
                .set(PRACTICE_SESSIONS.STUDENT_ID, student)
                .set(PRACTICE_SESSIONS.PRACTICE_TYPE, "homework")
                .set(PRACTICE_SESSIONS.SUBJECT, "mathematics")
                .set(PRACTICE_SESSIONS.TOPIC, "fractions")
                .set(PRACTICE_SESSIONS.GRADE, "8")
                .set(PRACTICE_SESSIONS.STUDENT_RESPONSES, "answers")
                .set(PRACTICE_SESSIONS.IDEAL_ANSWERS, "ideal")
                .set(PRACTICE_SESSIONS.SCORE_AWARDED, score)
                .set(PRACTICE_SESSIONS.TOTAL_MARKS, total)
                .set(PRACTICE_SESSIONS.TIME_SPENT_MINUTES, minutes)
                .execute();
    }

    private static void tutoring(String student, Integer minutes) {
        db.dsl().insertInto(TUTORING_SESSIONS)
                .set(TUTORING_SESSIONS.STUDENT_ID, student)
                .set(TUTORING_SESSIONS.SESSION_TYPE, TutoringSessionType.TEACHING)
                .set(TUTORING_SESSIONS.SESSION_DURATION, minutes)
                .execute();
    }

    private static String parentOf(String student) {
        return db.dsl().select(STUDENT_PROFILES.PARENT_ID).from(STUDENT_PROFILES)
                .where(STUDENT_PROFILES.USER_ID.eq(student)).fetchSingle().value1();
    }

    private static List<String> childrenOf(String parent) {
        return db.dsl().select(PARENT_PROFILES.CHILDREN_IDS).from(PARENT_PROFILES)
                .where(PARENT_PROFILES.USER_ID.eq(parent)).fetchOptional(PARENT_PROFILES.CHILDREN_IDS)
                .orElse(List.of());
    }

    private static List<String> activities(String parent, String child) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(USER_ACTIVITY_LOGS.USER_ID.eq(parent))
                .and(DSL.field("{0}->>'child_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS).eq(child))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
