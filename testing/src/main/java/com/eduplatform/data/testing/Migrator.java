package com.eduplatform.data.testing;

import com.eduplatform.data.schema.SchemaMigrations;

/** Applies the platform's migrations and validates them, as every consumer of this module expects. */
final class Migrator {

    private Migrator() {
    }

    static void migrate(String jdbcUrl, String user, String password) {
        var flyway = SchemaMigrations.configure(jdbcUrl, user, password).loggers("slf4j").load();
        flyway.migrate();
        flyway.validate();
    }
}
