package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATION_VERSIONS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.GENERATED_LESSONS;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.Repository;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.ContentGenerations;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.jooq.tables.pojos.GeneratedExams;
import com.eduplatform.data.jooq.tables.pojos.GeneratedLessons;
import com.eduplatform.data.jooq.tables.pojos.PracticeSessions;
import com.eduplatform.data.jooq.tables.pojos.TutoringSessions;
import com.eduplatform.data.jooq.tables.records.ContentGenerationsRecord;
import com.eduplatform.data.jooq.tables.records.GeneratedExamsRecord;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationMetadata;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

/**
 * The content generation lifecycle: a generation is {@linkplain #start started} ({@code generating}, its input
 * parameters recorded), then either {@linkplain #complete completed} with its output and its 1:1 specific row
 * (exam, lesson, doubt solution, tutoring session or practice analysis) or {@linkplain #fail failed}, and finally
 * {@linkplain #archive archived}. A completed or failed generation can be {@linkplain #regenerate regenerated}:
 * the output it had is kept as a version in {@code content_generation_versions}, so {@link #history} still reads
 * it, and the generation runs again.
 *
 * <p>Each step is one transaction that also writes the activity log ({@code generation.<verb>}, details naming
 * {@code generation_id}); a step asked of a generation in the wrong state is an {@link InvalidTransitionException}
 * and writes nothing. Completing an exam also tells its owner the exam is ready, in the same transaction.
 *
 * <p>{@code version_number} moves on with every update of the row (it is also its optimistic-lock version), so the
 * versions {@link #history} lists are increasing but not consecutive.
 */
public final class GenerationService {

