package com.eduplatform.data.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations apply to an empty database on this run's PostgreSQL, in phase order, and Flyway validates them. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationsTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.empty();

    private static Flyway flyway() {
        return SchemaMigrations.configure(postgres.dataSource()).load();
    }

    @Test
    @Order(1)
    void everyMigrationAppliesToAnEmptyDatabaseAndValidates() {
        List<String> scripts = scripts(flyway().info().pending());

        var result = flyway().migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(scripts.size()).isGreaterThanOrEqualTo(22);
        flyway().validate();
        assertThat(Arrays.stream(flyway().info().all()).map(MigrationInfo::getState))
                .containsOnly(MigrationState.SUCCESS);
    }

    @Test
    @Order(2)
    void migrationsRunInTheSeedsPhaseOrderOneGroupPerPhase() {
        List<String> applied = Arrays.stream(flyway().info().applied())
                .map(info -> info.getVersion().getVersion())
                .toList();

        assertThat(applied).isSortedAccordingTo((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        assertThat(applied.stream().map(v -> v.substring(0, v.indexOf('.'))).distinct())
                .startsWith("1", "2", "3", "4", "5", "6");
        assertThat(scripts(flyway().info().applied()))
                .allMatch(name -> name.matches("V\\d+_\\d+__[a-z0-9_]+\\.sql"), "named V<group>_<n>__<what_it_does>.sql");
    }

    @Test
    @Order(3)
    void migratingAgainChangesNothing() {
        var result = flyway().migrate();

        assertThat(result.migrationsExecuted).isZero();
    }

    @Test
    @Order(4)
    void anAppliedMigrationThatWasEditedFailsValidation() throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1.2'");
        }

        assertThatThrownBy(() -> flyway().validate())
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("1.2");
    }

    private static List<String> scripts(MigrationInfo[] migrations) {
        return Arrays.stream(migrations).map(MigrationInfo::getScript).toList();
    }
}
