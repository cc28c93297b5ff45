package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_A;
import static com.eduplatform.data.security.TwoSchools.otherStudent;
import static com.eduplatform.data.security.TwoSchools.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.audit.AuditEntry;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.support.EduDatabaseExtension;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail under the real roles: the application's changes and reads are recorded under its login, and the
 * application cannot write, change, delete, truncate or even read the audit (every attempt refused with SQLSTATE
 * 42501), yet may seal and verify; the auditor reads it and cannot change it either.
 */
class AuditPrivilegesTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static String appLogin;
    private static EduDatabase app;
    private static EduDatabase auditor;

    @BeforeAll
    static void seedAndLogIn() throws SQLException {
        TwoSchools.seed(database.db().dsl());
        logins = new RoleLogins(database.postgres());
        appLogin = logins.member("edudata_app");
        app = logins.database(appLogin, 2);
        auditor = logins.database(logins.member("edudata_auditor"), 2);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    @Test
    void theApplicationCannotWriteChangeDeleteTruncateOrReadTheAudit() {
        RoleLogins.assertAllDenied(app,
                "insert into audit.entries (table_name, operation) values ('users', 'DELETE')",
                "update audit.entries set new_values = '{}'",
                "delete from audit.entries",
                "truncate audit.entries",
                "select * from audit.entries",
                "select * from audit.entries_default",
                "insert into audit.seals values (999999, 1, now(), '\\x00')",
                "delete from audit.seals",
                "update audit.seal_runs set xid_bound = '1'",
                "delete from audit.redacted_columns",
                "alter table audit.entries disable trigger all",
                "alter table users disable trigger audit_update",
                "drop trigger audit_delete on users",
                "create table audit.scratch (id integer)",
                "select audit.attach('users')",
                "create or replace function audit.seal() returns integer language sql as 'select 0'");
    }

    @Test
    void theAuditorReadsTheAuditButCannotChangeIt() {
        RoleLogins.assertAllDenied(auditor,
                "insert into audit.entries (table_name, operation) values ('users', 'DELETE')",
                "update audit.entries set new_values = '{}'",
                "delete from audit.entries",
                "truncate audit.entries",
                "delete from audit.seals");
        assertThat(auditor.audit().entries(java.time.OffsetDateTime.now().minusDays(1),
                java.time.OffsetDateTime.now().plusDays(1), 10)).isNotEmpty();
    }

    @Test
    void theApplicationsChangesAndReadsAreRecordedUnderItsLoginAndActingUser() {
        String studentId = student(SCHOOL_A).id();
        app.useTransaction(student(SCHOOL_A).actor(), tx -> {
            tx.dsl().update(USERS).set(USERS.LAST_LOGIN_AT, java.time.OffsetDateTime.now()).where(USERS.ID.eq(studentId)).execute();
            tx.dsl().selectFrom(USERS).where(USERS.ID.eq(studentId)).fetch();
        });

        List<AuditEntry> history = database.db().audit().history(USERS, studentId);
        List<AuditEntry> reads = database.db().audit().entries(java.time.OffsetDateTime.now().minusHours(1),
                java.time.OffsetDateTime.now().plusHours(1), 10_000).stream()
                .filter(e -> e.operation().equals("SELECT") && studentId.equals(e.actorId())).toList();

        AuditEntry update = history.get(history.size() - 1);
        assertThat(update.operation()).isEqualTo("UPDATE");
        assertThat(update.loginRole()).isEqualTo(appLogin);
        assertThat(update.actorId()).isEqualTo(studentId);
        assertThat(update.newValues().has("last_login_at")).isTrue();
        assertThat(reads).extracting(AuditEntry::table, AuditEntry::loginRole)
                .contains(org.assertj.core.groups.Tuple.tuple("users", appLogin));
    }

    @Test
    void theApplicationMaySealAndVerifyButNotReadEntries() {
        String studentId = otherStudent(SCHOOL_A).id();
        app.useTransaction(otherStudent(SCHOOL_A).actor(), tx -> tx.dsl().update(USERS)
                .set(USERS.LAST_LOGIN_AT, java.time.OffsetDateTime.now()).where(USERS.ID.eq(studentId)).execute());

        long sealedByTheApplication = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (sealedByTheApplication == 0 && System.nanoTime() < deadline) {
            sealedByTheApplication += app.audit().seal(); // xids are cluster-wide: another database may hold it back
        }
        assertThat(sealedByTheApplication).isPositive();
        assertThat(app.audit().verify().intact()).isTrue();
        assertThatThrownBy(() -> app.audit().history(USERS, studentId))
                .isInstanceOf(AccessDeniedException.class);
    }

}
