package com.eduplatform.data.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for codegen, tests and examples, found through one chain:
 *
 * <ol>
 *   <li>an explicit JDBC URL: system property {@code edudata.db.url} or environment variable
 *       {@code EDUDATA_DB_URL} (user and password from {@code edudata.db.user} / {@code EDUDATA_DB_USER},
 *       default {@code postgres}, and {@code edudata.db.password} / {@code EDUDATA_DB_PASSWORD}, default empty);
 *   <li>else Testcontainers, where a Docker engine answers (image from {@code edudata.db.image},
 *       default {@value #DEFAULT_IMAGE});
 *   <li>else an embedded PostgreSQL, started from binaries shipped as a Maven artifact.
 * </ol>
 *
 * <p>The server hands out throwaway databases ({@link #createDatabase()}, {@link #createMigratedDatabase()}),
 * so tests never touch the database the URL names. {@link #close()} drops what it created and stops what it
 * started; a URL's server is left running.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The Docker image Testcontainers runs when no URL is given. */
    public static final String DEFAULT_IMAGE = "postgres:18";

    private final String source;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final AutoCloseable started;
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private String migratedTemplate;
    private int databases;

    private PostgresServer(String source, String adminUrl, String user, String password, AutoCloseable started) {
        this.source = source;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.started = started;
    }

    /** Finds or starts a server through the chain described above. The caller closes it. */
    public static PostgresServer start() {
        String url = setting("edudata.db.url");
        String user = setting("edudata.db.user");
        String password = setting("edudata.db.password");
        if (url != null) {
            return new PostgresServer("url " + url, url, user != null ? user : "postgres",
                    password != null ? password : "", null);
        }
        if (DockerProbe.engineAnswers()) {
            return startContainer(setting("edudata.db.image"));
        }
        return startEmbedded();
    }

    /**
     * The server shared by everything in this JVM, started on first use and closed when the JVM exits.
     * Test code reaches it through {@link PostgresExtension}.
     */
    public static PostgresServer shared() {
        return Shared.INSTANCE;
    }

    private static PostgresServer startContainer(String image) {
        PostgreSQLContainer container = new PostgreSQLContainer(image != null ? image : DEFAULT_IMAGE);
        container.start();
        return new PostgresServer("testcontainers " + container.getDockerImageName(), container.getJdbcUrl(),
                container.getUsername(), container.getPassword(), container::stop);
    }

    private static PostgresServer startEmbedded() {
        try {
            Path dataDirectory = Files.createTempDirectory("edudata-embedded-pg-");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    // Throwaway data: durability buys nothing here and costs seconds per test run.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
            return new PostgresServer("embedded port " + postgres.getPort(),
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** Where this server came from: {@code url ...}, {@code testcontainers ...} or {@code embedded ...}. */
    public String source() {
        return source;
    }

    /** The user every connection of this server logs in as. */
    public String user() {
        return user;
    }

    /** That user's password, possibly empty. */
    public String password() {
        return password;
    }

    /** A JDBC URL for {@code database} on this server, keeping the original URL's host, port and parameters. */
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(adminUrl, database);
    }

    /** Opens a connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** The server's major version, e.g. 15 or 18. */
    public int majorVersion() {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password)) {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the server version of " + source, e);
        }
    }

    /** Creates an empty database with a fresh name and returns that name. */
    public synchronized String createDatabase() {
        String name = nextName("db");
        execute("CREATE DATABASE " + quoteIdentifier(name));
        return name;
    }

    /**
     * Creates a database holding every migration, and returns its name. The migrations run once per server, into
     * a template; each call clones that template, which takes a fraction of a second.
     */
    public synchronized String createMigratedDatabase() {
        if (migratedTemplate == null) {
            String template = nextName("template");
            execute("CREATE DATABASE " + quoteIdentifier(template));
            Migrator.migrate(jdbcUrl(template), user, password);
            migratedTemplate = template;
        }
        String name = nextName("db");
        execute("CREATE DATABASE " + quoteIdentifier(name) + " TEMPLATE " + quoteIdentifier(migratedTemplate));
        return name;
    }

    /** Drops a database this server created, closing whatever connections are still open to it. */
    public synchronized void dropDatabase(String name) {
        if (!name.startsWith(prefix())) {
            throw new IllegalArgumentException("Refusing to drop " + name + ": this server did not create it");
        }
        execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
    }

    /** Drops the databases this server created and stops whatever it started. */
    @Override
    public synchronized void close() {
        try {
            if (started == null) {
                dropCreatedDatabases();
            }
        } finally {
            if (started != null) {
                try {
                    started.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not stop " + source, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + source + "]";
    }

    private void dropCreatedDatabases() {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             var names = connection.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ?")) {
            names.setString(1, prefix() + "%");
            var rows = names.executeQuery();
            while (rows.next()) {
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(rows.getString(1)) + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the databases created on " + source, e);
        }
    }

    private String prefix() {
        return "edudata_" + runId + "_";
    }

    /**
     * A database name as a quoted SQL identifier. {@code CREATE DATABASE} takes no bind parameters, so the names
     * this class generates (and reads back from {@code pg_database} under its own prefix) are checked against a
     * strict pattern instead: nothing else can reach the statement.
     */
    static String quoteIdentifier(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a database name this server creates: " + name);
        }
        return '"' + name + '"';
    }

    private String nextName(String kind) {
        return prefix() + kind + "_" + (++databases);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + source + ": " + e.getMessage()
                    + (e.getMessage().toLowerCase(Locale.ROOT).contains("permission")
                            ? " (the URL's user needs the CREATEDB privilege)" : ""), e);
        }
    }

    static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Holder of the JVM-wide server: started on first use, closed by a shutdown hook. */
    private static final class Shared {
        static final PostgresServer INSTANCE = startShared();

        private static PostgresServer startShared() {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "edudata-postgres-shutdown"));
            return server;
        }
    }
}
