package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_A;
import static com.eduplatform.data.security.TwoSchools.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.support.EduDatabaseExtension;
import java.sql.SQLException;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database roles, each logged in through a member and attempting what it must not do: every attempt is refused
 * by PostgreSQL (SQLSTATE 42501) and reaches the caller as an {@link AccessDeniedException}. And each can do the one
 * thing it exists for.
 */
class DatabaseRolesTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static String appLogin;
    private static EduDatabase app;
    private static EduDatabase analytics;
    private static EduDatabase auditor;
    private static EduDatabase owner;

    @BeforeAll
    static void seedAndLogIn() throws SQLException {
        TwoSchools.seed(database.db().dsl());
        logins = new RoleLogins(database.postgres());
        appLogin = logins.member("edudata_app");
        app = logins.database(appLogin, 2);
        analytics = logins.database(logins.member("edudata_analytics"), 2);
        auditor = logins.database(logins.member("edudata_auditor"), 2);
        owner = logins.database(logins.member("edudata_owner"), 2);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    @Test
    void theApplicationCannotChangeTheSchema() {
        RoleLogins.assertAllDenied(app,
                "alter table users add column nickname text",
                "drop table notifications",
                "create table public.scratch (id integer)",
                "create schema scratch",
                "create index on users (email)",
                "comment on table users is 'mine now'",
                "drop policy users_select on users",
                "create policy everything on users using (true)",
                "create or replace function edudata_rls.acting_user_id() returns varchar language sql as 'select 1'",
                "alter function edudata_rls.identity() owner to current_user",
                "grant edudata_owner to current_user");
    }

    @Test
    void theApplicationCannotSwitchOffOrGetAroundRowLevelSecurity() {
        RoleLogins.assertAllDenied(app,
                "alter table users disable row level security",
                "alter table users no force row level security",
                "truncate notifications",
                "set role edudata_owner",
                "set role edudata_definer",
                "select * from user_activity_logs_default",
                "select children_of('a-parent')",
                "select shares_of(1)");
        assertThatThrownBy(() -> app.dsl().execute("alter table users disable row level security"))
                .as("refused by privilege, with no acting user")
                .isInstanceOfSatisfying(AccessDeniedException.class, denied -> {
                    assertThat(denied.table()).isEqualTo("users");
                    assertThat(denied.userId()).isNull();
                });
        assertThatThrownBy(() -> app.inTransaction(student(SCHOOL_A).actor(), tx -> {
            tx.dsl().execute("set local row_security = off");
            return tx.dsl().fetchCount(USERS);
        })).as("row_security = off makes a filtered query fail rather than see more")
                .isInstanceOfSatisfying(AccessDeniedException.class, denied -> {
                    assertThat(denied.sqlState()).isEqualTo("42501");
                    assertThat(denied.getMessage()).contains("row-level security");
                });
    }

    @Test
    void theApplicationDoesNotReadTheMigrationHistory() {
        RoleLogins.assertAllDenied(app, "select * from flyway_schema_history");
        assertThatThrownBy(() -> logins.builder(appLogin).validateOnStart(true).build().close())
                .as("so validating on start is for the migrating role, not the application")
                .isInstanceOf(EduDataException.class).hasMessageContaining("Validating the schema failed");
    }

    @Test
    void analyticsReadsThePseudonymousColumnsOfEveryTenantWithoutAnActor() {
        int users = analytics.dsl().fetchCount(analytics.dsl().select(USERS.ID, USERS.SCHOOL_ID, USERS.ROLES)
                .from(USERS));
        List<String> loggedUsers = analytics.dsl().selectDistinct(USER_ACTIVITY_LOGS.USER_ID)
                .from(USER_ACTIVITY_LOGS).fetch(USER_ACTIVITY_LOGS.USER_ID);

        assertThat(users).isEqualTo(TwoSchools.everyone().size());
        assertThat(loggedUsers).hasSize(TwoSchools.everyone().size());
        assertThat(analytics.dsl().fetchCount(DSL.table("subscription_tiers"))).isEqualTo(4);
    }

    @Test
    void analyticsNeitherReadsWhatIdentifiesSomeoneNorWritesAnything() {
        RoleLogins.assertAllDenied(analytics,
                "select email from users",
                "select name from users",
                "select ip_address from user_sessions",
                "select ip_address from user_activity_logs",
                "select doubt_text from doubt_submissions",
                "select generated_content from content_generations",
                "select message from notifications",
                "select * from communication_logs",
                "select * from student_profiles",
                "select * from flyway_schema_history",
                "insert into content_usage_stats (content_generation_id, user_id, access_type)"
                        + " select id, user_id, 'view' from content_generations limit 1",
                "update users set school_id = 'school-b'",
                "delete from user_activity_logs",
                "update subscription_tiers set default_quota = 1",
                "truncate ai_usage_tracking",
                "create table public.scratch (id integer)");
    }

    @Test
    void theAuditorReadsTheSchemaHistoryAndNothingElse() {
        assertThat(auditor.dsl().fetchCount(DSL.table("flyway_schema_history"))).isPositive();

        RoleLogins.assertAllDenied(auditor,
                "select id from users",
                "select * from notifications",
                "select user_id from user_activity_logs",
                "select * from subscription_tiers",
                "insert into flyway_schema_history (installed_rank, description, type, script, installed_by,"
                        + " execution_time, success) values (9999, 'forged', 'SQL', 'forged.sql', 'me', 0, true)",
                "delete from flyway_schema_history",
                "update users set name = 'audited'",
                "create table public.scratch (id integer)");
    }

    @Test
    void theOwnerChangesTheSchemaButReadsNoRowOfItsForcedTables() {
        owner.dsl().execute("create table public.owner_scratch (id integer)");
        owner.dsl().execute("drop table public.owner_scratch");

        int withoutActor = owner.dsl().fetchCount(USERS);
        int withActor = owner.inTransaction(student(SCHOOL_A).actor(), tx -> tx.dsl().fetchCount(USERS));

        assertThat(withoutActor).isZero();
        assertThat(withActor).as("no policy names the owner: FORCE filters it to nothing").isZero();
        assertThat(database.db().dsl().fetchCount(USERS)).isEqualTo(TwoSchools.everyone().size());
    }

}
