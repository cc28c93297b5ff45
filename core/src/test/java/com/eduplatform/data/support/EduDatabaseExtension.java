package com.eduplatform.data.support;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.testing.PostgresExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own migrated database ({@link PostgresExtension#migrated()}) with an {@link EduDatabase} pooling
 * connections to it, closed after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EduDatabaseExtension database = new EduDatabaseExtension();
 * }</pre>
 */
public final class EduDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

    private final PostgresExtension postgres = PostgresExtension.migrated();
    private EduDatabase db;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres.beforeAll(context);
        db = EduDatabase.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .maximumPoolSize(8)
                .transactionAttempts(4)
                .build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            postgres.afterAll(context);
        }
    }

    /** The library's entry point on this class's database. */
    public EduDatabase db() {
        return db;
    }

    /** The database underneath, for connections and DataSources of the test's own. */
    public PostgresExtension postgres() {
        return postgres;
    }
}
