package com.eduplatform.data.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Where the platform's migrations live and how Flyway is pointed at them.
 *
 * <p>The SQL files under {@value #LOCATION} are the single source of truth for the schema: jOOQ classes are
 * generated from them, and every test runs against them. A host that runs its own Flyway only needs this jar on
 * the classpath and {@value #LOCATION} among its locations; this class is the shortcut for everyone else.
 */
public final class SchemaMigrations {

    /** The Flyway location of the migrations inside this jar. */
    public static final String LOCATION = "classpath:db/migration";

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
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .locations(LOCATION)
                .failOnMissingLocations(true);
    }
}
