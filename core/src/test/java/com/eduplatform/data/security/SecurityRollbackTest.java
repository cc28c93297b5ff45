package com.eduplatform.data.security;

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
 * The rollback scripts of group 11 ({@code db/rollback/U11_*}), run newest first after those of the groups after it,
 * leave a database exactly as the migrations before group 11 left another: same owners, privileges, row-level
 * security, policies, functions and schemas. The cluster-wide roles stay, by design. And group 11 and the groups
 * after it apply again on top of the rolled-back database.
 */
class SecurityRollbackTest {

    private static final MigrationVersion GROUP_11 = MigrationVersion.fromVersion("11");

    @RegisterExtension
    static final PostgresExtension rolledBack = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension before = PostgresExtension.empty();

    @Test
    void rollingBackGroup11RestoresTheSchemaOfTheMigrationBeforeItAndGroup11AppliesAgain() throws Exception {
        Flyway everything = SchemaMigrations.configure(rolledBack.dataSource()).load();
        everything.migrate();
        List<MigrationInfo> group11 = Arrays.stream(everything.info().applied())
                .filter(info -> info.getVersion().getMajor().compareTo(GROUP_11.getMajor()) >= 0)
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        MigrationVersion lastBefore = Arrays.stream(everything.info().applied()).map(MigrationInfo::getVersion)
                .filter(version -> version.compareTo(GROUP_11) < 0).max(Comparator.naturalOrder()).orElseThrow();
        SchemaMigrations.configure(before.dataSource()).target(lastBefore).load().migrate();
        assertThat(group11).extracting(MigrationInfo::getScript)
                .contains("V11_1__create_database_roles.sql", "V11_4__grant_role_privileges.sql");
        List<String> migrated = snapshot(rolledBack);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            for (MigrationInfo migration : group11) {
                statement.execute(rollbackScript(migration));
            }
        }

        List<String> expected = snapshot(before);
        assertThat(migrated).as("group 11 changed what the snapshot compares").isNotEqualTo(expected);
        assertThat(snapshot(rolledBack)).containsExactlyElementsOf(expected);

        try (Connection connection = rolledBack.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from flyway_schema_history where split_part(version, '.', 1)::int >= 11");
        }
        assertThat(everything.migrate().migrationsExecuted).isEqualTo(group11.size());
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

    /** Who owns what, who may do what, and what row-level security holds, one sorted line per fact. */
    private static List<String> snapshot(PostgresExtension database) throws SQLException {
        String sql = """
                with classes as (
                    select c.oid, c.relname, c.relkind, c.relowner, c.relrowsecurity, c.relforcerowsecurity,
                           coalesce(c.relacl, acldefault(case c.relkind when 'S' then 's' else 'r' end::"char", c.relowner)) acl
                    from pg_class c
                    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f'))
                select format('class %s kind=%s owner=%s rls=%s force=%s acl=%s', relname, relkind,
                              pg_get_userbyid(relowner), relrowsecurity, relforcerowsecurity,
                              (select string_agg(v, ',' order by v)
                               from (select format('%s:%s:%s', pg_get_userbyid(e.grantee), e.privilege_type,
                                                   pg_get_userbyid(e.grantor)) v from aclexplode(acl) e) s))
                from classes
                union all
                select format('column %s.%s acl=%s', c.relname, a.attname, a.attacl)
                from pg_attribute a join pg_class c on c.oid = a.attrelid
                where c.relnamespace = 'public'::regnamespace and cardinality(a.attacl) > 0
                union all
                select format('policy %s.%s', polrelid::regclass, polname) from pg_policy
                union all
                select format('function %s owner=%s definer=%s config=%s acl=%s', p.oid::regprocedure,
                              pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig,
                              (select string_agg(v, ',' order by v)
                               from (select format('%s:%s', pg_get_userbyid(e.grantee), e.privilege_type) v
                                     from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) e) s))
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                union all
                select format('schema %s owner=%s acl=%s', n.nspname, pg_get_userbyid(n.nspowner),
                              (select string_agg(v, ',' order by v)
                               from (select format('%s:%s', pg_get_userbyid(e.grantee), e.privilege_type) v
                                     from aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) e) s))
                from pg_namespace n
                where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                union all
                select format('default acl %s %s %s', defaclrole::regrole, defaclobjtype, defaclacl) from pg_default_acl
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
