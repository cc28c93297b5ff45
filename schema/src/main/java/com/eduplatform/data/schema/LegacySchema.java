package com.eduplatform.data.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Brings a database of the platform's schema from before this library (the seed's "current schema": {@code users},
 * {@code student_profiles} and {@code teacher_profiles} without the fields the seed's enhanced tables add, and no
 * Flyway history) to the latest schema, with every row kept and mapped into the new columns.
 *
 * <p>{@link #adopt} works in three steps, each resumable: (1) the legacy tables move, unchanged and without reading a
 * row, into schema {@value #PARKING_SCHEMA} ({@code db/legacy/park_legacy_tables.sql}); (2) the migrations up to
 * {@value #CREATED_BY} create the new tables in the emptied schema; (3) in one transaction every legacy row is copied
 * into them, keeping its id, the counts are compared and the parked tables dropped
 * ({@code db/legacy/copy_legacy_rows.sql}, which documents the mapping); then the remaining migrations run on the
 * copied rows. If step 3 refuses the data (a user with no role to derive), nothing of it is kept: fix the parked rows
 * in {@value #PARKING_SCHEMA} and call {@link #adopt} again, which resumes there. The platform is offline meanwhile:
 * the legacy tables are no longer where the old application looks from step 1 on.
 */
public final class LegacySchema {

    /** The schema the legacy tables wait in while their rows are copied. */
    public static final String PARKING_SCHEMA = "edudata_legacy";

    /** The version whose migrations create every table the legacy rows are copied into. */
    public static final String CREATED_BY = "1.3";

    /** What an adoption copied: the rows of each legacy table, all of them. */
    public record Adoption(long users, long studentProfiles, long teacherProfiles) {
    }

    private LegacySchema() {
    }

    /**
     * Adopts the legacy database {@code configuration} points at (for instance {@link
     * SchemaMigrations#configure(javax.sql.DataSource)}) and migrates it to the configuration's target (default:
     * the latest version).
     *
     * @throws IllegalStateException when the database holds neither a legacy schema (a {@code users} table and no
     *     Flyway history) nor a parked one, or when a step fails (its cause attached; the steps before stay done)
     */
    public static Adoption adopt(Configuration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        try (Connection connection = configuration.getDataSource().getConnection()) {
            if (!exists(connection, "select 1 from pg_namespace where nspname = '" + PARKING_SCHEMA + "'")) {
                boolean legacy = exists(connection, "select 1 from pg_class where relname = 'users'"
                        + " and relnamespace = current_schema()::regnamespace")
                        && !exists(connection, "select 1 from pg_class where relname = 'flyway_schema_history'"
                        + " and relnamespace = current_schema()::regnamespace");
                if (!legacy) {
                    throw new IllegalStateException("No legacy schema to adopt: the database has no users table "
                            + "without a Flyway schema history, and no " + PARKING_SCHEMA + " schema (a database "
                            + "already adopted migrates with SchemaMigrations as usual)");
                }
                runInTransaction(connection, "park_legacy_tables.sql");
            }
            Flyway.configure(configuration.getClassLoader()).configuration(configuration).target(CREATED_BY).load()
                    .migrate();
            Adoption adoption = new Adoption(count(connection, "users"), count(connection, "student_profiles"),
                    count(connection, "teacher_profiles"));
            runInTransaction(connection, "copy_legacy_rows.sql");
            Flyway.configure(configuration.getClassLoader()).configuration(configuration).load().migrate();
            return adoption;
        } catch (SQLException e) {
            throw new IllegalStateException("Adopting the legacy schema failed: " + e.getMessage(), e);
        }
    }

    private static void runInTransaction(Connection connection, String script) throws SQLException {
        String sql = read(script);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean exists(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next();
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        String sql = switch (table) {
            case "users" -> "select count(*) from edudata_legacy.users";
            case "student_profiles" -> "select count(*) from edudata_legacy.student_profiles";
            case "teacher_profiles" -> "select count(*) from edudata_legacy.teacher_profiles";
            default -> throw new IllegalArgumentException("Not a parked legacy table: " + table);
        };
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String read(String script) {
        String name = "db/legacy/" + script;
        try (InputStream in = LegacySchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
