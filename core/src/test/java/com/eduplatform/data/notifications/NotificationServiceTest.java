package com.eduplatform.data.notifications;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.notifications.NotificationService.InboxPage;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotificationServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final AtomicInteger USERS = new AtomicInteger();

    private static EduDatabase db;
    private static NotificationService notifications;

    @BeforeAll
    static void connect() {
        db = database.db();
        notifications = db.workflows().notifications();
    }

    @Test
    void theUnreadCountLeavesOutReadExpiredAndDismissedNotificationsAndOtherUsers() {
        String user = newUser();
        String other = newUser();
        send(user, Priority.MEDIUM);
        send(user, Priority.HIGH);
        Notifications read = send(user, Priority.LOW);
        Notifications dismissed = send(user, Priority.LOW);
        insertExpired(user);
        send(other, Priority.HIGH);

        notifications.markRead(read.id(), user);
        notifications.dismiss(dismissed.id(), user);

        assertThat(notifications.unreadCount(user)).isEqualTo(2);
        assertThat(notifications.unreadCount(other)).isEqualTo(1);
    }

    @Test
    void aNotificationExpiringLaterCountsUntilThenAndOneExpiringBeforeItWasCreatedIsRefused() {
        String user = newUser();
        OffsetDateTime now = dbNow();

        notifications.send(user, "exam_ready", "Exam ready", "Your exam is ready", null, Priority.HIGH,
                now.plusDays(1), true);

        assertThat(notifications.unreadCount(user)).isEqualTo(1);
        assertThatThrownBy(() -> notifications.send(user, "exam_ready", "Too late", "Already gone", null,
                Priority.LOW, now.minusDays(1), false))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.columns()).contains("expires_at"));
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isEqualTo(1);
    }

    @Test
    void aNotificationSentInATransactionThatRollsBackDoesNotExist() {
        String user = newUser();

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            notifications.send(user, "content_shared", "Shared with you", "A lesson", null, Priority.MEDIUM);
            throw new IllegalStateException("the event failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(notifications.unreadCount(user)).isZero();
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isZero();
    }

    @Test
    void theInboxListsHighPriorityFirstThenNewestFirst() {
        String user = newUser();
        OffsetDateTime base = dbNow().minusHours(1);
        long lowNewest = insertAt(user, Priority.LOW, base.plusMinutes(50));
        long highOld = insertAt(user, Priority.HIGH, base.plusMinutes(10));
        long mediumNew = insertAt(user, Priority.MEDIUM, base.plusMinutes(40));
        long highNew = insertAt(user, Priority.HIGH, base.plusMinutes(30));
        long mediumOld = insertAt(user, Priority.MEDIUM, base.plusMinutes(5));
        long lowOld = insertAt(user, Priority.LOW, base.plusMinutes(1));

        InboxPage page = notifications.inbox(user, 10);

        assertThat(page.items()).extracting(Notifications::id)
                .containsExactly(highNew, highOld, mediumNew, mediumOld, lowNewest, lowOld);
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void inboxPagesFollowOneAnotherWithoutGapsOrRepeatsEvenWhenTimesTie() {
        String user = newUser();
        OffsetDateTime same = dbNow().minusMinutes(30);
        List<Long> expected = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        List<Long> low = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            high.add(insertAt(user, Priority.HIGH, same));
            low.add(insertAt(user, Priority.LOW, same));
        }
        // Same priority and time: the larger id first.
        Collections.reverse(high);
        Collections.reverse(low);
        expected.addAll(high);
        expected.addAll(low);

        List<Long> seen = new ArrayList<>();
        InboxPage page = notifications.inbox(user, 3);
        seen.addAll(page.items().stream().map(Notifications::id).toList());
        int pages = 1;
        while (page.hasNext()) {
            page = notifications.inbox(user, page.next(), 3);
            seen.addAll(page.items().stream().map(Notifications::id).toList());
            pages++;
        }

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theInboxHidesExpiredAndDismissedNotificationsButShowsReadOnes() {
        String user = newUser();
        Notifications read = send(user, Priority.LOW);
        Notifications dismissed = send(user, Priority.HIGH);
        insertExpired(user);
        notifications.markRead(read.id(), user);
        notifications.dismiss(dismissed.id(), user);

        assertThat(notifications.inbox(user, 10).items()).extracting(Notifications::id).containsExactly(read.id());
    }

    @Test
    void markingReadSetsIsReadLogsItOnceAndASecondMarkChangesNothing() {
        String user = newUser();
        Notifications unread = send(user, Priority.MEDIUM);

        Notifications first = notifications.markRead(unread.id(), user);
        Notifications second = notifications.markRead(unread.id(), user);

        assertThat(unread.isRead()).isFalse();
        assertThat(first.isRead()).isTrue();
        assertThat(second).isEqualTo(first);
        assertThat(activities("notification.read", unread.id())).isEqualTo(1);
    }

    @Test
    void onlyTheRecipientMayMarkANotificationReadOrDismissIt() {
        String owner = newUser();
        String intruder = newUser();
        Notifications notification = send(owner, Priority.HIGH);

        assertThatThrownBy(() -> notifications.markRead(notification.id(), intruder))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.userId()).isEqualTo(intruder));
        assertThatThrownBy(() -> notifications.dismiss(notification.id(), intruder))
                .isInstanceOf(AccessDeniedException.class);

        Notifications stored = db.notifications().getById(notification.id());
        assertThat(stored.isRead()).isFalse();
        assertThat(stored.deletedAt()).isNull();
        assertThat(activities("notification.read", notification.id())).isZero();
    }

    @Test
    void markingAMissingNotificationIsNotFound() {
        String user = newUser();

        assertThatThrownBy(() -> notifications.markRead(987_654_321L, user)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> notifications.dismiss(987_654_321L, user)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void fiftyConcurrentMarksOfOneNotificationAllSeeItReadAndLogExactlyOnce() throws Exception {
        String user = newUser();
        Notifications notification = send(user, Priority.HIGH);

        List<Boolean> results = Race.run(50, i -> notifications.markRead(notification.id(), user).isRead());

        assertThat(results).hasSize(50).containsOnly(true);
        assertThat(activities("notification.read", notification.id())).isEqualTo(1);
    }

    @Test
    void markAllReadMarksEveryLiveUnreadNotificationAndReturnsHowMany() {
        String user = newUser();
        String other = newUser();
        for (int i = 0; i < 3; i++) {
            send(user, Priority.MEDIUM);
        }
        Notifications alreadyRead = send(user, Priority.LOW);
        notifications.markRead(alreadyRead.id(), user);
        Notifications othersOwn = send(other, Priority.LOW);

        assertThat(notifications.markAllRead(user)).isEqualTo(3);
        assertThat(notifications.unreadCount(user)).isZero();
        assertThat(notifications.markAllRead(user)).isZero();
        assertThat(db.notifications().getById(othersOwn.id()).isRead()).isFalse();
        assertThat(db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.eq(user)
                .and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq("notification.all_read")))).isEqualTo(2);
    }

    @Test
    void concurrentMarkAllReadCallsTogetherMarkEachNotificationExactlyOnce() throws Exception {
        String user = newUser();
        for (int i = 0; i < 60; i++) {
            send(user, i % 2 == 0 ? Priority.HIGH : Priority.LOW);
        }

        List<Integer> marked = Race.run(20, i -> notifications.markAllRead(user));

        assertThat(marked.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat(notifications.unreadCount(user)).isZero();
    }

    @Test
    void dismissingSoftDeletesOnceAndASecondDismissReportsNothingDone() {
        String user = newUser();
        Notifications notification = send(user, Priority.MEDIUM);

        assertThat(notifications.dismiss(notification.id(), user)).isTrue();
        assertThat(notifications.dismiss(notification.id(), user)).isFalse();

        assertThat(db.notifications().findById(notification.id())).isEmpty();
        assertThat(db.notifications().onlyDeleted().getById(notification.id()).deletedAt()).isNotNull();
        assertThat(activities("notification.dismissed", notification.id())).isEqualTo(1);
    }

    @Test
    void purgingExpiredNotificationsSoftDeletesOnlyThoseExpiredByThenAndCountsThem() {
        String user = newUser();
        String other = newUser();
        OffsetDateTime now = dbNow();
        long expired = insertExpired(user);
        long otherExpired = insertExpired(other);
        Notifications later = notifications.send(user, "exam_ready", "Soon", "Expires tomorrow", null,
                Priority.HIGH, now.plusDays(1), false);
        Notifications never = send(user, Priority.LOW);
        long expiredByNow = db.notifications().count(NOTIFICATIONS.EXPIRES_AT.le(now));

        int purged = notifications.purgeExpired(now);

        assertThat(expiredByNow).isGreaterThanOrEqualTo(2);
        assertThat((long) purged).isEqualTo(expiredByNow);
        assertThat(db.notifications().findById(expired)).isEmpty();
        assertThat(db.notifications().findById(otherExpired)).isEmpty();
        assertThat(db.notifications().onlyDeleted().existsById(expired)).isTrue();
        assertThat(db.notifications().findById(later.id())).isPresent();
        assertThat(db.notifications().findById(never.id())).isPresent();
        assertThat(notifications.purgeExpired(now)).isZero();
        assertThat(db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.in(user, other)
                .and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq("notification.expired")))).isEqualTo(2);

        long expiredInTwoDays = db.notifications().count(NOTIFICATIONS.EXPIRES_AT.le(now.plusDays(2)));
        assertThat(expiredInTwoDays).isGreaterThanOrEqualTo(1);
        assertThat((long) notifications.purgeExpired(now.plusDays(2))).isEqualTo(expiredInTwoDays);
        assertThat(db.notifications().findById(later.id())).isEmpty();
        assertThat(db.notifications().findById(never.id())).isPresent();
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> notifications.unreadCount(" "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("userId"));
        assertThatThrownBy(() -> notifications.inbox("someone", 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("size"));
        assertThatThrownBy(() -> notifications.purgeExpired(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("now"));
        assertThatThrownBy(() -> new NotificationService.InboxPosition(null, OffsetDateTime.now(), 1))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("after.priority"));
    }

    private static String newUser() {
        return TestRows.user(db.dsl(), "notified-" + USERS.incrementAndGet(), Role.STUDENT);
    }

    private static Notifications send(String userId, Priority priority) {
        return notifications.send(userId, "doubt_resolved", "Your doubt was answered", "See the resolution.",
                null, priority);
    }

    /** A notification created two days ago that expired yesterday (the schema wants expiry after creation). */
    private static long insertExpired(String userId) {
        OffsetDateTime now = dbNow();
        return db.dsl().insertInto(NOTIFICATIONS)
                .set(NOTIFICATIONS.USER_ID, userId)
                .set(NOTIFICATIONS.NOTIFICATION_TYPE, "exam_ready")
                .set(NOTIFICATIONS.TITLE, "Old news")
                .set(NOTIFICATIONS.MESSAGE, "This has expired")
                .set(NOTIFICATIONS.PRIORITY, Priority.HIGH)
                .set(NOTIFICATIONS.CREATED_AT, now.minusDays(2))
                .set(NOTIFICATIONS.EXPIRES_AT, now.minusDays(1))
                .returning(NOTIFICATIONS.ID)
                .fetchSingle(NOTIFICATIONS.ID);
    }

    private static long insertAt(String userId, Priority priority, OffsetDateTime createdAt) {
        return db.dsl().insertInto(NOTIFICATIONS)
                .set(NOTIFICATIONS.USER_ID, userId)
                .set(NOTIFICATIONS.NOTIFICATION_TYPE, "content_shared")
                .set(NOTIFICATIONS.TITLE, priority + " at " + createdAt)
                .set(NOTIFICATIONS.MESSAGE, "Shared with you")
                .set(NOTIFICATIONS.PRIORITY, priority)
                .set(NOTIFICATIONS.CREATED_AT, createdAt)
                .returning(NOTIFICATIONS.ID)
                .fetchSingle(NOTIFICATIONS.ID);
    }

    private static OffsetDateTime dbNow() {
        return db.dsl().select(DSL.currentOffsetDateTime()).fetchSingle().value1();
    }

    private static int activities(String type, long notificationId) {
        return db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq(type)
                .and(DSL.field("{0}->>'notification_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(notificationId))));
    }
}
