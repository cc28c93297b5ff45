package com.eduplatform.data.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real streaming standby built from the embedded binaries: it follows the primary, pauses, stops and restarts. */
class StreamingReplicaTest {

    private static StreamingReplica pair;

    @BeforeAll
    static void start() {
        pair = StreamingReplica.start();
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void theReplicaIsAHotStandbyOfTheMigratedPrimary() throws SQLException {
        assertThat(single(pair.primaryJdbcUrl(), "SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(single(pair.replicaJdbcUrl(), "SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(single(pair.replicaJdbcUrl(), "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo(single(pair.primaryJdbcUrl(), "SELECT count(*) FROM flyway_schema_history WHERE success"));
        assertThat(Integer.parseInt(single(pair.replicaJdbcUrl(), "SELECT inet_server_port()")))
                .isEqualTo(pair.replicaPort())
                .isNotEqualTo(pair.primaryPort());
    }

    @Test
    void aRowWrittenOnThePrimaryStreamsToTheReplica() throws SQLException {
        write("streamed");

        pair.awaitReplay();

        assertThat(countOnReplica("streamed")).isEqualTo(1);
    }

    @Test
    void theReplicaRefusesWrites() {
        assertThatThrownBy(() -> execute(pair.replicaJdbcUrl(), "CREATE TABLE nope (id int)"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }

    @Test
    void aPausedReplicaFallsBehindUntilReplayResumes() throws SQLException {
        pair.pauseReplay();
        try {
            write("while-paused");
            assertThat(single(pair.primaryJdbcUrl(), "SELECT count(*) FROM users WHERE id = ?", "while-paused"))
                    .isEqualTo("1");
            assertThat(countOnReplica("while-paused")).isZero();
        } finally {
            pair.resumeReplay();
        }

        pair.awaitReplay();

        assertThat(countOnReplica("while-paused")).isEqualTo(1);
    }

    @Test
    void aStoppedReplicaRefusesConnectionsAndCatchesUpAfterRestart() throws SQLException {
        pair.stopReplica();
        try {
            assertThat(pair.replicaRunning()).isFalse();
            assertThatThrownBy(() -> single(pair.replicaJdbcUrl(), "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
            write("while-stopped");
        } finally {
            pair.startReplica();
        }

        pair.awaitReplay();

        assertThat(pair.replicaRunning()).isTrue();
        assertThat(countOnReplica("while-stopped")).isEqualTo(1);
    }

    @Test
    void closingStopsBothServersAndDeletesTheirDirectories() throws SQLException {
        StreamingReplica other = StreamingReplica.start();
        Path primaryData = Path.of(single(other.primaryJdbcUrl(), "SHOW data_directory"));
        Path replicaData = Path.of(single(other.replicaJdbcUrl(), "SHOW data_directory"));

        other.close();

        assertThat(primaryData).doesNotExist();
        assertThat(replicaData).doesNotExist();
        assertThat(Files.exists(primaryData.getParent())).isTrue();
        assertThatThrownBy(() -> single(other.primaryJdbcUrl(), "SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> single(other.replicaJdbcUrl(), "SELECT 1")).isInstanceOf(SQLException.class);
    }

    private static void write(String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(pair.primaryJdbcUrl(), pair.user(), pair.password());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, auth0_id, email, role, roles)"
                     + " VALUES (?, ?, ?, 'student', ARRAY['student'])")) {
            insert.setString(1, id);
            insert.setString(2, "auth0|" + id);
            insert.setString(3, id + "@school.example");
            insert.executeUpdate();
        }
    }

    private static int countOnReplica(String id) throws SQLException {
        return Integer.parseInt(single(pair.replicaJdbcUrl(), "SELECT count(*) FROM users WHERE id = ?", id));
    }

    private static String single(String url, String sql, String... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, pair.user(), pair.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, pair.user(), pair.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
