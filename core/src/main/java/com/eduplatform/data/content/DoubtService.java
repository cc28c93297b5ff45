package com.eduplatform.data.content;

import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.jooq.tables.records.DoubtSubmissionsRecord;
import com.eduplatform.data.notifications.NotificationService;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Doubt resolution: a student submits a doubt; a teacher takes it ({@code in_progress}); the same teacher resolves
 * it ({@code resolved}, with {@code resolved_at} and {@code time_to_resolve} in minutes), which notifies the student;
 * it is then closed. The student may rate the resolution 1-5 and withdraw a doubt nobody took. Each step is one
 * transaction that also writes the activity log; a step asked of a doubt in the wrong state is an
 * {@link InvalidTransitionException}, and nothing is written.
 */
public final class DoubtService {

    private final EduDatabase db;
    private final NotificationService notifications;

    /** Use {@link EduDatabase#workflows()}{@code .doubts()}. */
    public DoubtService(EduDatabase db, NotificationService notifications) {
        this.db = db;
        this.notifications = notifications;
    }

    /** Submits a doubt of the student {@code doubt} names; it starts {@code pending}. */
    public DoubtSubmissions submit(DoubtSubmissionsRecord doubt) {
        if (doubt.changed(DOUBT_SUBMISSIONS.STATUS) && doubt.getStatus() != DoubtStatus.PENDING) {
            throw new InvalidInputException("doubt_submissions.status", "a new doubt starts pending");
        }
        String studentId = doubt.getStudentId();
        return db.inTransaction(tx -> {
            Require.role(tx, studentId, "can only submit doubts as a student", Role.STUDENT);
            DoubtSubmissions submitted = tx.doubtSubmissions().insert(doubt);
            ActivityLog.record(tx, studentId, "doubt.submitted", Map.of("doubt_id", submitted.id(),
                    "subject", submitted.subject(), "topic", submitted.topic()));
            return submitted;
        });
    }

    /** A teacher takes a pending doubt: it becomes {@code in_progress} with them as its resolver. */
    public DoubtSubmissions take(int doubtId, String teacherId) {
        return db.inTransaction(tx -> {
            Require.role(tx, teacherId, "must be a teacher to take a doubt", Role.TEACHER);
            DoubtSubmissions taken = tx.doubtSubmissions().transition(doubtId, DOUBT_SUBMISSIONS.STATUS,
                    Set.of(DoubtStatus.PENDING), DoubtStatus.IN_PROGRESS,
                    tx.doubtSubmissions().newRecord().setResolverId(teacherId));
            ActivityLog.record(tx, teacherId, "doubt.taken", Map.of("doubt_id", doubtId));
            return taken;
        });
    }

    /**
     * The teacher who took the doubt resolves it: the resolution is stored, {@code resolved_at} set, the minutes
     * since submission recorded as {@code time_to_resolve}, and the student notified, all in one transaction.
     */
    public DoubtSubmissions resolve(int doubtId, String resolverId, String resolutionText) {
        if (resolutionText == null || resolutionText.isBlank()) {
            throw new InvalidInputException("doubt_submissions.resolution_text", "a resolution needs its text");
        }
        return db.inTransaction(tx -> {
            DoubtSubmissions doubt = tx.doubtSubmissions().getById(doubtId);
            if (doubt.status() == DoubtStatus.IN_PROGRESS && !resolverId.equals(doubt.resolverId())) {
                throw new AccessDeniedException(resolverId, "did not take doubt " + doubtId
                        + "; only its resolver " + doubt.resolverId() + " may resolve it");
            }
            OffsetDateTime now = tx.dsl().select(org.jooq.impl.DSL.currentOffsetDateTime()).fetchSingle().value1();
            int minutes = (int) Duration.between(doubt.createdAt(), now).toMinutes();
            DoubtSubmissions resolved = tx.doubtSubmissions().transition(doubtId, DOUBT_SUBMISSIONS.STATUS,
                    Set.of(DoubtStatus.IN_PROGRESS), DoubtStatus.RESOLVED,
                    tx.doubtSubmissions().newRecord().setResolutionText(resolutionText)
                            .setResolvedAt(now).setTimeToResolve(Math.max(minutes, 0)));
            notifications.send(resolved.studentId(), "doubt_resolved", "Your doubt was answered",
                    "Your doubt on " + resolved.topic() + " (" + resolved.subject() + ") has a resolution.",
                    resolved.contentGenerationId(), Priority.MEDIUM);
            ActivityLog.record(tx, resolverId, "doubt.resolved", Map.of("doubt_id", doubtId,
                    "time_to_resolve_minutes", resolved.timeToResolve()));
            return resolved;
        });
    }

