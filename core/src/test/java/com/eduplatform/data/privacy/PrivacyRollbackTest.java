package com.eduplatform.data.privacy;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The rollback scripts of group 14 ({@code db/rollback/U14_*}, newest first) restore the catalog exactly as the
 * migrations before group 14 left it: tables, columns with their types, defaults and comments, constraints,
 * indexes, triggers, functions, policies and privileges. And group 14 applies again afterwards.
 */
class PrivacyRollbackTest {

    private static final MigrationVersion GROUP_14 = MigrationVersion.fromVersion("14");

    @RegisterExtension
    static final PostgresExtension rolledBack = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension before = PostgresExtension.empty();

    @Test
    void rollingBackGroup14RestoresTheCatalogOfTheMigrationBeforeItAndGroup14AppliesAgain() throws Exception {
        Flyway everything = SchemaMigrations.configure(rolledBack.dataSource()).load();
        everything.migrate();
        List<MigrationInfo> group14 = Arrays.stream(everything.info().applied())
                .filter(info -> info.getVersion().compareTo(GROUP_14) >= 0)
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        MigrationVersion lastBefore = Arrays.stream(everything.info().applied()).map(MigrationInfo::getVersion)
                .filter(version -> version.compareTo(GROUP_14) < 0).max(Comparator.naturalOrder()).orElseThrow();
        SchemaMigrations.configure(before.dataSource()).target(lastBefore).load().migrate();
        assertThat(group14).extracting(MigrationInfo::getScript).containsExactly(
                "V14_2__require_parental_consent_under_13.sql", "V14_1__create_privacy_requests.sql");
        List<String> migrated = snapshot(rolledBack);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            for (MigrationInfo migration : group14) {
                statement.execute(rollbackScript(migration));
            }
        }

        List<String> expected = snapshot(before);
        assertThat(migrated).as("group 14 changed what the snapshot compares").isNotEqualTo(expected);
        assertThat(snapshot(rolledBack)).containsExactlyElementsOf(expected);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from flyway_schema_history where version like '14.%'");
        }
        assertThat(everything.migrate().migrationsExecuted).isEqualTo(group14.size());
        assertThat(snapshot(rolledBack)).containsExactlyElementsOf(migrated);
    }

    private static String rollbackScript(MigrationInfo migration) throws IOException {
        String name = "db/rollback/U" + migration.getScript().substring(1);
        try (InputStream script = SchemaMigrations.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(script).as(name).isNotNull();
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The schema's catalog, one sorted line per fact, names only (no oids). */
    private static List<String> snapshot(PostgresExtension database) throws SQLException {
        String sql = """
                select format('class %s.%s kind=%s owner=%s rls=%s force=%s acl=%s', n.nspname, c.relname, c.relkind,
                              pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity, c.relacl)
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in ('public', 'archive', 'edudata_rls') and c.relkind in ('r', 'p', 'v', 'm', 'S')
                union all
                select format('column %s.%s type=%s notnull=%s default=%s comment=%s acl=%s', c.relname, a.attname,
                              format_type(a.atttypid, a.atttypmod), a.attnotnull,
                              pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), a.attacl)
                from pg_attribute a join pg_class c on c.oid = a.attrelid
                left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where c.relnamespace in ('public'::regnamespace) and c.relkind in ('r', 'p') and not c.relispartition
                  and a.attnum > 0 and not a.attisdropped
                union all
                select format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
                from pg_constraint where connamespace = 'public'::regnamespace and conparentid = 0
                union all
                select format('index %s', pg_get_indexdef(i.indexrelid)) from pg_index i
                join pg_class c on c.oid = i.indrelid
                where c.relnamespace = 'public'::regnamespace and not c.relispartition
                union all
                select format('trigger %s', pg_get_triggerdef(t.oid)) from pg_trigger t
                join pg_class c on c.oid = t.tgrelid
                where c.relnamespace = 'public'::regnamespace and not t.tgisinternal
                union all
                select format('policy %s.%s %s', polrelid::regclass, polname, pg_get_expr(polqual, polrelid))
                from pg_policy
                union all
                select format('function %s owner=%s definer=%s config=%s acl=%s body=%s', p.oid::regprocedure,
                              pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig, p.proacl, md5(p.prosrc))
                from pg_proc p where p.pronamespace in ('public'::regnamespace, 'edudata_rls'::regnamespace)
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
