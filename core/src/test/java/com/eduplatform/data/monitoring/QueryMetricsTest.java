package com.eduplatform.data.monitoring;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.Role;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Micrometer: a timer per table and operation for every statement, and the pool's own metrics. */
class QueryMetricsTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private static SimpleMeterRegistry registry;
    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        registry = new SimpleMeterRegistry();
        db = EduDatabase.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .maximumPoolSize(3)
                .poolName("metrics-test")
                .meterRegistry(registry)
                .build();
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    private static long count(String table, String operation) {
        Timer timer = registry.find("edudata.query").tag("table", table).tag("operation", operation).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void everyStatementIsTimedByTableAndOperation() {
        long selects = count("users", "select");
        long inserts = count("users", "insert");

        TestRows.user(db.dsl(), "metrics-1", Role.TEACHER);
        db.dsl().selectFrom(USERS).where(USERS.ID.eq("metrics-1")).fetch();
        db.users().findById("metrics-1");
        db.dsl().update(USERS).set(USERS.NAME, "Bea").where(USERS.ID.eq("metrics-1")).execute();
        db.dsl().deleteFrom(USERS).where(USERS.ID.eq("metrics-1")).execute();
        db.dsl().selectOne().fetch();

        assertThat(count("users", "insert")).isEqualTo(inserts + 1);
        assertThat(count("users", "select")).isEqualTo(selects + 2);
        assertThat(count("users", "update")).isGreaterThanOrEqualTo(1);
        assertThat(count("users", "delete")).isGreaterThanOrEqualTo(1);
        assertThat(count("none", "select")).isGreaterThanOrEqualTo(1);
        Timer timer = registry.find("edudata.query").tag("table", "users").tag("operation", "select").timer();
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void analyticsReadsAreTimedToo() {
        long before = count("users", "select");

        db.analytics().selectCount().from(USERS).fetchOne(0, Integer.class);

        assertThat(count("users", "select")).isEqualTo(before + 1);
    }

    @Test
    void theOwnedPoolPublishesHikariMetrics() {
        db.dsl().selectOne().fetch();

        assertThat(registry.find("hikaricp.connections.max").tag("pool", "metrics-test").gauge())
                .isNotNull()
                .satisfies(gauge -> assertThat(gauge.value()).isEqualTo(3.0));
        assertThat(registry.find("hikaricp.connections.acquire").tag("pool", "metrics-test").timer().count())
                .isPositive();
    }

    @Test
    void anythingButAMeterRegistryIsRefused() {
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl(postgres.jdbcUrl()).meterRegistry("registry").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("meterRegistry must be an io.micrometer.core.instrument.MeterRegistry");
    }

    @Test
    void withoutAReplicaThereIsNoLagGauge() {
        assertThat(registry.find("edudata.replica.lag").gauge()).isNull();
    }
}
