package com.eduplatform.data.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Login roles of one test class, each a member of one of the schema's group roles ({@code edudata_app}, ...), with
 * connections and {@link EduDatabase}s logged in as them. Roles are cluster-wide and the cluster outlives the run
 * (CI reuses it), so every name is unique to this instance and {@link #close()} drops them all.
 */
final class RoleLogins implements AutoCloseable {

    private final PostgresExtension postgres;
    private final String prefix = "edudata_test_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final String password = "pw-" + UUID.randomUUID();
    private final List<String> roles = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    RoleLogins(PostgresExtension postgres) {
        this.postgres = postgres;
    }

    /** Creates a login role that is a member of {@code groupRole} and returns its name. */
    synchronized String member(String groupRole) throws SQLException {
        String login = prefix + roles.size() + "_" + groupRole;
        try (Connection superuser = postgres.connect(); Statement statement = superuser.createStatement()) {
            statement.execute("CREATE ROLE " + quoted(login) + " LOGIN PASSWORD '" + password + "'");
            roles.add(login);
            statement.execute("GRANT " + quoted(groupRole) + " TO " + quoted(login));
        }
        return login;
    }

    /** A connection logged in as {@code login}, closed with this instance if the caller does not close it. */
    synchronized Connection connect(String login) throws SQLException {
        Connection connection = DriverManager.getConnection(url(), login, password);
        opened.add(connection);
        return connection;
    }

    /**
     * The library's entry point logged in as {@code login}, pooling at most {@code poolSize} connections. It skips
     * Flyway's validation on start: the application role may not read flyway_schema_history.
     */
    synchronized EduDatabase database(String login, int poolSize) {
        EduDatabase db = builder(login).maximumPoolSize(poolSize).validateOnStart(false).build();
        opened.add(db);
        return db;
    }

    /** A builder of the library's entry point logged in as {@code login}; the caller closes what it builds. */
    EduDatabase.Builder builder(String login) {
        return EduDatabase.builder().jdbcUrl(url()).user(login).password(password).poolName(login);
    }

    @Override
    public synchronized void close() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
        opened.clear();
        try (Connection superuser = postgres.connect(); Statement statement = superuser.createStatement()) {
            for (String login : roles) {
                statement.execute("DROP ROLE IF EXISTS " + quoted(login));
            }
        }
        roles.clear();
    }

    /**
     * The class's JDBC URL without the credentials it may carry (the embedded server's names {@code user=postgres},
     * which would win over the login given beside it).
     */
    private String url() {
        String url = postgres.jdbcUrl();
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String parameters = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(parameter -> !parameter.startsWith("user=") && !parameter.startsWith("password="))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** Runs each statement on its own; every one must be refused with SQLSTATE 42501, as an AccessDeniedException. */
    static void assertAllDenied(EduDatabase db, String... statements) {
        List<String> notDenied = new ArrayList<>();
        for (String statement : statements) {
            try {
                db.dsl().execute(statement);
                notDenied.add(statement + " -> ran");
            } catch (AccessDeniedException denied) {
                if (!"42501".equals(denied.sqlState())) {
                    notDenied.add(statement + " -> " + denied.sqlState());
                }
            } catch (RuntimeException other) {
                notDenied.add(statement + " -> " + other);
            }
        }
        assertThat(notDenied).isEmpty();
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