    /**
     * Closes a doubt: a resolved one, by its student or resolver, or a pending one its student withdraws.
     */
    public DoubtSubmissions close(int doubtId, String userId) {
        return db.inTransaction(tx -> {
            DoubtSubmissions doubt = tx.doubtSubmissions().getById(doubtId);
            boolean student = userId.equals(doubt.studentId());
            if (!student && !userId.equals(doubt.resolverId())) {
                throw new AccessDeniedException(userId, "is neither the student nor the resolver of doubt " + doubtId);
            }
            Set<DoubtStatus> from = student ? Set.of(DoubtStatus.PENDING, DoubtStatus.RESOLVED)
                    : Set.of(DoubtStatus.RESOLVED);
            DoubtSubmissions closed = tx.doubtSubmissions().transition(doubtId, DOUBT_SUBMISSIONS.STATUS, from,
                    DoubtStatus.CLOSED, tx.doubtSubmissions().newRecord());
            ActivityLog.record(tx, userId, "doubt.closed", Map.of("doubt_id", doubtId));
            return closed;
        });
    }

    /** The doubt's student rates its resolution, 1 to 5, once it is resolved or closed. */
    public DoubtSubmissions rate(int doubtId, String studentId, int rating) {
        return db.inTransaction(tx -> {
            DoubtStatus status = tx.dsl().select(DOUBT_SUBMISSIONS.STATUS, DOUBT_SUBMISSIONS.STUDENT_ID)
                    .from(DOUBT_SUBMISSIONS).where(DOUBT_SUBMISSIONS.ID.eq(doubtId)).forUpdate()
                    .fetchOptional()
                    .map(row -> {
                        if (!studentId.equals(row.value2())) {
                            throw new AccessDeniedException(studentId, "did not submit doubt " + doubtId);
                        }
                        return row.value1();
                    })
                    .orElseThrow(() -> new NotFoundException("doubt_submissions", doubtId));
            if (status != DoubtStatus.RESOLVED && status != DoubtStatus.CLOSED) {
                throw new InvalidTransitionException("doubt_submissions", doubtId, status.getLiteral(), "rated");
            }
            DoubtSubmissions result = tx.doubtSubmissions().update(doubtId,
                    tx.doubtSubmissions().newRecord().setStudentSatisfactionRating(rating));
            ActivityLog.record(tx, studentId, "doubt.rated", Map.of("doubt_id", doubtId, "rating", rating));
            return result;
        });
    }

    /** Records which other doubts are alike; each must exist (the schema checks it) and none may be this one. */
    public DoubtSubmissions relate(int doubtId, String userId, List<Integer> relatedDoubtIds) {
        if (relatedDoubtIds.contains(doubtId)) {
            throw new InvalidInputException("doubt_submissions.related_doubts", "a doubt cannot relate to itself");
        }
        return db.inTransaction(tx -> {
            DoubtSubmissions related = tx.doubtSubmissions().update(doubtId,
                    tx.doubtSubmissions().newRecord().setRelatedDoubts(List.copyOf(relatedDoubtIds)));
            ActivityLog.record(tx, userId, "doubt.related", Map.of("doubt_id", doubtId, "related", relatedDoubtIds));
            return related;
        });
    }
}
