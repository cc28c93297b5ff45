package com.eduplatform.data.collaboration;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;

import com.eduplatform.data.ArrayConditions;
import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.internal.Require;
import com.eduplatform.data.jooq.tables.pojos.ContentShares;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.ShareType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Content sharing: a piece of content ({@code content_generations}) is shared with one user at a time as a
 * {@code content_shares} row (view only, edit or collaborate), optionally expiring and optionally public; a share
 * is revoked by deleting its row. {@code content_generations.shared_with} is derived from the shares by the schema
 * (V5_1) in the same transaction; every step here first locks the content's row, so concurrent shares and revokes of
 * one content queue and the derived array always ends up equal to the shares.
 *
 * <p>{@link #canView} is the one answer to "may this user see this content?": the content is live (not
 * soft-deleted) and the user owns it, holds an unexpired share of it, it has an unexpired public share, or it is in
 * the shared content of an active, live workspace the user is a member of. {@link #recordAccess} counts an access
 * atomically on the user's share and writes a {@code content_usage_stats} row.
 *
 * <p>Each step is one transaction that also writes the activity log; sharing notifies the recipient
 * ({@code content_shared}) in that transaction. Bad input is an {@link InvalidInputException} naming the field, a
 * user not allowed to act an {@link AccessDeniedException}, and nothing is written then.
 */
public final class SharingService {

    /** The {@code notifications.notification_type} sharing sends to the recipient. */
    public static final String CONTENT_SHARED = "content_shared";

    /** The {@code content_usage_stats.access_type} {@link #recordAccess} writes. */
    public static final String VIEW_ACCESS = "view";

    /** Share types whose holder may share the content onwards. */
    private static final Set<ShareType> RESHARING_TYPES = Set.of(ShareType.EDIT, ShareType.COLLABORATE);

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .sharing()}. */
    public SharingService(EduDatabase db) {
        this.db = db;
    }

    /**
     * One recorded access to a piece of content.
     *
     * @param contentId        the content accessed
     * @param userId           who accessed it
     * @param shareAccessCount the user's share's {@code access_count} after this access, or {@code null} when the
     *                         user saw the content without an unexpired share of their own (owner, public share,
     *                         workspace)
     * @param usageStatId      the id of the {@code content_usage_stats} row written for it
     */
    public record Access(int contentId, String userId, Integer shareAccessCount, long usageStatId) {
    }

    /**
     * Shares content with a user, privately; see {@link #share(int, String, String, ShareType, OffsetDateTime,
     * boolean)}.
     */
    public ContentShares share(int contentId, String sharedBy, String sharedWith, ShareType shareType,
                               OffsetDateTime expiresAt) {
        return share(contentId, sharedBy, sharedWith, shareType, expiresAt, false);
    }

    /**
     * Shares content {@code contentId} with {@code sharedWith}. Only the content's owner or a holder of an unexpired
     * edit or collaborate share may share it. One share per content and user: sharing again updates that share
     * (type, expiry, public flag, sharer) and keeps its access count. {@code sharedWith} joins
     * {@code content_generations.shared_with} and gets a {@code content_shared} notification, all in one
     * transaction.
     *
     * @param expiresAt when the share stops granting access, in the future, or {@code null} for never
     * @param isPublic  whether the share makes the content visible to every user, not just {@code sharedWith}
     */
    public ContentShares share(int contentId, String sharedBy, String sharedWith, ShareType shareType,
                               OffsetDateTime expiresAt, boolean isPublic) {
        Require.text(sharedBy, "sharedBy");
        Require.text(sharedWith, "content_shares.shared_with");
        if (shareType == null) {
            throw new InvalidInputException("content_shares.share_type", "is required");
        }
        if (sharedBy.equals(sharedWith)) {
            throw new InvalidInputException("content_shares.shared_with", "nobody shares content with themselves");
        }
        return db.inTransaction(tx -> {
            String owner = lockContent(tx, contentId);
            if (sharedWith.equals(owner)) {
                throw new InvalidInputException("content_shares.shared_with",
                        sharedWith + " owns content " + contentId + " and needs no share of it");
            }
            if (!sharedBy.equals(owner) && !holdsResharingShare(tx, contentId, sharedBy)) {
                throw new AccessDeniedException(sharedBy, "neither owns content " + contentId
                        + " nor holds an unexpired edit or collaborate share of it");
            }
            if (expiresAt != null && !expiresAt.isAfter(now(tx))) {
                throw new InvalidInputException("content_shares.expires_at", "must be in the future (was "
                        + expiresAt + ")");
            }
            ContentShares share = tx.contentShares().upsert(tx.contentShares().newRecord()
                    .setContentGenerationId(contentId).setSharedBy(sharedBy).setSharedWith(sharedWith)
                    .setShareType(shareType).setExpiresAt(expiresAt).setIsPublic(isPublic));
            tx.workflows().notifications().send(sharedWith, CONTENT_SHARED, "Content was shared with you",
                    sharedBy + " shared content " + contentId + " with you (" + shareType.getLiteral() + ").",
                    contentId, Priority.MEDIUM);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("content_id", contentId);
            details.put("shared_with", sharedWith);
            details.put("share_type", shareType.getLiteral());
            details.put("is_public", isPublic);
            details.put("expires_at", expiresAt == null ? null : expiresAt.toString());
            ActivityLog.record(tx, sharedBy, "content.shared", details);
            return share;
        });
    }

    /**
     * Revokes {@code sharedWith}'s share of content {@code contentId}: the share row is deleted and the user leaves
     * {@code content_generations.shared_with}. The content's owner, the user who made the share, or its recipient
     * (declining it) may revoke. Returns whether there was a share to revoke.
     */
    public boolean revoke(int contentId, String revokedBy, String sharedWith) {
        Require.text(revokedBy, "revokedBy");
        Require.text(sharedWith, "content_shares.shared_with");
        return db.inTransaction(tx -> {
            String owner = lockContent(tx, contentId);
            String sharer = tx.dsl().select(CONTENT_SHARES.SHARED_BY).from(CONTENT_SHARES)
                    .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(contentId))
                    .and(CONTENT_SHARES.SHARED_WITH.eq(sharedWith))
                    .fetchOne(CONTENT_SHARES.SHARED_BY);
            if (!revokedBy.equals(owner) && !revokedBy.equals(sharedWith) && !revokedBy.equals(sharer)) {
                throw new AccessDeniedException(revokedBy, "may not revoke the share of content " + contentId
                        + " with " + sharedWith + ": only its owner, sharer or recipient may");
            }
            boolean revoked = tx.dsl().deleteFrom(CONTENT_SHARES)
                    .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(contentId))
                    .and(CONTENT_SHARES.SHARED_WITH.eq(sharedWith))
                    .execute() == 1;
            if (revoked) {
                ActivityLog.record(tx, revokedBy, "content.share_revoked", Map.of("content_id", contentId,
                        "shared_with", sharedWith));
            }
            return revoked;
        });
    }

    /**
     * Whether {@code userId} may see content {@code contentId}, decided in one SQL query: the content exists and is
     * not soft-deleted, and the user owns it, or holds an unexpired share of it, or it has an unexpired public
     * share, or it is in the {@code shared_content} of a live, active workspace whose {@code members} include the
     * user. A missing content or user is simply not visible.
     */
    public boolean canView(String userId, int contentId) {
        if (userId == null || userId.isBlank()) {
            return false;
        }
        return db.dsl().fetchExists(CONTENT_GENERATIONS, CONTENT_GENERATIONS.ID.eq(contentId)
                .and(CONTENT_GENERATIONS.DELETED_AT.isNull())
                .and(visibleTo(userId)));
    }

    /**
     * Records that {@code userId} opened content {@code contentId}: refused with an {@link AccessDeniedException}
     * unless {@link #canView}; otherwise the user's unexpired share, if any, has its {@code access_count}
     * incremented in one atomic statement ({@code access_count = access_count + 1}, so concurrent accesses are
     * all counted), and a {@code content_usage_stats} row of type {@value #VIEW_ACCESS} is written.
     */
    public Access recordAccess(int contentId, String userId) {
        Require.text(userId, "userId");
        return db.inTransaction(tx -> {
            if (!canView(userId, contentId)) {
                throw new AccessDeniedException(userId, "may not view content " + contentId);
            }
            Integer accessCount = tx.dsl().update(CONTENT_SHARES)
                    .set(CONTENT_SHARES.ACCESS_COUNT, CONTENT_SHARES.ACCESS_COUNT.plus(1))
                    .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(contentId))
                    .and(CONTENT_SHARES.SHARED_WITH.eq(userId))
                    .and(unexpired())
                    .returning(CONTENT_SHARES.ACCESS_COUNT)
                    .fetchOptional(CONTENT_SHARES.ACCESS_COUNT)
                    .orElse(null);
            long statId = tx.dsl().insertInto(CONTENT_USAGE_STATS)
                    .set(CONTENT_USAGE_STATS.CONTENT_GENERATION_ID, contentId)
                    .set(CONTENT_USAGE_STATS.USER_ID, userId)
                    .set(CONTENT_USAGE_STATS.ACCESS_TYPE, VIEW_ACCESS)
                    .returning(CONTENT_USAGE_STATS.ID)
                    .fetchSingle(CONTENT_USAGE_STATS.ID);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("content_id", contentId);
            details.put("share_access_count", accessCount);
            ActivityLog.record(tx, userId, "content.accessed", details);
            return new Access(contentId, userId, accessCount, statId);
        });
    }

    /** The shares of content {@code contentId}, expired ones included, in the order they were made. */
    public List<ContentShares> shares(int contentId) {
        return db.contentShares().find(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(contentId), CONTENT_SHARES.ID);
    }

    /** Owner, unexpired direct or public share, or membership of a live, active workspace holding the content. */
    private static Condition visibleTo(String userId) {
        Condition shared = DSL.exists(DSL.selectOne().from(CONTENT_SHARES)
                .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(CONTENT_GENERATIONS.ID))
                .and(unexpired())
                .and(CONTENT_SHARES.SHARED_WITH.eq(userId).or(CONTENT_SHARES.IS_PUBLIC.isTrue())));
        Field<List<Integer>> contentAsArray = DSL.field("array[{0}]", WORKSPACES.SHARED_CONTENT.getDataType(),
                CONTENT_GENERATIONS.ID);
        Condition inWorkspace = DSL.exists(DSL.selectOne().from(WORKSPACES)
                .where(WORKSPACES.DELETED_AT.isNull())
                .and(WORKSPACES.IS_ACTIVE.isTrue())
                .and(ArrayConditions.contains(WORKSPACES.MEMBERS, userId))
                .and(DSL.condition("{0} @> {1}", WORKSPACES.SHARED_CONTENT, contentAsArray)));
        return CONTENT_GENERATIONS.USER_ID.eq(userId).or(shared).or(inWorkspace);
    }

    private static Condition unexpired() {
        return CONTENT_SHARES.EXPIRES_AT.isNull().or(CONTENT_SHARES.EXPIRES_AT.gt(DSL.currentOffsetDateTime()));
    }

    /**
     * Locks the live content's row and returns its owner. Shares and revokes of one content queue here, so the
     * schema's recomputation of {@code shared_with} in each of them sees the others' committed shares.
     */
    static String lockContent(EduDatabase tx, int contentId) {
        Record2<String, OffsetDateTime> content = tx.dsl()
                .select(CONTENT_GENERATIONS.USER_ID, CONTENT_GENERATIONS.DELETED_AT)
                .from(CONTENT_GENERATIONS).where(CONTENT_GENERATIONS.ID.eq(contentId))
                .forNoKeyUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException(CONTENT_GENERATIONS.getName(), contentId));
        if (content.value2() != null) {
            throw new NotFoundException(CONTENT_GENERATIONS.getName(), contentId);
        }
        return content.value1();
    }

    /** Whether {@code userId} holds an unexpired edit or collaborate share of the content. */
    static boolean holdsResharingShare(EduDatabase tx, int contentId, String userId) {
        return tx.dsl().fetchExists(CONTENT_SHARES, CONTENT_SHARES.CONTENT_GENERATION_ID.eq(contentId)
                .and(CONTENT_SHARES.SHARED_WITH.eq(userId))
                .and(CONTENT_SHARES.SHARE_TYPE.in(RESHARING_TYPES))
                .and(unexpired()));
    }

    private static OffsetDateTime now(EduDatabase tx) {
        return tx.dsl().select(DSL.currentOffsetDateTime()).fetchSingle().value1();
    }
}
