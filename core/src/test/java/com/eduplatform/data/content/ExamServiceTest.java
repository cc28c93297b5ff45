package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.content.ExamService.Answer;
import com.eduplatform.data.content.ExamService.Attempt;
import com.eduplatform.data.content.ExamService.Exam;
import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.jooq.tables.pojos.ExamQuestions;
import com.eduplatform.data.jooq.tables.pojos.GeneratedExams;
import com.eduplatform.data.jooq.tables.records.GeneratedExamsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.PerformanceStats;
import com.eduplatform.data.types.QuestionDistribution;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExamServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final int CONCURRENT_STUDENTS = 20;

    private static EduDatabase db;
    private static ExamService exams;

    @BeforeAll
    static void connect() {
        db = database.db();
        exams = db.workflows().exams();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        TestRows.user(db.dsl(), "student-2", Role.STUDENT);
        for (int i = 0; i < CONCURRENT_STUDENTS; i++) {
            TestRows.user(db.dsl(), crowd(i), Role.STUDENT);
        }
    }

    @Test
    void creatingAnExamWritesTheDocumentAndAgreeingRowsWithTotalMarksTheSumOfTheirMarks() {
        int generation = TestRows.generation(db.dsl(), "teacher-1", ContentType.EXAM);
        List<ExamQuestion> questions = List.of(
                new ExamQuestion(null, "mcq", "What is 1/2 + 1/4?", List.of("3/4", "2/6"), "3/4", 2, "easy",
                        Map.of("explanation", "Write both as quarters.")),
                new ExamQuestion(null, "mcq", "What is 2/3 of 9?", List.of("6", "3"), "6", 3, "medium", null),
                new ExamQuestion(null, "short", "Explain equivalent fractions.", null, null, 5, "hard",
                        Map.of("related_concepts", List.of("fractions", "ratios"))));

        Exam created = exams.create("teacher-1", examRecord().setContentGenerationId(generation), questions);

        GeneratedExams stored = db.generatedExams().getById(created.exam().id());
        assertThat(stored.totalMarks()).isEqualTo(10);
        assertThat(stored.isPublished()).isFalse();
        assertThat(stored.contentGenerationId()).isEqualTo(generation);
        assertThat(stored.questionDistribution()).isEqualTo(new QuestionDistribution(Map.of("mcq", 2, "short", 1)));
        assertThat(stored.questions()).extracting(ExamQuestion::number).containsExactly(1, 2, 3);
        List<ExamQuestions> rows = exams.questions(stored.id());
        assertThat(rows).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            ExamQuestion document = stored.questions().get(i);
            ExamQuestions row = rows.get(i);
            assertThat(row.questionNumber()).isEqualTo(document.number());
            assertThat(row.questionType()).isEqualTo(document.type());
            assertThat(row.questionText()).isEqualTo(document.text());
            assertThat(row.options()).isEqualTo(document.options());
            assertThat(row.correctAnswer()).isEqualTo(document.correctAnswer());
            assertThat(row.marksAllocated()).isEqualTo(document.marks());
            assertThat(row.difficultyLevel()).isEqualTo(document.difficulty());
        }
        assertThat(rows.get(0).explanation()).isEqualTo("Write both as quarters.");
        assertThat(rows.get(2).relatedConcepts()).containsExactly("fractions", "ratios");
        assertThat(created.questions()).isEqualTo(rows);
        assertThat(activities(stored.id())).containsExactly("exam.created");
    }

    @Test
    void aCallerGivenTotalThatDisagreesWithTheMarksIsRefusedAndNothingIsWritten() {
        long examsBefore = db.generatedExams().count();
        long questionsBefore = db.examQuestions().count();

        assertThatThrownBy(() -> exams.create("teacher-1", examRecord().setTotalMarks(99), threeQuestions()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("generated_exams.total_marks"));

        assertThat(db.generatedExams().count()).isEqualTo(examsBefore);
        assertThat(db.examQuestions().count()).isEqualTo(questionsBefore);
    }

    @Test
    void aCallerGivenTotalThatAgreesIsAccepted() {
        Exam created = exams.create("teacher-1", examRecord().setTotalMarks(10), threeQuestions());

        assertThat(created.exam().totalMarks()).isEqualTo(10);
    }

    @Test
    void questionsWithoutTextOrWithARepeatedNumberAreRefusedNamingTheField() {
        long examsBefore = db.generatedExams().count();

        assertThatThrownBy(() -> exams.create("teacher-1", examRecord(), List.of(
                new ExamQuestion(1, "mcq", " ", null, null, 1, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("exam_questions.question_text"));
        assertThatThrownBy(() -> exams.create("teacher-1", examRecord(), List.of(
                new ExamQuestion(1, "mcq", "A", null, null, 1, null, null),
                new ExamQuestion(1, "mcq", "B", null, null, 1, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("exam_questions.question_number"));
        assertThatThrownBy(() -> exams.create("teacher-1", examRecord(), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("generated_exams.questions"));

        assertThat(db.generatedExams().count()).isEqualTo(examsBefore);
    }

    @Test
    void aQuestionRowTheSchemaRefusesRollsBackTheWholeExam() {
        long examsBefore = db.generatedExams().count();
        String tooLongType = "t".repeat(51);

        assertThatThrownBy(() -> exams.create("teacher-1", examRecord(), List.of(
                new ExamQuestion(1, tooLongType, "A question", null, null, 1, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("exam_questions.question_type"));

        assertThat(db.generatedExams().count()).isEqualTo(examsBefore);
    }

    @Test
    void questionsOfAnUnpublishedExamCanBeReplacedAndStayInAgreement() {
        Exam exam = exams.create("teacher-1", examRecord(), threeQuestions());

        Exam replaced = exams.replaceQuestions(exam.exam().id(), "teacher-1", List.of(
                new ExamQuestion(null, "essay", "Write about fractions.", null, null, 7, "hard", null)));

        GeneratedExams stored = db.generatedExams().getById(exam.exam().id());
        assertThat(stored.totalMarks()).isEqualTo(7);
        assertThat(stored.questionDistribution()).isEqualTo(new QuestionDistribution(Map.of("essay", 1)));
        assertThat(stored.questions()).extracting(ExamQuestion::text).containsExactly("Write about fractions.");
        assertThat(exams.questions(exam.exam().id())).extracting(ExamQuestions::questionText)
                .containsExactly("Write about fractions.");
        assertThat(replaced.questions()).hasSize(1);
    }

    @Test
    void publishingTwiceIsAnInvalidTransition() {
        Exam exam = exams.create("teacher-1", examRecord(), threeQuestions());

        GeneratedExams published = exams.publish(exam.exam().id(), "teacher-1");

        assertThat(published.isPublished()).isTrue();
        assertThatThrownBy(() -> exams.publish(exam.exam().id(), "teacher-1"))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("published"));
        assertThat(activities(exam.exam().id())).containsExactly("exam.created", "exam.published");
    }

    @Test
    void twoConcurrentPublishesLeaveExactlyOneWinner() throws Exception {
        int examId = exams.create("teacher-1", examRecord(), threeQuestions()).exam().id();

        List<String> outcomes = concurrently(2, i -> {
            try {
                exams.publish(examId, "teacher-1");
                return "published";
            } catch (InvalidTransitionException lost) {
                return "lost";
            }
        });

        assertThat(outcomes).containsExactlyInAnyOrder("published", "lost");
        assertThat(activities(examId)).containsExactly("exam.created", "exam.published");
    }

    @Test
    void theQuestionsOfAPublishedExamCannotBeEditedTheSchemaRefusesIt() {
        Exam exam = exams.create("teacher-1", examRecord(), threeQuestions());
        exams.publish(exam.exam().id(), "teacher-1");
        int firstQuestion = exam.questions().get(0).id();

        assertThatThrownBy(() -> exams.replaceQuestions(exam.exam().id(), "teacher-1", List.of(
                new ExamQuestion(1, "essay", "A new question", null, null, 4, null, null))))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("generated_exams_published_check"));
        // The same questions again leave the document as it is, and the rows' own guard refuses rewriting them.
        assertThatThrownBy(() -> exams.replaceQuestions(exam.exam().id(), "teacher-1", threeQuestions()))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("exam_questions_published_exam_check"));
        assertThatThrownBy(() -> db.examQuestions().update(firstQuestion,
                db.examQuestions().newRecord().setQuestionText("Changed after publishing")))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.constraint()).isEqualTo("exam_questions_published_exam_check"));

        assertThat(db.examQuestions().getById(firstQuestion).questionText()).isEqualTo("Q1");
        assertThat(db.generatedExams().getById(exam.exam().id()).totalMarks()).isEqualTo(10);
        assertThat(exams.questions(exam.exam().id())).hasSize(3);
        assertThat(activities(exam.exam().id())).containsExactly("exam.created", "exam.published");
    }

    @Test
    void anAttemptStoresEachAnswerAddsTheStudentAndRecomputesTheStatistics() {
        int examId = publishedExam();

        Attempt first = exams.recordAttempt(examId, "student-1", List.of(
                new Answer(1, TextNode.valueOf("3/4"), 2),
                new Answer(2, TextNode.valueOf("3"), 1),
                new Answer(3, TextNode.valueOf("Same value, different parts."), 5)));
        Attempt second = exams.recordAttempt(examId, "student-2", List.of(new Answer(1, TextNode.valueOf("2/6"), 0)));

        assertThat(first.score()).isEqualTo(8);
        assertThat(first.complete()).isTrue();
        assertThat(first.stats().attempts()).isEqualTo(1);
        assertThat(second.score()).isZero();
        assertThat(second.complete()).isFalse();
        GeneratedExams exam = db.generatedExams().getById(examId);
        assertThat(exam.usedByStudents()).containsExactly("student-1", "student-2");
        PerformanceStats stats = exam.performanceStats();
        assertThat(stats).isEqualTo(second.stats());
        assertThat(stats.attempts()).isEqualTo(2);
        assertThat(stats.averageScore()).isEqualByComparingTo("4.00");
        assertThat(stats.highestScore()).isEqualByComparingTo("8");
        assertThat(stats.lowestScore()).isEqualByComparingTo("0");
        assertThat(stats.completionRate()).isEqualByComparingTo("50.00");
        Map<String, JsonNode> firstQuestion = exams.questions(examId).get(0).studentResponses().answersByStudent();
        assertThat(firstQuestion).containsOnlyKeys("student-1", "student-2");
        assertThat(firstQuestion.get("student-1").get("answer").asText()).isEqualTo("3/4");
        assertThat(firstQuestion.get("student-1").get("marks_awarded").asInt()).isEqualTo(2);
        assertThat(exams.questions(examId).get(2).studentResponses().answersByStudent()).containsOnlyKeys("student-1");
        assertThat(activities(examId)).containsExactly("exam.created", "exam.published", "exam.attempted",
                "exam.attempted");
    }

    @Test
    void aRetakeReplacesTheStudentsAnswersCountsAsAnAttemptAndListsTheStudentOnce() {
        int examId = publishedExam();
        exams.recordAttempt(examId, "student-1", List.of(new Answer(1, TextNode.valueOf("2/6"), 0),
                new Answer(3, TextNode.valueOf("?"), 1)));

        Attempt retake = exams.recordAttempt(examId, "student-1", List.of(new Answer(1, TextNode.valueOf("3/4"), 2)));

        GeneratedExams exam = db.generatedExams().getById(examId);
        assertThat(exam.usedByStudents()).containsExactly("student-1");
        assertThat(retake.stats().attempts()).isEqualTo(2);
        assertThat(retake.stats().averageScore()).isEqualByComparingTo("2.00");
        List<ExamQuestions> questions = exams.questions(examId);
        assertThat(questions.get(0).studentResponses().answersByStudent().get("student-1").get("answer").asText())
                .isEqualTo("3/4");
        assertThat(questions.get(2).studentResponses().answersByStudent()).doesNotContainKey("student-1");
    }

    @Test
    void anUnpublishedExamTakesNoAttemptAndNothingIsWritten() {
        int examId = exams.create("teacher-1", examRecord(), threeQuestions()).exam().id();

        assertThatThrownBy(() -> exams.recordAttempt(examId, "student-1", List.of(new Answer(1, null, 1))))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.currentState()).isEqualTo("unpublished");
                    assertThat(e.requestedState()).isEqualTo("attempted");
                });

        assertNothingAttempted(examId);
    }

    @Test
    void anAttemptByAnUnknownStudentIsAForeignKeyViolationAndNothingIsWritten() {
        int examId = publishedExam();

        assertThatThrownBy(() -> exams.recordAttempt(examId, "nobody", List.of(new Answer(1, null, 1))))
                .isInstanceOf(ForeignKeyViolationException.class);

        assertNothingAttempted(examId);
    }

    @Test
    void marksAboveTheQuestionsAllocationOrAnUnknownQuestionAreRefusedAndNothingIsWritten() {
        int examId = publishedExam();

        assertThatThrownBy(() -> exams.recordAttempt(examId, "student-1", List.of(
                new Answer(1, TextNode.valueOf("3/4"), 2), new Answer(2, TextNode.valueOf("6"), 4))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("answers.marks_awarded"));
        assertThatThrownBy(() -> exams.recordAttempt(examId, "student-1", List.of(new Answer(9, null, 0))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("answers.question_number"));
        assertThatThrownBy(() -> exams.recordAttempt(examId, "student-1", List.of(new Answer(1, null, -1))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("answers.marks_awarded"));

        assertNothingAttempted(examId);
    }

    @Test
    void concurrentAttemptsByDifferentStudentsAreAllCountedInTheStatistics() throws Exception {
        int examId = publishedExam();

        concurrently(CONCURRENT_STUDENTS, i -> {
            exams.recordAttempt(examId, crowd(i), crowdAnswers(i));
            return crowd(i);
        });

        GeneratedExams exam = db.generatedExams().getById(examId);
        assertThat(exam.usedByStudents()).hasSize(CONCURRENT_STUDENTS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, CONCURRENT_STUDENTS)
                        .mapToObj(ExamServiceTest::crowd).toList());
        for (ExamQuestions question : exams.questions(examId)) {
            long answering = IntStream.range(0, CONCURRENT_STUDENTS).filter(i -> crowdAnswers(i).stream()
                    .anyMatch(a -> a.questionNumber() == question.questionNumber())).count();
            assertThat(question.studentResponses().answersByStudent()).hasSize((int) answering);
        }
        List<Integer> scores = IntStream.range(0, CONCURRENT_STUDENTS)
                .mapToObj(i -> crowdAnswers(i).stream().mapToInt(Answer::marksAwarded).sum()).toList();
        long complete = IntStream.range(0, CONCURRENT_STUDENTS).filter(i -> crowdAnswers(i).size() == 3).count();
        PerformanceStats stats = exam.performanceStats();
        assertThat(stats.attempts()).isEqualTo(CONCURRENT_STUDENTS);
        assertThat(stats.averageScore()).isEqualByComparingTo(BigDecimal.valueOf(
                scores.stream().mapToInt(Integer::intValue).sum()).divide(BigDecimal.valueOf(CONCURRENT_STUDENTS)));
        assertThat(stats.highestScore()).isEqualByComparingTo(BigDecimal.valueOf(
                scores.stream().mapToInt(Integer::intValue).max().orElseThrow()));
        assertThat(stats.lowestScore()).isEqualByComparingTo(BigDecimal.valueOf(
                scores.stream().mapToInt(Integer::intValue).min().orElseThrow()));
        assertThat(stats.completionRate()).isEqualByComparingTo(BigDecimal.valueOf(complete * 100)
                .divide(BigDecimal.valueOf(CONCURRENT_STUDENTS)));
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq("exam.attempted")
                .and(org.jooq.impl.DSL.field("{0}->>'exam_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(examId))))).isEqualTo(CONCURRENT_STUDENTS);
    }

    /**
     * What student {@code i} of the crowd answers: every fourth all three questions, last first (8 marks); the
     * others one question each, spread over the three, so most attempts touch no question row another touches.
     */
    private static List<Answer> crowdAnswers(int i) {
        if (i % 4 == 0) {
            return List.of(new Answer(3, TextNode.valueOf("c"), 5), new Answer(2, TextNode.valueOf("b"), 1),
                    new Answer(1, TextNode.valueOf("a"), 2));
        }
        int question = i % 3 + 1;
        int allocated = List.of(2, 3, 5).get(question - 1);
        return List.of(new Answer(question, TextNode.valueOf("x"), i % (allocated + 1)));
    }

    @Test
    void attemptsHeldUpBehindALockOnTheExamAreStillAllCountedOnceItIsReleased() throws Exception {
        int students = 8;
        List<ExamQuestion> questions = IntStream.rangeClosed(1, students)
                .mapToObj(n -> new ExamQuestion(n, "short", "Question " + n, null, null, 10, null, null)).toList();
        int examId = exams.create("teacher-1", examRecord(), questions).exam().id();
        exams.publish(examId, "teacher-1");

        List<String> outcomes;
        try (Connection holder = database.postgres().connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select id from generated_exams where id = ? for update")) {
                lock.setInt(1, examId);
                lock.executeQuery().close();
            }
            // Each student answers a question of their own, so only the exam's row is shared between them.
            CountDownLatch held = new CountDownLatch(1);
            AtomicReference<Exception> waitFailure = new AtomicReference<>();
            Thread release = new Thread(() -> {
                try {
                    awaitLockWaiters(students);
                } catch (Exception e) {
                    waitFailure.set(e);
                } finally {
                    try {
                        holder.commit();
                    } catch (SQLException e) {
                        waitFailure.compareAndSet(null, e);
                    }
                    held.countDown();
                }
            });
            release.start();
            outcomes = concurrently(students, i -> {
                Attempt attempt = exams.recordAttempt(examId, crowd(i),
                        List.of(new Answer(i + 1, TextNode.valueOf("x"), i + 1)));
                return String.valueOf(attempt.score());
            });
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(waitFailure.get()).as("every attempt queued behind the lock").isNull();
        }

        assertThat(outcomes).hasSize(students);
        PerformanceStats stats = db.generatedExams().getById(examId).performanceStats();
        assertThat(stats.attempts()).isEqualTo(students);
        // Scores 1 to 8: the average is 4.5 only if every attempt's answers were seen.
        assertThat(stats.averageScore()).isEqualByComparingTo("4.50");
        assertThat(stats.highestScore()).isEqualByComparingTo("8");
        assertThat(stats.lowestScore()).isEqualByComparingTo("1");
        assertThat(db.generatedExams().getById(examId).usedByStudents()).hasSize(students);
    }

    /**
     * Waits until {@code count} other sessions of the database wait for a lock, failing after 30 seconds. It polls
     * on a connection of its own in autocommit: inside a transaction, PostgreSQL keeps showing the
     * pg_stat_activity it saw first.
     */
    private static void awaitLockWaiters(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection connection = database.postgres().connect();
             PreparedStatement waiting = connection.prepareStatement("select count(*) from pg_stat_activity "
                + "where datname = current_database() and wait_event_type = 'Lock'")) {
            while (true) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= count) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + count + " sessions waited for the exam's lock");
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void concurrentAttemptsByOneStudentListThemOnceAndCountEveryAttempt() throws Exception {
        int examId = publishedExam();

        concurrently(6, i -> {
            exams.recordAttempt(examId, "student-2", answersScoring(4));
            return "done";
        });

        GeneratedExams exam = db.generatedExams().getById(examId);
        assertThat(exam.usedByStudents()).containsExactly("student-2");
        assertThat(exam.performanceStats().attempts()).isEqualTo(6);
        assertThat(exam.performanceStats().averageScore()).isEqualByComparingTo("4");
    }

    private static void assertNothingAttempted(int examId) {
        GeneratedExams exam = db.generatedExams().getById(examId);
        assertThat(exam.usedByStudents()).isNull();
        assertThat(exam.performanceStats()).isNull();
        assertThat(exams.questions(examId)).allSatisfy(q -> assertThat(q.studentResponses()).isNull());
        assertThat(activities(examId)).doesNotContain("exam.attempted");
    }

    /** Answers to all three questions of {@link #threeQuestions()} earning {@code score} marks (0 to 10). */
    private static List<Answer> answersScoring(int score) {
        int first = Math.min(score, 2);
        int third = Math.min(score - first, 5);
        int second = score - first - third;
        return List.of(new Answer(1, TextNode.valueOf("a"), first), new Answer(2, TextNode.valueOf("b"), second),
                new Answer(3, TextNode.valueOf("c"), third));
    }

    private static int publishedExam() {
        int examId = exams.create("teacher-1", examRecord(), threeQuestions()).exam().id();
        exams.publish(examId, "teacher-1");
        return examId;
    }

    private static GeneratedExamsRecord examRecord() {
        return db.generatedExams().newRecord()
                .setExamConfig(new ExamConfig("8", "mathematics", "CBSE", "medium", List.of("fractions"), 3, 30, null))
                .setEstimatedTime(30);
    }

    /** Three questions of 2, 3 and 5 marks: 10 in all. */
    private static List<ExamQuestion> threeQuestions() {
        return List.of(new ExamQuestion(1, "mcq", "Q1", List.of("a", "b"), "a", 2, "easy", null),
                new ExamQuestion(2, "mcq", "Q2", List.of("a", "b"), "b", 3, "medium", null),
                new ExamQuestion(3, "short", "Q3", null, null, 5, "hard", null));
    }

    private static String crowd(int i) {
        return "crowd-" + i;
    }

    private interface Task {
        String run(int index) throws Exception;
    }

    /** Runs {@code threads} tasks released together by a latch and returns their results. */
    private static List<String> concurrently(int threads, Task task) throws Exception {
        return Race.run(threads, task::run);
    }

    private static List<String> activities(int examId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(org.jooq.impl.DSL.field("{0}->>'exam_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(examId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
