package com.eduplatform.data.bulk;

import static com.eduplatform.data.bulk.BulkRows.activity;
import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.COMMUNICATION_LOGS;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.ConsentRequiredException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.pojos.CommunicationLogs;
import com.eduplatform.data.jooq.tables.pojos.ContentUsageStats;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bad row stops the load, names its row and field or constraint, and leaves nothing behind. */
class BulkLoadFailureTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
    }

    @Test
    void aRowMissingARequiredFieldIsRefusedBeforeSqlNamingRowAndField() {
        String user = TestRows.user(db.dsl(), "fail-required", Role.STUDENT);
        AtomicInteger read = new AtomicInteger();
        Stream<UserActivityLogs> rows = IntStream.rangeClosed(1, 100)
                .peek(n -> read.incrementAndGet())
                .mapToObj(n -> n == 42
                        ? new UserActivityLogs(null, user, null, null, NOW, null, null, null, null)
                        : activity(user, NOW, n));

        assertThatThrownBy(() -> db.bulk().load(USER_ACTIVITY_LOGS, rows))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("user_activity_logs.activity_type");
                    assertThat(e.getMessage()).contains("row 42 of the input").contains("is required");
                });
        assertThat(read).as("reading stops at the bad row").hasValue(42);
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aValueOutsideItsCheckBoundIsRefusedBeforeSqlInALaterSegment() {
        String user = TestRows.user(db.dsl(), "fail-bound", Role.STUDENT);
        int bad = CopyRun.SEGMENT_ROWS + 7;
        Stream<AiUsageTracking> rows = IntStream.rangeClosed(1, bad + 10).mapToObj(n -> new AiUsageTracking(null,
                user, "gpt", "chat", 10, BigDecimal.ONE, 5, new BigDecimal(n == bad ? "5.01" : "4.00"), NOW, null));

        assertThatThrownBy(() -> db.bulk().load(AI_USAGE_TRACKING, rows))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("ai_usage_tracking.quality_rating");
                    assertThat(e.getMessage()).contains("row " + bad + " of the input")
                            .contains("ai_usage_tracking_quality_rating_check");
                });
        assertThat(db.aiUsageTracking().count(AI_USAGE_TRACKING.USER_ID.eq(user)))
                .as("the first segment, already copied, is rolled back too").isZero();
    }

    @Test
    void aNulCharacterIsRefusedBeforeSql() {
        String user = TestRows.user(db.dsl(), "fail-nul", Role.STUDENT);
        List<Notifications> rows = List.of(notification(user, "fine"), notification(user, "bad\u0000text"));

        assertThatThrownBy(() -> db.bulk().load(NOTIFICATIONS, rows))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.message");
                    assertThat(e.getMessage()).contains("row 2 of the input").contains("NUL");
                });
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aForeignKeyViolationMidLoadNamesRowAndConstraintAndLeavesNothing() {
        String user = TestRows.user(db.dsl(), "fail-fk", Role.STUDENT);
        int bad = 2 * CopyRun.SEGMENT_ROWS + 123;
        Stream<UserActivityLogs> rows = IntStream.rangeClosed(1, bad + 500)
                .mapToObj(n -> activity(n == bad ? "nobody" : user, NOW, n));

        assertThatThrownBy(() -> db.bulk().load(USER_ACTIVITY_LOGS, rows))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("user_activity_logs_user_id_fkey");
                    assertThat(e.columns()).containsExactly("user_id");
                    assertThat(e.getMessage()).startsWith("Row " + bad + " of the input into user_activity_logs");
                });
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aForeignKeyViolationOnASecondKeyColumnFindsItsRow() {
        String user = TestRows.user(db.dsl(), "fail-fk2", Role.STUDENT);
        int generation = TestRows.generation(db.dsl(), user, ContentType.EXAM);
        Stream<ContentUsageStats> rows = IntStream.rangeClosed(1, 30).mapToObj(n -> new ContentUsageStats(null,
                n == 17 ? generation + 1_000 : generation, user, "view", NOW, 1, null, null));

        assertThatThrownBy(() -> db.bulk().load(CONTENT_USAGE_STATS, rows))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("content_usage_stats_content_generation_id_fkey");
                    assertThat(e.getMessage()).startsWith("Row 17 of the input");
                });
        assertThat(db.contentUsageStats().count(CONTENT_USAGE_STATS.USER_ID.eq(user))).isZero();
    }

    @Test
    void anUnder13StudentWithoutConsentInALaterSegmentNamesTheRowAndLeavesNothing() {
        String older = TestRows.user(db.dsl(), "fail-consent-older", Role.STUDENT);
        String child = TestRows.student(db.dsl(), "fail-consent-child", LocalDate.now().minusYears(9));
        int generation = TestRows.generation(db.dsl(), older, ContentType.LESSON);
        int bad = CopyRun.SEGMENT_ROWS + 31;
        Stream<ContentUsageStats> rows = IntStream.rangeClosed(1, bad + 40).mapToObj(n -> new ContentUsageStats(null,
                generation, n == bad ? child : older, "view", NOW, n, null, null));

        assertThatThrownBy(() -> db.bulk().load(CONTENT_USAGE_STATS, rows))
                .isInstanceOfSatisfying(ConsentRequiredException.class, e -> {
                    assertThat(e.studentId()).isEqualTo(child);
                    assertThat(e.table()).isEqualTo("content_usage_stats");
                    assertThat(e.getMessage()).startsWith("Row " + bad + " of the input into content_usage_stats")
                            .contains("under 13");
                });
        assertThat(db.contentUsageStats().count(CONTENT_USAGE_STATS.CONTENT_GENERATION_ID.eq(generation))).isZero();
    }

    @Test
    void aMissingIdInAnArrayOfIdsNamesItsRow() {
        String user = TestRows.user(db.dsl(), "fail-array", Role.TEACHER);
        Stream<CommunicationLogs> rows = IntStream.rangeClosed(1, 12).mapToObj(n -> new CommunicationLogs(null,
                user, n == 9 ? List.of(user, "ghost") : List.of(user), "message", null, "Hello", null, null, null,
                null, null));

        assertThatThrownBy(() -> db.bulk().load(COMMUNICATION_LOGS, rows))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("communication_logs_to_user_ids_fkey");
                    assertThat(e.getMessage()).startsWith("Row 9 of the input");
                });
        assertThat(db.communicationLogs().count(COMMUNICATION_LOGS.FROM_USER_ID.eq(user))).isZero();
    }

    @Test
    void aCheckAcrossColumnsIsJudgedByPostgresqlAndNamesItsRow() {
        String user = TestRows.user(db.dsl(), "fail-check", Role.STUDENT);
        Stream<Notifications> rows = IntStream.rangeClosed(1, 8).mapToObj(n -> new Notifications(null, user, "t",
                "title", "message", null, Priority.LOW, false, false, NOW, n == 5 ? NOW.minusDays(1) : null, null));

        assertThatThrownBy(() -> db.bulk().load(NOTIFICATIONS, rows))
                .isInstanceOfSatisfying(CheckViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("notifications_expires_after_created_check");
                    assertThat(e.columns()).contains("expires_at", "created_at");
                    assertThat(e.getMessage()).startsWith("Row 5 of the input");
                });
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isZero();
    }

    @Test
    void anErrorWhileRowsAreStillStreamingStopsTheCopyAndTheConnectionStaysUsable() {
        String user = TestRows.user(db.dsl(), "fail-early", Role.STUDENT);
        String longMessage = "x".repeat(2_000);
        Stream<Notifications> rows = IntStream.rangeClosed(1, 5_000).mapToObj(n -> new Notifications(null, user, "t",
                "title", longMessage, null, Priority.LOW, false, false, NOW, n == 50 ? NOW.minusDays(1) : null, null));

        assertThatThrownBy(() -> db.bulk().load(NOTIFICATIONS, rows))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.getMessage()).startsWith("Row 50 of the input"));

        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(db.bulk().load(NOTIFICATIONS, List.of(notification(user, "after " + attempt))).rows())
                    .isEqualTo(1);
        }
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isEqualTo(10);
    }

    @Test
    void aTableOutsideTheSchemaIsRefused() {
        assertThatThrownBy(() -> db.bulk().load(NOTIFICATIONS.as("elsewhere"), List.of(notification("u", "m"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one of the schema's tables");
    }

    @Test
    void aDuplicateKeyNamesItsRow() {
        String user = TestRows.user(db.dsl(), "fail-unique", Role.STUDENT);
        List<Notifications> rows = List.of(withId(user, 800_001L), withId(user, 800_002L), withId(user, 800_001L));

        assertThatThrownBy(() -> db.bulk().load(NOTIFICATIONS, rows))
                .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("notifications_pkey");
                    assertThat(e.getMessage()).startsWith("Row 3 of the input");
                });
        assertThat(db.notifications().count(NOTIFICATIONS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aValueTheServerCannotParseNamesRowAndColumn() {
        String user = TestRows.user(db.dsl(), "fail-parse", Role.STUDENT);
        OffsetDateTime tooLate = OffsetDateTime.of(300_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        List<UserActivityLogs> rows = List.of(activity(user, NOW, 1), activity(user, tooLate, 2));

        assertThatThrownBy(() -> db.bulk().load(USER_ACTIVITY_LOGS, rows))
                .isExactlyInstanceOf(EduDataException.class)
                .hasMessageStartingWith("Row 2 (column timestamp) of the input");
        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aLoadJoinsTheOuterTransactionAndRollsBackWithIt() {
        String user = TestRows.user(db.dsl(), "tx-outer", Role.STUDENT);
        RuntimeException failure = new IllegalStateException("outer work failed");

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.bulk().load(USER_ACTIVITY_LOGS, List.of(activity(user, NOW, 1), activity(user, NOW, 2)));
            assertThat(tx.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq(user)))
                    .as("visible inside the transaction").isEqualTo(2);
            throw failure;
        })).isSameAs(failure);

        assertThat(db.userActivityLogs().count(USER_ACTIVITY_LOGS.USER_ID.eq(user))).isZero();
    }

    @Test
    void aFailedLoadInsideATransactionIsUndoneAloneAndTheRestCommits() {
        String user = TestRows.user(db.dsl(), "tx-savepoint", Role.STUDENT);

        db.useTransaction(tx -> {
            tx.bulk().load(USER_ACTIVITY_LOGS, List.of(activity(user, NOW, 1)));
            assertThatThrownBy(() -> tx.bulk().load(USER_ACTIVITY_LOGS,
                    List.of(activity(user, NOW, 2), activity("nobody", NOW, 3))))
                    .isInstanceOf(ForeignKeyViolationException.class);
            tx.bulk().load(USER_ACTIVITY_LOGS, List.of(activity(user, NOW, 4)));
        });

        assertThat(db.userActivityLogs().find(USER_ACTIVITY_LOGS.USER_ID.eq(user), USER_ACTIVITY_LOGS.ID))
                .extracting(UserActivityLogs::processingTimeMs).containsExactly(1, 4);
    }

    @Test
    void aRowOfAnotherTableIsRefused() {
        List<Object> rows = List.of(notification("anyone", "text"));

        assertThatThrownBy(() -> db.bulk().load(USER_ACTIVITY_LOGS, rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Row 1").hasMessageContaining("UserActivityLogs");
    }

    private static Notifications notification(String user, String message) {
        return new Notifications(null, user, "t", "title", message, null, Priority.LOW, false, false, null, null,
                null);
    }

    private static Notifications withId(String user, long id) {
        return new Notifications(id, user, "t", "title", "message", null, Priority.LOW, false, false, null, null,
                null);
    }
}
