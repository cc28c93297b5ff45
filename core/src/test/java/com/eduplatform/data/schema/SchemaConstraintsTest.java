package com.eduplatform.data.schema;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.TUTORING_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.ConstraintViolationException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.NotNullViolationException;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.TutoringSessionType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database itself keeps the seed's rules and the corrections DESIGN.md lists: CHECKs, NOT NULLs, foreign keys
 * (array elements included), the derived arrays, updated_at, and the monthly partitions.
 */
class SchemaConstraintsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static DSLContext dsl;

    @BeforeAll
    static void connect() {
        db = database.db();
        dsl = db.dsl();
        TestRows.user(dsl, "teacher-1", Role.TEACHER);
        TestRows.user(dsl, "student-1", Role.STUDENT);
        TestRows.user(dsl, "parent-1", Role.PARENT);
    }

    @Test
    void aValueOutsideACheckIsRejectedNamingTheConstraint() {
        int content = TestRows.generation(dsl, "teacher-1", ContentType.TUTOR_SESSION);

        ConstraintViolationException error = violation(() -> dsl.insertInto(TUTORING_SESSIONS)
                .set(TUTORING_SESSIONS.CONTENT_GENERATION_ID, content)
                .set(TUTORING_SESSIONS.STUDENT_ID, "student-1")
                .set(TUTORING_SESSIONS.SESSION_TYPE, TutoringSessionType.CHAT)
                .set(TUTORING_SESSIONS.STUDENT_ENGAGEMENT_SCORE, new BigDecimal("10.01"))
                .execute());

        assertThat(error.sqlState()).isEqualTo("23514");
        assertThat(error.constraint()).isEqualTo("tutoring_sessions_student_engagement_score_check");
    }

    @Test
    void theTopOfTheDocumentedEngagementRangeFits() {
        int content = TestRows.generation(dsl, "teacher-1", ContentType.TUTOR_SESSION);

        int inserted = dsl.insertInto(TUTORING_SESSIONS)
                .set(TUTORING_SESSIONS.CONTENT_GENERATION_ID, content)
                .set(TUTORING_SESSIONS.STUDENT_ID, "student-1")
                .set(TUTORING_SESSIONS.SESSION_TYPE, TutoringSessionType.TEACHING)
                .set(TUTORING_SESSIONS.STUDENT_ENGAGEMENT_SCORE, new BigDecimal("10.00"))
                .execute();

        assertThat(inserted).isEqualTo(1);
    }

    @Test
    void aRoleOutsideTheUsersRolesIsRejected() {
        ConstraintViolationException error = violation(() -> dsl.insertInto(USERS)
                .set(USERS.ID, "odd-1").set(USERS.AUTH0_ID, "auth0|odd-1").set(USERS.EMAIL, "odd@school.example")
                .set(USERS.ROLE, Role.ADMIN).set(USERS.ROLES, List.of(Role.TEACHER))
                .execute());

        assertThat(error.sqlState()).isEqualTo("23514");
        assertThat(error.constraint()).isEqualTo("users_role_in_roles_check");
    }

    @Test
    void aMissingNotNullValueIsRejectedNamingTheColumn() {
        ConstraintViolationException error = violation(() -> dsl.insertInto(USERS)
                .set(USERS.ID, "nameless").set(USERS.AUTH0_ID, "auth0|nameless")
                .set(USERS.ROLES, List.of(Role.STUDENT))
                .execute());

        assertThat(error.sqlState()).isEqualTo("23502");
        assertThat(error).isInstanceOf(NotNullViolationException.class);
        assertThat(error.columns()).containsExactly("email");
    }

    @Test
    void aDanglingForeignKeyIsRejected() {
        ConstraintViolationException error = violation(() -> TestRows.generation(dsl, "nobody", ContentType.EXAM));

        assertThat(error.sqlState()).isEqualTo("23503");
        assertThat(error.constraint()).isEqualTo("content_generations_user_id_fkey");
    }

    @Test
    void anArrayElementNamingNoRowIsRejectedLikeAForeignKey() {
        ConstraintViolationException error = violation(() -> dsl.insertInto(WORKSPACES)
                .set(WORKSPACES.CREATED_BY, "teacher-1").set(WORKSPACES.NAME, "8B")
                .set(WORKSPACES.MEMBERS, List.of("teacher-1", "ghost"))
                .execute());

        assertThat(error.sqlState()).isEqualTo("23503");
        assertThat(error.constraint()).isEqualTo("workspaces_members_fkey");
        assertThat(error).isInstanceOf(ForeignKeyViolationException.class);
        assertThat(error.columns()).containsExactly("members");
        assertThat(error.getMessage()).contains("ghost");
    }

    @Test
    void deletingAUserRemovesItFromEveryArrayThatHeldIt() {
        TestRows.user(dsl, "leaver", Role.STUDENT);
        int workspace = dsl.insertInto(WORKSPACES)
                .set(WORKSPACES.CREATED_BY, "teacher-1").set(WORKSPACES.NAME, "club")
                .set(WORKSPACES.MEMBERS, List.of("teacher-1", "leaver"))
                .returning(WORKSPACES.ID).fetchSingle(WORKSPACES.ID);

        dsl.deleteFrom(USERS).where(USERS.ID.eq("leaver")).execute();

        assertThat(dsl.fetchSingle(WORKSPACES, WORKSPACES.ID.eq(workspace)).getMembers()).containsExactly("teacher-1");
    }

    @Test
    void sharedWithFollowsContentSharesAndCannotBeWrittenToDisagree() {
        int content = TestRows.generation(dsl, "teacher-1", ContentType.LESSON);

        dsl.insertInto(CONTENT_SHARES)
                .set(CONTENT_SHARES.CONTENT_GENERATION_ID, content)
                .set(CONTENT_SHARES.SHARED_BY, "teacher-1").set(CONTENT_SHARES.SHARED_WITH, "student-1")
                .execute();
        assertThat(sharedWith(content)).containsExactly("student-1");

        ConstraintViolationException error = violation(() -> dsl.update(CONTENT_GENERATIONS)
                .set(CONTENT_GENERATIONS.SHARED_WITH, List.of("parent-1"))
                .where(CONTENT_GENERATIONS.ID.eq(content)).execute());
        assertThat(error.constraint()).isEqualTo("content_generations_shared_with_check");

        dsl.deleteFrom(CONTENT_SHARES).where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(content)).execute();
        assertThat(sharedWith(content)).isEmpty();
    }

    @Test
    void concurrentSharesOfOneContentAllSucceedAndAllReachSharedWith() throws Exception {
        int content = TestRows.generation(dsl, "teacher-1", ContentType.LESSON);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            recipients.add(TestRows.user(dsl, "reader-" + i, Role.STUDENT));
        }

        Race.run(recipients.size(), i -> db.contentShares().insert(db.contentShares().newRecord()
                .setContentGenerationId(content).setSharedBy("teacher-1").setSharedWith(recipients.get(i))));

        assertThat(sharedWith(content)).containsExactlyInAnyOrderElementsOf(recipients);
    }

    @Test
    void concurrentLinksOfChildrenToOneParentAllReachChildrenIds() throws Exception {
        TestRows.user(dsl, "parent-2", Role.PARENT);
        dsl.insertInto(PARENT_PROFILES).set(PARENT_PROFILES.USER_ID, "parent-2").execute();
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String child = TestRows.user(dsl, "child-" + i, Role.STUDENT);
            dsl.insertInto(STUDENT_PROFILES).set(STUDENT_PROFILES.USER_ID, child)
                    .set(STUDENT_PROFILES.GRADE_LEVEL, "5").set(STUDENT_PROFILES.SUBJECTS, List.of("english"))
                    .execute();
            children.add(child);
        }

        Race.run(children.size(), i -> dsl.update(STUDENT_PROFILES).set(STUDENT_PROFILES.PARENT_ID, "parent-2")
                .where(STUDENT_PROFILES.USER_ID.eq(children.get(i))).execute());

        assertThat(children("parent-2")).containsExactlyInAnyOrderElementsOf(children);
    }

    @Test
    void childrenIdsFollowTheStudentsParentId() {
        dsl.insertInto(PARENT_PROFILES).set(PARENT_PROFILES.USER_ID, "parent-1").execute();

        dsl.insertInto(STUDENT_PROFILES)
                .set(STUDENT_PROFILES.USER_ID, "student-1").set(STUDENT_PROFILES.GRADE_LEVEL, "8")
                .set(STUDENT_PROFILES.SUBJECTS, List.of("mathematics"))
                .set(STUDENT_PROFILES.PARENT_ID, "parent-1")
                .execute();
        assertThat(children("parent-1")).containsExactly("student-1");

        dsl.update(STUDENT_PROFILES).setNull(STUDENT_PROFILES.PARENT_ID)
                .where(STUDENT_PROFILES.USER_ID.eq("student-1")).execute();
        assertThat(children("parent-1")).isEmpty();
    }

    @Test
    void aSpecificRowMustPointAtAGenerationOfItsOwnType() {
        int lesson = TestRows.generation(dsl, "teacher-1", ContentType.LESSON);

        ConstraintViolationException error = violation(() -> dsl.insertInto(GENERATED_EXAMS)
                .set(GENERATED_EXAMS.CONTENT_GENERATION_ID, lesson)
                .set(GENERATED_EXAMS.EXAM_CONFIG, new ExamConfig("8", "mathematics", null, "easy", null, 10, 30, null))
                .set(GENERATED_EXAMS.QUESTIONS, List.of())
                .set(GENERATED_EXAMS.TOTAL_MARKS, 10).set(GENERATED_EXAMS.ESTIMATED_TIME, 30)
                .execute());

        assertThat(error.constraint()).isEqualTo("generated_exams_content_type_check");
    }

    @Test
    void updatedAtMovesOnUpdate() {
        int content = TestRows.generation(dsl, "teacher-1", ContentType.EXAM);
        OffsetDateTime created = updatedAt(content);

        dsl.update(CONTENT_GENERATIONS).set(CONTENT_GENERATIONS.TITLE, "renamed")
                .where(CONTENT_GENERATIONS.ID.eq(content)).execute();

        assertThat(updatedAt(content)).isAfter(created);
    }

    @Test
    void activityLogsLandInTheirMonthsPartitionAndStrayRowsInTheDefault() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime farFuture = now.plusYears(5);
        log(now);
        log(farFuture);

        String expected = String.format("user_activity_logs_y%04dm%02d", now.getYear(), now.getMonthValue());
        assertThat(partitionOf(now)).isEqualTo(expected);
        assertThat(partitionOf(farFuture)).isEqualTo("user_activity_logs_default");

        dsl.fetchValue("select create_monthly_partitions('user_activity_logs', ?::date, 1)",
                farFuture.toLocalDate());

        String drained = String.format("user_activity_logs_y%04dm%02d", farFuture.getYear(), farFuture.getMonthValue());
        assertThat(partitionOf(farFuture)).isEqualTo(drained);
        assertThat(dsl.fetchCount(USER_ACTIVITY_LOGS)).isEqualTo(2);
    }

    private static void log(OffsetDateTime at) {
        dsl.insertInto(USER_ACTIVITY_LOGS)
                .set(USER_ACTIVITY_LOGS.USER_ID, "student-1")
                .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, "login")
                .set(USER_ACTIVITY_LOGS.TIMESTAMP, at)
                .execute();
    }

    private static String partitionOf(OffsetDateTime at) {
        return dsl.select(DSL.field("tableoid::regclass::text", String.class))
                .from(USER_ACTIVITY_LOGS)
                .where(USER_ACTIVITY_LOGS.TIMESTAMP.eq(at))
                .fetchSingle().value1();
    }

    private static List<String> sharedWith(int content) {
        return dsl.fetchSingle(CONTENT_GENERATIONS, CONTENT_GENERATIONS.ID.eq(content)).getSharedWith();
    }

    private static List<String> children(String parent) {
        return dsl.fetchSingle(PARENT_PROFILES, PARENT_PROFILES.USER_ID.eq(parent)).getChildrenIds();
    }

    private static OffsetDateTime updatedAt(int content) {
        return dsl.fetchSingle(CONTENT_GENERATIONS, CONTENT_GENERATIONS.ID.eq(content)).getUpdatedAt();
    }

    private static ConstraintViolationException violation(Runnable statement) {
        ConstraintViolationException error = catchThrowableOfType(ConstraintViolationException.class, statement::run);
        assertThatObject(error).as("the database rejects the statement").isNotNull();
        return error;
    }
}
