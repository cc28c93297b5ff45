package com.eduplatform.data.testing;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A JUnit 5 extension giving each test class its own database on a real PostgreSQL: one server per JVM
 * ({@link PostgresServer#shared()}), one fresh database per class, dropped after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension postgres = PostgresExtension.migrated();
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private final boolean migrated;
    private String database;

    private PostgresExtension(boolean migrated) {
        this.migrated = migrated;
    }

    /** A database holding every migration, cloned from a template migrated once per JVM. */
    public static PostgresExtension migrated() {
        return new PostgresExtension(true);
    }

    /** An empty database, for tests that run migrations themselves. */
    public static PostgresExtension empty() {
        return new PostgresExtension(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresServer server = server();
        database = migrated ? server.createMigratedDatabase() : server.createDatabase();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            server().dropDatabase(database);
            database = null;
        }
    }

    /** The server behind every database of this JVM. */
    public PostgresServer server() {
        return PostgresServer.shared();
    }

    /** The JDBC URL of this class's database. */
    public String jdbcUrl() {
        return server().jdbcUrl(requireDatabase());
    }

    /** The user to connect as. */
    public String user() {
        return server().user();
    }

    /** That user's password, possibly empty. */
    public String password() {
        return server().password();
    }

    /** An unpooled DataSource for this class's database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** Opens a connection to this class's database; the caller closes it. */
    public Connection connect() throws SQLException {
        return server().connect(requireDatabase());
    }

    private String requireDatabase() {
        if (database == null) {
            throw new IllegalStateException("No database yet: register the extension on a static field "
                    + "with @RegisterExtension, and use it from tests or @BeforeAll methods");
        }
        return database;
    }
}
