package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.PracticeSessions;
import com.eduplatform.data.jooq.tables.records.PracticeSessionsRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Practice analysis: records a student's analysed practice answer with the two figures derived from their history,
 * {@code retry_count} and {@code performance_trend}.
 *
 * <ul>
 *   <li>{@code retry_count} is the number of this student's earlier sessions on the same subject and topic (0 for
 *       the first).</li>
 *   <li>{@code performance_trend} compares this session's score ratio ({@code score_awarded / total_marks}) with
 *       the mean ratio of the student's {@value #TREND_HISTORY} most recent earlier sessions in the same subject
 *       (any topic): {@value #FIRST} when there are none, {@value #IMPROVING} when it is more than
 *       {@link #TREND_TOLERANCE} (5 percentage points) above, {@value #DECLINING} when more than that below,
 *       {@value #STABLE} otherwise.</li>
 * </ul>
 *
 * <p>Both are worked out and the row inserted in one transaction holding a transaction-level advisory lock on the
 * student and subject, so concurrent records for one student and subject are counted one after another and get
 * distinct retry counts. The caller gives neither figure. Bad input ({@code score_awarded} above
 * {@code total_marks}, a missing key field) is an {@link InvalidInputException} naming the field, refused before
 * any SQL, and nothing is written.
 */
public final class PracticeService {

    /** {@code performance_trend} of a student's first session in a subject. */
    public static final String FIRST = "first";
    /** {@code performance_trend} of a session scoring above the recent mean by more than the tolerance. */
    public static final String IMPROVING = "improving";
    /** {@code performance_trend} of a session scoring below the recent mean by more than the tolerance. */
    public static final String DECLINING = "declining";
    /** {@code performance_trend} of a session scoring within the tolerance of the recent mean. */
    public static final String STABLE = "stable";
    /** How many of the student's most recent earlier sessions in the subject the trend compares with. */
    public static final int TREND_HISTORY = 3;
    /** How far (as a ratio of total marks) a score may lie from the recent mean and still be {@value #STABLE}. */
    public static final BigDecimal TREND_TOLERANCE = new BigDecimal("0.05");

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .practice()}. */
    public PracticeService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Records a practice session: inserts the fields {@code session} sets, with {@code retry_count} and
     * {@code performance_trend} derived from the student's history (see the class description), and returns the
     * stored row. {@code score_awarded} must lie from 0 to {@code total_marks}.
     */
    public PracticeSessions record(PracticeSessionsRecord session) {
        Objects.requireNonNull(session, "session");
        String studentId = required(session, PRACTICE_SESSIONS.STUDENT_ID);
        String subject = required(session, PRACTICE_SESSIONS.SUBJECT);
        String topic = required(session, PRACTICE_SESSIONS.TOPIC);
        int score = required(session, PRACTICE_SESSIONS.SCORE_AWARDED);
        int total = required(session, PRACTICE_SESSIONS.TOTAL_MARKS);
        if (total <= 0) {
            throw new InvalidInputException("practice_sessions.total_marks", "must be more than 0 (was " + total + ")");
        }
        if (score < 0 || score > total) {
            throw new InvalidInputException("practice_sessions.score_awarded",
                    "must be from 0 to total_marks " + total + " (was " + score + ")");
        }
        for (Field<?> derived : List.of(PRACTICE_SESSIONS.RETRY_COUNT, PRACTICE_SESSIONS.PERFORMANCE_TREND)) {
            if (session.changed(derived) && session.get(derived) != null) {
                throw new InvalidInputException("practice_sessions." + derived.getName(),
                        "is derived from the student's history and cannot be given");
            }
        }
        PracticeSessionsRecord row = db.practiceSessions().newRecord();
        for (Field<?> field : session.fields()) {
            if (session.changed(field)) {
                copy(session, row, field);
            }
        }
        return db.inTransaction(tx -> {
            // One student's records in one subject queue here, so each sees the ones before it.
            tx.dsl().resultQuery("select pg_advisory_xact_lock(hashtext({0}), hashtext({1}))",
                    DSL.val("practice_sessions:" + studentId), DSL.val(subject)).fetch();
            int retries = tx.dsl().fetchCount(PRACTICE_SESSIONS, PRACTICE_SESSIONS.STUDENT_ID.eq(studentId)
                    .and(PRACTICE_SESSIONS.SUBJECT.eq(subject)).and(PRACTICE_SESSIONS.TOPIC.eq(topic)));
            List<Record2<Integer, Integer>> recent = tx.dsl()
                    .select(PRACTICE_SESSIONS.SCORE_AWARDED, PRACTICE_SESSIONS.TOTAL_MARKS)
                    .from(PRACTICE_SESSIONS)
                    .where(PRACTICE_SESSIONS.STUDENT_ID.eq(studentId)).and(PRACTICE_SESSIONS.SUBJECT.eq(subject))
                    .orderBy(PRACTICE_SESSIONS.CREATED_AT.desc(), PRACTICE_SESSIONS.ID.desc())
                    .limit(TREND_HISTORY)
                    .fetch();
            String trend = trend(score, total, recent);
            PracticeSessions recorded = tx.practiceSessions().insert(row.setRetryCount(retries)
                    .setPerformanceTrend(trend));
            ActivityLog.record(tx, studentId, "practice.recorded", Map.of("practice_session_id", recorded.id(),
                    "subject", subject, "topic", topic, "score_awarded", score, "total_marks", total,
                    "retry_count", retries, "performance_trend", trend));
            return recorded;
        });
    }

    /**
     * The trend of a score of {@code score} out of {@code total} after the {@code recent} (score, total) pairs, as
     * the class description defines it.
     */
    static String trend(int score, int total, List<? extends Record2<Integer, Integer>> recent) {
        if (recent.isEmpty()) {
            return FIRST;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Record2<Integer, Integer> earlier : recent) {
            sum = sum.add(ratio(earlier.value1(), earlier.value2()));
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(recent.size()), MathContext.DECIMAL64);
        BigDecimal difference = ratio(score, total).subtract(mean);
        if (difference.compareTo(TREND_TOLERANCE) > 0) {
            return IMPROVING;
        }
        if (difference.negate().compareTo(TREND_TOLERANCE) > 0) {
            return DECLINING;
        }
        return STABLE;
    }

    private static BigDecimal ratio(int score, int total) {
        return BigDecimal.valueOf(score).divide(BigDecimal.valueOf(total), 10, RoundingMode.HALF_EVEN);
    }

    private static <T> T required(PracticeSessionsRecord session, Field<T> field) {
        T value = session.get(field);
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new InvalidInputException("practice_sessions." + field.getName(), "is required");
        }
        return value;
    }

    private static <T> void copy(Record from, Record to, Field<T> field) {
        to.set(field, from.get(field));
    }
}
