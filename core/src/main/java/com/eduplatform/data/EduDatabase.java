package com.eduplatform.data;

import com.eduplatform.data.internal.jooq.JsonbConverter;
import com.eduplatform.data.schema.SchemaMigrations;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The entry point of the library: one per database, shared by the whole host, safe for concurrent use.
 *
 * <pre>{@code
 * try (EduDatabase db = EduDatabase.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/edu")
 *         .user("app").password(secret)
 *         .migrateOnStart(true)
 *         .build()) {
 *     db.dsl().selectFrom(USERS).where(USERS.EMAIL.eq(email)).fetchOptional();
 * }
 * }</pre>
 *
 * <p>Built from a JDBC URL (a HikariCP pool is created and owned) or from the host's own {@link DataSource} (used
 * as given, never closed here). JSONB columns are read and written with the host's {@link ObjectMapper} when one is
 * given.
 */
public final class EduDatabase implements AutoCloseable {

    static {
        // jOOQ prints a banner and a "tip of the day" into the host's log unless told not to; a host that wants
        // them can still set these properties to false before first use.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final ObjectMapper objectMapper;
    private final DSLContext dsl;

    private EduDatabase(Builder builder) {
        this.ownedPool = builder.dataSource == null ? createPool(builder) : null;
        this.dataSource = ownedPool != null ? ownedPool : builder.dataSource;
        this.objectMapper = builder.objectMapper != null ? builder.objectMapper : JsonbConverter.defaultObjectMapper();
        try {
            prepareSchema(builder);
        } catch (RuntimeException e) {
            if (ownedPool != null) {
                ownedPool.close();
            }
            throw e;
        }
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(dataSource);
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(new Settings().withExecuteLogging(false));
        configuration.data(JsonbConverter.OBJECT_MAPPER, objectMapper);
        this.dsl = DSL.using(configuration);
    }

    /** Starts the configuration of an {@code EduDatabase}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The jOOQ context for typed queries of your own over the generated classes in
     * {@code com.eduplatform.data.jooq}. Each query borrows a connection from the pool and returns it.
     */
    public DSLContext dsl() {
        return dsl;
    }

    /** The DataSource every query runs on: the owned pool, or the host's DataSource. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The ObjectMapper JSONB columns are read and written with. */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** Closes the connection pool if this instance created it; a host's DataSource is left open. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    private static HikariDataSource createPool(Builder builder) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(builder.poolName);
        config.setJdbcUrl(builder.jdbcUrl);
        config.setUsername(builder.user);
        config.setPassword(builder.password);
        config.setMaximumPoolSize(builder.maximumPoolSize);
        return new HikariDataSource(config);
    }

    private void prepareSchema(Builder builder) {
        if (!builder.migrateOnStart && !builder.validateOnStart) {
            return;
        }
        Flyway flyway = SchemaMigrations.configure(dataSource).load();
        if (builder.migrateOnStart) {
            flyway.migrate();
        }
        flyway.validate();
    }

    /**
     * Settings of an {@link EduDatabase}, checked once by {@link #build()}. Give either {@link #jdbcUrl(String)}
     * or {@link #dataSource(DataSource)}.
     */
    public static final class Builder {

        private String jdbcUrl;
        private String user;
        private String password;
        private DataSource dataSource;
        private ObjectMapper objectMapper;
        private int maximumPoolSize = 10;
        private String poolName = "edu-data";
        private boolean migrateOnStart;
        private boolean validateOnStart = true;

        private Builder() {
        }

        /** The PostgreSQL JDBC URL to pool connections to (no default). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user for {@link #jdbcUrl(String)} (default: the driver's, from the URL or the OS user). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password for {@link #jdbcUrl(String)} (default: none). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The host's own DataSource, used as given and never closed by the library (no default). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * The ObjectMapper for JSONB columns (default: a mapper with java.time support writing ISO-8601 dates).
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = objectMapper;
            return this;
        }

        /** The size of the pool created for {@link #jdbcUrl(String)}, at least 1 (default: 10). */
        public Builder maximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** The name of the pool created for {@link #jdbcUrl(String)}, seen in its metrics (default: edu-data). */
        public Builder poolName(String poolName) {
            this.poolName = poolName;
            return this;
        }

        /** Whether {@link #build()} applies pending migrations, then validates (default: false). */
        public Builder migrateOnStart(boolean migrateOnStart) {
            this.migrateOnStart = migrateOnStart;
            return this;
        }

        /**
         * Whether {@link #build()} checks that the database holds exactly this library's migrations, failing
         * fast on a missing or altered one (default: true).
         */
        public Builder validateOnStart(boolean validateOnStart) {
            this.validateOnStart = validateOnStart;
            return this;
        }

        /** Checks the settings, connects, and applies the schema options. */
        public EduDatabase build() {
            if ((jdbcUrl == null) == (dataSource == null)) {
                throw new IllegalStateException("Give exactly one of jdbcUrl and dataSource");
            }
            if (dataSource != null && (user != null || password != null)) {
                throw new IllegalStateException("user and password go with jdbcUrl; the dataSource carries its own");
            }
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql:...), was "
                        + jdbcUrl);
            }
            if (maximumPoolSize < 1) {
                throw new IllegalStateException("maximumPoolSize cannot be less than 1, was " + maximumPoolSize);
            }
            Objects.requireNonNull(poolName, "poolName");
            return new EduDatabase(this);
        }
    }
}
