package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.encryption.EnvironmentKeyProvider;
import com.eduplatform.data.encryption.RewriteResult;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rotation under row-level security, as docs/encryption.md says: the application role sees no row without an actor,
 * so rotating there rewrites nothing, and inside an actor's transaction only what that actor may see.
 */
class EncryptionUnderRowLevelSecurityTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static EduDatabase app;

    @BeforeAll
    static void usersWrittenBeforeAKeyAndAnApplicationLoginWithOne() throws SQLException {
        TestRows.user(database.db().dsl(), "student-a", Role.STUDENT);
        TestRows.user(database.db().dsl(), "student-b", Role.STUDENT);
        logins = new RoleLogins(database.postgres());
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        app = logins.builder(logins.member("edudata_app")).validateOnStart(false).maximumPoolSize(2)
                .keyProvider(new EnvironmentKeyProvider(Map.of(EnvironmentKeyProvider.KEYS, "k1:" + key,
                        EnvironmentKeyProvider.LOOKUP_KEY, key)))
                .build();
    }

    @AfterAll
    static void close() throws Exception {
        app.close();
        logins.close();
    }

    @Test
    void rotatingAsTheApplicationSeesOnlyWhatItsActorMaySee() throws SQLException {
        RewriteResult withoutActor = app.encryption().rotate();

        assertThat(withoutActor.totalRewritten()).isZero();
        assertThat(withoutActor.totalUnchanged()).isZero();
        assertThat(encryptedEmails()).isZero();

        RewriteResult asStudentA = app.inTransaction(Actor.withoutSchool("student-a"), tx -> tx.encryption().rotate());

        assertThat(asStudentA.rewritten()).containsEntry("users.email", 1L);
        assertThat(encryptedEmails()).isEqualTo(1);
        Optional<Users> found = app.inTransaction(Actor.withoutSchool("student-a"),
                tx -> tx.users().findOne(tx.encryption().emailEquals("student-a@school.example")));
        assertThat(found).map(Users::email).contains("student-a@school.example");
        assertThat(database.db().dsl().fetchCount(USERS, USERS.EMAIL_HASH.isNotNull())).isEqualTo(1);
    }

    private static int encryptedEmails() throws SQLException {
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from users where email like 'ev1:k1:%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
