package com.eduplatform.data.codegen;

import com.eduplatform.data.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.meta.postgres.PostgresDatabase;
import org.jooq.tools.JooqLogger;

/**
 * The database jooq-codegen-maven reads: a throwaway database on a real PostgreSQL (from the
 * {@link PostgresServer} chain) with every migration of {@code classpath:db/migration} applied.
 *
 * <p>Named in the plugin's {@code <database><name>}; the plugin needs no {@code <jdbc>} element. jOOQ calls
 * {@link #close()} when generation ends, successfully or not, so no server or database outlives the build.
 */
public class MigratedPostgresDatabase extends PostgresDatabase {

    private static final JooqLogger log = JooqLogger.getLogger(MigratedPostgresDatabase.class);

    private PostgresServer server;
    private Connection connection;

    @Override
    protected DSLContext create0() {
        if (connection == null) {
            server = PostgresServer.start();
            try {
                connection = server.connect(server.createMigratedDatabase());
                log.info("Generating from migrations applied on " + server.source()
                        + " (PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + ")");
            } catch (SQLException | RuntimeException e) {
                close();
                throw new IllegalStateException("Could not prepare the migrated database for codegen", e);
            }
            setConnection(connection);
        }
        return super.create0();
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            log.warn("Could not close the codegen connection", e);
        } finally {
            connection = null;
            try {
                super.close();
            } finally {
                if (server != null) {
                    server.close();
                    server = null;
                }
            }
        }
    }
}
