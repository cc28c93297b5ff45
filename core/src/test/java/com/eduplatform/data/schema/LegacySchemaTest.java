package com.eduplatform.data.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database of the seed's "current schema" ({@code legacy/current_schema.sql}: the older users, student_profiles
 * and teacher_profiles, holding 2,105 users) is adopted: it ends on exactly the schema a fresh database migrates to,
 * with every legacy row present, its values kept and mapped into the new columns.
 */
class LegacySchemaTest {

    private static final String LEGACY_USERS = """
            select id, auth0_id, email, name, role, coalesce(created_at, updated_at)::text,
                   coalesce(updated_at, created_at)::text
            from %s.users order by id""";
    private static final String NEW_USERS = """
            select id, auth0_id, email, name, role, (created_at at time zone 'UTC')::text,
                   (updated_at at time zone 'UTC')::text
            from public.users order by id""";
    private static final String STUDENTS = """
            select id, user_id, grade_level, subjects::text, %s from %s.student_profiles order by id""";
    private static final String TEACHERS = """
            select id, user_id, subjects::text, grades::text, %s from %s.teacher_profiles order by id""";
    private static final String LEGACY_TIMES =
            "coalesce(created_at, updated_at)::text, coalesce(updated_at, created_at)::text";
    private static final String NEW_TIMES =
            "(created_at at time zone 'UTC')::text, (updated_at at time zone 'UTC')::text";

    @RegisterExtension
    static final PostgresExtension legacy = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension refused = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension fresh = PostgresExtension.migrated();

    @Test
    void adoptingTheLegacySchemaKeepsEveryRowMapsItIntoTheNewColumnsAndEndsOnTheFreshSchema() throws Exception {
        execute(legacy, fixture());
        List<String> users = rows(legacy, LEGACY_USERS.formatted("public"));
        List<String> students = rows(legacy, STUDENTS.formatted(LEGACY_TIMES, "public"));
        List<String> teachers = rows(legacy, TEACHERS.formatted(LEGACY_TIMES, "public"));

        LegacySchema.Adoption adoption = LegacySchema.adopt(SchemaMigrations.configure(legacy.dataSource()));

        assertThat(adoption).isEqualTo(new LegacySchema.Adoption(2105, 2000, 102));
        assertThat(rows(legacy, NEW_USERS)).hasSize(2105).containsExactlyElementsOf(users);
        assertThat(rows(legacy, STUDENTS.formatted(NEW_TIMES, "public")))
                .hasSize(2000).containsExactlyElementsOf(students);
        assertThat(rows(legacy, TEACHERS.formatted(NEW_TIMES, "public")))
                .hasSize(102).containsExactlyElementsOf(teachers);
        assertThat(rows(legacy, """
                select id, roles::text, first_name, last_name, is_active, subscription_tier, usage_quota, version_number
                from users where id in ('t-ada', 's-bo', 't-cy', 'p-di', 'a-ed', 's-1') order by id"""))
                .containsExactly(
                        "a-ed|{admin}|Ed|Admin|t|free|100|1",
                        "p-di|{parent}|Di|Parent|t|free|100|1",
                        "s-1|{student}|Student|1|t|free|100|1",
                        "s-bo|{student}|Bo|null|t|free|100|1",
                        "t-ada|{teacher}|Ada|King Lovelace|t|free|100|1",
                        "t-cy|{teacher}|null|null|t|free|100|1");
        assertThat(rows(legacy, "insert into student_profiles (user_id, grade_level, subjects) "
                + "values ('s-7', '9', '{math}') returning id"))
                .as("ids continue after the largest").containsExactly("2002");

        assertThat(CatalogSnapshot.of(legacy.dataSource()))
                .containsExactlyElementsOf(CatalogSnapshot.of(fresh.dataSource()));
        Flyway flyway = SchemaMigrations.configure(legacy.dataSource()).load();
        flyway.validate();
        assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getState))
                .containsOnly(MigrationState.SUCCESS);
        assertThat(flyway.info().current().getVersion())
                .isEqualTo(SchemaMigrations.configure(fresh.dataSource()).load().info().current().getVersion());
    }

    @Test
    void aLegacyUserWithNoRoleToDeriveIsRefusedByIdKeepingTheParkedRowsAndAdoptingAgainResumes() throws Exception {
        execute(refused, fixture());
        execute(refused, "insert into users (id, auth0_id, email)"
                + " values ('x-lost', 'auth0|x-lost', 'x@nowhere.example')");

        assertThatThrownBy(() -> LegacySchema.adopt(SchemaMigrations.configure(refused.dataSource())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("x-lost");
        assertThat(rows(refused, "select count(*) from edudata_legacy.users")).containsExactly("2106");
        assertThat(rows(refused, "select count(*) from public.users")).containsExactly("0");

        execute(refused, "update edudata_legacy.users set role = 'parent' where id = 'x-lost'");
        LegacySchema.Adoption adoption = LegacySchema.adopt(SchemaMigrations.configure(refused.dataSource()));

        assertThat(adoption.users()).isEqualTo(2106);
        assertThat(rows(refused, "select roles::text from users where id = 'x-lost'")).containsExactly("{parent}");
        assertThat(rows(refused, "select count(*) from pg_namespace where nspname = 'edudata_legacy'"))
                .containsExactly("0");
    }

    @Test
    void aDatabaseWithoutTheLegacySchemaIsNotAdopted() {
        assertThatThrownBy(() -> LegacySchema.adopt(SchemaMigrations.configure(fresh.dataSource())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No legacy schema to adopt");
    }

    private static String fixture() throws IOException {
        String name = "legacy/current_schema.sql";
        try (InputStream in = LegacySchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void execute(PostgresExtension database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Each row as its columns joined by '|', NULL as "null". */
    private static List<String> rows(PostgresExtension database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
