package com.eduplatform.data.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every migration has a rollback script, and it restores the catalog exactly: on one database the migrations are
 * applied one at a time with a {@link CatalogSnapshot} after each, then rolled back one at a time, each step compared
 * with the snapshot taken on the way up at the same version, down to the empty schema; migrating up again gives the
 * first full schema back. Migrations and rollbacks are found on the class path, so every group is covered.
 */
class SchemaRollbackTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension withExtraMigration = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension withArchivedMonth = PostgresExtension.migrated();

    @Test
    void everyMigrationHasARollbackScriptBesideIt() {
        SchemaRollback rollback = SchemaRollback.of(postgres.dataSource());

        assertThat(rollback.migrationsWithoutRollback()).as("V scripts without a db/rollback/U script").isEmpty();
        assertThat(SchemaMigrations.configure(postgres.dataSource()).load().info().all())
                .hasSizeGreaterThanOrEqualTo(38);
    }

    @Test
    void aMigrationWithoutRollbackScriptIsNamedAndNothingIsRolledBack(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("V99_1__add_a_table_without_rollback.sql"),
                "CREATE TABLE no_rollback (a int);");
        var configuration = SchemaMigrations.configure(withExtraMigration.dataSource())
                .locations(SchemaMigrations.LOCATION, "filesystem:" + folder);
        Flyway.configure(SchemaMigrations.class.getClassLoader()).configuration(configuration).load().migrate();
        List<String> before = CatalogSnapshot.of(withExtraMigration.dataSource());
        SchemaRollback rollback = SchemaRollback.of(configuration);

        assertThat(rollback.migrationsWithoutRollback()).containsExactly("V99_1__add_a_table_without_rollback.sql");
        assertThatThrownBy(() -> rollback.rollBackTo("9.4"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V99_1__add_a_table_without_rollback.sql")
                .hasMessageContaining("U99_1__add_a_table_without_rollback.sql");
        assertThat(CatalogSnapshot.of(withExtraMigration.dataSource())).containsExactlyElementsOf(before);
    }

    @Test
    void rollingBackTheArchiveWhileItHoldsAMonthStopsThereKeepingTheMonthAndTheStepsAlreadyRolledBack()
            throws SQLException {
        try (Connection connection = withArchivedMonth.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    DECLARE
                        month record;
                    BEGIN
                        SELECT c.oid::regclass AS name, pg_get_expr(c.relpartbound, c.oid) AS bound INTO month
                        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'user_activity_logs'::regclass
                          AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
                        ORDER BY c.relname LIMIT 1;
                        EXECUTE format('ALTER TABLE user_activity_logs DETACH PARTITION %s', month.name);
                        EXECUTE format('ALTER TABLE archive.user_activity_logs ATTACH PARTITION %s %s',
                                       month.name, month.bound);
                    END
                    $$""");
        }
        SchemaRollback rollback = SchemaRollback.of(withArchivedMonth.dataSource());

        assertThatThrownBy(() -> rollback.rollBackTo("8.5"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("U9_1__create_archive_schema.sql")
                .hasMessageContaining("still holds partitions");

        assertThat(SchemaMigrations.configure(withArchivedMonth.dataSource()).load().info().current().getVersion()
                .getVersion()).as("rolled back down to V9_2, V9_1 kept").isEqualTo("9.1");
        try (Connection connection = withArchivedMonth.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select count(*) from pg_inherits where inhparent = 'archive.user_activity_logs'::regclass")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void rollingBackEveryMigrationStepByStepRestoresEachEarlierCatalogAndMigratingAgainRestoresTheLatest()
            throws SQLException {
        List<String> versions = Arrays.stream(SchemaMigrations.configure(postgres.dataSource()).load().info().pending())
                .map(info -> info.getVersion().getVersion())
                .toList();
        Map<String, List<String>> up = new LinkedHashMap<>();
        up.put("0", CatalogSnapshot.of(postgres.dataSource()));
        for (String version : versions) {
            SchemaMigrations.configure(postgres.dataSource()).target(version).load().migrate();
            up.put(version, CatalogSnapshot.of(postgres.dataSource()));
        }
        List<String> latest = up.get(versions.get(versions.size() - 1));
        List<String> steps = new ArrayList<>(up.keySet());
        SchemaRollback rollback = SchemaRollback.of(postgres.dataSource());

        for (int i = steps.size() - 1; i > 0; i--) {
            String version = steps.get(i);
            String previous = steps.get(i - 1);
            assertThat(up.get(version)).as("V%s changes the catalog", version).isNotEqualTo(up.get(previous));

            List<String> applied = rollback.rollBackTo(previous);

            assertThat(applied).as("rolling back to %s", previous).hasSize(1)
                    .allMatch(script -> script.startsWith("U" + version.replace('.', '_') + "__"));
            assertThat(CatalogSnapshot.of(postgres.dataSource()))
                    .as("the catalog after rolling back V%s equals the one V%s left", version, previous)
                    .containsExactlyElementsOf(up.get(previous));
        }
        assertThat(SchemaMigrations.configure(postgres.dataSource()).load().info().applied()).isEmpty();

        Flyway flyway = SchemaMigrations.configure(postgres.dataSource()).load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(versions.size());
        flyway.validate();
        assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getState))
                .containsOnly(MigrationState.SUCCESS);
        assertThat(CatalogSnapshot.of(postgres.dataSource())).containsExactlyElementsOf(latest);

        assertThat(rollback.rollBackTo(versions.get(versions.size() - 1))).as("nothing above the latest").isEmpty();
        assertThatThrownBy(() -> rollback.rollBackTo("not a version"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a version");
    }
}
