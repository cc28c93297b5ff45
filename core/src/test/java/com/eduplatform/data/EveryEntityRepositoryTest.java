package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.ADMIN_PROFILES;
import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.COMMUNICATION_LOGS;
import static com.eduplatform.data.jooq.Tables.CONTENT_CURRICULUM_ALIGNMENT;
import static com.eduplatform.data.jooq.Tables.CONTENT_FEEDBACK;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATION_VERSIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.CURRICULUM_STANDARDS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.EDUCATIONAL_RESOURCES;
import static com.eduplatform.data.jooq.Tables.EXAM_QUESTIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.GENERATED_LESSONS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.PARENTAL_CONSENTS;
import static com.eduplatform.data.jooq.Tables.PRIVACY_REQUESTS;
import static com.eduplatform.data.jooq.Tables.SUBSCRIPTION_TIERS;
import static com.eduplatform.data.jooq.Tables.TEACHER_PROFILES;
import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USAGE_COUNTERS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.jooq.Tables.USER_PERFORMANCE_METRICS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.eduplatform.data.jooq.DefaultSchema;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.AnalysisResults;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.DeviceInfo;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.GenerationMetadata;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.LearningPreferences;
import com.eduplatform.data.types.LessonConfig;
import com.eduplatform.data.types.NotificationPreferences;
import com.eduplatform.data.types.PerformanceStats;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.QuestionDistribution;
import com.eduplatform.data.types.ConsentMethod;
import com.eduplatform.data.types.PrivacyRequestKind;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ShareType;
import com.eduplatform.data.types.StudentResponses;
import com.eduplatform.data.types.TutoringMessage;
import com.eduplatform.data.types.TutoringSessionType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every entity of the schema works through its repository on a real PostgreSQL: a row goes in as the generated
 * record used as a change set, comes back with its key and defaults, reads back equal by key, updates only what the
 * changes set, lists and counts, and is deleted (marked deleted, restored and purged on the soft-delete tables).
 *
 * <p>Each table is one dynamic test, named for the table, over its own parent rows (user ids are prefixed with the
 * table name), all created through the repositories. {@link #everyTableOfTheSchemaHasALifecycleCase()} fails when a
 * table is added without a case here.
 */
class EveryEntityRepositoryTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    /** The tables whose rows are marked deleted rather than removed (V7_2). */
    private static final Set<Table<?>> SOFT_DELETE_TABLES = Set.of(CONTENT_GENERATIONS, DOUBT_SUBMISSIONS,
            EDUCATIONAL_RESOURCES, WORKSPACES, CONTENT_FEEDBACK, NOTIFICATIONS);

    /** The tables with a version_number for optimistic locking (V1_5 for content_generations, V7_1 for the rest). */
    private static final Set<Table<?>> VERSIONED_TABLES = Set.of(USERS, STUDENT_PROFILES, TEACHER_PROFILES,
            PARENT_PROFILES, ADMIN_PROFILES, CONTENT_GENERATIONS, DOUBT_SUBMISSIONS, GENERATED_EXAMS, WORKSPACES,
            EDUCATIONAL_RESOURCES);

    private static final String VERSION_NUMBER = "version_number";
    private static final String UPDATED_AT = "updated_at";
    private static final String DELETED_AT = "deleted_at";

    /** A fixed instant for the timestamps the tests write: UTC and whole seconds, so it reads back equal. */
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    /** Equal as values: numerics by value (4.5 = 4.50), timestamps by instant, everything else by equals. */
    private static final Comparator<Object> SAME_VALUE = (a, b) -> sameValue(a, b) ? 0 : 1;

    private static final List<EntityCase<?, ?, ?>> CASES = cases();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = EduDatabase.builder().dataSource(postgres.dataSource()).build();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @TestFactory
    Stream<DynamicTest> everyEntityIsInsertedReadUpdatedListedAndDeletedThroughItsRepository() {
        return CASES.stream().map(entity -> dynamicTest(entity.table().getName(), () -> exercise(entity)));
    }

    @Test
    void everyTableOfTheSchemaHasALifecycleCase() {
        List<String> covered = CASES.stream().map(entity -> entity.table().getName()).toList();
        // Materialized views (the reports, V9_2) are read-only tables of the schema: they have no repository.
        List<String> schemaTables = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
                .filter(table -> table.getTableType().isTable()).map(Table::getName).toList();

        assertThat(covered).as("tables with a case").doesNotHaveDuplicates();
        assertThat(covered)
                .as("tables with a lifecycle case here, against every table of the generated schema "
                        + "(a new table needs a case in cases())")
                .containsExactlyInAnyOrderElementsOf(schemaTables);
    }

    @Test
    void everyTableOfTheSchemaHasARepositoryAccessorOnEduDatabase() throws ReflectiveOperationException {
        List<String> withAccessor = new ArrayList<>();
        for (Method method : EduDatabase.class.getMethods()) {
            if (method.getParameterCount() == 0 && method.getReturnType() == Repository.class) {
                withAccessor.add(((Repository<?, ?, ?>) method.invoke(db)).table().getName());
            }
        }
        // Materialized views (the reports, V9_2) are read-only tables of the schema: they have no repository.
        List<String> schemaTables = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
                .filter(table -> table.getTableType().isTable()).map(Table::getName).toList();

        assertThat(withAccessor).as("tables with a repository accessor on EduDatabase").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(schemaTables);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The lifecycle every entity goes through.
    // ------------------------------------------------------------------------------------------------------------

    private static <R extends UpdatableRecord<R>, P, K> void exercise(EntityCase<R, P, K> entity) {
        Table<R> table = entity.table();
        Repository<R, P, K> repository = entity.repository().apply(db);
        assertThat(repository.table()).as("the table of the repository for %s", table.getName()).isEqualTo(table);

        Scenario<R, P, K> scenario = entity.scenario().apply(table.getName());

        // 1-2: insert, with the generated key and the database defaults filled in, and read back equal.
        P inserted = repository.insert(scenario.row());
        K key = scenario.key().apply(inserted);
        assertInsertedRow(table, scenario.row(), inserted);
        scenario.defaults().accept(inserted);
        assertThat(repository.findById(key)).as("findById after insert").hasValue(inserted);
        assertThat(repository.getById(key)).as("getById after insert").isEqualTo(inserted);
        assertThat(repository.existsById(key)).as("existsById after insert").isTrue();

        // 3: update only what the changes set.
        P updated = repository.update(key, scenario.changes());
        assertUpdatedRow(table, inserted, scenario.changes(), updated);
        assertThat(repository.getById(key)).as("getById after update").isEqualTo(updated);

        // 4: list and count.
        PageRequest request = PageRequest.of(10).where(scenario.where());
        Page<P> page = repository.firstPage(request);
        assertThat(page.items()).as("first page of the rows of this case").containsExactly(updated);
        assertThat(page.hasNext()).as("a next page after the only row").isFalse();
        assertThat(page.hasPrevious()).as("a previous page before the first").isFalse();
        assertThat(repository.count(scenario.where())).as("count of the rows of this case").isEqualTo(1);
        assertThat(repository.count()).as("count of all rows").isGreaterThanOrEqualTo(1);

        // 5: delete.
        if (SOFT_DELETE_TABLES.contains(table)) {
            assertSoftDeleteRestoreAndPurge(table, repository, key, updated, request);
        } else {
            assertHardDelete(table, repository, key, request);
        }
    }

    private static <R extends UpdatableRecord<R>, P> void assertInsertedRow(Table<R> table, R row, P inserted) {
        for (Field<?> field : table.fields()) {
            Object stored = value(table, inserted, field);
            String column = table.getName() + "." + field.getName();
            if (row.changed(field)) {
                assertThat(stored).as("%s as written by the insert", column)
                        .usingComparator(SAME_VALUE).isEqualTo(row.get(field));
            } else if (field.getDataType().identity() || field.getDataType().defaulted()) {
                assertThat(stored).as("%s, filled in by the database", column).isNotNull();
            }
        }
        for (TableField<R, ?> keyField : table.getPrimaryKey().getFields()) {
            assertThat(value(table, inserted, keyField)).as("key %s of the inserted row", keyField.getName())
                    .isNotNull();
        }
        if (VERSIONED_TABLES.contains(table)) {
            assertThat(table.field(VERSION_NUMBER)).as("%s.%s", table.getName(), VERSION_NUMBER).isNotNull();
            assertThat(value(table, inserted, table.field(VERSION_NUMBER)))
                    .as("version_number of a new %s row", table.getName()).isEqualTo(1);
        }
        if (table.field("created_at") != null) {
            assertThat((OffsetDateTime) value(table, inserted, table.field("created_at")))
                    .as("created_at of a new %s row", table.getName())
                    .isNotNull()
                    .isAfterOrEqualTo(T0.minusMinutes(1));
        }
        if (SOFT_DELETE_TABLES.contains(table)) {
            assertThat(table.field(DELETED_AT)).as("%s.%s", table.getName(), DELETED_AT).isNotNull();
            assertThat(value(table, inserted, table.field(DELETED_AT)))
                    .as("deleted_at of a new %s row", table.getName()).isNull();
        }
    }

    private static <R extends UpdatableRecord<R>, P> void assertUpdatedRow(Table<R> table, P inserted, R changes,
                                                                          P updated) {
        for (Field<?> field : table.fields()) {
            String column = table.getName() + "." + field.getName();
            Object before = value(table, inserted, field);
            Object after = value(table, updated, field);
            if (changes.changed(field)) {
                assertThat(after).as("%s, changed by the update", column)
                        .usingComparator(SAME_VALUE).isEqualTo(changes.get(field));
            } else if (VERSIONED_TABLES.contains(table) && field.getName().equals(VERSION_NUMBER)) {
                assertThat(after).as("%s, incremented by the update", column).isEqualTo((Integer) before + 1);
            } else if (field.getName().equals(UPDATED_AT)) {
                assertThat((OffsetDateTime) after).as("%s, moved on by the update", column)
                        .isAfterOrEqualTo((OffsetDateTime) before);
            } else {
                assertThat(after).as("%s, untouched by the update", column).isEqualTo(before);
            }
        }
    }

    private static <R extends UpdatableRecord<R>, P, K> void assertSoftDeleteRestoreAndPurge(
            Table<R> table, Repository<R, P, K> repository, K key, P live, PageRequest request) {
        Condition where = request.where();
        Field<?> deletedAt = table.field(DELETED_AT);

        assertThat(repository.delete(key)).as("delete of a live row").isTrue();
        assertThat(repository.findById(key)).as("findById of a deleted row").isEmpty();
        assertThat(repository.existsById(key)).as("existsById of a deleted row").isFalse();
        assertThat(repository.count(where)).as("count after delete").isZero();
        assertThat(repository.firstPage(request).items()).as("first page after delete").isEmpty();

        P binned = repository.onlyDeleted().findById(key).orElseThrow(
                () -> new AssertionError("onlyDeleted() does not see the deleted " + table.getName() + " row"));
        assertThat((OffsetDateTime) value(table, binned, deletedAt)).as("deleted_at of the deleted row")
                .isNotNull()
                .isAfterOrEqualTo(T0.minusMinutes(1));
        assertSameRowExcept(table, live, binned, Set.of(DELETED_AT, UPDATED_AT, VERSION_NUMBER));
        assertThat(repository.onlyDeleted().count(where)).as("onlyDeleted() count").isEqualTo(1);
        assertThat(repository.onlyDeleted().firstPage(request).items()).as("onlyDeleted() first page")
                .containsExactly(binned);
        assertThat(repository.includingDeleted().count(where)).as("includingDeleted() count").isEqualTo(1);
        assertThat(repository.delete(key)).as("delete of a row already deleted").isFalse();

        assertThat(repository.restore(key)).as("restore of a deleted row").isTrue();
        P restored = repository.findById(key).orElseThrow(
                () -> new AssertionError("findById does not see the restored " + table.getName() + " row"));
        assertThat(value(table, restored, deletedAt)).as("deleted_at of the restored row").isNull();
        assertSameRowExcept(table, live, restored, Set.of(UPDATED_AT, VERSION_NUMBER));
        assertThat(repository.count(where)).as("count after restore").isEqualTo(1);
        assertThat(repository.onlyDeleted().findById(key)).as("onlyDeleted() after restore").isEmpty();
        assertThat(repository.restore(key)).as("restore of a live row").isFalse();

        assertThat(repository.purge(key)).as("purge").isTrue();
        assertThat(repository.includingDeleted().findById(key)).as("includingDeleted() after purge").isEmpty();
        assertThat(repository.includingDeleted().count(where)).as("includingDeleted() count after purge").isZero();
        assertThat(repository.purge(key)).as("purge of a row already purged").isFalse();
    }

    private static <R extends UpdatableRecord<R>, P, K> void assertHardDelete(
            Table<R> table, Repository<R, P, K> repository, K key, PageRequest request) {
        assertThat(table.field(DELETED_AT)).as("%s.%s", table.getName(), DELETED_AT).isNull();

        assertThat(repository.delete(key)).as("delete of an existing row").isTrue();
        assertThat(repository.findById(key)).as("findById after delete").isEmpty();
        assertThat(repository.existsById(key)).as("existsById after delete").isFalse();
        assertThat(repository.count(request.where())).as("count after delete").isZero();
        assertThat(repository.firstPage(request).items()).as("first page after delete").isEmpty();
        assertThat(repository.delete(key)).as("delete of a row already deleted").isFalse();
        assertThatThrownBy(repository::onlyDeleted).as("onlyDeleted() of a table without deleted_at")
                .isInstanceOf(IllegalStateException.class);
    }

    private static <P> void assertSameRowExcept(Table<?> table, P expected, P actual, Set<String> except) {
        for (Field<?> field : table.fields()) {
            if (!except.contains(field.getName())) {
                assertThat(value(table, actual, field)).as("%s.%s", table.getName(), field.getName())
                        .isEqualTo(value(table, expected, field));
            }
        }
        if (table.field(VERSION_NUMBER) != null && except.contains(VERSION_NUMBER)) {
            assertThat((Integer) value(table, actual, table.field(VERSION_NUMBER)))
                    .as("%s.%s never goes back", table.getName(), VERSION_NUMBER)
                    .isGreaterThanOrEqualTo((Integer) value(table, expected, table.field(VERSION_NUMBER)));
        }
        if (table.field(UPDATED_AT) != null && except.contains(UPDATED_AT)) {
            assertThat((OffsetDateTime) value(table, actual, table.field(UPDATED_AT)))
                    .as("%s.%s never goes back", table.getName(), UPDATED_AT)
                    .isAfterOrEqualTo((OffsetDateTime) value(table, expected, table.field(UPDATED_AT)));
        }
    }

    /** The value of {@code field} in a row value: the generated POJO records list the columns in table order. */
    private static Object value(Table<?> table, Object row, Field<?> field) {
        RecordComponent[] components = row.getClass().getRecordComponents();
        assertThat(components).as("components of %s", row.getClass().getSimpleName())
                .hasSize(table.fields().length);
        int index = table.indexOf(field);
        assertThat(index).as("index of %s in %s", field.getName(), table.getName()).isNotNegative();
        try {
            return components[index].getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + components[index].getName(), e);
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        return Objects.equals(a, b);
    }

    // ------------------------------------------------------------------------------------------------------------
    // One case per table.
    // ------------------------------------------------------------------------------------------------------------

    /**
     * What one table's lifecycle inserts ({@code row}), how the key is read from the stored row, what else it checks
     * of the stored row ({@code defaults}), what the update sets ({@code changes}), and which rows are this case's
     * ({@code where}, matching the updated row and nothing else in the database).
     */
    private record Scenario<R extends UpdatableRecord<R>, P, K>(
            R row, Function<P, K> key, Consumer<P> defaults, R changes, Condition where) {
    }

    /** A table, its repository on an {@link EduDatabase}, and its scenario, built from a prefix unique to the table. */
    private record EntityCase<R extends UpdatableRecord<R>, P, K>(
            Table<R> table, Function<EduDatabase, Repository<R, P, K>> repository,
            Function<String, Scenario<R, P, K>> scenario) {
    }

    private static <R extends UpdatableRecord<R>, P, K> EntityCase<R, P, K> entity(
            Table<R> table, Function<EduDatabase, Repository<R, P, K>> repository,
            Function<String, Scenario<R, P, K>> scenario) {
        return new EntityCase<>(table, repository, scenario);
    }

    private static List<EntityCase<?, ?, ?>> cases() {
        return List.of(
                entity(USERS, EduDatabase::users, prefix -> {
                    String id = prefix + "-ada";
                    String school = "school-" + prefix;
                    return new Scenario<>(
                            db.users().newRecord().setId(id).setAuth0Id("auth0|" + id).setEmail(id + "@school.example")
                                    .setName("Ada Lovelace").setFirstName("Ada").setLastName("Lovelace")
                                    .setRole(Role.TEACHER).setRoles(List.of(Role.TEACHER, Role.PARENT))
                                    .setSchoolId(school).setLastLoginAt(T0.minusDays(1)),
                            user -> user.id(),
                            user -> {
                                assertThat(user.id()).isEqualTo(id);
                                assertThat(user.isActive()).as("is_active default").isTrue();
                                assertThat(user.subscriptionTier()).as("subscription_tier default").isEqualTo("free");
                                assertThat(user.usageQuota()).as("usage_quota default").isEqualTo(100);
                                assertThat(user.updatedAt()).as("updated_at default").isNotNull();
                                assertThat(user.profileImageUrl()).as("a column left unset").isNull();
                            },
                            db.users().newRecord().setName("Ada King").setRole(Role.PARENT).setUsageQuota(250),
                            USERS.SCHOOL_ID.eq(school).and(USERS.NAME.eq("Ada King")));
                }),

                entity(USER_SESSIONS, EduDatabase::userSessions, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    DeviceInfo device = new DeviceInfo("laptop", "Linux", "6.8", "Firefox", "128.0", null,
                            Map.of("screen", "1920x1080"));
                    return new Scenario<>(
                            db.userSessions().newRecord().setUserId(student).setLoginTime(T0.minusHours(1))
                                    .setIpAddress(inet("192.0.2.10")).setDeviceInfo(device),
                            session -> session.id(),
                            session -> {
                                assertThat(session.activitiesCount()).as("activities_count default").isZero();
                                assertThat(session.logoutTime()).as("an open session").isNull();
                                assertThat(session.deviceInfo().otherFields()).containsEntry("screen", "1920x1080");
                            },
                            db.userSessions().newRecord().setLogoutTime(T0).setSessionDuration(60)
                                    .setActivitiesCount(12),
                            USER_SESSIONS.USER_ID.eq(student));
                }),

                entity(STUDENT_PROFILES, EduDatabase::studentProfiles, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    String parent = user(prefix + "-parent", Role.PARENT);
                    return new Scenario<>(
                            db.studentProfiles().newRecord().setUserId(student).setGradeLevel("8").setSection("B")
                                    .setSubjects(List.of("mathematics", "physics"))
                                    .setLearningPreferences(new LearningPreferences("visual", "steady", "en",
                                            List.of("video", "quiz"), 30, null))
                                    .setWeakSubjects(List.of("physics"))
                                    .setPerformanceMetrics(json("{\"average\": 71.5, \"trend\": \"up\"}"))
                                    .setParentId(parent),
                            profile -> profile.id(),
                            profile -> assertThat(profile.updatedAt()).as("updated_at default").isNotNull(),
                            db.studentProfiles().newRecord().setGradeLevel("9").setWeakSubjects(List.of()),
                            STUDENT_PROFILES.USER_ID.eq(student).and(STUDENT_PROFILES.GRADE_LEVEL.eq("9")));
                }),

                entity(TEACHER_PROFILES, EduDatabase::teacherProfiles, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    return new Scenario<>(
                            db.teacherProfiles().newRecord().setUserId(teacher).setSubjects(List.of("physics"))
                                    .setGrades(List.of("9", "10")).setDepartment("Science")
                                    .setClassesTaught(List.of("9A", "10B")).setTeachingExperience(7)
                                    .setSpecializations(List.of("mechanics")).setSchoolId("school-" + prefix),
                            profile -> profile.id(),
                            profile -> assertThat(profile.updatedAt()).as("updated_at default").isNotNull(),
                            db.teacherProfiles().newRecord().setTeachingExperience(8).setDepartment("Physics"),
                            TEACHER_PROFILES.USER_ID.eq(teacher));
                }),

                entity(PARENT_PROFILES, EduDatabase::parentProfiles, prefix -> {
                    String parent = user(prefix + "-parent", Role.PARENT);
                    String child = user(prefix + "-child", Role.STUDENT);
                    db.studentProfiles().insert(db.studentProfiles().newRecord().setUserId(child)
                            .setGradeLevel("5").setSubjects(List.of("english")).setParentId(parent));
                    return new Scenario<>(
                            db.parentProfiles().newRecord().setUserId(parent)
                                    .setNotificationPreferences(new NotificationPreferences(true, false, true, null,
                                            "weekly", List.of("marketing"), null)),
                            profile -> profile.id(),
                            profile -> {
                                assertThat(profile.engagementLevel()).as("engagement_level default")
                                        .isEqualTo("medium");
                                assertThat(profile.childrenIds()).as("children_ids, derived from student_profiles")
                                        .containsExactly(child);
                            },
                            db.parentProfiles().newRecord().setEngagementLevel("high")
                                    .setNotificationPreferences(new NotificationPreferences(true, true, true, true,
                                            "daily", List.of(), Map.of("quiet_hours", "22-07"))),
                            PARENT_PROFILES.USER_ID.eq(parent));
                }),

                entity(ADMIN_PROFILES, EduDatabase::adminProfiles, prefix -> {
                    String admin = user(prefix + "-admin", Role.ADMIN);
                    return new Scenario<>(
                            db.adminProfiles().newRecord().setUserId(admin)
                                    .setPermissions(List.of("manage_users", "view_reports"))
                                    .setManagedSchools(List.of("school-1", "school-2")),
                            profile -> profile.id(),
                            profile -> assertThat(profile.accessLevel()).as("access_level default")
                                    .isEqualTo("standard"),
                            db.adminProfiles().newRecord().setAccessLevel("elevated")
                                    .setPermissions(List.of("manage_users", "view_reports", "approve_resources")),
                            ADMIN_PROFILES.USER_ID.eq(admin));
                }),

                entity(CONTENT_GENERATIONS, EduDatabase::contentGenerations, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    GenerationMetadata metadata = new GenerationMetadata("gpt-4o", new BigDecimal("0.92"),
                            Map.of("accuracy", new BigDecimal("0.95")), 1800L, 420, 1350, null);
                    return new Scenario<>(
                            db.contentGenerations().newRecord().setUserId(teacher).setContentType(ContentType.LESSON)
                                    .setTitle("Photosynthesis").setDescription("A lesson for grade 7")
                                    .setInputParameters(json("{\"grade\": \"7\", \"subject\": \"science\"}"))
                                    .setMetadata(metadata).setGenerationTimeMs(1800),
                            generation -> generation.id(),
                            generation -> {
                                assertThat(generation.status()).as("status default")
                                        .isEqualTo(GenerationStatus.GENERATING);
                                assertThat(generation.tokenUsage()).as("token_usage default").isZero();
                                assertThat(generation.isFavorite()).as("is_favorite default").isFalse();
                                assertThat(generation.sharedWith()).as("shared_with, derived and unshared").isEmpty();
                                assertThat(generation.updatedAt()).as("updated_at default").isNotNull();
                                assertThat(generation.generatedContent()).as("a column left unset").isNull();
                            },
                            db.contentGenerations().newRecord().setStatus(GenerationStatus.COMPLETED)
                                    .setGeneratedContent("Plants turn light into sugar.").setTokenUsage(1770)
                                    .setIsFavorite(true),
                            CONTENT_GENERATIONS.USER_ID.eq(teacher)
                                    .and(CONTENT_GENERATIONS.STATUS.eq(GenerationStatus.COMPLETED)));
                }),

                entity(GENERATED_EXAMS, EduDatabase::generatedExams, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.EXAM);
                    List<ExamQuestion> questions = List.of(
                            new ExamQuestion(1, "mcq", "1/2 + 1/4 = ?", List.of("3/4", "2/6"), "3/4", 2, "easy", null),
                            new ExamQuestion(2, "short", "Explain equivalent fractions.", null, null, 3, "medium",
                                    Map.of("rubric", "clarity")));
                    return new Scenario<>(
                            db.generatedExams().newRecord().setContentGenerationId(content)
                                    .setExamConfig(new ExamConfig("8", "mathematics", "CBSE", "easy",
                                            List.of("fractions"), 2, 30, null))
                                    .setQuestions(questions).setTotalMarks(5).setEstimatedTime(30)
                                    .setQuestionDistribution(new QuestionDistribution(Map.of("mcq", 1, "short", 1)))
                                    .setMarkingScheme("One mark per step").setUsedByStudents(List.of(student)),
                            exam -> exam.id(),
                            exam -> {
                                assertThat(exam.curriculumAligned()).as("curriculum_aligned default").isTrue();
                                assertThat(exam.isPublished()).as("is_published default").isFalse();
                                assertThat(exam.questions()).as("questions, a typed JSONB list").isEqualTo(questions);
                                assertThat(exam.performanceStats()).as("a column left unset").isNull();
                            },
                            db.generatedExams().newRecord().setEstimatedTime(45)
                                    .setPerformanceStats(new PerformanceStats(3, new BigDecimal("3.5"),
                                            new BigDecimal("4.5"), new BigDecimal("2.5"), new BigDecimal("0.75"),
                                            null)),
                            GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(content));
                }),

                entity(EXAM_QUESTIONS, EduDatabase::examQuestions, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int exam = exam(teacher);
                    return new Scenario<>(
                            db.examQuestions().newRecord().setGeneratedExamId(exam).setQuestionNumber(1)
                                    .setQuestionType("mcq").setQuestionText("What is 3/4 as a decimal?")
                                    .setOptions(List.of("0.75", "0.34")).setCorrectAnswer("0.75")
                                    .setExplanation("3 divided by 4").setMarksAllocated(2).setDifficultyLevel("easy")
                                    .setLearningObjective("Convert fractions to decimals")
                                    .setRelatedConcepts(List.of("fractions", "decimals")),
                            question -> question.id(),
                            question -> assertThat(question.studentResponses()).as("a column left unset").isNull(),
                            db.examQuestions().newRecord().setMarksAllocated(3)
                                    .setStudentResponses(new StudentResponses(
                                            Map.of(student, json("{\"answer\": \"0.75\", \"correct\": true}")))),
                            EXAM_QUESTIONS.GENERATED_EXAM_ID.eq(exam));
                }),

                entity(GENERATED_LESSONS, EduDatabase::generatedLessons, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.generatedLessons().newRecord().setContentGenerationId(content)
                                    .setLessonConfig(new LessonConfig("7", "science", "photosynthesis", "CBSE",
                                            "easy", 40, null))
                                    .setLessonContent("Plants make food from light.")
                                    .setKeyConcepts(List.of("chlorophyll", "glucose"))
                                    .setExamples(List.of("A leaf in sunlight"))
                                    .setPracticeQuestions(json("[{\"q\": \"What do plants need?\"}]"))
                                    .setEstimatedDuration(40).setDifficultyLevel("easy"),
                            lesson -> lesson.id(),
                            lesson -> assertThat(lesson.followUpTopics()).as("a column left unset").isNull(),
                            db.generatedLessons().newRecord()
                                    .setLessonContent("Plants make glucose from light, water and carbon dioxide.")
                                    .setFollowUpTopics(List.of("respiration")),
                            GENERATED_LESSONS.CONTENT_GENERATION_ID.eq(content));
                }),

                entity(TUTORING_SESSIONS, EduDatabase::tutoringSessions, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(student, ContentType.TUTOR_SESSION);
                    List<TutoringMessage> messages = List.of(
                            new TutoringMessage("student", "Why is the sky blue?", T0.minusMinutes(5), null),
                            new TutoringMessage("tutor", "Rayleigh scattering.", T0.minusMinutes(4),
                                    Map.of("confidence", "high")));
                    return new Scenario<>(
                            db.tutoringSessions().newRecord().setContentGenerationId(content).setStudentId(student)
                                    .setSessionType(TutoringSessionType.TEACHING)
                                    .setContentSources(json("[\"ncert-physics-ch7\"]"))
                                    .setLearningObjective("Light scattering").setTeachingStyle("socratic")
                                    .setMessages(messages).setKeyConceptsLearned(List.of("scattering"))
                                    .setStudentEngagementScore(new BigDecimal("7.50")),
                            session -> session.id(),
                            session -> {
                                assertThat(session.messages()).as("messages, a typed JSONB list").isEqualTo(messages);
                                assertThat(session.sessionDuration()).as("a column left unset").isNull();
                            },
                            db.tutoringSessions().newRecord().setSessionDuration(25)
                                    .setStudentEngagementScore(new BigDecimal("8.25"))
                                    .setFollowUpSuggestions(List.of("sunsets")),
                            TUTORING_SESSIONS.STUDENT_ID.eq(student));
                }),

                entity(DOUBT_SUBMISSIONS, EduDatabase::doubtSubmissions, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    int content = generation(student, ContentType.DOUBT_SOLUTION);
                    return new Scenario<>(
                            db.doubtSubmissions().newRecord().setContentGenerationId(content).setStudentId(student)
                                    .setGrade("10").setSubject("chemistry").setTopic("acids").setSubtopic("pH")
                                    .setDoubtText("Why is pH 7 neutral?").setDoubtCategory("concept")
                                    .setFollowUpQuestions(List.of("What about pOH?")),
                            doubt -> doubt.id(),
                            doubt -> {
                                assertThat(doubt.status()).as("status default").isEqualTo(DoubtStatus.PENDING);
                                assertThat(doubt.priorityLevel()).as("priority_level default")
                                        .isEqualTo(Priority.MEDIUM);
                                assertThat(doubt.resolutionType()).as("resolution_type default")
                                        .isEqualTo("explanation");
                                assertThat(doubt.aiGenerated()).as("ai_generated default").isFalse();
                                assertThat(doubt.resolverId()).as("a column left unset").isNull();
                            },
                            db.doubtSubmissions().newRecord().setStatus(DoubtStatus.IN_PROGRESS)
                                    .setResolverId(teacher).setQualityScore(new BigDecimal("4.50")),
                            DOUBT_SUBMISSIONS.STUDENT_ID.eq(student)
                                    .and(DOUBT_SUBMISSIONS.STATUS.eq(DoubtStatus.IN_PROGRESS)));
                }),

                entity(PRACTICE_SESSIONS, EduDatabase::practiceSessions, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(student, ContentType.PRACTICE_ANALYSIS);
                    return new Scenario<>(
                            db.practiceSessions().newRecord().setContentGenerationId(content).setStudentId(student)
                                    .setPracticeType("written").setSubject("mathematics").setTopic("quadratics")
                                    .setGrade("10").setStudentResponses("x = 2 or x = 3")
                                    .setIdealAnswers("x = 2 or x = 3")
                                    .setAnalysisResults(new AnalysisResults(List.of("factoring"),
                                            List.of("checking roots"), new BigDecimal("0.85"), "Solid work", null))
                                    .setScoreAwarded(7).setTotalMarks(10)
                                    .setMisconceptionsIdentified(List.of("sign errors")).setTimeSpentMinutes(25),
                            practice -> practice.id(),
                            practice -> {
                                assertThat(practice.retryCount()).as("retry_count default").isZero();
                                assertThat(practice.performanceTrend()).as("a column left unset").isNull();
                            },
                            db.practiceSessions().newRecord().setRetryCount(1).setScoreAwarded(9)
                                    .setPerformanceTrend("improving"),
                            PRACTICE_SESSIONS.STUDENT_ID.eq(student));
                }),

                entity(USER_ACTIVITY_LOGS, EduDatabase::userActivityLogs, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    return new Scenario<>(
                            db.userActivityLogs().newRecord().setUserId(student).setActivityType("lesson_viewed")
                                    .setActivityDetails(json("{\"lesson_id\": 42}")).setIpAddress(inet("2001:db8::7"))
                                    .setUserAgent("Mozilla/5.0").setSessionId("session-42").setProcessingTimeMs(12),
                            log -> DSL.using(SQLDialect.POSTGRES)
                                    .newRecord(USER_ACTIVITY_LOGS.ID, USER_ACTIVITY_LOGS.TIMESTAMP)
                                    .values(log.id(), log.timestamp()),
                            log -> assertThat(log.timestamp()).as("timestamp default, part of the key").isNotNull()
                                    .isAfterOrEqualTo(T0.minusMinutes(1)),
                            db.userActivityLogs().newRecord().setProcessingTimeMs(15)
                                    .setUserAgent("Mozilla/5.0 (X11; Linux x86_64)"),
                            USER_ACTIVITY_LOGS.USER_ID.eq(student));
                }),

                entity(CONTENT_USAGE_STATS, EduDatabase::contentUsageStats, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.contentUsageStats().newRecord().setContentGenerationId(content).setUserId(student)
                                    .setAccessType("view").setTimeSpentSeconds(120)
                                    .setEngagementScore(new BigDecimal("6.75")).setReferrerSource("dashboard"),
                            usage -> usage.id(),
                            usage -> assertThat(usage.accessTimestamp()).as("access_timestamp default")
                                    .isAfterOrEqualTo(T0.minusMinutes(1)),
                            db.contentUsageStats().newRecord().setTimeSpentSeconds(300)
                                    .setEngagementScore(new BigDecimal("8.00")),
                            CONTENT_USAGE_STATS.USER_ID.eq(student));
                }),

                entity(USER_PERFORMANCE_METRICS, EduDatabase::userPerformanceMetrics, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    return new Scenario<>(
                            db.userPerformanceMetrics().newRecord().setUserId(student).setMetricType("average_score")
                                    .setMetricValue(new BigDecimal("78.50")).setTimePeriod("monthly")
                                    .setSubjectBreakdown(json("{\"mathematics\": 81, \"physics\": 76}"))
                                    .setGradeLevel("8"),
                            metric -> metric.id(),
                            metric -> assertThat(metric.calculatedAt()).as("calculated_at default")
                                    .isAfterOrEqualTo(T0.minusMinutes(1)),
                            db.userPerformanceMetrics().newRecord().setMetricValue(new BigDecimal("81.25")),
                            USER_PERFORMANCE_METRICS.USER_ID.eq(student)
                                    .and(USER_PERFORMANCE_METRICS.METRIC_TYPE.eq("average_score")));
                }),

                entity(AI_USAGE_TRACKING, EduDatabase::aiUsageTracking, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    int content = generation(teacher, ContentType.EXAM);
                    return new Scenario<>(
                            db.aiUsageTracking().newRecord().setUserId(teacher).setAiService("openai")
                                    .setOperationType("exam_generation").setTokensUsed(1500)
                                    .setCostUsd(new BigDecimal("0.045000")).setResponseTimeMs(2300)
                                    .setQualityRating(new BigDecimal("4.20")).setContentGenerationId(content),
                            usage -> usage.id(),
                            usage -> assertThat(usage.timestamp()).as("timestamp default")
                                    .isAfterOrEqualTo(T0.minusMinutes(1)),
                            db.aiUsageTracking().newRecord().setQualityRating(new BigDecimal("4.60"))
                                    .setResponseTimeMs(2100),
                            AI_USAGE_TRACKING.USER_ID.eq(teacher));
                }),

                entity(CURRICULUM_STANDARDS, EduDatabase::curriculumStandards, prefix -> {
                    String topic = "Linear equations (" + prefix + ")";
                    return new Scenario<>(
                            db.curriculumStandards().newRecord().setBoard("CBSE").setGrade("8")
                                    .setSubject("mathematics").setChapter("Algebra").setTopic(topic)
                                    .setSubtopic("One variable").setLearningObjectives(List.of("Solve ax + b = c"))
                                    .setDifficultyLevel("medium")
                                    .setAssessmentCriteria(List.of("Checks the solution")),
                            standard -> standard.id(),
                            standard -> assertThat(standard.topic()).isEqualTo(topic),
                            db.curriculumStandards().newRecord().setChapter("Linear Equations in One Variable")
                                    .setDifficultyLevel("easy"),
                            CURRICULUM_STANDARDS.TOPIC.eq(topic));
                }),

                entity(CONTENT_CURRICULUM_ALIGNMENT, EduDatabase::contentCurriculumAlignment, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    int content = generation(teacher, ContentType.LESSON);
                    int standard = standard("Photosynthesis (" + prefix + ")");
                    return new Scenario<>(
                            db.contentCurriculumAlignment().newRecord().setContentGenerationId(content)
                                    .setCurriculumStandardId(standard).setAlignmentScore(85)
                                    .setAlignedConcepts(List.of("chlorophyll"))
                                    .setGapsIdentified(List.of("light reactions")),
                            alignment -> alignment.id(),
                            alignment -> assertThat(alignment.verifiedByTeacher()).as("verified_by_teacher default")
                                    .isFalse(),
                            db.contentCurriculumAlignment().newRecord().setVerifiedByTeacher(true)
                                    .setAlignmentScore(92),
                            CONTENT_CURRICULUM_ALIGNMENT.CONTENT_GENERATION_ID.eq(content));
                }),

                entity(EDUCATIONAL_RESOURCES, EduDatabase::educationalResources, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    return new Scenario<>(
                            db.educationalResources().newRecord().setUploadedBy(teacher).setResourceType("worksheet")
                                    .setTitle("Fractions worksheet").setDescription("Twenty practice problems")
                                    .setSubject("mathematics").setGrade("6").setTopic("fractions")
                                    .setFileUrl("https://cdn.example/fractions.pdf")
                                    .setQualityRating(new BigDecimal("4.50"))
                                    .setTags(List.of("fractions", "practice")),
                            resource -> resource.id(),
                            resource -> {
                                assertThat(resource.usageCount()).as("usage_count default").isZero();
                                assertThat(resource.isApproved()).as("is_approved default").isFalse();
                                assertThat(resource.filePath()).as("a column left unset").isNull();
                            },
                            db.educationalResources().newRecord().setIsApproved(true).setUsageCount(3),
                            EDUCATIONAL_RESOURCES.UPLOADED_BY.eq(teacher));
                }),

                entity(CONTENT_SHARES, EduDatabase::contentShares, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.contentShares().newRecord().setContentGenerationId(content).setSharedBy(teacher)
                                    .setSharedWith(student).setExpiresAt(T0.plusDays(7)),
                            share -> share.id(),
                            share -> {
                                assertThat(share.shareType()).as("share_type default").isEqualTo(ShareType.VIEW_ONLY);
                                assertThat(share.accessCount()).as("access_count default").isZero();
                                assertThat(share.isPublic()).as("is_public default").isFalse();
                                assertThat(share.sharedAt()).as("shared_at default")
                                        .isAfterOrEqualTo(T0.minusMinutes(1));
                                assertThat(db.contentGenerations().getById(content).sharedWith())
                                        .as("content_generations.shared_with, derived from the share")
                                        .containsExactly(student);
                            },
                            db.contentShares().newRecord().setShareType(ShareType.EDIT).setAccessCount(2),
                            CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content));
                }),

                entity(WORKSPACES, EduDatabase::workspaces, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.workspaces().newRecord().setCreatedBy(teacher).setName("Grade 7 science")
                                    .setDescription("Shared lessons").setWorkspaceType("class")
                                    .setMembers(List.of(teacher, student)).setSharedContent(List.of(content))
                                    .setActivityFeed(json("[{\"event\": \"created\"}]")),
                            workspace -> workspace.id(),
                            workspace -> {
                                assertThat(workspace.isActive()).as("is_active default").isTrue();
                                assertThat(workspace.updatedAt()).as("updated_at default").isNotNull();
                            },
                            db.workspaces().newRecord().setName("Grade 7 science, term 2")
                                    .setMembers(List.of(teacher)),
                            WORKSPACES.CREATED_BY.eq(teacher).and(WORKSPACES.NAME.eq("Grade 7 science, term 2")));
                }),

                entity(CONTENT_FEEDBACK, EduDatabase::contentFeedback, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.contentFeedback().newRecord().setContentGenerationId(content).setUserId(student)
                                    .setFeedbackType("comment").setFeedbackText("Clear examples").setRating(4),
                            feedback -> feedback.id(),
                            feedback -> assertThat(feedback.isHelpfulVoteCount()).as("is_helpful_vote_count default")
                                    .isZero(),
                            db.contentFeedback().newRecord().setIsHelpfulVoteCount(3)
                                    .setFeedbackText("Clear examples; more diagrams, please"),
                            CONTENT_FEEDBACK.USER_ID.eq(student));
                }),

                entity(NOTIFICATIONS, EduDatabase::notifications, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String student = user(prefix + "-student", Role.STUDENT);
                    int content = generation(teacher, ContentType.EXAM);
                    return new Scenario<>(
                            db.notifications().newRecord().setUserId(student).setNotificationType("exam_ready")
                                    .setTitle("Your exam is ready").setMessage("Fractions test, 30 minutes")
                                    .setRelatedContentId(content).setExpiresAt(T0.plusDays(1)),
                            notification -> notification.id(),
                            notification -> {
                                assertThat(notification.priority()).as("priority default").isEqualTo(Priority.MEDIUM);
                                assertThat(notification.isRead()).as("is_read default").isFalse();
                                assertThat(notification.actionRequired()).as("action_required default").isFalse();
                            },
                            db.notifications().newRecord().setIsRead(true).setPriority(Priority.HIGH),
                            NOTIFICATIONS.USER_ID.eq(student));
                }),

                entity(COMMUNICATION_LOGS, EduDatabase::communicationLogs, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    String mother = user(prefix + "-mother", Role.PARENT);
                    String father = user(prefix + "-father", Role.PARENT);
                    return new Scenario<>(
                            db.communicationLogs().newRecord().setFromUserId(teacher)
                                    .setToUserIds(List.of(mother, father)).setCommunicationType("email")
                                    .setSubject("Parent meeting").setMessage("Meeting on Friday at 5 pm")
                                    .setTemplateUsed("meeting_invite"),
                            message -> message.id(),
                            message -> {
                                assertThat(message.deliveryStatus()).as("delivery_status default")
                                        .isEqualTo("pending");
                                assertThat(message.readAt()).as("a column left unset").isNull();
                            },
                            db.communicationLogs().newRecord().setDeliveryStatus("delivered"),
                            COMMUNICATION_LOGS.FROM_USER_ID.eq(teacher));
                }),

                // Group 8: the tables the workflows added.
                entity(SUBSCRIPTION_TIERS, EduDatabase::subscriptionTiers, prefix -> new Scenario<>(
                        db.subscriptionTiers().newRecord().setTier(prefix.length() > 12 ? prefix.substring(0, 12) : prefix)
                                .setQuotaPeriod("week").setDefaultQuota(250).setDescription("A trial tier"),
                        tier -> tier.tier(),
                        tier -> assertThat(tier.defaultQuota()).isEqualTo(250),
                        db.subscriptionTiers().newRecord().setDefaultQuota(300),
                        SUBSCRIPTION_TIERS.DESCRIPTION.eq("A trial tier").and(SUBSCRIPTION_TIERS.DEFAULT_QUOTA.eq(300)))),

                entity(USAGE_COUNTERS, EduDatabase::usageCounters, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    return new Scenario<>(
                            db.usageCounters().newRecord().setUserId(student).setPeriodStart(T0.toLocalDate()),
                            counter -> DSL.using(SQLDialect.POSTGRES)
                                    .newRecord(USAGE_COUNTERS.USER_ID, USAGE_COUNTERS.PERIOD_START)
                                    .values(counter.userId(), counter.periodStart()),
                            counter -> {
                                assertThat(counter.requests()).as("requests default").isZero();
                                assertThat(counter.tokens()).as("tokens default").isZero();
                            },
                            db.usageCounters().newRecord().setRequests(3).setTokens(1_200L),
                            USAGE_COUNTERS.USER_ID.eq(student));
                }),

                entity(CONTENT_GENERATION_VERSIONS, EduDatabase::contentGenerationVersions, prefix -> {
                    String teacher = user(prefix + "-teacher", Role.TEACHER);
                    int content = generation(teacher, ContentType.LESSON);
                    return new Scenario<>(
                            db.contentGenerationVersions().newRecord().setContentGenerationId(content)
                                    .setVersionNumber(1).setStatus("completed").setGeneratedContent("First draft")
                                    .setTokenUsage(900).setGenerationTimeMs(1_500),
                            version -> DSL.using(SQLDialect.POSTGRES)
                                    .newRecord(CONTENT_GENERATION_VERSIONS.CONTENT_GENERATION_ID,
                                            CONTENT_GENERATION_VERSIONS.VERSION_NUMBER)
                                    .values(version.contentGenerationId(), version.versionNumber()),
                            version -> assertThat(version.supersededAt()).as("superseded_at default").isNotNull(),
                            db.contentGenerationVersions().newRecord().setGeneratedContent("First draft, reviewed"),
                            CONTENT_GENERATION_VERSIONS.CONTENT_GENERATION_ID.eq(content));
                }),

                // Group 14: privacy.
                entity(PRIVACY_REQUESTS, EduDatabase::privacyRequests, prefix -> {
                    String admin = user(prefix + "-admin", Role.ADMIN);
                    String hash = com.eduplatform.data.privacy.Privacy.hash(prefix + "-subject");
                    return new Scenario<>(
                            db.privacyRequests().newRecord().setKind(PrivacyRequestKind.EXPORT).setSubjectHash(hash)
                                    .setRequestedBy(admin).setDetails(json("{\"tables\": 3}")),
                            request -> request.id(),
                            request -> {
                                assertThat(request.requestId()).as("request_id default").isNotNull();
                                assertThat(request.requestedAt()).as("requested_at default").isNotNull();
                                assertThat(request.completedAt()).as("a column left unset").isNull();
                            },
                            db.privacyRequests().newRecord().setCompletedAt(T0.plusHours(1)),
                            PRIVACY_REQUESTS.SUBJECT_HASH.eq(hash));
                }),

                entity(PARENTAL_CONSENTS, EduDatabase::parentalConsents, prefix -> {
                    String student = user(prefix + "-student", Role.STUDENT);
                    String parent = user(prefix + "-parent", Role.PARENT);
                    return new Scenario<>(
                            db.parentalConsents().newRecord().setStudentId(student).setParentId(parent)
                                    .setMethod(ConsentMethod.SIGNED_FORM).setEvidenceReference("form-" + prefix),
                            consent -> consent.id(),
                            consent -> {
                                assertThat(consent.verifiedAt()).as("verified_at default").isNotNull();
                                assertThat(consent.revokedAt()).as("a column left unset").isNull();
                            },
                            db.parentalConsents().newRecord().setRevokedAt(T0.plusHours(1)),
                            PARENTAL_CONSENTS.STUDENT_ID.eq(student));
                }));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Parent rows, created through the repositories.
    // ------------------------------------------------------------------------------------------------------------

    private static String user(String id, Role role) {
        return db.users().insert(db.users().newRecord().setId(id).setAuth0Id("auth0|" + id)
                .setEmail(id + "@school.example").setRole(role).setRoles(List.of(role))).id();
    }

    private static int generation(String owner, ContentType type) {
        return db.contentGenerations().insert(db.contentGenerations().newRecord().setUserId(owner)
                .setContentType(type).setInputParameters(json("{\"grade\": \"8\"}"))).id();
    }

    private static int exam(String owner) {
        return db.generatedExams().insert(db.generatedExams().newRecord()
                .setContentGenerationId(generation(owner, ContentType.EXAM))
                .setExamConfig(new ExamConfig("8", "mathematics", "CBSE", "easy", List.of("decimals"), 1, 10, null))
                .setQuestions(List.of(new ExamQuestion(1, "mcq", "3/4 = ?", List.of("0.75", "0.34"), "0.75", 2,
                        "easy", null)))
                .setTotalMarks(2).setEstimatedTime(10)).id();
    }

    private static int standard(String topic) {
        return db.curriculumStandards().insert(db.curriculumStandards().newRecord().setBoard("CBSE").setGrade("7")
                .setSubject("science").setTopic(topic)).id();
    }

    private static JsonNode json(String text) {
        try {
            return db.objectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
