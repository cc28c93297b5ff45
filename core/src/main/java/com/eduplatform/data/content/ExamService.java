package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.EXAM_QUESTIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;

import com.eduplatform.data.ArrayConditions;
import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.ExamQuestions;
import com.eduplatform.data.jooq.tables.pojos.GeneratedExams;
import com.eduplatform.data.jooq.tables.records.ExamQuestionsRecord;
import com.eduplatform.data.jooq.tables.records.GeneratedExamsRecord;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.PerformanceStats;
import com.eduplatform.data.types.QuestionDistribution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Exams: create one with its questions, publish it, and record students' attempts with the exam's statistics.
 *
 * <p>An exam's questions live twice, as the {@code generated_exams.questions} document and as
 * {@code exam_questions} rows; this service writes both from one list so they always agree (same numbers, types,
 * texts, options, answers and marks), and derives {@code total_marks} (the sum of the marks) and
 * {@code question_distribution} (questions per type) from it. Once published, an exam's questions are fixed: the
 * schema's guard (V8_4) refuses any change with a {@link com.eduplatform.data.error.CheckViolationException}, and
 * only a published exam takes attempts.
 *
 * <p>An attempt stores each answered question's entry for the student in {@code exam_questions.student_responses}
 * (keyed by the student's id, as {@code {"answer": ..., "marks_awarded": n}}), adds the student once to
 * {@code used_by_students}, and recomputes {@code performance_stats}. Attempts on one exam are serialized by a lock
 * on the exam's row, and every write is a single atomic statement, so concurrent attempts are all counted. Each step
 * is one transaction that also writes the activity log; bad input is an {@link InvalidInputException} naming the
 * field, and nothing is written.
 */
public final class ExamService {

    /** The key of a student's awarded marks in their {@code student_responses} entry. */
    public static final String MARKS_AWARDED = "marks_awarded";
    /** The key of a student's answer in their {@code student_responses} entry. */
    public static final String ANSWER = "answer";

    private static final Field<String> RESPONSE_STUDENT = DSL.field(DSL.name("r", "student_id"), String.class);
    private static final Field<JSONB> RESPONSE_ENTRY = DSL.field(DSL.name("r", "entry"), SQLDataType.JSONB);

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .exams()}. */
    public ExamService(EduDatabase db) {
        this.db = db;
    }

    /**
     * An exam with its question rows, in question-number order: what {@link #create} and {@link #replaceQuestions}
     * return, so a caller sees both representations they wrote.
     */
    public record Exam(GeneratedExams exam, List<ExamQuestions> questions) {

        /** Keeps an unmodifiable copy of the rows. */
        public Exam {
            questions = List.copyOf(questions);
        }
    }

    /**
     * A student's answer to one question of an exam and the marks it earned, from 0 to the question's
     * {@code marks_allocated}.
     *
     * @param questionNumber the question's {@code question_number}
     * @param answer         the answer as JSON (a choice, a text, a structured answer); {@code null} is stored as
     *                       JSON null
     * @param marksAwarded   the marks the answer earned
     */
    public record Answer(int questionNumber, JsonNode answer, int marksAwarded) {
    }

    /**
     * The outcome of {@link #recordAttempt}: this student's score and the exam's statistics after it.
     *
     * @param examId     the exam
     * @param studentId  the student who attempted it
     * @param score      the marks awarded in this attempt, summed
     * @param totalMarks the exam's {@code total_marks}
     * @param complete   whether the attempt answered every question of the exam
     * @param stats      the exam's {@code performance_stats} including this attempt
     */
    public record Attempt(int examId, String studentId, int score, int totalMarks, boolean complete,
                          PerformanceStats stats) {
    }

    /**
     * Creates an exam with its questions in one transaction: the {@code generated_exams} row (fields {@code exam}
     * sets, e.g. {@code content_generation_id}, {@code exam_config}, {@code estimated_time}) with {@code questions}
     * as its document, and one {@code exam_questions} row per question agreeing with it. Questions without a
     * number are numbered by position (1, 2, ...). {@code total_marks} is the sum of the questions' marks and
     * {@code question_distribution} the number of questions per type; a caller-given value of either that
     * disagrees is refused. The exam starts unpublished.
     *
     * <p>Besides a question's own fields, the optional {@code explanation}, {@code learning_objective} and
     * {@code related_concepts} of its {@link ExamQuestion#otherFields()} fill the row's columns of those names.
     *
     * @param userId who creates it, for the activity log
     */
    public Exam create(String userId, GeneratedExamsRecord exam, List<ExamQuestion> questions) {
        Require.text(userId, "userId");
        Objects.requireNonNull(exam, "exam");
        if (exam.changed(GENERATED_EXAMS.QUESTIONS)) {
            throw new InvalidInputException("generated_exams.questions",
                    "is written from the questions argument, not the change set");
        }
        if (exam.changed(GENERATED_EXAMS.IS_PUBLISHED) && Boolean.TRUE.equals(exam.getIsPublished())) {
            throw new InvalidInputException("generated_exams.is_published",
                    "a new exam starts unpublished; publish it with publish()");
        }
        refuseDerived(exam, GENERATED_EXAMS.USED_BY_STUDENTS);
        refuseDerived(exam, GENERATED_EXAMS.PERFORMANCE_STATS);
        List<ExamQuestion> document = normalized(questions);
        int totalMarks = totalMarks(document);
        if (exam.changed(GENERATED_EXAMS.TOTAL_MARKS) && exam.getTotalMarks() != null
                && exam.getTotalMarks() != totalMarks) {
            throw new InvalidInputException("generated_exams.total_marks", "must be the sum of the questions' marks, "
                    + totalMarks + " (was " + exam.getTotalMarks() + ")");
        }
        QuestionDistribution distribution = distribution(document);
        if (exam.changed(GENERATED_EXAMS.QUESTION_DISTRIBUTION) && exam.getQuestionDistribution() != null
                && !exam.getQuestionDistribution().equals(distribution)) {
            throw new InvalidInputException("generated_exams.question_distribution", "must count the questions per "
                    + "type, " + distribution.countsByType() + " (was " + exam.getQuestionDistribution().countsByType()
                    + ")");
        }
        GeneratedExamsRecord row = db.generatedExams().newRecord();
        for (Field<?> field : exam.fields()) {
            if (exam.changed(field)) {
                copy(exam, row, field);
            }
        }
        row.setQuestions(document).setTotalMarks(totalMarks).setQuestionDistribution(distribution);
        return db.inTransaction(tx -> {
            GeneratedExams created = tx.generatedExams().insert(row);
            List<ExamQuestions> rows = tx.examQuestions().insertAll(questionRows(tx, created.id(), document));
            ActivityLog.record(tx, userId, "exam.created", Map.of("exam_id", created.id(),
                    "question_count", rows.size(), "total_marks", totalMarks));
            return new Exam(created, sorted(rows));
        });
    }

    /**
     * Replaces the questions of an unpublished exam (document, rows, {@code total_marks} and
     * {@code question_distribution} together, as {@link #create} writes them). On a published exam the schema's
     * guard refuses it with a {@link com.eduplatform.data.error.CheckViolationException}
     * ({@code generated_exams_published_check}, or {@code exam_questions_published_exam_check} when the document
     * itself would not change), even when the exam is published concurrently, and nothing changes.
     */
    public Exam replaceQuestions(int examId, String userId, List<ExamQuestion> questions) {
        Require.text(userId, "userId");
        List<ExamQuestion> document = normalized(questions);
        int totalMarks = totalMarks(document);
        return db.inTransaction(tx -> {
            // The exam's row first: it locks the row, so a concurrent publish either waits or is seen by the guard.
            GeneratedExams exam = tx.generatedExams().update(examId, tx.generatedExams().newRecord()
                    .setQuestions(document).setTotalMarks(totalMarks).setQuestionDistribution(distribution(document)));
            tx.dsl().deleteFrom(EXAM_QUESTIONS).where(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId)).execute();
            List<ExamQuestions> rows = tx.examQuestions().insertAll(questionRows(tx, examId, document));
            ActivityLog.record(tx, userId, "exam.questions_replaced", Map.of("exam_id", examId,
                    "question_count", rows.size(), "total_marks", totalMarks));
            return new Exam(exam, sorted(rows));
        });
    }

    /**
     * Publishes an exam: from now on its questions no longer change and it takes attempts. Publishing an exam that
     * is already published is an {@link InvalidTransitionException} (from {@code published}); of two concurrent
     * publishes exactly one succeeds.
     *
     * @param userId who publishes it, for the activity log
     */
    public GeneratedExams publish(int examId, String userId) {
        Require.text(userId, "userId");
        return db.inTransaction(tx -> {
            GeneratedExams published;
            try {
                published = tx.generatedExams().transition(examId, GENERATED_EXAMS.IS_PUBLISHED, Set.of(false), true,
                        tx.generatedExams().newRecord());
            } catch (InvalidTransitionException alreadyPublished) {
                throw new InvalidTransitionException("generated_exams", examId, "published", "published");
            }
            ActivityLog.record(tx, userId, "exam.published", Map.of("exam_id", examId));
            return published;
        });
    }

    /**
     * Records a student's attempt at a published exam, in one transaction: each answer becomes the student's entry
     * in its question's {@code student_responses} (one atomic {@code jsonb ||} per question; a new attempt by the
     * same student replaces their previous answers), the student joins {@code used_by_students} once, and
     * {@code performance_stats} is recomputed.
     *
     * <p>The statistics: {@code attempts} counts every recorded attempt (retakes included, incremented in the
     * database); {@code average_score}, {@code highest_score} and {@code lowest_score} are in marks, over each
     * student's latest attempt; {@code completion_rate} is the percentage (0-100) of those attempts that answered
     * every question. Other fields of the document are kept.
     *
     * <p>An unpublished exam is an {@link InvalidTransitionException} (from {@code unpublished}); an unknown
     * student a {@link com.eduplatform.data.error.ForeignKeyViolationException}; an answer to a question the exam
     * does not have, a question answered twice, or marks outside 0 to the question's marks an
     * {@link InvalidInputException}. Nothing is written then.
     */
    public Attempt recordAttempt(int examId, String studentId, List<Answer> answers) {
        Require.text(studentId, "studentId");
        if (answers == null || answers.isEmpty()) {
            throw new InvalidInputException("answers", "an attempt needs at least one answer");
        }
        Set<Integer> numbers = new HashSet<>();
        for (Answer answer : answers) {
            if (answer == null) {
                throw new InvalidInputException("answers", "holds a null answer");
            }
            if (!numbers.add(answer.questionNumber())) {
                throw new InvalidInputException("answers.question_number",
                        "question " + answer.questionNumber() + " is answered twice");
            }
            if (answer.marksAwarded() < 0) {
                throw new InvalidInputException("answers." + MARKS_AWARDED, "cannot be negative (was "
                        + answer.marksAwarded() + " for question " + answer.questionNumber() + ")");
            }
        }
        return db.inTransaction(tx -> {
            // Attempts on one exam queue here, so each recomputation sees every attempt committed before it.
            Record2<Boolean, Integer> exam = tx.dsl()
                    .select(GENERATED_EXAMS.IS_PUBLISHED, GENERATED_EXAMS.TOTAL_MARKS)
                    .from(GENERATED_EXAMS).where(GENERATED_EXAMS.ID.eq(examId))
                    .forNoKeyUpdate()
                    .fetchOptional()
                    .orElseThrow(() -> new NotFoundException("generated_exams", examId));
            if (!exam.value1()) {
                throw new InvalidTransitionException("generated_exams", examId, "unpublished", "attempted");
            }
            Map<Integer, Integer> marksByQuestion = tx.dsl()
                    .select(EXAM_QUESTIONS.QUESTION_NUMBER, EXAM_QUESTIONS.MARKS_ALLOCATED)
                    .from(EXAM_QUESTIONS).where(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId))
                    .fetchMap(EXAM_QUESTIONS.QUESTION_NUMBER, EXAM_QUESTIONS.MARKS_ALLOCATED);
            int score = 0;
            for (Answer answer : answers) {
                Integer allocated = marksByQuestion.get(answer.questionNumber());
                if (allocated == null) {
                    throw new InvalidInputException("answers.question_number", "exam " + examId
                            + " has no question " + answer.questionNumber());
                }
                if (answer.marksAwarded() > allocated) {
                    throw new InvalidInputException("answers." + MARKS_AWARDED, "cannot exceed the " + allocated
                            + " marks of question " + answer.questionNumber() + " (was " + answer.marksAwarded() + ")");
                }
                score += answer.marksAwarded();
            }
            writeResponses(tx, examId, studentId, answers);
            PerformanceStats stats = recordStatistics(tx, examId, studentId, marksByQuestion.size());
            boolean complete = answers.size() == marksByQuestion.size();
            ActivityLog.record(tx, studentId, "exam.attempted", Map.of("exam_id", examId, "score", score,
                    "total_marks", exam.value2(), "complete", complete));
            return new Attempt(examId, studentId, score, exam.value2(), complete, stats);
        });
    }

    /** The exam's question rows in question-number order. */
    public List<ExamQuestions> questions(int examId) {
        return db.examQuestions().find(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId), EXAM_QUESTIONS.QUESTION_NUMBER);
    }

    private void writeResponses(EduDatabase tx, int examId, String studentId, List<Answer> answers) {
        Field<JSONB> responses = EXAM_QUESTIONS.STUDENT_RESPONSES.coerce(SQLDataType.JSONB);
        // A retake replaces the student's previous attempt, including questions it leaves unanswered.
        tx.dsl().update(EXAM_QUESTIONS)
                .set(EXAM_QUESTIONS.STUDENT_RESPONSES, DSL.field("{0} - {1}",
                        EXAM_QUESTIONS.STUDENT_RESPONSES.getDataType(), responses, DSL.val(studentId)))
                .where(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId))
                .and(DSL.condition("jsonb_exists({0}, {1})", responses, DSL.val(studentId)))
                .execute();
        for (Answer answer : answers) {
            ObjectNode entry = tx.objectMapper().createObjectNode();
            entry.set(ANSWER, answer.answer() == null ? NullNode.getInstance() : answer.answer());
            entry.put(MARKS_AWARDED, answer.marksAwarded());
            tx.dsl().update(EXAM_QUESTIONS)
                    .set(EXAM_QUESTIONS.STUDENT_RESPONSES, DSL.field(
                            "coalesce({0}, jsonb_build_object()) || jsonb_build_object({1}, {2})",
                            EXAM_QUESTIONS.STUDENT_RESPONSES.getDataType(), responses, DSL.val(studentId),
                            DSL.val(JSONB.valueOf(entry.toString()))))
                    .where(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId))
                    .and(EXAM_QUESTIONS.QUESTION_NUMBER.eq(answer.questionNumber()))
                    .execute();
        }
    }

    /**
     * Adds the student to {@code used_by_students} (once), counts the attempt and recomputes the scores from every
     * student's stored answers, in one UPDATE of the exam's row.
     */
    private PerformanceStats recordStatistics(EduDatabase tx, int examId, String studentId, int questionCount) {
        Table<?> entries = DSL.table("jsonb_each({0})", EXAM_QUESTIONS.STUDENT_RESPONSES).as("r", "student_id", "entry");
        Field<Integer> marks = DSL.field("cast({0} ->> {1} as integer)", Integer.class, RESPONSE_ENTRY,
                DSL.inline(MARKS_AWARDED));
        Field<BigDecimal> studentScore = DSL.sum(marks).as("score");
        Field<Integer> answered = DSL.count().as("answered");
        Result<? extends Record> perStudent = tx.dsl()
                .select(RESPONSE_STUDENT, studentScore, answered)
                .from(EXAM_QUESTIONS, entries)
                .where(EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(examId))
                .groupBy(RESPONSE_STUDENT)
                .fetch();
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal highest = null;
        BigDecimal lowest = null;
        int complete = 0;
        for (Record student : perStudent) {
            BigDecimal score = student.get(studentScore);
            sum = sum.add(score);
            highest = highest == null || score.compareTo(highest) > 0 ? score : highest;
            lowest = lowest == null || score.compareTo(lowest) < 0 ? score : lowest;
            complete += student.get(answered) == questionCount ? 1 : 0;
        }
        int students = perStudent.size();
        ObjectNode scores = tx.objectMapper().createObjectNode();
        scores.put("average_score", sum.divide(BigDecimal.valueOf(students), 2, RoundingMode.HALF_UP));
        scores.put("highest_score", highest.setScale(2, RoundingMode.HALF_UP));
        scores.put("lowest_score", lowest.setScale(2, RoundingMode.HALF_UP));
        scores.put("completion_rate", BigDecimal.valueOf(complete * 100L)
                .divide(BigDecimal.valueOf(students), 2, RoundingMode.HALF_UP));

        Field<JSONB> stats = GENERATED_EXAMS.PERFORMANCE_STATS.coerce(SQLDataType.JSONB);
        Field<List<String>> used = GENERATED_EXAMS.USED_BY_STUDENTS;
        tx.dsl().update(GENERATED_EXAMS)
                .set(used, DSL.when(ArrayConditions.contains(used, studentId), used)
                        .otherwise(DSL.field("array_append(coalesce({0}, cast(array[] as text[])), cast({1} as text))",
                                used.getDataType(), used, DSL.val(studentId))))
                .set(GENERATED_EXAMS.PERFORMANCE_STATS, DSL.field(
                        "coalesce({0}, jsonb_build_object()) || jsonb_build_object({1}, "
                                + "coalesce(cast({0} ->> {1} as integer), 0) + 1) || {2}",
                        GENERATED_EXAMS.PERFORMANCE_STATS.getDataType(), stats, DSL.inline("attempts"),
                        DSL.val(JSONB.valueOf(scores.toString()))))
                .set(GENERATED_EXAMS.VERSION_NUMBER, GENERATED_EXAMS.VERSION_NUMBER.plus(1))
                .where(GENERATED_EXAMS.ID.eq(examId))
                .execute();
        return tx.dsl().select(GENERATED_EXAMS.PERFORMANCE_STATS).from(GENERATED_EXAMS)
                .where(GENERATED_EXAMS.ID.eq(examId)).fetchSingle().value1();
    }

    /** The questions with numbers filled in by position where missing, checked before any SQL. */
    private static List<ExamQuestion> normalized(List<ExamQuestion> questions) {
        if (questions == null || questions.isEmpty()) {
            throw new InvalidInputException("generated_exams.questions", "an exam needs at least one question");
        }
        List<ExamQuestion> result = new ArrayList<>(questions.size());
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            ExamQuestion q = questions.get(i);
            if (q == null) {
                throw new InvalidInputException("generated_exams.questions", "question " + (i + 1) + " is null");
            }
            int number = q.number() == null ? i + 1 : q.number();
            if (number < 1) {
                throw new InvalidInputException("exam_questions.question_number",
                        "must be at least 1 (was " + number + ")");
            }
            if (!numbers.add(number)) {
                throw new InvalidInputException("exam_questions.question_number",
                        "question " + number + " appears more than once");
            }
            if (q.type() == null || q.type().isBlank()) {
                throw new InvalidInputException("exam_questions.question_type", "question " + number + " has no type");
            }
            if (q.text() == null || q.text().isBlank()) {
                throw new InvalidInputException("exam_questions.question_text", "question " + number + " has no text");
            }
            if (q.marks() == null || q.marks() < 0) {
                throw new InvalidInputException("exam_questions.marks_allocated",
                        "question " + number + " needs marks of at least 0 (was " + q.marks() + ")");
            }
            result.add(new ExamQuestion(number, q.type(), q.text(), q.options(), q.correctAnswer(), q.marks(),
                    q.difficulty(), q.otherFields()));
        }
        return result;
    }

    private static int totalMarks(List<ExamQuestion> questions) {
        int total = questions.stream().mapToInt(ExamQuestion::marks).sum();
        if (total <= 0) {
            throw new InvalidInputException("generated_exams.total_marks",
                    "the questions' marks add up to " + total + "; an exam needs more than 0");
        }
        return total;
    }

    private static QuestionDistribution distribution(List<ExamQuestion> questions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ExamQuestion question : questions) {
            counts.merge(question.type(), 1, Integer::sum);
        }
        return new QuestionDistribution(counts);
    }

    private static List<ExamQuestionsRecord> questionRows(EduDatabase tx, int examId, List<ExamQuestion> questions) {
        List<ExamQuestionsRecord> rows = new ArrayList<>(questions.size());
        for (ExamQuestion q : questions) {
            Map<String, Object> other = q.otherFields();
            rows.add(tx.examQuestions().newRecord()
                    .setGeneratedExamId(examId)
                    .setQuestionNumber(q.number())
                    .setQuestionType(q.type())
                    .setQuestionText(q.text())
                    .setOptions(q.options() == null ? null : List.copyOf(q.options()))
                    .setCorrectAnswer(q.correctAnswer())
                    .setMarksAllocated(q.marks())
                    .setDifficultyLevel(q.difficulty())
                    .setExplanation(text(other, "explanation", q.number()))
                    .setLearningObjective(text(other, "learning_objective", q.number()))
                    .setRelatedConcepts(texts(other, "related_concepts", q.number())));
        }
        return rows;
    }

    private static String text(Map<String, Object> fields, String name, int number) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new InvalidInputException("exam_questions." + name, "question " + number + " has a " + name
                + " that is not a text");
    }

    private static List<String> texts(Map<String, Object> fields, String name, int number) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new InvalidInputException("exam_questions." + name, "question " + number + " has " + name
                + " that are not a list of texts");
    }

    private static List<ExamQuestions> sorted(List<ExamQuestions> rows) {
        List<ExamQuestions> result = new ArrayList<>(rows);
        result.sort((a, b) -> Integer.compare(a.questionNumber(), b.questionNumber()));
        return result;
    }

    private static void refuseDerived(GeneratedExamsRecord exam, Field<?> field) {
        Object value = exam.get(field);
        if (exam.changed(field) && value != null && !(value instanceof List<?> list && list.isEmpty())) {
            throw new InvalidInputException("generated_exams." + field.getName(),
                    "is recorded by recordAttempt and cannot be given when creating an exam");
        }
    }
    private static <T> void copy(Record from, Record to, Field<T> field) {
        to.set(field, from.get(field));
    }
}
