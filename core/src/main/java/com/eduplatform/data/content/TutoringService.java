package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.TutoringSessions;
import com.eduplatform.data.jooq.tables.records.TutoringSessionsRecord;
import com.eduplatform.data.types.TutoringMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * AI tutoring sessions: a student's session is started, its conversation grows message by message, and the
 * student's engagement is scored from 0.00 to 10.00.
 *
 * <p>Messages are appended in the database ({@code messages = coalesce(messages, '[]') || new}, one UPDATE), never
 * read, extended and written back, so concurrent appends to one session are all kept, in the order they commit.
 * Each step is one transaction that also writes the activity log (as the session's student); bad input is an
 * {@link InvalidInputException} naming the field, refused before any SQL, and nothing is written.
 */
public final class TutoringService {

    /** The lowest engagement score, {@code tutoring_sessions_student_engagement_score_check}. */
    public static final BigDecimal MIN_ENGAGEMENT = new BigDecimal("0.00");
    /** The highest engagement score, {@code tutoring_sessions_student_engagement_score_check}. */
    public static final BigDecimal MAX_ENGAGEMENT = new BigDecimal("10.00");

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .tutoring()}. */
    public TutoringService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Starts a tutoring session: inserts the fields {@code session} sets (at least {@code student_id} and
     * {@code session_type}) and returns the stored row. Its messages, if given, go through the same checks as
     * {@link #appendMessages}.
     */
    public TutoringSessions start(TutoringSessionsRecord session) {
        Objects.requireNonNull(session, "session");
        if (session.getMessages() != null) {
            checkMessages(session.getMessages());
        }
        if (session.getStudentEngagementScore() != null) {
            checkEngagement(session.getStudentEngagementScore());
        }
        return db.inTransaction(tx -> {
            TutoringSessions started = tx.tutoringSessions().insert(session);
            ActivityLog.record(tx, started.studentId(), "tutoring.started", Map.of("tutoring_session_id",
                    started.id(), "session_type", started.sessionType().getLiteral()));
            return started;
        });
    }

    /**
     * Appends {@code messages}, in order, to the session's conversation in one atomic UPDATE, and returns the
     * session. Every message needs a role and a content; an unknown session is a {@link NotFoundException}.
     */
    public TutoringSessions appendMessages(int sessionId, List<TutoringMessage> messages) {
        checkMessages(messages);
        List<TutoringMessage> appended = List.copyOf(messages);
        return db.inTransaction(tx -> {
            String studentId = tx.dsl().update(TUTORING_SESSIONS)
                    .set(TUTORING_SESSIONS.MESSAGES, DSL.field("coalesce({0}, jsonb_build_array()) || {1}",
                            TUTORING_SESSIONS.MESSAGES.getDataType(),
                            TUTORING_SESSIONS.MESSAGES.coerce(SQLDataType.JSONB),
                            DSL.val(appended, TUTORING_SESSIONS.MESSAGES.getDataType())))
                    .where(TUTORING_SESSIONS.ID.eq(sessionId))
                    .returning(TUTORING_SESSIONS.STUDENT_ID)
                    .fetchOptional(TUTORING_SESSIONS.STUDENT_ID)
                    .orElseThrow(() -> new NotFoundException("tutoring_sessions", sessionId));
            ActivityLog.record(tx, studentId, "tutoring.messages_appended", Map.of("tutoring_session_id", sessionId,
                    "message_count", appended.size()));
            return tx.tutoringSessions().getById(sessionId);
        });
    }

    /**
     * Records the student's engagement in the session, a score from 0.00 to 10.00 with at most two decimals
     * (refused before any SQL otherwise), replacing any earlier score.
     */
    public TutoringSessions recordEngagement(int sessionId, BigDecimal score) {
        checkEngagement(score);
        return db.inTransaction(tx -> {
            TutoringSessions scored = tx.tutoringSessions().update(sessionId, tx.tutoringSessions().newRecord()
                    .setStudentEngagementScore(score.setScale(2, RoundingMode.UNNECESSARY)));
            ActivityLog.record(tx, scored.studentId(), "tutoring.engagement_recorded", Map.of(
                    "tutoring_session_id", sessionId, "student_engagement_score", scored.studentEngagementScore()));
            return scored;
        });
    }

    private static void checkMessages(List<TutoringMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidInputException("tutoring_sessions.messages", "needs at least one message to append");
        }
        for (int i = 0; i < messages.size(); i++) {
            TutoringMessage message = messages.get(i);
            if (message == null) {
                throw new InvalidInputException("tutoring_sessions.messages", "message " + i + " is null");
            }
            if (message.role() == null || message.role().isBlank()) {
                throw new InvalidInputException("tutoring_sessions.messages", "message " + i + " has no role");
            }
            if (message.content() == null) {
                throw new InvalidInputException("tutoring_sessions.messages", "message " + i + " has no content");
            }
        }
    }

    private static void checkEngagement(BigDecimal score) {
        String field = "tutoring_sessions.student_engagement_score";
        if (score == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (score.compareTo(MIN_ENGAGEMENT) < 0 || score.compareTo(MAX_ENGAGEMENT) > 0) {
            throw new InvalidInputException(field, "must be from 0.00 to 10.00 (was " + score.toPlainString() + ")");
        }
        if (score.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(field, "has at most two decimals (was " + score.toPlainString() + ")");
        }
    }
}
