package com.eduplatform.data.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Where the platform's migrations live and how Flyway is pointed at them.
 *
 * <p>The SQL files under {@value #LOCATION} are the single source of truth for the schema: jOOQ classes are
 * generated from them, and every test runs against them. A host that runs its own Flyway only needs this jar on
 * the classpath and {@value #LOCATION} among its locations, and {@value #TRANSACTIONAL_LOCK} set to {@code false}
 * (see below); this class is the shortcut for everyone else.
 */
public final class SchemaMigrations {

    /** The Flyway location of the migrations inside this jar. */
    public static final String LOCATION = "classpath:db/migration";

    /**
     * The Flyway setting that must be {@code false} for these migrations. By default Flyway holds its PostgreSQL
     * lock in a transaction left open on a second connection for the whole run, and a migration that builds an
     * index CONCURRENTLY (V9_4) waits for that transaction to end: forever. With {@code false} the lock is a
     * session advisory lock, which the index build does not wait for.
     */
    public static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    private SchemaMigrations() {
    }

    /**
     * A Flyway configuration for the platform's migrations on {@code dataSource}, ready for
     * {@code .load().migrate()} or further settings.
     */
    public static FluentConfiguration configure(DataSource dataSource) {
        return base().dataSource(dataSource);
    }

    /** As {@link #configure(DataSource)}, connecting with a JDBC URL, user and password. */
    public static FluentConfiguration configure(String jdbcUrl, String user, String password) {
        return base().dataSource(jdbcUrl, user, password);
    }

    private static FluentConfiguration base() {
        // The class loader of this jar, not the thread's: inside build plugins the two differ.
        FluentConfiguration configuration = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .locations(LOCATION)
                .failOnMissingLocations(true);
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration;
    }
}
