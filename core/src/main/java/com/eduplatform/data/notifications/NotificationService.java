package com.eduplatform.data.notifications;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.PageRequest;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.types.Priority;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Notifications: what the platform tells a user. The automated ones (doubt resolved, exam ready, content shared)
 * are created by those workflows in the same transaction as the event, so a notification exists exactly when its
 * event does.
 *
 * <p>A user sees their <em>live</em> notifications: not dismissed (soft-deleted) and not expired. The inbox lists
 * them by priority, high first, then newest first; the unread count counts the live ones not yet read. Marking
 * read, marking all read, dismissing and purging expired notifications are each one transaction that also writes
 * the activity log. Reading or dismissing someone else's notification is an {@link AccessDeniedException}.
 */
public final class NotificationService {

    /** The largest inbox page {@link #inbox} returns. */
    public static final int MAX_INBOX_PAGE = PageRequest.MAX_SIZE;

    /** high = 0, medium = 1, low = 2: the inbox's first sort key, since the column's text sorts high, low, medium. */
    private static final Field<Integer> PRIORITY_RANK = DSL.when(NOTIFICATIONS.PRIORITY.eq(Priority.HIGH), 0)
            .when(NOTIFICATIONS.PRIORITY.eq(Priority.MEDIUM), 1)
            .otherwise(2);

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .notifications()}. */
    public NotificationService(EduDatabase db) {
        this.db = db;
    }

    /**
     * One page of a user's inbox and where the next one starts.
     *
     * @param items the notifications, high priority first, then newest first
     * @param next  the position to pass to {@link #inbox(String, InboxPosition, int)} for the next page, or
     *              {@code null} when this is the last page
     */
    public record InboxPage(List<Notifications> items, InboxPosition next) {

        /** Copies {@code items}, so the page cannot change afterwards. */
        public InboxPage {
            items = List.copyOf(items);
        }

        /** Whether more notifications follow this page. */
        public boolean hasNext() {
            return next != null;
        }
    }

    /**
     * Where an inbox page ends: the sort values of its last notification. Pages continue strictly after it (keyset
     * paging), so notifications arriving meanwhile never shift or repeat the following pages.
     *
     * @param priority  the last notification's priority
     * @param createdAt its creation time
     * @param id        its id, the tie-breaker
     */
    public record InboxPosition(Priority priority, OffsetDateTime createdAt, long id) {

        /** Refuses an incomplete position, naming the missing part. */
        public InboxPosition {
            if (priority == null) {
                throw new InvalidInputException("after.priority", "an inbox position needs the priority");
            }
            if (createdAt == null) {
                throw new InvalidInputException("after.createdAt", "an inbox position needs the creation time");
            }
        }

        /** The position of {@code notification}, for paging on after it. */
        public static InboxPosition of(Notifications notification) {
            return new InboxPosition(notification.priority(), notification.createdAt(), notification.id());
        }
    }

    /**
     * Creates a notification for {@code userId}, joining the caller's transaction.
     *
     * @param relatedContentId the content generation it is about, or {@code null}
     */
    public Notifications send(String userId, String type, String title, String message, Integer relatedContentId,
                              Priority priority) {
        return db.notifications().insert(db.notifications().newRecord()
                .setUserId(userId).setNotificationType(type).setTitle(title).setMessage(message)
                .setRelatedContentId(relatedContentId).setPriority(priority));
    }

    /**
     * As {@link #send(String, String, String, String, Integer, Priority)}, for a notification that stops counting
     * (and showing) at {@code expiresAt}, and may be flagged as asking the user to act. Joins the caller's
     * transaction. An {@code expiresAt} not after the creation time is refused by the schema
     * ({@code notifications_expires_after_created_check}).
     *
     * @param expiresAt      when it expires, or {@code null} for never
     * @param actionRequired whether the user is expected to act on it
     */
    public Notifications send(String userId, String type, String title, String message, Integer relatedContentId,
                              Priority priority, OffsetDateTime expiresAt, boolean actionRequired) {
        return db.notifications().insert(db.notifications().newRecord()
                .setUserId(userId).setNotificationType(type).setTitle(title).setMessage(message)
                .setRelatedContentId(relatedContentId).setPriority(priority)
                .setExpiresAt(expiresAt).setActionRequired(actionRequired));
    }

    /**
     * How many of {@code userId}'s notifications are unread: read, expired and dismissed ones do not count. This
     * is what a badge shows, computed in SQL from the rows, so it is never out of step with them.
     */
    public long unreadCount(String userId) {
        requireUser(userId);
        return db.notifications().count(live(userId).and(NOTIFICATIONS.IS_READ.isFalse()));
    }

    /** The first page of {@code userId}'s inbox: live notifications, high priority first, then newest first. */
    public InboxPage inbox(String userId, int size) {
        return inbox(userId, null, size);
    }

    /**
     * The page of {@code userId}'s inbox after {@code after} (the previous page's {@link InboxPage#next()}; {@code
     * null} for the first page), {@code size} notifications at most (1 to {@value #MAX_INBOX_PAGE}). Live
     * notifications only, read or not, ordered by priority (high first), then newest first, then id.
     */
    public InboxPage inbox(String userId, InboxPosition after, int size) {
        requireUser(userId);
        if (size < 1 || size > MAX_INBOX_PAGE) {
            throw new InvalidInputException("size", "must be 1 to " + MAX_INBOX_PAGE + " (was " + size + ")");
        }
        Condition seek = after == null ? DSL.noCondition() : after(after);
        List<Notifications> rows = new ArrayList<>(db.dsl().selectFrom(NOTIFICATIONS)
                .where(live(userId)).and(NOTIFICATIONS.DELETED_AT.isNull()).and(seek)
                .orderBy(PRIORITY_RANK.asc(), NOTIFICATIONS.CREATED_AT.desc(), NOTIFICATIONS.ID.desc())
                .limit(size + 1)
                .fetchInto(Notifications.class));
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(size);
        }
        return new InboxPage(rows, more ? InboxPosition.of(rows.get(rows.size() - 1)) : null);
    }

    /**
     * Marks one notification read. Only its recipient may: anyone else gets an {@link AccessDeniedException}. A
     * notification already read is returned as it is, and no second activity is logged, so retries and concurrent
     * calls are harmless. A missing or dismissed notification is a {@link NotFoundException}.
     */
    public Notifications markRead(long notificationId, String userId) {
        requireUser(userId);
        return db.inTransaction(tx -> {
            // The row lock of the UPDATE makes a concurrent second call wait, re-check NOT is_read and match nothing.
            Notifications marked = tx.dsl().update(NOTIFICATIONS)
                    .set(NOTIFICATIONS.IS_READ, true)
                    .where(NOTIFICATIONS.ID.eq(notificationId))
                    .and(NOTIFICATIONS.USER_ID.eq(userId))
                    .and(NOTIFICATIONS.DELETED_AT.isNull())
                    .and(NOTIFICATIONS.IS_READ.isFalse())
                    .returning()
                    .fetchOptionalInto(Notifications.class)
                    .orElse(null);
            if (marked == null) {
                return ownedBy(tx, notificationId, userId);
            }
            ActivityLog.record(tx, userId, "notification.read", Map.of("notification_id", notificationId,
                    "notification_type", marked.notificationType()));
            return marked;
        });
    }

    /**
     * Marks every live unread notification of {@code userId} read, in one statement, and returns how many it
     * marked; a concurrent call marks only what this one did not, so the counts of both add up to what was
     * unread.
     */
    public int markAllRead(String userId) {
        requireUser(userId);
        return db.inTransaction(tx -> {
            int marked = tx.dsl().update(NOTIFICATIONS)
                    .set(NOTIFICATIONS.IS_READ, true)
                    .where(live(userId))
                    .and(NOTIFICATIONS.DELETED_AT.isNull())
                    .and(NOTIFICATIONS.IS_READ.isFalse())
                    .execute();
            ActivityLog.record(tx, userId, "notification.all_read", Map.of("marked", marked));
            return marked;
        });
    }

    /**
     * Dismisses one notification of {@code userId}: it is soft-deleted, leaving the inbox and the unread count.
     * Returns whether it was dismissed now ({@code false} when it already was). Only its recipient may dismiss it.
     */
    public boolean dismiss(long notificationId, String userId) {
        requireUser(userId);
        return db.inTransaction(tx -> {
            String owner = tx.dsl().select(NOTIFICATIONS.USER_ID).from(NOTIFICATIONS)
                    .where(NOTIFICATIONS.ID.eq(notificationId))
                    .forUpdate()
                    .fetchOptional(NOTIFICATIONS.USER_ID)
                    .orElseThrow(() -> new NotFoundException(NOTIFICATIONS.getName(), notificationId));
            if (!owner.equals(userId)) {
                throw new AccessDeniedException(userId, "may not dismiss notification " + notificationId
                        + " of another user");
            }
            boolean dismissed = tx.notifications().delete(notificationId);
            if (dismissed) {
                ActivityLog.record(tx, userId, "notification.dismissed", Map.of("notification_id", notificationId));
            }
            return dismissed;
        });
    }

    /**
     * Soft-deletes every live notification that expired at or before {@code now}, and returns how many. Meant for
     * a periodic job; each user whose notifications expired gets one {@code notification.expired} activity with
     * the count, in the same transaction. The rows stay for audit, hidden from every default read.
     */
    public int purgeExpired(OffsetDateTime now) {
        if (now == null) {
            throw new InvalidInputException("now", "is required");
        }
        return db.inTransaction(tx -> {
            List<String> owners = tx.dsl().update(NOTIFICATIONS)
                    .set(NOTIFICATIONS.DELETED_AT, DSL.currentOffsetDateTime())
                    .where(NOTIFICATIONS.EXPIRES_AT.le(now))
                    .and(NOTIFICATIONS.DELETED_AT.isNull())
                    .returning(NOTIFICATIONS.USER_ID)
                    .fetch(NOTIFICATIONS.USER_ID);
            Map<String, Integer> perUser = new TreeMap<>();
            owners.forEach(owner -> perUser.merge(owner, 1, Integer::sum));
            perUser.forEach((owner, count) -> ActivityLog.record(tx, owner, "notification.expired",
                    Map.of("expired", count, "as_of", now.toString())));
            return owners.size();
        });
    }

    /** {@code userId}'s notifications that have not expired (the repository adds "not dismissed" by itself). */
    private static Condition live(String userId) {
        return NOTIFICATIONS.USER_ID.eq(userId)
                .and(NOTIFICATIONS.EXPIRES_AT.isNull().or(NOTIFICATIONS.EXPIRES_AT.gt(DSL.currentOffsetDateTime())));
    }

    /** Rows strictly after {@code position} in the inbox order: rank ascending, created_at and id descending. */
    private static Condition after(InboxPosition position) {
        int rank = switch (position.priority()) {
            case HIGH -> 0;
            case MEDIUM -> 1;
            case LOW -> 2;
        };
        return PRIORITY_RANK.gt(rank)
                .or(PRIORITY_RANK.eq(rank).and(NOTIFICATIONS.CREATED_AT.lt(position.createdAt())))
                .or(PRIORITY_RANK.eq(rank).and(NOTIFICATIONS.CREATED_AT.eq(position.createdAt()))
                        .and(NOTIFICATIONS.ID.lt(position.id())));
    }

    /** The notification, already read, when {@code userId} owns it; otherwise why the mark was refused. */
    private static Notifications ownedBy(EduDatabase tx, long notificationId, String userId) {
        Notifications current = tx.notifications().getById(notificationId);
        if (!Objects.equals(current.userId(), userId)) {
            throw new AccessDeniedException(userId, "may not read notification " + notificationId
                    + " of another user");
        }
        return current;
    }

    private static void requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "is required");
        }
    }
}
