package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.PARENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.SUBSCRIPTION_TIERS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_A;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_B;
import static com.eduplatform.data.security.TwoSchools.admin;
import static com.eduplatform.data.security.TwoSchools.otherStudent;
import static com.eduplatform.data.security.TwoSchools.parent;
import static com.eduplatform.data.security.TwoSchools.student;
import static com.eduplatform.data.security.TwoSchools.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.security.TwoSchools.Person;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ShareType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation through row-level security, seen from the application role ({@code edudata_app}) acting as the
 * students, teachers, parents and admins of two schools: what each reads, what each may and may not write, and that
 * nobody acting means nothing seen.
 */
class RowLevelSecurityTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static EduDatabase app;
    private static EduDatabase superuser;

    @BeforeAll
    static void seedAndLogIn() throws SQLException {
        superuser = database.db();
        TwoSchools.seed(superuser.dsl());
        logins = new RoleLogins(database.postgres());
        app = logins.database(logins.member("edudata_app"), 4);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    static Stream<Person> everyone() {
        return TwoSchools.everyone().stream();
    }

    @ParameterizedTest
    @MethodSource("everyone")
    void everyActorReadsTheRowsOfExactlyTheUsersTheirRoleAllows(Person person) {
        Set<String> expected = TwoSchools.readable(person);

        List<String> users = app.inTransaction(person.actor(), tx -> tx.dsl().select(USERS.ID).from(USERS)
                .fetch(USERS.ID));
        List<String> notified = app.inTransaction(person.actor(), tx -> tx.dsl().selectDistinct(NOTIFICATIONS.USER_ID)
                .from(NOTIFICATIONS).fetch(NOTIFICATIONS.USER_ID));
        List<String> logged = app.inTransaction(person.actor(), tx -> tx.dsl()
                .selectDistinct(USER_ACTIVITY_LOGS.USER_ID).from(USER_ACTIVITY_LOGS).fetch(USER_ACTIVITY_LOGS.USER_ID));
        List<String> owners = app.inTransaction(person.actor(), tx -> tx.dsl()
                .selectDistinct(CONTENT_GENERATIONS.USER_ID).from(CONTENT_GENERATIONS)
                .fetch(CONTENT_GENERATIONS.USER_ID));

        assertThat(users).as("users").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(notified).as("notifications (user_id)").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(logged).as("user_activity_logs, partitioned (user_id)").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(owners).as("content_generations (user_id)").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void withoutAnActorTheApplicationRoleSeesNoRowOfAnyTableWithRowLevelSecurity() {
        List<String> tables = superuser.dsl().fetch("""
                select relname from pg_class
                where relnamespace = 'public'::regnamespace and relrowsecurity and not relispartition
                order by relname""").getValues(0, String.class);
        assertThat(tables).contains("users", "notifications", "user_activity_logs", "content_generations")
                // The 26 of group 11, and group 14's privacy_requests and parental_consents.
                .hasSize(28);

        for (String table : tables) {
            Table<?> named = DSL.table(DSL.name(table));
            assertThat(app.dsl().fetchCount(named)).as("%s without an actor", table).isZero();
            int inTransaction = app.inTransaction(tx -> tx.dsl().fetchCount(named));
            assertThat(inTransaction).as("%s in a transaction without an actor", table).isZero();
        }
        assertThat(superuser.dsl().fetchCount(USERS)).as("what the superuser sees of users")
                .isGreaterThanOrEqualTo(TwoSchools.everyone().size());
        assertThat(app.dsl().fetchCount(SUBSCRIPTION_TIERS)).as("reference data holds nobody's data").isEqualTo(4);
    }

    @Test
    void anActorNamingNoActiveUserSeesNothing() {
        TestRows.user(superuser.dsl(), "c-retired-teacher", Role.TEACHER);
        superuser.dsl().update(USERS).set(USERS.SCHOOL_ID, "school-c").set(USERS.IS_ACTIVE, false)
                .where(USERS.ID.eq("c-retired-teacher")).execute();

        assertThat(count(new Actor("c-retired-teacher", "school-c"), USERS)).isZero();
        assertThat(count(new Actor("c-retired-teacher", "school-c"), CONTENT_GENERATIONS)).isZero();
        assertThat(count(new Actor("nobody-at-all", SCHOOL_A), USERS)).isZero();
        assertThat(count(teacher(SCHOOL_A).actor(), USERS)).as("the same statement for an active user").isPositive();
    }

    @Test
    void aSchoolTheUserDoesNotBelongToGrantsNothingOfIt() {
        Person teacherA = teacher(SCHOOL_A);

        assertThat(userIds(new Actor(teacherA.id(), SCHOOL_B)))
                .as("a teacher of A claiming school B").containsExactly(teacherA.id());
        assertThat(userIds(Actor.withoutSchool(teacherA.id())))
                .as("a teacher acting without a school").containsExactly(teacherA.id());
        assertThat(userIds(new Actor(admin(SCHOOL_A).id(), SCHOOL_B)))
                .as("an admin claiming a school they do not manage still reads only the schools they manage")
                .containsExactlyInAnyOrderElementsOf(TwoSchools.readable(admin(SCHOOL_A)));
    }

    @Test
    void writingARowForAnotherTenantIsAnAccessDeniedNamingTheUserAndTable() {
        Person studentA = student(SCHOOL_A);
        Person teacherA = teacher(SCHOOL_A);
        int notificationsBefore = superuser.dsl().fetchCount(NOTIFICATIONS);

        assertThatThrownBy(() -> app.inTransaction(studentA.actor(), tx -> tx.workflows().notifications()
                .send(student(SCHOOL_B).id(), "hello", "Hi", "from another school", null,
                        com.eduplatform.data.types.Priority.LOW)))
                .isInstanceOfSatisfying(AccessDeniedException.class, denied -> {
                    assertThat(denied.sqlState()).isEqualTo("42501");
                    assertThat(denied.userId()).isEqualTo(studentA.id());
                    assertThat(denied.table()).isEqualTo("notifications");
                    assertThat(denied.getMessage()).contains("row-level security");
                });
        assertThatThrownBy(() -> app.inTransaction(teacherA.actor(), tx -> TestRows.generation(tx.dsl(),
                student(SCHOOL_B).id(), ContentType.LESSON)))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        denied -> assertThat(denied.table()).isEqualTo("content_generations"));
        assertThatThrownBy(() -> app.inTransaction(teacherA.actor(), tx -> tx.dsl().update(DOUBT_SUBMISSIONS)
                .set(DOUBT_SUBMISSIONS.STUDENT_ID, student(SCHOOL_B).id())
                .where(DOUBT_SUBMISSIONS.STUDENT_ID.eq(studentA.id())).execute()))
                .as("moving a row of one's own school into another school")
                .isInstanceOf(AccessDeniedException.class);

        assertThat(superuser.dsl().fetchCount(NOTIFICATIONS)).isEqualTo(notificationsBefore);
        assertThat(superuser.dsl().fetchCount(DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.STUDENT_ID.eq(studentA.id())))
                .isEqualTo(1);
    }

    @Test
    void aStatementWithoutWhereChangesOnlyTheRowsTheActorMayWrite() {
        Person teacherA = teacher(SCHOOL_A);
        String marker = "touched by " + teacherA.id();
        int writableRows = superuser.dsl().fetchCount(NOTIFICATIONS,
                NOTIFICATIONS.USER_ID.in(TwoSchools.writable(teacherA)));

        int updated = app.inTransaction(teacherA.actor(), tx -> tx.dsl().update(NOTIFICATIONS)
                .set(NOTIFICATIONS.MESSAGE, marker).execute());
        int deleted = app.inTransaction(teacherA.actor(), tx -> tx.dsl().deleteFrom(NOTIFICATIONS)
                .where(NOTIFICATIONS.USER_ID.in(TwoSchools.schoolMembers(SCHOOL_B))).execute());

        assertThat(updated).isEqualTo(writableRows).isPositive();
        assertThat(deleted).isZero();
        assertThat(superuser.dsl().selectDistinct(NOTIFICATIONS.USER_ID).from(NOTIFICATIONS)
                .where(NOTIFICATIONS.MESSAGE.eq(marker)).fetch(NOTIFICATIONS.USER_ID))
                .containsExactlyInAnyOrderElementsOf(TwoSchools.writable(teacherA));
    }

    @Test
    void aParentReadsTheirChildsRowsButChangesOnlyTheirOwn() {
        Person parentA = parent(SCHOOL_A);
        String child = student(SCHOOL_A).id();

        int childsNotifications = app.inTransaction(parentA.actor(), tx -> tx.dsl().fetchCount(NOTIFICATIONS,
                NOTIFICATIONS.USER_ID.eq(child)));
        int changed = app.inTransaction(parentA.actor(), tx -> tx.dsl().update(NOTIFICATIONS)
                .set(NOTIFICATIONS.IS_READ, true).where(NOTIFICATIONS.USER_ID.eq(child)).execute());

        assertThat(childsNotifications).isEqualTo(TwoSchools.NOTIFICATIONS_EACH);
        assertThat(changed).isZero();
        assertThat(count(parentA.actor(), USERS, USERS.ID.eq(otherStudent(SCHOOL_A).id())))
                .as("a student of the school who is not their child")
                .isZero();
    }

    @Test
    void aUserEditsTheirOwnRowButNotTheColumnsThatGrantAccess() {
        Person studentA = student(SCHOOL_A);

        Users renamed = app.inTransaction(studentA.actor(), tx -> tx.users().update(studentA.id(),
                tx.users().newRecord().setFirstName("Ada")));
        assertThat(renamed.firstName()).isEqualTo("Ada");

        assertThatThrownBy(() -> app.inTransaction(studentA.actor(), tx -> tx.users().update(studentA.id(),
                tx.users().newRecord().setRole(Role.ADMIN).setRoles(List.of(Role.STUDENT, Role.ADMIN)))))
                .as("granting themselves a role").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> app.inTransaction(studentA.actor(), tx -> tx.users().update(studentA.id(),
                tx.users().newRecord().setSchoolId(SCHOOL_B))))
                .as("moving themselves to another school").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> app.inTransaction(admin(SCHOOL_A).actor(), tx -> tx.users().update(studentA.id(),
                tx.users().newRecord().setSchoolId(SCHOOL_B))))
                .as("an admin moving a user to a school they do not manage").isInstanceOf(AccessDeniedException.class);

        Users suspended = app.inTransaction(admin(SCHOOL_A).actor(), tx -> tx.users().update(otherStudent(SCHOOL_A).id(),
                tx.users().newRecord().setIsActive(false)));
        assertThat(suspended.isActive()).as("an admin of the school changes what grants access").isFalse();
        app.inTransaction(admin(SCHOOL_A).actor(), tx -> tx.users().update(otherStudent(SCHOOL_A).id(),
                tx.users().newRecord().setIsActive(true)));

        Users stored = superuser.users().getById(studentA.id());
        assertThat(stored.roles()).containsExactly(Role.STUDENT);
        assertThat(stored.schoolId()).isEqualTo(SCHOOL_A);
    }

    @Test
    void adminsCreateAndDeleteUsersOnlyInTheSchoolsTheyManage() {
        Person adminA = admin(SCHOOL_A);

        Users created = app.inTransaction(adminA.actor(), tx -> tx.users().insert(tx.users().newRecord()
                .setId("a-new-student").setAuth0Id("auth0|a-new-student").setEmail("new@school.example")
                .setRole(Role.STUDENT).setRoles(List.of(Role.STUDENT)).setSchoolId(SCHOOL_A)));
        assertThat(created.schoolId()).isEqualTo(SCHOOL_A);
        boolean purged = app.inTransaction(adminA.actor(), tx -> tx.users().purge("a-new-student"));
        assertThat(purged).isTrue();

        assertThatThrownBy(() -> app.inTransaction(adminA.actor(), tx -> tx.users().insert(tx.users().newRecord()
                .setId("b-new-student").setAuth0Id("auth0|b-new-student").setEmail("new-b@school.example")
                .setRole(Role.STUDENT).setRoles(List.of(Role.STUDENT)).setSchoolId(SCHOOL_B))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> app.inTransaction(teacher(SCHOOL_A).actor(), tx -> tx.users().insert(
                tx.users().newRecord().setId("a-by-teacher").setAuth0Id("auth0|a-by-teacher")
                        .setEmail("t@school.example").setRole(Role.STUDENT).setRoles(List.of(Role.STUDENT))
                        .setSchoolId(SCHOOL_A))))
                .as("a teacher creates no users").isInstanceOf(AccessDeniedException.class);
        assertThat(superuser.dsl().fetchCount(USERS, USERS.ID.in("a-new-student", "b-new-student", "a-by-teacher")))
                .isZero();
    }

    @Test
    void referenceDataIsReadByEveryoneAndWrittenByNoActor() {
        assertThat(count(student(SCHOOL_B).actor(), SUBSCRIPTION_TIERS)).isEqualTo(4);
        assertThatThrownBy(() -> app.inTransaction(admin(SCHOOL_A).actor(), tx -> tx.dsl()
                .update(SUBSCRIPTION_TIERS).set(SUBSCRIPTION_TIERS.DEFAULT_QUOTA, 1).execute()))
                .isInstanceOfSatisfying(AccessDeniedException.class, denied -> {
                    assertThat(denied.table()).isEqualTo("subscription_tiers");
                    assertThat(denied.getMessage()).contains("permission denied");
                });
    }

    @Test
    void aDoubtGoesFromStudentToTeacherAndBackUnderTheirOwnActors() {
        Person studentA = student(SCHOOL_A);
        Person teacherA = teacher(SCHOOL_A);

        DoubtSubmissions submitted = app.inTransaction(studentA.actor(), tx -> tx.workflows().doubts().submit(
                tx.doubtSubmissions().newRecord().setStudentId(studentA.id()).setGrade("8").setSubject("science")
                        .setTopic("light").setDoubtText("Why is the sky blue?")));
        assertThatThrownBy(() -> app.inTransaction(teacher(SCHOOL_B).actor(), tx -> tx.workflows().doubts()
                .take(submitted.id(), teacher(SCHOOL_B).id())))
                .as("a teacher of the other school does not even find it").isInstanceOf(NotFoundException.class);
        app.inTransaction(teacherA.actor(), tx -> tx.workflows().doubts().take(submitted.id(), teacherA.id()));
        DoubtSubmissions resolved = app.inTransaction(teacherA.actor(), tx -> tx.workflows().doubts()
                .resolve(submitted.id(), teacherA.id(), "Rayleigh scattering."));

        assertThat(resolved.status()).isEqualTo(DoubtStatus.RESOLVED);
        assertThat(count(studentA.actor(), NOTIFICATIONS, NOTIFICATIONS.NOTIFICATION_TYPE.eq("doubt_resolved")))
                .isEqualTo(1);
        assertThat(count(student(SCHOOL_B).actor(), DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.ID.eq(submitted.id())))
                .isZero();
        superuser.doubtSubmissions().purge(submitted.id());
    }

    @Test
    void aTeacherLinksAParentAndTheDerivedChildrenFollowEvenThoughTheTeacherCannotWriteThem() {
        Person teacherA = teacher(SCHOOL_A);
        String parentA = parent(SCHOOL_A).id();
        String secondChild = otherStudent(SCHOOL_A).id();
        try {
            app.inTransaction(teacherA.actor(), tx -> tx.workflows().families().linkChild(parentA, secondChild));

            assertThat(superuser.dsl().select(PARENT_PROFILES.CHILDREN_IDS).from(PARENT_PROFILES)
                    .where(PARENT_PROFILES.USER_ID.eq(parentA)).fetchSingle().value1())
                    .containsExactly(student(SCHOOL_A).id(), secondChild);
            assertThat(count(parent(SCHOOL_A).actor(), USERS)).as("the parent now reads both children").isEqualTo(3);
            assertThatThrownBy(() -> app.inTransaction(teacher(SCHOOL_B).actor(), tx -> tx.workflows().families()
                    .linkChild(parent(SCHOOL_B).id(), student(SCHOOL_A).id())))
                    .as("a student of another school is nobody to a teacher of B")
                    .hasMessageContaining("has no student profile");
        } finally {
            app.inTransaction(teacherA.actor(), tx -> tx.workflows().families().unlinkChild(parentA, secondChild));
        }
        assertThat(superuser.dsl().select(PARENT_PROFILES.CHILDREN_IDS).from(PARENT_PROFILES)
                .where(PARENT_PROFILES.USER_ID.eq(parentA)).fetchSingle().value1())
                .containsExactly(student(SCHOOL_A).id());
    }

    @Test
    void contentIsSharedWithinTheSchoolAndNotAcrossIt() {
        Person teacherA = teacher(SCHOOL_A);
        String studentA = student(SCHOOL_A).id();
        int content = app.inTransaction(teacherA.actor(), tx -> tx.dsl().insertInto(CONTENT_GENERATIONS)
                .set(CONTENT_GENERATIONS.USER_ID, teacherA.id())
                .set(CONTENT_GENERATIONS.CONTENT_TYPE, ContentType.EXAM)
                .set(CONTENT_GENERATIONS.INPUT_PARAMETERS, JsonNodeFactory.instance.objectNode().put("grade", "8"))
                .returning(CONTENT_GENERATIONS.ID).fetchSingle(CONTENT_GENERATIONS.ID));
        try {
            assertThat(canView(studentA, content)).isFalse();

            app.inTransaction(teacherA.actor(), tx -> tx.workflows().sharing().share(content, teacherA.id(),
                    studentA, ShareType.VIEW_ONLY, null));

            assertThat(canView(studentA, content)).isTrue();
            assertThat(superuser.contentGenerations().getById(content).sharedWith())
                    .as("shared_with, derived by a trigger the teacher fires").containsExactly(studentA);
            assertThatThrownBy(() -> app.inTransaction(teacherA.actor(), tx -> tx.workflows().sharing()
                    .share(content, teacherA.id(), student(SCHOOL_B).id(), ShareType.VIEW_ONLY, null)))
                    .isInstanceOfSatisfying(AccessDeniedException.class,
                            denied -> assertThat(denied.table()).isEqualTo("content_shares"));
        } finally {
            app.inTransaction(teacherA.actor(), tx -> tx.workflows().sharing().revoke(content, teacherA.id(),
                    studentA));
            superuser.contentGenerations().purge(content);
        }
    }

    /** How many rows of {@code table} matching {@code where} the actor sees. */
    private static int count(Actor actor, Table<?> table, Condition where) {
        return app.inTransaction(actor, tx -> tx.dsl().fetchCount(table, where));
    }

    private static int count(Actor actor, Table<?> table) {
        return count(actor, table, DSL.noCondition());
    }

    /** The users rows the actor sees. */
    private static List<String> userIds(Actor actor) {
        return app.inTransaction(actor, tx -> tx.dsl().select(USERS.ID).from(USERS).fetch(USERS.ID));
    }

    /** SharingService's answer, asked by the student acting in school A. */
    private static boolean canView(String studentId, int content) {
        return app.inTransaction(new Actor(studentId, SCHOOL_A), tx -> tx.workflows().sharing()
                .canView(studentId, content));
    }
}
