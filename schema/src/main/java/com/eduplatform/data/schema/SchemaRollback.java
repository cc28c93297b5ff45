package com.eduplatform.data.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Rolls a database back to an earlier schema version with the rollback scripts under {@value #LOCATION}.
 *
 * <p>Every migration {@code V<version>__<description>.sql} has a rollback script {@code U<version>__<description>.sql}
 * beside it in this jar that restores the catalog exactly as it was before the migration. {@link #rollBackTo} applies
 * those of the applied migrations newer than the target, newest first, each in a transaction of its own together with
 * the deletion of its row from Flyway's schema history, so a failure leaves the database at the last version fully
 * rolled back and Flyway can migrate up again from there. A script holding {@code CONCURRENTLY} cannot run in a
 * transaction: it must be a single statement (as Flyway requires of its migrations), safe to run twice (IF EXISTS),
 * and runs on its own before its history row is deleted.
 *
 * <p>Rolling back a migration that created a table loses that table's rows: that is what the undo of a CREATE is.
 * Nothing else must migrate the database while a rollback runs. Errors are unchecked: {@link IllegalStateException}
 * when the history cannot be rolled back (a missing script, a failed or baseline migration in the way), and
 * {@link IllegalArgumentException} for a malformed target; a failing script's {@link SQLException} is wrapped in an
 * {@link IllegalStateException} naming the script.
 */
public final class SchemaRollback {

    /** The class path folder of the rollback scripts inside this jar. */
    public static final String LOCATION = "db/rollback";

    private static final Pattern CONCURRENTLY =
            Pattern.compile("\\bCONCURRENTLY\\b", Pattern.CASE_INSENSITIVE);

    private final Configuration configuration;

    private SchemaRollback(Configuration configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /**
     * A rollback of the database, schema history table and migrations {@code configuration} names, for instance
     * {@code SchemaRollback.of(SchemaMigrations.configure(dataSource))}.
     */
    public static SchemaRollback of(Configuration configuration) {
        return new SchemaRollback(configuration);
    }

    /** As {@link #of(Configuration)} with {@link SchemaMigrations#configure(DataSource)}. */
    public static SchemaRollback of(DataSource dataSource) {
        return of(SchemaMigrations.configure(dataSource));
    }

    /**
     * Rolls the database back to {@code targetVersion} (for instance {@code "9.2"}; {@code "0"} rolls back every
     * migration): the rollback scripts of every applied migration newer than it run, newest first. Returns the
     * scripts run, in order; empty when the database is at or below the target.
     *
     * @throws IllegalStateException before anything runs, when a migration to roll back has no rollback script, or
     *     when a failed or baseline entry of the history lies above the target; or when a script fails (the
     *     migrations rolled back before it stay rolled back)
     */
    public List<String> rollBackTo(String targetVersion) {
        MigrationVersion target = parse(targetVersion);
        List<MigrationInfo> toRollBack = Arrays.stream(flyway().info().applied())
                .filter(info -> info.getVersion() != null && info.getVersion().compareTo(target) > 0)
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        List<String> scripts = new ArrayList<>();
        for (MigrationInfo migration : toRollBack) {
            if (!migration.getState().isApplied() || migration.getState().isFailed()) {
                throw new IllegalStateException("Migration " + migration.getVersion() + " is " + migration.getState()
                        + ": repair the schema history before rolling back");
            }
            if (migration.getScript() == null || migration.getType() != CoreMigrationType.SQL) {
                throw new IllegalStateException("Cannot roll back " + migration.getVersion() + " ("
                        + migration.getType() + "): only SQL migrations have rollback scripts");
            }
            String script = rollbackScriptOf(migration.getScript());
            if (resource(script) == null) {
                throw new IllegalStateException("Migration " + migration.getScript() + " has no rollback script "
                        + LOCATION + "/" + script);
            }
            scripts.add(script);
        }
        for (int i = 0; i < toRollBack.size(); i++) {
            apply(scripts.get(i), toRollBack.get(i).getVersion());
        }
        return List.copyOf(scripts);
    }

    /**
     * The migrations Flyway finds for this configuration (applied or pending) that have no rollback script under
     * {@value #LOCATION}, as their script names; empty when every one has its rollback.
     */
    public List<String> migrationsWithoutRollback() {
        return Arrays.stream(flyway().info().all())
                .filter(info -> info.getVersion() != null && info.getScript() != null
                        && info.getType() == CoreMigrationType.SQL)
                .map(MigrationInfo::getScript)
                .filter(script -> resource(rollbackScriptOf(script)) == null)
                .distinct()
                .toList();
    }

    /** {@code U<version>__<description>.sql} for {@code [folder/]V<version>__<description>.sql}. */
    static String rollbackScriptOf(String migrationScript) {
        String name = migrationScript.substring(migrationScript.lastIndexOf('/') + 1);
        if (!name.startsWith("V")) {
            throw new IllegalStateException("Not a versioned migration script: " + migrationScript);
        }
        return "U" + name.substring(1);
    }

    private void apply(String script, MigrationVersion version) {
        String sql = read(script);
        boolean concurrent = CONCURRENTLY.matcher(withoutLineComments(sql)).find();
        try (Connection connection = configuration.getDataSource().getConnection()) {
            if (concurrent) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
                deleteHistoryRow(connection, version);
            } else {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                    deleteHistoryRow(connection, version);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Rollback script " + LOCATION + "/" + script + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void deleteHistoryRow(Connection connection, MigrationVersion version) throws SQLException {
        String schema = configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
        if (schema == null) {
            try (Statement current = connection.createStatement();
                 ResultSet row = current.executeQuery("SELECT current_schema()")) {
                row.next();
                schema = row.getString(1);
            }
        }
        String table = schema + "." + configuration.getTable();
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + quote(schema) + "." + quote(configuration.getTable()) + " WHERE version = ?")) {
            delete.setString(1, version.getVersion());
            if (delete.executeUpdate() != 1) {
                throw new IllegalStateException("No single schema history row for version " + version + " in "
                        + table);
            }
        }
    }

    private Flyway flyway() {
        return Flyway.configure(configuration.getClassLoader()).configuration(configuration).load();
    }

    private java.net.URL resource(String script) {
        return configuration.getClassLoader().getResource(LOCATION + "/" + script);
    }

    private String read(String script) {
        try (InputStream in = configuration.getClassLoader().getResourceAsStream(LOCATION + "/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Rollback script " + LOCATION + "/" + script + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MigrationVersion parse(String targetVersion) {
        Objects.requireNonNull(targetVersion, "targetVersion");
        try {
            return MigrationVersion.fromVersion(targetVersion);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a migration version: '" + targetVersion + "'", e);
        }
    }

    private static String withoutLineComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "");
    }

    /** A double-quoted SQL identifier. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
