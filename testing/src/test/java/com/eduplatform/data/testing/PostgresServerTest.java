package com.eduplatform.data.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared server of this JVM hands out databases that are real, isolated, migrated on request, and dropped. */
class PostgresServerTest {

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void aMigratedDatabaseHoldsTheSchemaAndAnEmptyOneDoesNot() throws SQLException {
        String migrated = server.createMigratedDatabase();
        String empty = server.createDatabase();
        try {
            assertThat(tableCount(migrated)).isGreaterThanOrEqualTo(25);
            assertThat(tableCount(empty)).isZero();
        } finally {
            server.dropDatabase(migrated);
            server.dropDatabase(empty);
        }
    }

    @Test
    void droppedDatabasesAreGone() throws SQLException {
        String name = server.createDatabase();

        server.dropDatabase(name);

        assertThatThrownBy(() -> server.connect(name).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining(name);
    }

    @Test
    void refusesToDropADatabaseItDidNotCreate() {
        assertThatThrownBy(() -> server.dropDatabase("postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did not create");
    }

    @Test
    void quotesOnlyTheDatabaseNamesItGenerates() {
        assertThat(PostgresServer.quoteIdentifier("edudata_0a1b2c3d4e_db_7")).isEqualTo("\"edudata_0a1b2c3d4e_db_7\"");
        assertThatThrownBy(() -> PostgresServer.quoteIdentifier("x\" WITH TEMPLATE postgres; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresServer.quoteIdentifier("Mixed"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsAtLeastTheOldestSupportedMajor() {
        assertThat(server.majorVersion()).isGreaterThanOrEqualTo(15);
    }

    private int tableCount(String database) throws SQLException {
        try (Connection connection = server.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
