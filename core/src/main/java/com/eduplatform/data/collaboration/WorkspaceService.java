package com.eduplatform.data.collaboration;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;

import com.eduplatform.data.ArrayConditions;
import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.Workspaces;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Workspaces: a named group of members ({@code workspaces.members}, user ids) sharing content
 * ({@code workspaces.shared_content}, content generation ids). Every member of a live, active workspace may see its
 * shared content ({@link SharingService#canView}).
 *
 * <p>Members and content are added and removed by single atomic array updates ({@code array_append} guarded by
 * "not already there", {@code array_remove}), never by reading the array and writing it back, so concurrent adds
 * are all kept and none is duplicated. The schema's array foreign keys (V5_2) refuse a member or content that does
 * not exist with a {@link com.eduplatform.data.error.ForeignKeyViolationException}.
 *
 * <p>Rules: the creator is always a member and cannot be removed; any member may add members and share content
 * they own or hold an edit or collaborate share of; a member may leave; only the creator removes others, unshares
 * content other than their own, and archives the workspace. An archived ({@code is_active = false}) or
 * soft-deleted workspace no longer changes ({@link InvalidTransitionException}) and grants nobody anything. Each
 * step is one transaction that also writes the activity log; nothing is written when a step is refused.
 */
public final class WorkspaceService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .workspaces()}. */
    public WorkspaceService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Creates an active workspace of {@code createdBy}, who is its first member, followed by {@code members}
     * (duplicates dropped). A member who does not exist is a
     * {@link com.eduplatform.data.error.ForeignKeyViolationException} of {@code workspaces_members_fkey}.
     *
     * @param workspaceType free text such as {@code class} or {@code study_group}, or {@code null}
     */
    public Workspaces create(String createdBy, String name, String description, String workspaceType,
                             List<String> members) {
        Require.text(createdBy, "workspaces.created_by");
        Require.text(name, "workspaces.name");
        LinkedHashSet<String> allMembers = new LinkedHashSet<>();
        allMembers.add(createdBy);
        for (String member : members == null ? List.<String>of() : members) {
            Require.text(member, "workspaces.members");
            allMembers.add(member);
        }
        return db.inTransaction(tx -> {
            Workspaces created = tx.workspaces().insert(tx.workspaces().newRecord()
                    .setCreatedBy(createdBy).setName(name).setDescription(description)
                    .setWorkspaceType(workspaceType).setMembers(new ArrayList<>(allMembers))
                    .setSharedContent(List.of()));
            ActivityLog.record(tx, createdBy, "workspace.created", Map.of("workspace_id", created.id(),
                    "members", created.members()));
            return created;
        });
    }

    /**
     * A member of the workspace adds {@code userId} to its members, atomically. Adding someone who already is a
     * member changes nothing and returns the workspace as it is.
     */
    public Workspaces addMember(int workspaceId, String actorId, String userId) {
        Require.text(actorId, "actorId");
        Require.text(userId, "workspaces.members");
        Field<List<String>> members = WORKSPACES.MEMBERS;
        return db.inTransaction(tx -> {
            Optional<Workspaces> added = tx.dsl().update(WORKSPACES)
                    .set(members, DSL.field("array_append({0}, cast({1} as text))", members.getDataType(), members,
                            DSL.val(userId)))
                    .set(WORKSPACES.VERSION_NUMBER, WORKSPACES.VERSION_NUMBER.plus(1))
                    .where(changeable(workspaceId))
                    .and(ArrayConditions.contains(members, actorId))
                    .and(DSL.not(ArrayConditions.contains(members, userId)))
                    .returning()
                    .fetchOptionalInto(Workspaces.class);
            if (added.isEmpty()) {
                Workspaces current = requireChangeable(tx, workspaceId);
                requireMember(current, actorId);
                return current;
            }
            ActivityLog.record(tx, actorId, "workspace.member_added", Map.of("workspace_id", workspaceId,
                    "member", userId));
            return added.get();
        });
    }

    /**
     * Removes {@code userId} from the members, atomically: the creator may remove anyone but themselves, and a
     * member may remove themselves (leave). Removing someone who is not a member changes nothing.
     */
    public Workspaces removeMember(int workspaceId, String actorId, String userId) {
        Require.text(actorId, "actorId");
        Require.text(userId, "workspaces.members");
        Field<List<String>> members = WORKSPACES.MEMBERS;
        return db.inTransaction(tx -> {
            Workspaces current = requireChangeable(tx, workspaceId);
            if (userId.equals(current.createdBy())) {
                throw new InvalidInputException("workspaces.members", "the creator " + userId
                        + " stays a member of workspace " + workspaceId);
            }
            if (!actorId.equals(current.createdBy()) && !actorId.equals(userId)) {
                throw new AccessDeniedException(actorId, "may not remove " + userId + " from workspace "
                        + workspaceId + ": only its creator removes other members");
            }
            Optional<Workspaces> removed = tx.dsl().update(WORKSPACES)
                    .set(members, DSL.field("array_remove({0}, cast({1} as text))", members.getDataType(), members,
                            DSL.val(userId)))
                    .set(WORKSPACES.VERSION_NUMBER, WORKSPACES.VERSION_NUMBER.plus(1))
                    .where(changeable(workspaceId))
                    .and(ArrayConditions.contains(members, userId))
                    .returning()
                    .fetchOptionalInto(Workspaces.class);
            if (removed.isEmpty()) {
                return requireChangeable(tx, workspaceId);
            }
            ActivityLog.record(tx, actorId, "workspace.member_removed", Map.of("workspace_id", workspaceId,
                    "member", userId));
            return removed.get();
        });
    }

    /**
     * A member shares content into the workspace, atomically, making it visible to every member. They must own the
     * content or hold an unexpired edit or collaborate share of it. Content that does not exist is a
     * {@link com.eduplatform.data.error.ForeignKeyViolationException} of {@code workspaces_shared_content_fkey};
     * soft-deleted content a {@link NotFoundException}. Sharing content already shared changes nothing.
     */
    public Workspaces shareContent(int workspaceId, String actorId, int contentId) {
        Require.text(actorId, "actorId");
        Field<List<Integer>> content = WORKSPACES.SHARED_CONTENT;
        return db.inTransaction(tx -> {
            Workspaces current = requireChangeable(tx, workspaceId);
            requireMember(current, actorId);
            Record owner = tx.dsl().select(CONTENT_GENERATIONS.USER_ID, CONTENT_GENERATIONS.DELETED_AT)
                    .from(CONTENT_GENERATIONS).where(CONTENT_GENERATIONS.ID.eq(contentId))
                    .fetchOne();
            // Content that does not exist is left to the schema's array foreign key, which names it.
            if (owner != null) {
                if (owner.get(CONTENT_GENERATIONS.DELETED_AT) != null) {
                    throw new NotFoundException(CONTENT_GENERATIONS.getName(), contentId);
                }
                if (!actorId.equals(owner.get(CONTENT_GENERATIONS.USER_ID))
                        && !SharingService.holdsResharingShare(tx, contentId, actorId)) {
                    throw new AccessDeniedException(actorId, "neither owns content " + contentId
                            + " nor holds an unexpired edit or collaborate share of it");
                }
            }
            Optional<Workspaces> shared = tx.dsl().update(WORKSPACES)
                    .set(content, DSL.field("array_append(coalesce({0}, cast(array[] as integer[])), cast({1} as integer))",
                            content.getDataType(), content, DSL.val(contentId)))
                    .set(WORKSPACES.VERSION_NUMBER, WORKSPACES.VERSION_NUMBER.plus(1))
                    .where(changeable(workspaceId))
                    .and(DSL.not(holdsContent(contentId)))
                    .returning()
                    .fetchOptionalInto(Workspaces.class);
            if (shared.isEmpty()) {
                return requireChangeable(tx, workspaceId);
            }
            ActivityLog.record(tx, actorId, "workspace.content_shared", Map.of("workspace_id", workspaceId,
                    "content_id", contentId));
            return shared.get();
        });
    }

    /**
     * Takes content out of the workspace, atomically: the workspace's creator or the content's owner may. Content
     * that is not shared there changes nothing.
     */
    public Workspaces unshareContent(int workspaceId, String actorId, int contentId) {
        Require.text(actorId, "actorId");
        Field<List<Integer>> content = WORKSPACES.SHARED_CONTENT;
        return db.inTransaction(tx -> {
            Workspaces current = requireChangeable(tx, workspaceId);
            String owner = tx.dsl().select(CONTENT_GENERATIONS.USER_ID).from(CONTENT_GENERATIONS)
                    .where(CONTENT_GENERATIONS.ID.eq(contentId)).fetchOne(CONTENT_GENERATIONS.USER_ID);
            if (!actorId.equals(current.createdBy()) && !actorId.equals(owner)) {
                throw new AccessDeniedException(actorId, "may not take content " + contentId + " out of workspace "
                        + workspaceId + ": only its creator or the content's owner may");
            }
            Optional<Workspaces> unshared = tx.dsl().update(WORKSPACES)
                    .set(content, DSL.field("array_remove({0}, cast({1} as integer))", content.getDataType(), content,
                            DSL.val(contentId)))
                    .set(WORKSPACES.VERSION_NUMBER, WORKSPACES.VERSION_NUMBER.plus(1))
                    .where(changeable(workspaceId))
                    .and(holdsContent(contentId))
                    .returning()
                    .fetchOptionalInto(Workspaces.class);
            if (unshared.isEmpty()) {
                return requireChangeable(tx, workspaceId);
            }
            ActivityLog.record(tx, actorId, "workspace.content_unshared", Map.of("workspace_id", workspaceId,
                    "content_id", contentId));
            return unshared.get();
        });
    }

    /**
     * The creator archives the workspace: it becomes inactive ({@code is_active = false}), its members and content
     * are kept for the record, it no longer changes, and it no longer grants anyone access to its content.
     */
    public Workspaces archive(int workspaceId, String actorId) {
        Require.text(actorId, "actorId");
        return db.inTransaction(tx -> {
            Workspaces current = requireChangeable(tx, workspaceId);
            if (!actorId.equals(current.createdBy())) {
                throw new AccessDeniedException(actorId, "did not create workspace " + workspaceId
                        + "; only its creator may archive it");
            }
            Workspaces archived = tx.workspaces().transition(workspaceId, WORKSPACES.IS_ACTIVE, List.of(true), false,
                    tx.workspaces().newRecord());
            ActivityLog.record(tx, actorId, "workspace.archived", Map.of("workspace_id", workspaceId));
            return archived;
        });
    }

    /** The live, active workspaces {@code userId} is a member of, oldest first. */
    public List<Workspaces> workspacesOf(String userId) {
        Require.text(userId, "userId");
        return db.workspaces().find(ArrayConditions.contains(WORKSPACES.MEMBERS, userId)
                .and(WORKSPACES.IS_ACTIVE.isTrue()), WORKSPACES.ID);
    }

    private static Condition changeable(int workspaceId) {
        return WORKSPACES.ID.eq(workspaceId).and(WORKSPACES.DELETED_AT.isNull()).and(WORKSPACES.IS_ACTIVE.isTrue());
    }

    private static Condition holdsContent(int contentId) {
        return DSL.condition("coalesce({0}, cast(array[] as integer[])) @> array[cast({1} as integer)]",
                WORKSPACES.SHARED_CONTENT, DSL.val(contentId));
    }

    /** The live workspace, refused as archived when inactive. */
    private static Workspaces requireChangeable(EduDatabase tx, int workspaceId) {
        Workspaces current = tx.workspaces().getById(workspaceId);
        if (!Boolean.TRUE.equals(current.isActive())) {
            throw new InvalidTransitionException(WORKSPACES.getName(), workspaceId, "archived", "changed");
        }
        return current;
    }

    private static void requireMember(Workspaces workspace, String userId) {
        if (workspace.members() == null || !workspace.members().contains(userId)) {
            throw new AccessDeniedException(userId, "is not a member of workspace " + workspace.id());
        }
    }
}
