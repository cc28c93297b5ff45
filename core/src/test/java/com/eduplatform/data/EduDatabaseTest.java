package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.testing.PostgresExtension;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EduDatabaseTest {

    @RegisterExtension
    static final PostgresExtension empty = PostgresExtension.empty();

    @RegisterExtension
    static final PostgresExtension migrated = PostgresExtension.migrated();

    @Test
    void migrateOnStartMigratesAnEmptyDatabaseSoTypedQueriesWork() {
        try (EduDatabase db = EduDatabase.builder()
                .jdbcUrl(empty.jdbcUrl()).user(empty.user()).password(empty.password())
                .migrateOnStart(true)
                .build()) {
            assertThat(db.dsl().fetchCount(USERS)).isZero();
        }
    }

    @Test
    void validateOnStartFailsFastOnADatabaseWithoutTheSchema() {
        String bare = empty.server().createDatabase();
        try {
            assertThatThrownBy(() -> EduDatabase.builder()
                    .jdbcUrl(empty.server().jdbcUrl(bare)).user(empty.user()).password(empty.password())
                    .build())
                    .isInstanceOf(EduDataException.class)
                    .hasMessageContaining("Validating the schema failed")
                    .hasCauseInstanceOf(FlywayException.class);
        } finally {
            empty.server().dropDatabase(bare);
        }
    }

    @Test
    void aHostDataSourceIsUsedAsGivenAndLeftOpen() throws Exception {
        try (HikariDataSource host = new HikariDataSource()) {
            host.setJdbcUrl(migrated.jdbcUrl());
            host.setUsername(migrated.user());
            host.setPassword(migrated.password());

            try (EduDatabase db = EduDatabase.builder().dataSource(host).build()) {
                assertThat(db.dataSource()).isSameAs(host);
                assertThat(db.dsl().fetchCount(USERS)).isZero();
            }

            assertThat(host.isClosed()).isFalse();
            try (Connection connection = host.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aPoolOfOneConnectionStillValidatesTheSchemaOnStart() {
        try (EduDatabase db = EduDatabase.builder()
                .jdbcUrl(migrated.jdbcUrl()).user(migrated.user()).password(migrated.password())
                .maximumPoolSize(1)
                .build()) {
            assertThat(db.users().count()).isZero();
        }
    }

    @Test
    void closingClosesThePoolItCreated() {
        EduDatabase db = EduDatabase.builder()
                .jdbcUrl(migrated.jdbcUrl()).user(migrated.user()).password(migrated.password())
                .build();

        db.close();

        assertThat(((HikariDataSource) db.dataSource()).isClosed()).isTrue();
    }

    @Test
    void theBuilderRefusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> EduDatabase.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one of jdbcUrl and dataSource");
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl("jdbc:postgresql://x/y")
                .dataSource(migrated.dataSource()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl("jdbc:mysql://x/y").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PostgreSQL JDBC URL");
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl(migrated.jdbcUrl()).maximumPoolSize(0).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maximumPoolSize cannot be less than 1");
        assertThatThrownBy(() -> EduDatabase.builder().dataSource(migrated.dataSource()).user("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("user and password go with jdbcUrl");
    }
}
