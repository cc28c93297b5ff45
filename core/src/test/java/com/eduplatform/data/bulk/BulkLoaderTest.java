package com.eduplatform.data.bulk;

import static com.eduplatform.data.bulk.BulkRows.HOSTILE;
import static com.eduplatform.data.bulk.BulkRows.activity;
import static com.eduplatform.data.bulk.BulkRows.components;
import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.COMMUNICATION_LOGS;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.CURRICULUM_STANDARDS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.pojos.CommunicationLogs;
import com.eduplatform.data.jooq.tables.pojos.ContentUsageStats;
import com.eduplatform.data.jooq.tables.pojos.CurriculumStandards;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.Record2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** COPY round trips: every value comes back as it went in, defaults and identities as the schema gives them. */
class BulkLoaderTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static int generation;

    @BeforeAll
    static void connect() {
        db = database.db();
        TestRows.user(db.dsl(), "bulk-owner", Role.TEACHER);
        generation = TestRows.generation(db.dsl(), "bulk-owner", ContentType.LESSON);
    }

    @Test
    void activityLogsRoundTripWithJsonbInetAndHostileText() {
        String user = TestRows.user(db.dsl(), "bulk-activity", Role.STUDENT);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).truncatedTo(ChronoUnit.MICROS);
        List<UserActivityLogs> rows = IntStream.rangeClosed(1, 40)
                .mapToObj(n -> activity(user, now.minusSeconds(n), n))
                .toList();

        LoadResult result = db.bulk().load(USER_ACTIVITY_LOGS, rows);

        assertThat(result).isEqualTo(new LoadResult("user_activity_logs", 40, 1));
        List<UserActivityLogs> stored = db.userActivityLogs()
                .find(USER_ACTIVITY_LOGS.USER_ID.eq(user), USER_ACTIVITY_LOGS.ID);
        assertThat(components(stored, "id")).isEqualTo(components(rows, "id"));
        assertThat(stored).extracting(UserActivityLogs::id).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(stored.get(0).userAgent()).isEqualTo("Mozilla/5.0 " + HOSTILE);
        assertThat(stored.get(0).activityDetails().get(HOSTILE).asBoolean()).isTrue();
    }

    @Test
    void activityRowsLandInTheirMonthlyPartitionOrTheDefaultOne() {
        String user = TestRows.user(db.dsl(), "bulk-partitions", Role.STUDENT);
        OffsetDateTime thisMonth = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime nextMonth = thisMonth.plusMonths(1);
        OffsetDateTime longAgo = OffsetDateTime.of(2001, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);
        List<UserActivityLogs> rows = List.of(
                activity(user, thisMonth, 1), activity(user, nextMonth, 2), activity(user, longAgo, 3),
                activity(user, longAgo.plusDays(1), 4), activity(user, null, 5));

        db.bulk().load(USER_ACTIVITY_LOGS, rows.stream());

        Map<String, Integer> perPartition = db.dsl()
                .resultQuery("SELECT tableoid::regclass::text, count(*)::int FROM user_activity_logs WHERE user_id = ? "
                        + "GROUP BY 1", user)
                .fetchMap(r -> r.get(0, String.class), r -> r.get(1, Integer.class));
        assertThat(perPartition).containsOnly(
                Map.entry(partition(thisMonth), 2),
                Map.entry(partition(nextMonth), 1),
                Map.entry("user_activity_logs_default", 2));
    }

    @Test
    void contentUsageStatsRoundTrip() {
        String user = TestRows.user(db.dsl(), "bulk-usage", Role.STUDENT);
        OffsetDateTime at = OffsetDateTime.parse("2026-01-02T03:04:05.123456Z");
        List<ContentUsageStats> rows = List.of(
                new ContentUsageStats(null, generation, user, "view", at, 30, new BigDecimal("7.25"), HOSTILE),
                new ContentUsageStats(null, generation, user, "download\t" + HOSTILE.substring(0, 20), at, null,
                        null, null),
                new ContentUsageStats(null, generation, user, "view", at.plusNanos(1_000), 0, new BigDecimal("10.00"),
                        ""));

        db.bulk().load(CONTENT_USAGE_STATS, rows);

        List<ContentUsageStats> stored = db.contentUsageStats()
                .find(CONTENT_USAGE_STATS.USER_ID.eq(user), CONTENT_USAGE_STATS.ID);
        assertThat(components(stored, "id")).isEqualTo(components(rows, "id"));
    }

    @Test
    void aiUsageTrackingRoundTrip() {
        String user = TestRows.user(db.dsl(), "bulk-ai", Role.STUDENT);
        OffsetDateTime at = OffsetDateTime.parse("2026-03-04T05:06:07.000001-08:00");
        List<AiUsageTracking> rows = List.of(
                new AiUsageTracking(null, user, "gpt", "generate_exam", 1200, new BigDecimal("0.012345"), 850,
                        new BigDecimal("4.50"), at, generation),
                new AiUsageTracking(null, user, "claude", HOSTILE.substring(0, 60), 0, new BigDecimal("0.000000"),
                        null, null, at, null));

        db.bulk().load(AI_USAGE_TRACKING, rows);

        List<AiUsageTracking> stored = db.aiUsageTracking()
                .find(AI_USAGE_TRACKING.USER_ID.eq(user), AI_USAGE_TRACKING.ID);
        assertThat(components(stored, "id")).isEqualTo(components(rows, "id"));
    }

    @Test
    void notificationsRoundTripWithEnumsAndDefaultsForNulls() {
        String user = TestRows.user(db.dsl(), "bulk-notify", Role.STUDENT);
        OffsetDateTime created = OffsetDateTime.parse("2026-05-06T07:08:09Z");
        Notifications explicit = new Notifications(null, user, "reminder", "Title\t\"quoted\"", HOSTILE, generation,
                Priority.HIGH, true, true, created, created.plusDays(7), null);
        Notifications defaulted = new Notifications(null, user, "reminder", "Plain", "\\N", null,
                null, null, null, null, null, null);

        Instant before = db.dsl().select(org.jooq.impl.DSL.currentOffsetDateTime()).fetchSingle().value1().toInstant();
        LoadResult result = db.bulk().load(NOTIFICATIONS, List.of(explicit, defaulted));

        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.copyStatements()).as("the second row leaves other columns to their defaults").isEqualTo(2);
        List<Notifications> stored = db.notifications().find(NOTIFICATIONS.USER_ID.eq(user), NOTIFICATIONS.ID);
        assertThat(components(stored.get(0), "id")).isEqualTo(components(explicit, "id"));
        Notifications second = stored.get(1);
        assertThat(second.message()).as("the text \\N is not NULL").isEqualTo("\\N");
        assertThat(second.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(second.isRead()).isFalse();
        assertThat(second.actionRequired()).isFalse();
        assertThat(second.createdAt().toInstant()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS));
        assertThat(second.relatedContentId()).isNull();
    }

    @Test
    void anExplicitIdIsKeptAndANullOneIsAssigned() {
        String user = TestRows.user(db.dsl(), "bulk-ids", Role.STUDENT);
        List<Notifications> rows = List.of(
                notification(user, 900_001L), notification(user, null), notification(user, 900_002L));

        LoadResult result = db.bulk().load(NOTIFICATIONS, rows);

        assertThat(result.copyStatements()).isEqualTo(3);
        List<Long> ids = db.dsl().select(NOTIFICATIONS.ID).from(NOTIFICATIONS).where(NOTIFICATIONS.USER_ID.eq(user))
                .orderBy(NOTIFICATIONS.ID).fetch(NOTIFICATIONS.ID);
        assertThat(ids).hasSize(3).contains(900_001L, 900_002L).allSatisfy(id -> assertThat(id).isPositive());
    }

    @Test
    void arraysKeepNullEmptyNullElementsAndHostileElements() {
        List<String> hostile = Arrays.asList("a", null, "", "NULL", "with,comma", "{brace}", "quote\"d",
                "back\\slash", "tab\tnew\nline", "ünï😀");
        List<CurriculumStandards> rows = List.of(
                standard("bulk-arrays", hostile, List.of()),
                standard("bulk-arrays", null, Arrays.asList((String) null)),
                standard("bulk-arrays", List.of(HOSTILE), null));

        db.bulk().load(CURRICULUM_STANDARDS, rows);

        List<CurriculumStandards> stored = db.curriculumStandards()
                .find(CURRICULUM_STANDARDS.BOARD.eq("bulk-arrays"), CURRICULUM_STANDARDS.ID);
        assertThat(components(stored, "id", "createdAt")).isEqualTo(components(rows, "id", "createdAt"));
        assertThat(stored.get(0).assessmentCriteria()).isEmpty();
        assertThat(stored.get(1).learningObjectives()).isNull();
        assertThat(stored.get(1).assessmentCriteria()).containsExactly((String) null);
    }

    @Test
    void enumArraysAndDefaultsLoadIntoUsers() {
        List<Users> rows = List.of(
                new Users("bulk-user-1", "auth0|bulk-user-1", "one@school.example", HOSTILE.substring(0, 40),
                        Role.TEACHER, List.of(Role.TEACHER, Role.PARENT), null, null, null, null, null, null, null,
                        null, null, null, null, null),
                new Users("bulk-user-2", "auth0|bulk-user-2", "two@school.example", null, null,
                        List.of(Role.STUDENT), null, null, null, null, null, null, null, false, "premium", 5, null, null));

        db.bulk().load(USERS, rows);

        Users first = db.users().getById("bulk-user-1");
        Users second = db.users().getById("bulk-user-2");
        assertThat(first.roles()).containsExactly(Role.TEACHER, Role.PARENT);
        assertThat(first.isActive()).isTrue();
        assertThat(first.subscriptionTier()).isEqualTo("free");
        assertThat(first.usageQuota()).isEqualTo(100);
        assertThat(first.versionNumber()).isEqualTo(1);
        assertThat(second.isActive()).isFalse();
        assertThat(second.subscriptionTier()).isEqualTo("premium");
        assertThat(second.usageQuota()).isEqualTo(5);
    }

    @Test
    void arraysOfIdsAreCheckedByTheirConstraintTrigger() {
        String from = TestRows.user(db.dsl(), "bulk-from", Role.TEACHER);
        String to = TestRows.user(db.dsl(), "bulk-to", Role.STUDENT);
        List<CommunicationLogs> rows = List.of(new CommunicationLogs(null, from, List.of(to, from), "message",
                "Subject", HOSTILE, null, null, null, null, null));

        db.bulk().load(COMMUNICATION_LOGS, rows);

        assertThat(db.communicationLogs().findOne(COMMUNICATION_LOGS.FROM_USER_ID.eq(from)).orElseThrow().toUserIds())
                .containsExactly(to, from);
    }

    @Test
    void aLargeStreamLoadsRowByRowInSegments() {
        String user = TestRows.user(db.dsl(), "bulk-large", Role.STUDENT);
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC);
        int count = 50_000;
        Stream<UserActivityLogs> rows = IntStream.rangeClosed(1, count)
                .mapToObj(n -> activity(user, start.minusSeconds(n % 3_600), n));

        LoadResult result = db.bulk().load(USER_ACTIVITY_LOGS, rows);

        assertThat(result.rows()).isEqualTo(count);
        assertThat(result.copyStatements()).isEqualTo(count / CopyRun.SEGMENT_ROWS);
        Record2<Integer, Integer> stored = db.dsl()
                .select(org.jooq.impl.DSL.count(), org.jooq.impl.DSL.countDistinct(USER_ACTIVITY_LOGS.PROCESSING_TIME_MS))
                .from(USER_ACTIVITY_LOGS).where(USER_ACTIVITY_LOGS.USER_ID.eq(user)).fetchSingle();
        assertThat(stored.value1()).isEqualTo(count);
        assertThat(stored.value2()).isEqualTo(count);
    }

    @Test
    void anEmptyInputLoadsNothingAndRunsNoCopy() {
        assertThat(db.bulk().load(NOTIFICATIONS, List.<Notifications>of()))
                .isEqualTo(new LoadResult("notifications", 0, 0));
    }

    private static Notifications notification(String user, Long id) {
        return new Notifications(id, user, "reminder", "Title", "Message", null, Priority.LOW, false, false, null,
                null, null);
    }

    private static CurriculumStandards standard(String board, List<String> objectives, List<String> criteria) {
        return new CurriculumStandards(null, board, "8", "math", null, "fractions", null, objectives, null, criteria,
                null);
    }

    private static String partition(OffsetDateTime at) {
        return String.format("user_activity_logs_y%04dm%02d", at.getYear(), at.getMonthValue());
    }
}
