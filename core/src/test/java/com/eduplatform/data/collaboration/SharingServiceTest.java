package com.eduplatform.data.collaboration;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.ContentShares;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ShareType;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharingServiceTest {

    private static final int THREADS = 30;

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static SharingService sharing;
    private static WorkspaceService workspaces;

    @BeforeAll
    static void connect() {
        db = database.db();
        sharing = db.workflows().sharing();
        workspaces = db.workflows().workspaces();
        for (String user : List.of("owner", "alice", "bob", "carol", "dave")) {
            TestRows.user(db.dsl(), user, Role.TEACHER);
        }
        for (int i = 0; i < THREADS; i++) {
            TestRows.user(db.dsl(), crowd(i), Role.STUDENT);
        }
    }

    @Test
    void sharingStoresTheShareNotifiesTheRecipientAndLogsItInOneStep() {
        int content = content();
        OffsetDateTime expiry = OffsetDateTime.now().plusDays(7);

        ContentShares share = sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, expiry);

        assertThat(share.shareType()).isEqualTo(ShareType.VIEW_ONLY);
        assertThat(share.sharedBy()).isEqualTo("owner");
        assertThat(share.accessCount()).isZero();
        assertThat(share.expiresAt()).isEqualToIgnoringNanos(expiry);
        assertThat(sharedWith(content)).containsExactly("alice");
        assertThat(db.notifications().find(NOTIFICATIONS.USER_ID.eq("alice")
                .and(NOTIFICATIONS.NOTIFICATION_TYPE.eq(SharingService.CONTENT_SHARED))
                .and(NOTIFICATIONS.RELATED_CONTENT_ID.eq(content)))).hasSize(1);
        assertThat(activities(content)).containsExactly("content.shared");
    }

    @Test
    void sharingAgainUpdatesTheOneShareOfThatUserAndKeepsItsAccessCount() {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null);
        sharing.recordAccess(content, "alice");

        ContentShares again = sharing.share(content, "owner", "alice", ShareType.EDIT, null);

        assertThat(again.shareType()).isEqualTo(ShareType.EDIT);
        assertThat(again.accessCount()).isEqualTo(1);
        assertThat(db.contentShares().count(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content))).isEqualTo(1);
    }

    @Test
    void onlyTheOwnerOrAnUnexpiredEditOrCollaborateShareHolderMayShare() {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null);
        sharing.share(content, "owner", "bob", ShareType.COLLABORATE, null);

        assertThatThrownBy(() -> sharing.share(content, "alice", "carol", ShareType.VIEW_ONLY, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> sharing.share(content, "dave", "carol", ShareType.VIEW_ONLY, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(sharedWith(content)).containsExactly("alice", "bob");

        assertThat(sharing.share(content, "bob", "carol", ShareType.VIEW_ONLY, null).sharedBy()).isEqualTo("bob");
        assertThat(sharedWith(content)).containsExactly("alice", "bob", "carol");
    }

    @Test
    void anExpiredEditShareNoLongerGrantsSharingOrViewing() {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.EDIT, OffsetDateTime.now().plusDays(1));
        expire(content, "alice");

        assertThatThrownBy(() -> sharing.share(content, "alice", "carol", ShareType.VIEW_ONLY, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(sharing.canView("alice", content)).isFalse();
        assertThatThrownBy(() -> sharing.recordAccess(content, "alice")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void badShareInputIsRefusedNamingTheFieldAndWritesNothing() {
        int content = content();

        assertThatThrownBy(() -> sharing.share(content, "owner", "owner", ShareType.EDIT, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_shares.shared_with"));
        assertThatThrownBy(() -> sharing.share(content, "alice", "owner", ShareType.EDIT, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_shares.shared_with"));
        assertThatThrownBy(() -> sharing.share(content, "owner", "alice", null, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_shares.share_type"));
        assertThatThrownBy(() -> sharing.share(content, "owner", "alice", ShareType.EDIT,
                OffsetDateTime.now().minusHours(1)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("content_shares.expires_at"));
        assertThatThrownBy(() -> sharing.share(content, "owner", "nobody", ShareType.EDIT, null))
                .isInstanceOf(ForeignKeyViolationException.class);
        assertThatThrownBy(() -> sharing.share(999_999, "owner", "alice", ShareType.EDIT, null))
                .isInstanceOf(NotFoundException.class);

        assertThat(db.contentShares().count(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content))).isZero();
        assertThat(db.notifications().count(NOTIFICATIONS.RELATED_CONTENT_ID.eq(content))).isZero();
        assertThat(activities(content)).isEmpty();
    }

    @Test
    void revokingDeletesTheShareAndOnlyOwnerSharerOrRecipientMayRevoke() {
        int content = content();
        sharing.share(content, "owner", "bob", ShareType.EDIT, null);
        sharing.share(content, "bob", "alice", ShareType.VIEW_ONLY, null);
        sharing.share(content, "owner", "carol", ShareType.VIEW_ONLY, null);

        assertThatThrownBy(() -> sharing.revoke(content, "dave", "alice")).isInstanceOf(AccessDeniedException.class);
        assertThat(sharing.revoke(content, "bob", "alice")).isTrue();
        assertThat(sharing.revoke(content, "carol", "carol")).isTrue();
        assertThat(sharing.revoke(content, "owner", "carol")).isFalse();

        assertThat(sharedWith(content)).containsExactly("bob");
        assertThat(sharing.canView("alice", content)).isFalse();
        assertThat(activities(content)).containsExactly("content.shared", "content.shared", "content.shared",
                "content.share_revoked", "content.share_revoked");
    }

    @Test
    void sharedWithAlwaysEqualsTheSharesAfterAnySequenceOfSharesAndRevokes() {
        int content = content();
        List<String> users = List.of("alice", "bob", "carol", "dave");
        java.util.Random random = new java.util.Random(42);
        for (int step = 0; step < 40; step++) {
            String user = users.get(random.nextInt(users.size()));
            if (random.nextBoolean()) {
                sharing.share(content, "owner", user, ShareType.values()[random.nextInt(3)], null);
            } else {
                sharing.revoke(content, "owner", user);
            }
            assertThat(sharedWith(content)).as("after step %d", step).isEqualTo(shareRecipients(content));
        }
    }

    @Test
    void concurrentSharesOfOneContentWithManyUsersAllLandInSharedWith() throws Exception {
        int content = content();

        List<Integer> done = runTogether(THREADS, i -> {
            sharing.share(content, "owner", crowd(i), ShareType.VIEW_ONLY, null);
            return 1;
        });

        assertThat(done).hasSize(THREADS);
        assertThat(shareRecipients(content)).hasSize(THREADS);
        assertThat(sharedWith(content)).isEqualTo(shareRecipients(content));
    }

    @Test
    void canViewHonoursOwnerDirectSharesPublicSharesAndNothingElse() {
        int content = content();

        assertThat(sharing.canView("owner", content)).isTrue();
        assertThat(sharing.canView("alice", content)).isFalse();

        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null);
        assertThat(sharing.canView("alice", content)).isTrue();
        assertThat(sharing.canView("bob", content)).isFalse();

        sharing.share(content, "owner", "carol", ShareType.VIEW_ONLY, null, true);
        assertThat(sharing.canView("bob", content)).isTrue();

        expire(content, "carol");
        assertThat(sharing.canView("bob", content)).isFalse();
        assertThat(sharing.canView("nobody", content)).isFalse();
        assertThat(sharing.canView("owner", 999_999)).isFalse();
    }

    @Test
    void workspaceMembersSeeItsContentUntilTheWorkspaceIsArchivedOrDeleted() {
        int content = content();
        int other = content();
        int active = workspaces.create("owner", "Class 8B", null, "class", List.of("alice")).id();
        workspaces.shareContent(active, "owner", content);
        int deleted = workspaces.create("owner", "Old club", null, null, List.of("bob")).id();
        workspaces.shareContent(deleted, "owner", other);

        assertThat(sharing.canView("alice", content)).isTrue();
        assertThat(sharing.canView("alice", other)).isFalse();
        assertThat(sharing.canView("bob", content)).isFalse();
        assertThat(sharing.canView("bob", other)).isTrue();

        db.workspaces().delete(deleted);
        assertThat(sharing.canView("bob", other)).isFalse();

        workspaces.archive(active, "owner");
        assertThat(sharing.canView("alice", content)).isFalse();
    }

    @Test
    void softDeletedContentIsVisibleToNobodyNotEvenItsOwner() {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null, true);

        db.contentGenerations().delete(content);

        assertThat(sharing.canView("owner", content)).isFalse();
        assertThat(sharing.canView("alice", content)).isFalse();
        assertThat(sharing.canView("bob", content)).isFalse();
    }

    @Test
    void recordingAnAccessCountsItOnTheUsersShareAndWritesAUsageRow() {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null);

        SharingService.Access first = sharing.recordAccess(content, "alice");
        SharingService.Access second = sharing.recordAccess(content, "alice");
        SharingService.Access byOwner = sharing.recordAccess(content, "owner");

        assertThat(first.shareAccessCount()).isEqualTo(1);
        assertThat(second.shareAccessCount()).isEqualTo(2);
        assertThat(byOwner.shareAccessCount()).isNull();
        assertThat(db.contentUsageStats().count(CONTENT_USAGE_STATS.CONTENT_GENERATION_ID.eq(content)
                .and(CONTENT_USAGE_STATS.ACCESS_TYPE.eq(SharingService.VIEW_ACCESS)))).isEqualTo(3);
        assertThat(activities(content)).containsExactly("content.shared", "content.accessed", "content.accessed",
                "content.accessed");
    }

    @Test
    void anAccessByAUserWhoMayNotViewIsRefusedAndWritesNothing() {
        int content = content();

        assertThatThrownBy(() -> sharing.recordAccess(content, "bob")).isInstanceOf(AccessDeniedException.class);

        assertThat(db.contentUsageStats().count(CONTENT_USAGE_STATS.CONTENT_GENERATION_ID.eq(content))).isZero();
        assertThat(activities(content)).isEmpty();
    }

    @Test
    void concurrentAccessesAreAllCountedOnTheShare() throws Exception {
        int content = content();
        sharing.share(content, "owner", "alice", ShareType.VIEW_ONLY, null);

        List<Integer> counts = runTogether(THREADS, i -> sharing.recordAccess(content, "alice").shareAccessCount());

        assertThat(counts).doesNotHaveDuplicates().hasSize(THREADS);
        assertThat(db.contentShares().findOne(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content)
                .and(CONTENT_SHARES.SHARED_WITH.eq("alice"))).orElseThrow().accessCount()).isEqualTo(THREADS);
        assertThat(db.contentUsageStats().count(CONTENT_USAGE_STATS.CONTENT_GENERATION_ID.eq(content)))
                .isEqualTo(THREADS);
    }

    private static int content() {
        return TestRows.generation(db.dsl(), "owner", ContentType.LESSON);
    }

    private static String crowd(int i) {
        return "sharing-student-" + i;
    }

    /** Moves the share's expiry into the past (its shared_at too, to keep the CHECK expires_at > shared_at). */
    private static void expire(int content, String user) {
        db.dsl().update(CONTENT_SHARES)
                .set(CONTENT_SHARES.SHARED_AT, OffsetDateTime.now().minusDays(2))
                .set(CONTENT_SHARES.EXPIRES_AT, OffsetDateTime.now().minusDays(1))
                .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content)).and(CONTENT_SHARES.SHARED_WITH.eq(user))
                .execute();
    }

    private static List<String> sharedWith(int content) {
        return db.dsl().select(CONTENT_GENERATIONS.SHARED_WITH).from(CONTENT_GENERATIONS)
                .where(CONTENT_GENERATIONS.ID.eq(content)).fetchSingle().value1();
    }

    private static List<String> shareRecipients(int content) {
        return db.dsl().select(CONTENT_SHARES.SHARED_WITH).from(CONTENT_SHARES)
                .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content))
                .orderBy(DSL.field("{0}::text", String.class, CONTENT_SHARES.SHARED_WITH))
                .fetch(CONTENT_SHARES.SHARED_WITH);
    }

    private static List<String> activities(int content) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>'content_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(content)))
                .and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.like("content.%"))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }

    /** Runs {@code task(i)} for i in 0..n-1 on n threads released together by a latch; returns the results. */
    static <T> List<T> runTogether(int n, java.util.function.IntFunction<T> task) throws Exception {
        return Race.run(n, task::apply);
    }
}
