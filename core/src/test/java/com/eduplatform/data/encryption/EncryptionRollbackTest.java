package com.eduplatform.data.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.schema.SchemaMigrations;
import com.eduplatform.data.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollback scripts of group 13 ({@code db/rollback/U13_*}, newest first) leave the users table, its indexes and
 * triggers and the schema's functions exactly as the migrations before group 13 left them, refuse to run while a
 * value is too long for the narrower columns, and group 13 applies again afterwards.
 */
class EncryptionRollbackTest {

    private static final MigrationVersion GROUP_13 = MigrationVersion.fromVersion("13");

    @RegisterExtension
    static final PostgresExtension rolledBack = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension before = PostgresExtension.empty();

    @Test
    void rollingBackGroup13RestoresUsersAsBeforeItAndGroup13AppliesAgain() throws Exception {
        Flyway everything = SchemaMigrations.configure(rolledBack.dataSource()).load();
        everything.migrate();
        List<MigrationInfo> group13 = Arrays.stream(everything.info().applied())
                .filter(info -> info.getVersion().getMajor().equals(GROUP_13.getMajor()))
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        MigrationVersion lastBefore = Arrays.stream(everything.info().applied()).map(MigrationInfo::getVersion)
                .filter(version -> version.compareTo(GROUP_13) < 0).max(Comparator.naturalOrder()).orElseThrow();
        SchemaMigrations.configure(before.dataSource()).target(lastBefore).load().migrate();
        assertThat(group13).extracting(MigrationInfo::getScript)
                .containsExactly("V13_2__add_users_email_hash.sql", "V13_1__widen_encrypted_user_columns.sql");
        List<String> migrated = snapshot(rolledBack);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            statement.execute("insert into users (id, auth0_id, email, roles) values ('u', 'a', 'ev1:k1:"
                    + "x".repeat(300) + "', '{student}')");
            statement.execute(rollbackScript(group13.get(0)));
            assertThatThrownBy(() -> statement.execute(rollbackScript(group13.get(1))))
                    .isInstanceOf(SQLException.class).hasMessageContaining("too long");
            statement.execute("delete from users");
            statement.execute(rollbackScript(group13.get(1)));
        }

        List<String> expected = snapshot(before);
        assertThat(migrated).as("group 13 changed what the snapshot compares").isNotEqualTo(expected);
        assertThat(snapshot(rolledBack)).containsExactlyElementsOf(expected);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from flyway_schema_history where version like '13.%'");
        }
        assertThat(everything.migrate().migrationsExecuted).isEqualTo(group13.size());
        assertThat(snapshot(rolledBack)).containsExactlyElementsOf(migrated);
    }

    /** {@code db/rollback/U<version>__<description>.sql} for {@code V<version>__<description>.sql}. */
    private static String rollbackScript(MigrationInfo migration) throws IOException {
        String name = "db/rollback/U" + migration.getScript().substring(1);
        try (InputStream script = SchemaMigrations.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(script).as(name).isNotNull();
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The columns, indexes and triggers of users and the functions of schema public, one sorted line each. */
    private static List<String> snapshot(PostgresExtension database) throws SQLException {
        String sql = """
                select format('column %s %s notnull=%s default=%s acl=%s', a.attname,
                              format_type(a.atttypid, a.atttypmod), a.attnotnull,
                              pg_get_expr(d.adbin, d.adrelid), a.attacl)
                from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = 'public.users'::regclass and a.attnum > 0 and not a.attisdropped
                union all
                select format('index %s', pg_get_indexdef(i.indexrelid))
                from pg_index i where i.indrelid = 'public.users'::regclass
                union all
                select format('trigger %s', pg_get_triggerdef(t.oid))
                from pg_trigger t where t.tgrelid = 'public.users'::regclass and not t.tgisinternal
                union all
                select format('function %s owner=%s', p.oid::regprocedure, pg_get_userbyid(p.proowner))
                from pg_proc p where p.pronamespace = 'public'::regnamespace
                order by 1""";
        List<String> facts = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                facts.add(rows.getString(1));
            }
        }
        return facts;
    }
}
