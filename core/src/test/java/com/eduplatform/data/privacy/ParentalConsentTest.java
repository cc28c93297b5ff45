package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.EXAM_QUESTIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.content.ExamService;
import com.eduplatform.data.content.ExamService.Answer;
import com.eduplatform.data.error.ConsentRequiredException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.jooq.tables.pojos.ParentalConsents;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.records.ContentUsageStatsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ConsentMethod;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep3;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COPPA in the schema: an under-13 student's data beyond their account is refused until a verified parental consent
 * exists, through repositories, workflows and {@code dsl()} alike, and again once it is revoked.
 */
class ParentalConsentTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    @Test
    void anUnder13StudentsDataIsRefusedBeforeConsentAllowedAfterAndRefusedAgainAfterRevocation() {
        EduDatabase db = database.db();
        String child = student(db, "child-1", LocalDate.now().minusYears(10));
        String parent = TestRows.user(db.dsl(), "parent-1", Role.PARENT);

        assertConsentRequired(() -> practice(db, child), child, "practice_sessions");
        assertThat(db.privacy().consentRequired(child)).isTrue();

        ParentalConsents consent = db.privacy().recordConsent(child, parent, ConsentMethod.SIGNED_FORM, "form-0042");
        assertThat(consent.verifiedAt()).isNotNull();
        assertThat(consent.revokedAt()).isNull();
        assertThat(db.privacy().activeConsent(child)).contains(consent);
        assertThat(db.privacy().consentRequired(child)).isFalse();
        assertThatCode(() -> practice(db, child)).doesNotThrowAnyException();

        assertThat(db.privacy().revokeConsent(child)).isTrue();
        assertThat(db.privacy().revokeConsent(child)).as("nothing left to revoke").isFalse();
        assertThat(db.privacy().activeConsent(child)).isEmpty();
        assertConsentRequired(() -> practice(db, child), child, "practice_sessions");
        assertThat(db.dsl().fetchCount(PRACTICE_SESSIONS, PRACTICE_SESSIONS.STUDENT_ID.eq(child))).isEqualTo(1);
    }

    @Test
    void theSchemaRefusesTheHostsOwnQueriesAndTheWorkflowsToo() {
        EduDatabase db = database.db();
        DSLContext dsl = db.dsl();
        String child = student(db, "child-2", LocalDate.now().minusYears(12));

        assertConsentRequired(() -> TestRows.generation(dsl, child, ContentType.EXAM), child, "content_generations");
        assertConsentRequired(() -> db.workflows().doubts().submit(db.doubtSubmissions().newRecord()
                .setStudentId(child).setGrade("7").setSubject("maths").setTopic("fractions").setDoubtText("Why?")),
                child, "doubt_submissions");
        assertConsentRequired(() -> dsl.execute("insert into tutoring_sessions (student_id, session_type) "
                + "values (?, 'chat')", child), child, "tutoring_sessions");
        assertConsentRequired(() -> db.contentFeedback().insert(db.contentFeedback().newRecord()
                .setContentGenerationId(TestRows.generation(dsl, TestRows.user(dsl, "teacher-2", Role.TEACHER),
                        ContentType.LESSON)).setUserId(child).setFeedbackType("rating")), child, "content_feedback");
        assertThat(dsl.fetchCount(CONTENT_GENERATIONS, CONTENT_GENERATIONS.USER_ID.eq(child))).isZero();
    }

    @Test
    void anExamAttemptOfAnUnder13StudentIsRefusedUntilConsentAndLeavesNoAnswerOrEntry() {
        EduDatabase db = database.db();
        DSLContext dsl = db.dsl();
        String child = student(db, "child-exam", LocalDate.now().minusYears(9));
        String parent = TestRows.user(dsl, "parent-exam", Role.PARENT);
        String teacher = TestRows.user(dsl, "teacher-exam", Role.TEACHER);
        ExamService exams = db.workflows().exams();
        int examId = exams.create(teacher, db.generatedExams().newRecord()
                        .setExamConfig(new ExamConfig("5", "maths", "CBSE", "easy", List.of("fractions"), 1, 10, null))
                        .setEstimatedTime(10),
                List.of(new ExamQuestion(1, "mcq", "Q1", List.of("a", "b"), "a", 2, "easy", null))).exam().id();
        exams.publish(examId, teacher);
        List<Answer> answers = List.of(new Answer(1, TextNode.valueOf("a"), 2));

        assertThatThrownBy(() -> exams.recordAttempt(examId, child, answers))
                .isInstanceOfSatisfying(ConsentRequiredException.class, e -> {
                    assertThat(e.studentId()).isEqualTo(child);
                    assertThat(e.table()).isIn("exam_questions", "generated_exams");
                });
        assertConsentRequired(() -> dsl.execute("update generated_exams set used_by_students = "
                + "array_append(used_by_students, cast(? as varchar)) where id = ?", child, examId),
                child, "generated_exams");
        assertConsentRequired(() -> dsl.execute("update exam_questions set student_responses = "
                + "coalesce(student_responses, '{}'::jsonb) || jsonb_build_object(cast(? as text), 1) "
                + "where generated_exam_id = ?", child, examId), child, "exam_questions");
        assertThat(dsl.fetchCount(GENERATED_EXAMS, GENERATED_EXAMS.ID.eq(examId)
                .and(DSL.condition("{0} = any({1})", DSL.val(child), GENERATED_EXAMS.USED_BY_STUDENTS))))
                .as("the child is not among the exam's students").isZero();
        assertThat(dsl.fetchCount(EXAM_QUESTIONS, EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId)
                .and(DSL.condition("jsonb_exists({0}, {1})", EXAM_QUESTIONS.STUDENT_RESPONSES, DSL.val(child)))))
                .as("no answer of the child is kept").isZero();
        assertThatThrownBy(() -> dsl.execute("update exam_questions set student_responses = "
                + "jsonb_build_array(jsonb_build_object(cast(? as text), 1)) where generated_exam_id = ?", child, examId))
                .as("answers hidden in a document not keyed by student are refused too")
                .isInstanceOfSatisfying(EduDataException.class, e -> assertThat(e.sqlState()).isEqualTo("22023"));

        db.privacy().recordConsent(child, parent, ConsentMethod.SIGNED_FORM, "form-exam");
        assertThat(exams.recordAttempt(examId, child, answers).score()).isEqualTo(2);
    }

    @Test
    void movingARowToAnUnder13StudentIsRefusedLikeInsertingIt() {
        EduDatabase db = database.db();
        String older = student(db, "older-3", LocalDate.now().minusYears(15));
        String child = student(db, "child-3", LocalDate.now().minusYears(9));
        int generation = TestRows.generation(db.dsl(), older, ContentType.EXAM);

        assertConsentRequired(() -> db.dsl().update(CONTENT_GENERATIONS).set(CONTENT_GENERATIONS.USER_ID, child)
                .where(CONTENT_GENERATIONS.ID.eq(generation)).execute(), child, "content_generations");
        assertThatCode(() -> db.dsl().update(CONTENT_GENERATIONS).set(CONTENT_GENERATIONS.TITLE, "Renamed")
                .where(CONTENT_GENERATIONS.ID.eq(generation)).execute()).doesNotThrowAnyException();
    }

    @Test
    void aStatementOfManyRowsIsRefusedWholeWhenOneNamesAnUnder13Student() {
        EduDatabase db = database.db();
        String older = student(db, "older-8", LocalDate.now().minusYears(14));
        String child = student(db, "child-8", LocalDate.now().minusYears(7));
        int generation = TestRows.generation(db.dsl(), older, ContentType.LESSON);
        Supplier<InsertValuesStep3<ContentUsageStatsRecord, Integer, String, String>> usage = () -> db.dsl()
                .insertInto(CONTENT_USAGE_STATS, CONTENT_USAGE_STATS.CONTENT_GENERATION_ID,
                        CONTENT_USAGE_STATS.USER_ID, CONTENT_USAGE_STATS.ACCESS_TYPE);

        assertConsentRequired(() -> usage.get().values(generation, older, "view").values(generation, child, "view")
                .values(generation, older, "download").execute(), child, "content_usage_stats");
        assertThat(db.dsl().fetchCount(CONTENT_USAGE_STATS, CONTENT_USAGE_STATS.CONTENT_GENERATION_ID.eq(generation)))
                .as("the older student's rows of the refused statement are undone too").isZero();
        assertThat(usage.get().values(generation, older, "view").values(generation, older, "download").execute())
                .isEqualTo(2);
    }

    @Test
    void thirteenIsReachedOnTheThirteenthBirthday() {
        EduDatabase db = database.db();
        String turnsThirteenToday = student(db, "birthday-4", LocalDate.now().minusYears(13));
        String turnsThirteenTomorrow = student(db, "almost-4", LocalDate.now().minusYears(13).plusDays(1));

        assertThatCode(() -> practice(db, turnsThirteenToday)).doesNotThrowAnyException();
        assertConsentRequired(() -> practice(db, turnsThirteenTomorrow), turnsThirteenTomorrow, "practice_sessions");
        assertThat(db.privacy().consentRequired(turnsThirteenToday)).isFalse();
    }

    @Test
    void aStudentWithoutABirthDateAndAUserWithoutAStudentProfileAreNotRefused() {
        EduDatabase db = database.db();
        String unknownAge = student(db, "unknown-5", null);
        String teacher = TestRows.user(db.dsl(), "teacher-5", Role.TEACHER);

        assertThatCode(() -> practice(db, unknownAge)).doesNotThrowAnyException();
        assertThatCode(() -> TestRows.generation(db.dsl(), teacher, ContentType.EXAM)).doesNotThrowAnyException();
        assertThat(db.privacy().consentRequired(unknownAge)).isFalse();
        assertThat(db.privacy().consentRequired(teacher)).isFalse();
    }

    @Test
    void activityLogsOfTheAccountItselfAreNotGuardedSoBulkIngestionKeepsWorking() {
        EduDatabase db = database.db();
        String child = student(db, "child-6", LocalDate.now().minusYears(8));

        var result = db.bulk().load(USER_ACTIVITY_LOGS, List.of(
                new UserActivityLogs(null, child, "login", null, OffsetDateTime.now(), null, null, null, null),
                new UserActivityLogs(null, child, "logout", null, OffsetDateTime.now(), null, null, null, null)));

        assertThat(result.rows()).isEqualTo(2);
        assertThat(db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.eq(child))).isEqualTo(2);
    }

    @Test
    void aStudentHasAtMostOneConsentInForceAndAConsentNeedsItsEvidence() {
        EduDatabase db = database.db();
        String child = student(db, "child-7", LocalDate.now().minusYears(11));
        String parent = TestRows.user(db.dsl(), "parent-7", Role.PARENT);
        db.privacy().recordConsent(child, parent, ConsentMethod.VIDEO_CALL, "call-7");

        assertThatThrownBy(() -> db.privacy().recordConsent(child, parent, ConsentMethod.SIGNED_FORM, "form-7"))
                .isInstanceOf(UniqueViolationException.class);
        assertThatThrownBy(() -> db.privacy().recordConsent(child, parent, ConsentMethod.SIGNED_FORM, " "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("evidenceReference"));
        db.privacy().revokeConsent(child);
        assertThat(db.privacy().recordConsent(child, parent, ConsentMethod.SIGNED_FORM, "form-7").evidenceReference())
                .as("a new consent once the old one is revoked").isEqualTo("form-7");
        assertThat(db.parentalConsents().count(com.eduplatform.data.jooq.Tables.PARENTAL_CONSENTS.STUDENT_ID.eq(child)))
                .isEqualTo(2L);
    }

    private static void assertConsentRequired(ThrowingCallable write, String student, String table) {
        assertThatThrownBy(write).isInstanceOfSatisfying(ConsentRequiredException.class, e -> {
            assertThat(e.studentId()).isEqualTo(student);
            assertThat(e.table()).isEqualTo(table);
            assertThat(e.sqlState()).isEqualTo("ED013");
            assertThat(e.getMessage()).contains(student, "under 13");
        });
    }

    private static String student(EduDatabase db, String id, LocalDate dateOfBirth) {
        TestRows.student(db.dsl(), id, dateOfBirth);
        assertThat(db.dsl().fetchValue(STUDENT_PROFILES.DATE_OF_BIRTH, STUDENT_PROFILES.USER_ID.eq(id)))
                .isEqualTo(dateOfBirth);
        return id;
    }

    private static void practice(EduDatabase db, String student) {
        db.practiceSessions().insert(db.practiceSessions().newRecord().setStudentId(student).setPracticeType("quiz")
                .setSubject("maths").setTopic("fractions").setGrade("5").setStudentResponses("1/2")
                .setIdealAnswers("1/2").setScoreAwarded(1).setTotalMarks(1));
    }
}
