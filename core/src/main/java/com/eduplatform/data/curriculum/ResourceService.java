package com.eduplatform.data.curriculum;

import static com.eduplatform.data.jooq.Tables.CONTENT_FEEDBACK;
import static com.eduplatform.data.jooq.Tables.EDUCATIONAL_RESOURCES;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.ContentFeedback;
import com.eduplatform.data.jooq.tables.pojos.EducationalResources;
import com.eduplatform.data.jooq.tables.records.EducationalResourcesRecord;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Educational resources and content feedback votes.
 *
 * <p>A resource is uploaded unapproved; an admin or a teacher other than its uploader approves it, and only then
 * is it listed ({@link #listApproved}) and usable ({@link #recordUse}). Counters ({@code usage_count},
 * {@code content_feedback.is_helpful_vote_count}) grow by one atomic {@code col = col + 1} statement each, so
 * concurrent uses and votes are all counted; they do not bump {@code version_number}, which guards edits, so
 * counting never makes a moderator's edit fail.
 *
 * <p>Each step is one transaction that also writes the activity log; bad input is an
 * {@link InvalidInputException} naming the field, and nothing is written then.
 */
public final class ResourceService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .resources()}. */
    public ResourceService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Uploads the resource {@code resource} describes, by its {@code uploaded_by}, unapproved and unused. Setting
     * {@code is_approved} or {@code usage_count} on it is an {@link InvalidInputException}: both are earned.
     */
    public EducationalResources upload(EducationalResourcesRecord resource) {
        if (resource.changed(EDUCATIONAL_RESOURCES.IS_APPROVED) && Boolean.TRUE.equals(resource.getIsApproved())) {
            throw new InvalidInputException("educational_resources.is_approved", "a new resource starts unapproved");
        }
        if (resource.changed(EDUCATIONAL_RESOURCES.USAGE_COUNT) && resource.getUsageCount() != null
                && resource.getUsageCount() != 0) {
            throw new InvalidInputException("educational_resources.usage_count", "a new resource starts unused");
        }
        return db.inTransaction(tx -> {
            EducationalResources uploaded = tx.educationalResources().insert(resource);
            ActivityLog.record(tx, uploaded.uploadedBy(), "resource.uploaded", Map.of("resource_id", uploaded.id(),
                    "subject", uploaded.subject(), "grade", uploaded.grade()));
            return uploaded;
        });
    }

    /**
     * Approves a resource: {@code approverId} must be an admin or a teacher, and not its uploader. Approving an
     * approved resource is an {@link InvalidTransitionException}, so concurrent approvals log one approval.
     */
    public EducationalResources approve(int resourceId, String approverId) {
        Require.text(approverId, "approverId");
        return db.inTransaction(tx -> {
            List<Role> roles = tx.users().getById(approverId).roles();
            if (!roles.contains(Role.ADMIN) && !roles.contains(Role.TEACHER)) {
                throw new AccessDeniedException(approverId, "must be an admin or a teacher to approve a resource");
            }
            if (approverId.equals(tx.educationalResources().getById(resourceId).uploadedBy())) {
                throw new AccessDeniedException(approverId, "uploaded resource " + resourceId
                        + " and may not approve it");
            }
            EducationalResources approved = tx.educationalResources().transition(resourceId,
                    EDUCATIONAL_RESOURCES.IS_APPROVED, List.of(false), true, tx.educationalResources().newRecord());
            ActivityLog.record(tx, approverId, "resource.approved", Map.of("resource_id", resourceId));
            return approved;
        });
    }

    /**
     * The approved, live resources of {@code subject} and {@code grade}, most used first: what students browse.
     * Unapproved and deleted resources are never listed.
     */
    public List<EducationalResources> listApproved(String subject, String grade) {
        Require.text(subject, "educational_resources.subject");
        Require.text(grade, "educational_resources.grade");
        return db.educationalResources().find(EDUCATIONAL_RESOURCES.SUBJECT.eq(subject)
                        .and(EDUCATIONAL_RESOURCES.GRADE.eq(grade))
                        .and(EDUCATIONAL_RESOURCES.IS_APPROVED.isTrue()),
                EDUCATIONAL_RESOURCES.USAGE_COUNT.desc(), EDUCATIONAL_RESOURCES.ID);
    }

    /**
     * Records that {@code userId} used an approved, live resource: {@code usage_count = usage_count + 1} in one
     * statement, so concurrent uses are all counted. Returns the new count. An unapproved resource is an
     * {@link InvalidTransitionException} (from {@code unapproved}); a missing or deleted one a
     * {@link NotFoundException}.
     */
    public int recordUse(int resourceId, String userId) {
        Require.text(userId, "userId");
        return db.inTransaction(tx -> {
            Optional<Integer> count = tx.dsl().update(EDUCATIONAL_RESOURCES)
                    .set(EDUCATIONAL_RESOURCES.USAGE_COUNT, EDUCATIONAL_RESOURCES.USAGE_COUNT.plus(1))
                    .where(EDUCATIONAL_RESOURCES.ID.eq(resourceId))
                    .and(EDUCATIONAL_RESOURCES.DELETED_AT.isNull())
                    .and(EDUCATIONAL_RESOURCES.IS_APPROVED.isTrue())
                    .returning(EDUCATIONAL_RESOURCES.USAGE_COUNT)
                    .fetchOptional(EDUCATIONAL_RESOURCES.USAGE_COUNT);
            if (count.isEmpty()) {
                tx.educationalResources().getById(resourceId);
                throw new InvalidTransitionException(EDUCATIONAL_RESOURCES.getName(), resourceId, "unapproved",
                        "used");
            }
            ActivityLog.record(tx, userId, "resource.used", Map.of("resource_id", resourceId,
                    "usage_count", count.get()));
            return count.get();
        });
    }

    /**
     * {@code voterId} finds feedback {@code feedbackId} helpful: {@code is_helpful_vote_count} grows by one in one
     * atomic statement, so concurrent votes are all counted. Returns the new count. Voting for one's own feedback
     * is an {@link AccessDeniedException}; missing or deleted feedback a {@link NotFoundException}. (The schema
     * keeps no voter list, so one user voting twice cannot be told apart.)
     */
    public int voteHelpful(int feedbackId, String voterId) {
        Require.text(voterId, "voterId");
        return db.inTransaction(tx -> {
            ContentFeedback feedback = tx.contentFeedback().getById(feedbackId);
            if (voterId.equals(feedback.userId())) {
                throw new AccessDeniedException(voterId, "wrote feedback " + feedbackId
                        + " and may not vote for it");
            }
            int votes = tx.dsl().update(CONTENT_FEEDBACK)
                    .set(CONTENT_FEEDBACK.IS_HELPFUL_VOTE_COUNT, CONTENT_FEEDBACK.IS_HELPFUL_VOTE_COUNT.plus(1))
                    .where(CONTENT_FEEDBACK.ID.eq(feedbackId))
                    .and(CONTENT_FEEDBACK.DELETED_AT.isNull())
                    .returning(CONTENT_FEEDBACK.IS_HELPFUL_VOTE_COUNT)
                    .fetchOptional(CONTENT_FEEDBACK.IS_HELPFUL_VOTE_COUNT)
                    .orElseThrow(() -> new NotFoundException(CONTENT_FEEDBACK.getName(), feedbackId));
            ActivityLog.record(tx, voterId, "feedback.voted_helpful", Map.of("feedback_id", feedbackId,
                    "votes", votes));
            return votes;
        });
    }
}
