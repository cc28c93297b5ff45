package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATION_VERSIONS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.EXAM_QUESTIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.GENERATED_LESSONS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.jooq.tables.pojos.ContentGenerations;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.jooq.tables.pojos.GeneratedExams;
import com.eduplatform.data.jooq.tables.pojos.GeneratedLessons;
import com.eduplatform.data.jooq.tables.records.GeneratedExamsRecord;
import com.eduplatform.data.jooq.tables.records.GeneratedLessonsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.GenerationMetadata;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.LessonConfig;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GenerationServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static GenerationService generations;

    @BeforeAll
    static void connect() {
        db = database.db();
        generations = db.workflows().generations();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "teacher-2", Role.TEACHER);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        TestRows.user(db.dsl(), "admin-1", Role.ADMIN);
    }

    @Test
    void aGenerationGoesFromGeneratingToCompletedToArchivedWithItsExamWrittenAndItsOwnerNotified() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Fractions quiz");
        GenerationMetadata metadata = new GenerationMetadata("gpt-4o", new BigDecimal("0.92"), null, 1800L, 400,
                800, Map.of());

        ContentGenerations completed = generations.complete(started.id(),
                new GenerationService.Output("10 questions on fractions", metadata, 1200, 1850), exam(10));
        ContentGenerations archived = generations.archive(started.id(), "teacher-1");

        assertThat(started.status()).isEqualTo(GenerationStatus.GENERATING);
        assertThat(started.inputParameters().get("topic").asText()).isEqualTo("fractions");
        assertThat(started.generatedContent()).isNull();
        assertThat(completed.status()).isEqualTo(GenerationStatus.COMPLETED);
        assertThat(completed.generatedContent()).isEqualTo("10 questions on fractions");
        assertThat(completed.metadata()).isEqualTo(metadata);
        assertThat(completed.tokenUsage()).isEqualTo(1200);
        assertThat(completed.generationTimeMs()).isEqualTo(1850);
        assertThat(archived.status()).isEqualTo(GenerationStatus.ARCHIVED);
        GeneratedExams exam = db.generatedExams().findOne(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(started.id()))
                .orElseThrow();
        assertThat(exam.totalMarks()).isEqualTo(10);
        assertThat(db.examQuestions().find(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(exam.id())))
                .as("exam_questions rows follow the questions document")
                .singleElement().satisfies(q -> assertThat(q.marksAllocated()).isEqualTo(10));
        assertThat(db.notifications().find(NOTIFICATIONS.USER_ID.eq("teacher-1")
                .and(NOTIFICATIONS.NOTIFICATION_TYPE.eq("exam_ready"))
                .and(NOTIFICATIONS.RELATED_CONTENT_ID.eq(started.id()))))
                .singleElement()
                .satisfies(n -> assertThat(n.message()).contains("Fractions quiz"));
        assertThat(activities(started.id()))
                .containsExactly("generation.started", "generation.completed", "generation.archived");
    }

    @Test
    void aLessonIsCompletedWithItsLessonRowAndNobodyIsToldAnExamIsReady() {
        ContentGenerations started = start("teacher-2", ContentType.LESSON, "Photosynthesis");

        generations.complete(started.id(), output("A lesson on photosynthesis", 300), lesson("Light and leaves"));

        assertThat(db.generatedLessons().find(GENERATED_LESSONS.CONTENT_GENERATION_ID.eq(started.id())))
                .extracting(GeneratedLessons::lessonContent).containsExactly("Light and leaves");
        assertThat(db.notifications().count(NOTIFICATIONS.RELATED_CONTENT_ID.eq(started.id()))).isZero();
    }

    @Test
    void aSpecificRowTheDatabaseRefusesRollsTheCompletionBackWithIt() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Algebra");
        GeneratedExamsRecord badExam = exam(10).setUsedByStudents(List.of("no-such-student"));

        assertThatThrownBy(() -> generations.complete(started.id(), output("Algebra exam", 500), badExam))
                .isInstanceOf(ForeignKeyViolationException.class);

        assertUnchanged(started);
        assertThat(db.generatedExams().count(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(started.id()))).isZero();
        assertThat(db.notifications().count(NOTIFICATIONS.RELATED_CONTENT_ID.eq(started.id()))).isZero();
        assertThat(activities(started.id())).containsExactly("generation.started");
    }

    @Test
    void anIncompleteSpecificRowIsRefusedNamingItsFieldAndTheGenerationStaysGenerating() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Geometry");
        GeneratedExamsRecord noMarks = db.generatedExams().newRecord()
                .setExamConfig(examConfig()).setQuestions(List.of(question())).setEstimatedTime(30);

        assertThatThrownBy(() -> generations.complete(started.id(), output("Geometry exam", 500), noMarks))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("generated_exams.total_marks"));

        assertUnchanged(started);
        assertThat(db.generatedExams().count(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(started.id()))).isZero();
    }

    @Test
    void aSpecificRowOfAnotherContentTypeIsRefusedAndNothingIsWritten() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "History");

        assertThatThrownBy(() -> generations.complete(started.id(), output("History exam", 100), lesson("Rome")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("specific");
                    assertThat(e.reason()).contains("generated_exams").contains("generated_lessons");
                });

        assertUnchanged(started);
        assertThat(db.generatedLessons().count(GENERATED_LESSONS.CONTENT_GENERATION_ID.eq(started.id()))).isZero();
    }

    @Test
    void completingAFailedGenerationIsAnInvalidTransitionAndChangesNothing() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Chemistry");
        ContentGenerations failed = generations.fail(started.id(), "model timed out");

        assertThatThrownBy(() -> generations.complete(started.id(), output("Late output", 900), exam(10)))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.currentState()).isEqualTo("failed");
                    assertThat(e.requestedState()).isEqualTo("completed");
                });

        ContentGenerations after = db.contentGenerations().getById(started.id());
        assertThat(after).isEqualTo(failed);
        assertThat(after.metadata().otherFields()).containsEntry("failure_reason", "model timed out");
        assertThat(db.generatedExams().count(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(started.id()))).isZero();
        assertThat(db.notifications().count(NOTIFICATIONS.RELATED_CONTENT_ID.eq(started.id()))).isZero();
        assertThat(activities(started.id())).containsExactly("generation.started", "generation.failed");
    }

    @Test
    void aGenerationStillGeneratingCannotBeArchivedOrRegenerated() {
        ContentGenerations started = start("teacher-1", ContentType.LESSON, "Volcanoes");

        assertThatThrownBy(() -> generations.archive(started.id(), "teacher-1"))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("generating"));
        assertThatThrownBy(() -> generations.regenerate(started.id(), "teacher-1"))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("generating"));

        assertUnchanged(started);
        assertThat(db.dsl().fetchCount(CONTENT_GENERATION_VERSIONS,
                CONTENT_GENERATION_VERSIONS.CONTENT_GENERATION_ID.eq(started.id()))).isZero();
    }

    @Test
    void onlyTheOwnerOrAnAdminMayArchiveAGeneration() {
        ContentGenerations mine = start("teacher-1", ContentType.LESSON, "Rivers");
        generations.complete(mine.id(), output("Rivers lesson", 10), lesson("Rivers flow"));
        ContentGenerations other = start("teacher-1", ContentType.LESSON, "Lakes");
        generations.complete(other.id(), output("Lakes lesson", 10), lesson("Lakes are still"));

        assertThatThrownBy(() -> generations.archive(mine.id(), "teacher-2"))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(db.contentGenerations().getById(mine.id()).status()).isEqualTo(GenerationStatus.COMPLETED);
        assertThat(generations.archive(other.id(), "admin-1").status()).isEqualTo(GenerationStatus.ARCHIVED);
    }

    @Test
    void regeneratingKeepsEachEarlierOutputReadableInTheHistoryAndRewritesTheSpecificRow() {
        ContentGenerations started = start("teacher-2", ContentType.LESSON, "Magnets");
        ContentGenerations first = generations.complete(started.id(), output("Magnets, take one", 700),
                lesson("Poles attract"));
        ObjectNode harder = JsonNodeFactory.instance.objectNode().put("grade", "9").put("topic", "magnets");

        ContentGenerations regenerating = generations.regenerate(started.id(), "teacher-2", harder);
        ContentGenerations second = generations.complete(started.id(), output("Magnets, take two", 900),
                lesson("Fields and flux"));
        List<GenerationService.Version> history = generations.history(started.id());

        assertThat(regenerating.status()).isEqualTo(GenerationStatus.GENERATING);
        assertThat(regenerating.generatedContent()).isNull();
        assertThat(regenerating.tokenUsage()).isZero();
        assertThat(regenerating.inputParameters()).isEqualTo(harder);
        assertThat(regenerating.versionNumber()).isGreaterThan(first.versionNumber());
        assertThat(history).extracting(GenerationService.Version::versionNumber)
                .containsExactly(first.versionNumber(), second.versionNumber());
        assertThat(history.get(0)).satisfies(v -> {
            assertThat(v.generatedContent()).isEqualTo("Magnets, take one");
            assertThat(v.status()).isEqualTo(GenerationStatus.COMPLETED);
            assertThat(v.tokenUsage()).isEqualTo(700);
            assertThat(v.metadata()).isEqualTo(first.metadata());
            assertThat(v.current()).isFalse();
        });
        assertThat(history.get(1)).satisfies(v -> {
            assertThat(v.generatedContent()).isEqualTo("Magnets, take two");
            assertThat(v.tokenUsage()).isEqualTo(900);
            assertThat(v.current()).isTrue();
        });
        assertThat(db.generatedLessons().find(GENERATED_LESSONS.CONTENT_GENERATION_ID.eq(started.id())))
                .extracting(GeneratedLessons::lessonContent).containsExactly("Fields and flux");
        assertThat(activities(started.id())).containsExactly("generation.started", "generation.completed",
                "generation.regenerated", "generation.completed");
    }

    @Test
    void aFailedGenerationCanBeRegeneratedAndItsFailureStaysInTheHistory() {
        ContentGenerations started = start("teacher-1", ContentType.LESSON, "Tides");
        generations.fail(started.id(), "content filter");

        generations.regenerate(started.id(), "teacher-1");
        List<GenerationService.Version> history = generations.history(started.id());

        assertThat(history).extracting(GenerationService.Version::status)
                .containsExactly(GenerationStatus.FAILED, GenerationStatus.GENERATING);
        assertThat(history.get(0).metadata().otherFields()).containsEntry("failure_reason", "content filter");
    }

    @Test
    void aDoubtSolutionIsWrittenOntoTheDoubtItAnswers() {
        DoubtSubmissions doubt = db.doubtSubmissions().insert(db.doubtSubmissions().newRecord()
                .setStudentId("student-1").setGrade("8").setSubject("mathematics").setTopic("fractions")
                .setDoubtText("Why is 1/2 + 1/3 not 2/5?"));
        ContentGenerations started = start("student-1", ContentType.DOUBT_SOLUTION, "Adding fractions");

        generations.complete(started.id(), output("Use a common denominator", 50),
                db.doubtSubmissions().newRecord().setId(doubt.id()).setAiGenerated(true)
                        .setResolutionText("1/2 + 1/3 = 3/6 + 2/6 = 5/6"));

        DoubtSubmissions answered = db.doubtSubmissions().getById(doubt.id());
        assertThat(answered.contentGenerationId()).isEqualTo(started.id());
        assertThat(answered.aiGenerated()).isTrue();
        assertThat(answered.resolutionText()).isEqualTo("1/2 + 1/3 = 3/6 + 2/6 = 5/6");
        assertThat(db.doubtSubmissions().count(DOUBT_SUBMISSIONS.STUDENT_ID.eq("student-1"))).isEqualTo(1);
    }

    @Test
    void twoCompletionsOfOneGenerationAtOnceWriteExactlyOneExamAndOneNotification() throws Exception {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Race");

        List<String> outcomes = race(2, () -> {
            try {
                generations.complete(started.id(), output("Race exam", 100), exam(10));
                return "completed";
            } catch (InvalidTransitionException lost) {
                return "lost from " + lost.currentState();
            }
        });

        assertThat(outcomes).containsExactlyInAnyOrder("completed", "lost from completed");
        assertThat(db.generatedExams().count(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(started.id()))).isEqualTo(1);
        assertThat(db.notifications().count(NOTIFICATIONS.RELATED_CONTENT_ID.eq(started.id()))).isEqualTo(1);
        assertThat(db.contentGenerations().getById(started.id()).tokenUsage()).isEqualTo(100);
    }

    @Test
    void twoRegenerationsAtOnceMakeExactlyOneNewVersion() throws Exception {
        ContentGenerations started = start("teacher-2", ContentType.LESSON, "Race lesson");
        generations.complete(started.id(), output("Lesson v1", 100), lesson("v1"));

        List<String> outcomes = race(2, () -> {
            try {
                generations.regenerate(started.id(), "teacher-2");
                return "regenerated";
            } catch (InvalidTransitionException lost) {
                return "lost from " + lost.currentState();
            }
        });

        assertThat(outcomes).containsExactlyInAnyOrder("regenerated", "lost from generating");
        assertThat(generations.history(started.id())).hasSize(2);
    }

    @Test
    void startingWithBadInputIsRefusedNamingTheFieldAndWritesNothing() {
        long before = db.contentGenerations().count();

        assertThatThrownBy(() -> generations.start(db.contentGenerations().newRecord()
                .setUserId("teacher-1").setContentType(ContentType.EXAM)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.input_parameters"));
        assertThatThrownBy(() -> generations.start(db.contentGenerations().newRecord()
                .setUserId("teacher-1").setContentType(ContentType.EXAM)
                .setInputParameters(JsonNodeFactory.instance.arrayNode())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.input_parameters"));
        assertThatThrownBy(() -> generations.start(db.contentGenerations().newRecord()
                .setUserId("teacher-1").setContentType(ContentType.EXAM).setInputParameters(parameters("x"))
                .setStatus(GenerationStatus.COMPLETED)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.status"));
        assertThatThrownBy(() -> generations.start(db.contentGenerations().newRecord()
                .setUserId("teacher-1").setContentType(ContentType.EXAM).setInputParameters(parameters("x"))
                .setGeneratedContent("already done")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.generated_content"));

        assertThat(db.contentGenerations().count()).isEqualTo(before);
    }

    @Test
    void outputThatTheRowCouldNotHoldIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> new GenerationService.Output("text", null, -1, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.token_usage"));
        assertThatThrownBy(() -> new GenerationService.Output(" ", null, 0, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.generated_content"));
        assertThatThrownBy(() -> new GenerationService.Output("text", null, 0, -5))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_generations.generation_time_ms"));
    }

    @Test
    void aSpecificRowPointingAtAnotherGenerationIsRefused() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Links");

        assertThatThrownBy(() -> generations.complete(started.id(), output("x", 1),
                exam(10).setContentGenerationId(started.id() + 1000)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("generated_exams.content_generation_id"));

        assertUnchanged(started);
    }

    private static ContentGenerations start(String userId, ContentType type, String title) {
        return generations.start(db.contentGenerations().newRecord().setUserId(userId).setContentType(type)
                .setTitle(title).setInputParameters(parameters("fractions")));
    }

    private static ObjectNode parameters(String topic) {
        return JsonNodeFactory.instance.objectNode().put("grade", "8").put("topic", topic);
    }

    private static GenerationService.Output output(String content, int tokens) {
        return new GenerationService.Output(content, null, tokens, 1000);
    }

    private static ExamConfig examConfig() {
        return new ExamConfig("8", "mathematics", "CBSE", "medium", List.of("fractions"), 1, 30, Map.of());
    }

    private static ExamQuestion question() {
        return new ExamQuestion(1, "mcq", "What is 1/2 + 1/3?", List.of("2/5", "5/6"), "5/6", 10, "easy", Map.of());
    }

    @Test
    void anExamWhoseTotalIsNotTheSumOfItsQuestionsIsRefusedAndNothingIsWritten() {
        ContentGenerations started = start("teacher-1", ContentType.EXAM, "Bad total");

        assertThatThrownBy(() -> generations.complete(started.id(), output("Exam", 10), exam(20)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("generated_exams.total_marks");

        assertThat(db.contentGenerations().getById(started.id()).status()).isEqualTo(GenerationStatus.GENERATING);
    }

    private static GeneratedExamsRecord exam(int totalMarks) {
        return db.generatedExams().newRecord().setExamConfig(examConfig()).setQuestions(List.of(question()))
                .setTotalMarks(totalMarks).setEstimatedTime(30);
    }

    private static GeneratedLessonsRecord lesson(String content) {
        return db.generatedLessons().newRecord()
                .setLessonConfig(new LessonConfig("8", "science", "magnets", "CBSE", "easy", 40, Map.of()))
                .setLessonContent(content).setKeyConcepts(List.of("concept"));
    }

    /** The generation is exactly as it was when it started: no step of the failed call stuck. */
    private static void assertUnchanged(ContentGenerations started) {
        assertThat(db.contentGenerations().getById(started.id()))
                .usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(started);
    }

    private static List<String> race(int threads, Supplier<String> work) throws Exception {
        return Race.run(threads, index -> work.get());
    }

    private static List<String> activities(int generationId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(org.jooq.impl.DSL.field("{0}->>'generation_id'", String.class,
                        USER_ACTIVITY_LOGS.ACTIVITY_DETAILS).eq(String.valueOf(generationId)))
                .and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.like("generation.%"))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