    /** The specific row each content type is completed with. */
    private static final Map<ContentType, Specific<?, ?>> SPECIFICS = specifics();

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .generations()}. */
    public GenerationService(EduDatabase db) {
        this.db = db;
    }

    /**
     * What a finished generation produced, as {@link #complete} stores it on the {@code content_generations}
     * row. A value the row could not hold is refused when the value is made, naming the column.
     *
     * @param generatedContent the generated text; required, since a completed generation without output could not
     *                         be told from a failed one
     * @param metadata         quality scores, model and timing, or {@code null}
     * @param tokensUsed       tokens of the producing AI calls that were <em>not</em> recorded against this
     *                         generation through {@code AiUsageService.record} (which rolls its tokens up itself):
     *                         added to {@code token_usage}, never overwriting it, so pass 0 when every call was
     *                         recorded there
     * @param generationTimeMs how long the generation took in milliseconds, or {@code null} when unknown
     */
    public record Output(String generatedContent, GenerationMetadata metadata, int tokensUsed,
                         Integer generationTimeMs) {

        /** Refuses output the {@code content_generations} row could not hold. */
        public Output {
            if (generatedContent == null || generatedContent.isBlank()) {
                throw new InvalidInputException("content_generations.generated_content",
                        "a completed generation needs its generated content");
            }
            if (tokensUsed < 0) {
                throw new InvalidInputException("content_generations.token_usage",
                        "must be >= 0 (was " + tokensUsed + ")");
            }
            if (generationTimeMs != null && generationTimeMs < 0) {
                throw new InvalidInputException("content_generations.generation_time_ms",
                        "must be >= 0 (was " + generationTimeMs + ")");
            }
        }
    }

    /**
     * One version of a generation, as {@link #history} lists them: what it produced and how it ended, so earlier
     * outputs stay readable after a regeneration replaced them.
     *
     * @param versionNumber    the generation's {@code version_number} while this version was current
     * @param status           how the version ended, or for the current version the generation's status
     * @param generatedContent what it produced, or {@code null}
     * @param metadata         its metadata, or {@code null}
     * @param tokenUsage       the tokens it took
     * @param generationTimeMs how long it took in milliseconds, or {@code null}
     * @param supersededAt     when a regeneration replaced it, or {@code null} for the current version
     */
    public record Version(int versionNumber, GenerationStatus status, String generatedContent,
                          GenerationMetadata metadata, int tokenUsage, Integer generationTimeMs,
                          OffsetDateTime supersededAt) {

        /** Whether this is the current version, the one on the {@code content_generations} row itself. */
        public boolean current() {
            return supersededAt == null;
        }
    }

    /**
     * Starts a generation for the user {@code generation} names, with its content type and input parameters
     * (a JSON object, required); title and description are optional. It starts {@code generating}, with no output.
     */
    public ContentGenerations start(ContentGenerationsRecord generation) {
        if (generation.changed(CONTENT_GENERATIONS.STATUS)
                && generation.getStatus() != GenerationStatus.GENERATING) {
            throw new InvalidInputException("content_generations.status", "a new generation starts generating");
        }
        for (Field<?> output : List.of(CONTENT_GENERATIONS.GENERATED_CONTENT, CONTENT_GENERATIONS.METADATA,
                CONTENT_GENERATIONS.GENERATION_TIME_MS, CONTENT_GENERATIONS.TOKEN_USAGE,
                CONTENT_GENERATIONS.VERSION_NUMBER)) {
            if (generation.changed(output) && generation.get(output) != null) {
                throw new InvalidInputException("content_generations." + output.getName(),
                        "is written as the generation runs, not when it starts");
            }
        }
        JsonNode parameters = generation.getInputParameters();
        if (parameters != null && !parameters.isObject()) {
            throw new InvalidInputException("content_generations.input_parameters",
                    "must be a JSON object of the generation's parameters (was " + parameters.getNodeType() + ")");
        }
        return db.inTransaction(tx -> {
            ContentGenerations started = tx.contentGenerations().insert(generation);
            ActivityLog.record(tx, started.userId(), "generation.started", Map.of("generation_id", started.id(),
                    "content_type", started.contentType().getLiteral()));
            return started;
        });
    }

    /**
     * Completes a generating generation with its {@code output} and its specific row, both or neither: the specific
     * row must be the generated record of its content type ({@code GeneratedExamsRecord} for an exam,
     * {@code GeneratedLessonsRecord}, {@code DoubtSubmissionsRecord} for a doubt solution,
     * {@code TutoringSessionsRecord}, {@code PracticeSessionsRecord} for a practice analysis), used as a change set;
     * its {@code content_generation_id} is set here. It is inserted, or, when it names an existing row by its
     * {@code id} (the doubt a solution answers, say) or the generation already has one from an earlier version,
     * that row is updated with the fields it sets. An exam's owner is notified that it is ready.
     *
     * @return the completed generation; read the specific row by its {@code content_generation_id}
     */
    public ContentGenerations complete(int generationId, Output output, UpdatableRecord<?> specific) {
        if (output == null) {
            throw new InvalidInputException("output", "is required");
        }
        if (specific == null) {
            throw new InvalidInputException("specific", "a completed generation needs its specific row");
        }
        Specific<?, ?> kind = SPECIFICS.values().stream()
                .filter(candidate -> candidate.table().equals(specific.getTable()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("specific", "must be a row of one of "
                        + SPECIFICS.values().stream().map(s -> s.table().getName()).toList()
                        + " (was " + specific.getTable().getName() + ")"));
        kind.checkLink(specific, generationId);
        if (specific instanceof GeneratedExamsRecord exam && exam.getQuestions() != null
                && exam.changed(GENERATED_EXAMS.TOTAL_MARKS)) {
            int sum = exam.getQuestions().stream().mapToInt(q -> q.marks() == null ? 0 : q.marks()).sum();
            if (exam.getTotalMarks() == null || exam.getTotalMarks() != sum) {
                throw new InvalidInputException("generated_exams.total_marks",
                        "must be the sum of the questions' marks, " + sum + " (was " + exam.getTotalMarks() + ")");
            }
        }
        return db.inTransaction(tx -> {
            ContentGenerations generation = tx.contentGenerations().getById(generationId);
            if (generation.contentType() != kind.type()) {
                throw new InvalidInputException("specific", "generation " + generationId + " is of type "
                        + generation.contentType().getLiteral() + " and is completed with a "
                        + SPECIFICS.get(generation.contentType()).table().getName() + " row, not a "
                        + kind.table().getName() + " row");
            }
            ContentGenerations completed = tx.contentGenerations().transition(generationId,
                    CONTENT_GENERATIONS.STATUS, Set.of(GenerationStatus.GENERATING), GenerationStatus.COMPLETED,
                    tx.contentGenerations().newRecord()
                            .setGeneratedContent(output.generatedContent())
                            .setMetadata(output.metadata())
                            .setGenerationTimeMs(output.generationTimeMs()));
            if (output.tokensUsed() > 0) {
                tx.dsl().update(CONTENT_GENERATIONS)
                        .set(CONTENT_GENERATIONS.TOKEN_USAGE, CONTENT_GENERATIONS.TOKEN_USAGE.plus(output.tokensUsed()))
                        .where(CONTENT_GENERATIONS.ID.eq(generationId))
                        .execute();
                completed = tx.contentGenerations().getById(generationId);
            }
            int specificId = kind.write(tx, generationId, specific);
            if (specific instanceof GeneratedExamsRecord exam && exam.changed(GENERATED_EXAMS.QUESTIONS)
                    && exam.getQuestions() != null) {
                // The exam_questions rows and total_marks follow the questions document, as ExamService keeps them.
                tx.workflows().exams().replaceQuestions(specificId, completed.userId(), exam.getQuestions());
            }
            if (completed.contentType() == ContentType.EXAM) {
                tx.workflows().notifications().send(completed.userId(), "exam_ready", "Your exam is ready",
                        (completed.title() == null ? "Your exam" : "Your exam \"" + completed.title() + "\"")
                                + " is ready to review and publish.",
                        generationId, Priority.MEDIUM);
            }
            ActivityLog.record(tx, completed.userId(), "generation.completed", Map.of("generation_id", generationId,
                    "content_type", completed.contentType().getLiteral(), kind.table().getName() + "_id", specificId,
                    "token_usage", completed.tokenUsage(), "version_number", completed.versionNumber()));
            return completed;
        });
    }

    /**
     * Marks a generating generation failed, keeping {@code reason} in its metadata as {@code failure_reason}, so
     * the user sees why and may {@link #regenerate} it.
     */
    public ContentGenerations fail(int generationId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a failed generation needs the reason it failed");
        }
        return db.inTransaction(tx -> {
            ContentGenerations generation = tx.contentGenerations().getById(generationId);
            GenerationMetadata before = generation.metadata();
            Map<String, Object> other = new LinkedHashMap<>(before == null ? Map.of() : before.otherFields());
            other.put("failure_reason", reason);
            GenerationMetadata metadata = before == null
                    ? new GenerationMetadata(null, null, null, null, null, null, other)
                    : new GenerationMetadata(before.model(), before.qualityScore(), before.qualityScores(),
                            before.latencyMs(), before.promptTokens(), before.completionTokens(), other);
            ContentGenerations failed = tx.contentGenerations().transition(generationId, CONTENT_GENERATIONS.STATUS,
                    Set.of(GenerationStatus.GENERATING), GenerationStatus.FAILED,
                    tx.contentGenerations().newRecord().setMetadata(metadata));
            ActivityLog.record(tx, failed.userId(), "generation.failed", Map.of("generation_id", generationId,
                    "reason", reason));
            return failed;
        });
    }

    /**
     * Archives a completed or failed generation: its owner (or an admin) retires it from active use; it stays
     * readable. A generation still generating cannot be archived.
     */
    public ContentGenerations archive(int generationId, String userId) {
        return db.inTransaction(tx -> {
            requireOwnerOrAdmin(tx, tx.contentGenerations().getById(generationId), userId);
            ContentGenerations archived = tx.contentGenerations().transition(generationId,
                    CONTENT_GENERATIONS.STATUS, Set.of(GenerationStatus.COMPLETED, GenerationStatus.FAILED),
                    GenerationStatus.ARCHIVED, tx.contentGenerations().newRecord());
            ActivityLog.record(tx, userId, "generation.archived", Map.of("generation_id", generationId));
            return archived;
        });
    }

    /** As {@link #regenerate(int, String, JsonNode)}, keeping the input parameters. */
    public ContentGenerations regenerate(int generationId, String userId) {
        return regenerate(generationId, userId, null);
    }

    /**
     * Runs a completed or failed generation again, at its owner's (or an admin's) request: the output it had is
     * kept as a version ({@link #history}), and the generation is {@code generating} again with no output and no
     * tokens, under the next {@code version_number}. Its specific row stays until the next {@link #complete}
     * rewrites it.
     *
     * @param inputParameters new input parameters (a JSON object), or {@code null} to keep the current ones
     */
    public ContentGenerations regenerate(int generationId, String userId, JsonNode inputParameters) {
        if (inputParameters != null && !inputParameters.isObject()) {
            throw new InvalidInputException("content_generations.input_parameters",
                    "must be a JSON object of the generation's parameters (was " + inputParameters.getNodeType()
                            + ")");
        }
        return db.inTransaction(tx -> {
            // Lock the row first: its current output is copied out before the transition clears it.
            GenerationStatus status = tx.dsl().select(CONTENT_GENERATIONS.STATUS).from(CONTENT_GENERATIONS)
                    .where(CONTENT_GENERATIONS.ID.eq(generationId)).and(CONTENT_GENERATIONS.DELETED_AT.isNull())
                    .forUpdate()
                    .fetchOptional(CONTENT_GENERATIONS.STATUS)
                    .orElseThrow(() -> new NotFoundException(CONTENT_GENERATIONS.getName(), generationId));
            requireOwnerOrAdmin(tx, tx.contentGenerations().getById(generationId), userId);
            if (status != GenerationStatus.COMPLETED && status != GenerationStatus.FAILED) {
                throw new InvalidTransitionException(CONTENT_GENERATIONS.getName(), generationId,
                        status.getLiteral(), GenerationStatus.GENERATING.getLiteral());
            }
            tx.dsl().insertInto(CONTENT_GENERATION_VERSIONS, CONTENT_GENERATION_VERSIONS.CONTENT_GENERATION_ID,
                            CONTENT_GENERATION_VERSIONS.VERSION_NUMBER, CONTENT_GENERATION_VERSIONS.STATUS,
                            CONTENT_GENERATION_VERSIONS.GENERATED_CONTENT, CONTENT_GENERATION_VERSIONS.METADATA,
                            CONTENT_GENERATION_VERSIONS.TOKEN_USAGE, CONTENT_GENERATION_VERSIONS.GENERATION_TIME_MS)
                    .select(DSL.select(CONTENT_GENERATIONS.ID, CONTENT_GENERATIONS.VERSION_NUMBER,
                                    CONTENT_GENERATIONS.STATUS.coerce(CONTENT_GENERATION_VERSIONS.STATUS.getDataType()),
                                    CONTENT_GENERATIONS.GENERATED_CONTENT,
                                    CONTENT_GENERATIONS.METADATA.coerce(
                                            CONTENT_GENERATION_VERSIONS.METADATA.getDataType()),
                                    CONTENT_GENERATIONS.TOKEN_USAGE, CONTENT_GENERATIONS.GENERATION_TIME_MS)
                            .from(CONTENT_GENERATIONS)
                            .where(CONTENT_GENERATIONS.ID.eq(generationId)))
                    .execute();
            ContentGenerationsRecord reset = tx.contentGenerations().newRecord()
                    .setGeneratedContent(null).setMetadata(null).setGenerationTimeMs(null).setTokenUsage(0);
            if (inputParameters != null) {
                reset.setInputParameters(inputParameters);
            }
            ContentGenerations regenerated = tx.contentGenerations().transition(generationId,
                    CONTENT_GENERATIONS.STATUS, Set.of(status), GenerationStatus.GENERATING, reset);
            ActivityLog.record(tx, userId, "generation.regenerated", Map.of("generation_id", generationId,
                    "previous_status", status.getLiteral(), "version_number", regenerated.versionNumber()));
            return regenerated;
        });
    }

    /**
     * Every version of a generation, oldest first: the ones regenerations replaced, then the current one (whose
     * {@link Version#supersededAt()} is {@code null}).
     */
    public List<Version> history(int generationId) {
        return db.inTransaction(tx -> {
            ContentGenerations current = tx.contentGenerations().getById(generationId);
            List<Version> versions = new ArrayList<>(tx.dsl()
                    .select(CONTENT_GENERATION_VERSIONS.VERSION_NUMBER,
                            CONTENT_GENERATION_VERSIONS.STATUS.coerce(CONTENT_GENERATIONS.STATUS.getDataType()),
                            CONTENT_GENERATION_VERSIONS.GENERATED_CONTENT,
                            CONTENT_GENERATION_VERSIONS.METADATA.coerce(CONTENT_GENERATIONS.METADATA.getDataType()),
                            CONTENT_GENERATION_VERSIONS.TOKEN_USAGE, CONTENT_GENERATION_VERSIONS.GENERATION_TIME_MS,
                            CONTENT_GENERATION_VERSIONS.SUPERSEDED_AT)
                    .from(CONTENT_GENERATION_VERSIONS)
                    .where(CONTENT_GENERATION_VERSIONS.CONTENT_GENERATION_ID.eq(generationId))
                    .orderBy(CONTENT_GENERATION_VERSIONS.VERSION_NUMBER)
                    .fetch(row -> new Version(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                            row.value6(), row.value7())));
            versions.add(new Version(current.versionNumber(), current.status(), current.generatedContent(),
                    current.metadata(), current.tokenUsage(), current.generationTimeMs(), null));
            return versions;
        });
    }

    private static void requireOwnerOrAdmin(EduDatabase tx, ContentGenerations generation, String userId) {
        if (userId == null) {
            throw new InvalidInputException("userId", "is required");
        }
        if (!userId.equals(generation.userId()) && !tx.users().getById(userId).roles().contains(Role.ADMIN)) {
            throw new AccessDeniedException(userId, "does not own content generation " + generation.id());
        }
    }

    private static Map<ContentType, Specific<?, ?>> specifics() {
        Map<ContentType, Specific<?, ?>> specifics = new LinkedHashMap<>();
        specifics.put(ContentType.EXAM, new Specific<>(ContentType.EXAM, GENERATED_EXAMS, GENERATED_EXAMS.ID,
                GENERATED_EXAMS.CONTENT_GENERATION_ID, EduDatabase::generatedExams, GeneratedExams::id));
        specifics.put(ContentType.LESSON, new Specific<>(ContentType.LESSON, GENERATED_LESSONS,
                GENERATED_LESSONS.ID, GENERATED_LESSONS.CONTENT_GENERATION_ID, EduDatabase::generatedLessons, GeneratedLessons::id));
        specifics.put(ContentType.DOUBT_SOLUTION, new Specific<>(ContentType.DOUBT_SOLUTION, DOUBT_SUBMISSIONS,
                DOUBT_SUBMISSIONS.ID, DOUBT_SUBMISSIONS.CONTENT_GENERATION_ID, EduDatabase::doubtSubmissions, DoubtSubmissions::id));
        specifics.put(ContentType.TUTOR_SESSION, new Specific<>(ContentType.TUTOR_SESSION, TUTORING_SESSIONS,
                TUTORING_SESSIONS.ID, TUTORING_SESSIONS.CONTENT_GENERATION_ID, EduDatabase::tutoringSessions, TutoringSessions::id));
        specifics.put(ContentType.PRACTICE_ANALYSIS, new Specific<>(ContentType.PRACTICE_ANALYSIS,
                PRACTICE_SESSIONS, PRACTICE_SESSIONS.ID, PRACTICE_SESSIONS.CONTENT_GENERATION_ID,
                EduDatabase::practiceSessions, PracticeSessions::id));
        return Map.copyOf(specifics);
    }

    /** The 1:1 specific table of a content type: how a completion writes its row. */
    private record Specific<R extends UpdatableRecord<R>, P>(ContentType type, Table<R> table,
                                                             TableField<R, Integer> id,
                                                             TableField<R, Integer> link,
                                                             Function<EduDatabase, Repository<R, P, Integer>> repository,
                                                             Function<P, Integer> idOf) {

        /** Refuses a row that already points at another generation: the link is set by the completion. */
        void checkLink(UpdatableRecord<?> row, int generationId) {
            Integer given = row.get(link);
            if (row.changed(link) && given != null && given != generationId) {
                throw new InvalidInputException(table.getName() + "." + link.getName(),
                        "is set by complete to the generation's id " + generationId + " (was " + given + ")");
            }
        }

        /** Inserts the row, or updates the one it names or the generation already has; returns its id. */
        int write(EduDatabase tx, int generationId, UpdatableRecord<?> given) {
            @SuppressWarnings("unchecked") // complete matched the row's table to this one's
            R row = (R) given;
            R changes = table.newRecord();
            for (Field<?> field : row.fields()) {
                if (row.changed(field) && !field.equals(id) && !field.equals(link)) {
                    copy(row, changes, field);
                }
            }
            changes.set(link, generationId);
            Repository<R, P, Integer> rows = repository.apply(tx);
            Integer existing = row.changed(id) && row.get(id) != null ? row.get(id)
                    : tx.dsl().select(id).from(table).where(link.eq(generationId)).fetchOne(id);
            if (existing == null) {
                return idOf.apply(rows.insert(changes));
            }
            rows.update(existing, changes);
            return existing;
        }

        private static <T> void copy(Record from, Record to, Field<T> field) {
            to.set(field, from.get(field));
        }
    }
}
