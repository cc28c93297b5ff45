package com.eduplatform.data.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.schema.SchemaMigrations;
import com.eduplatform.data.schema.SchemaRollback;
import com.eduplatform.data.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolling group 13 back narrows the encrypted user columns to their old 255 characters, so it refuses while a value
 * too long for them (a ciphertext) is stored, and succeeds once it is gone: decrypt first
 * ({@link FieldEncryption#decryptAll()}), then roll back. That the rollback restores the catalog exactly is
 * {@code SchemaRollbackTest}'s, for every migration.
 */
class EncryptionRollbackTest {

    @RegisterExtension
    static final PostgresExtension database = PostgresExtension.empty();

    @Test
    void rollingBackTheWideningRefusesWhileACiphertextIsStoredAndSucceedsOnceItIsGone() throws SQLException {
        SchemaMigrations.configure(database.dataSource()).load().migrate();
        SchemaRollback rollback = SchemaRollback.of(database.dataSource());
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("insert into users (id, auth0_id, email, roles) values ('u', 'a', 'ev1:k1:"
                    + "x".repeat(300) + "', '{student}')");

            assertThatThrownBy(() -> rollback.rollBackTo("12.2"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("U13_1")
                    .hasMessageContaining("too long");
            assertThat(emailType(statement)).isEqualTo("character varying(1536)");

            statement.execute("delete from users");
            rollback.rollBackTo("12.2");
            assertThat(emailType(statement)).isEqualTo("character varying(255)");
        }
        assertThat(SchemaMigrations.configure(database.dataSource()).load().migrate().migrationsExecuted)
                .as("group 13 and the groups after it apply again").isGreaterThanOrEqualTo(3);
    }

    private static String emailType(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'users'::regclass and attname = 'email'")) {
            row.next();
            return row.getString(1);
        }
    }
}
