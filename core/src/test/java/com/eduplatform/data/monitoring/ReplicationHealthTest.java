package com.eduplatform.data.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.replica.ReplicaStatus;
import com.eduplatform.data.testing.StreamingReplica;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replication in the health report and the lag gauge, against a real streaming standby. */
class ReplicationHealthTest {

    private static StreamingReplica pair;
    private static SimpleMeterRegistry registry;
    private static EduDatabase db;

    @BeforeAll
    static void start() {
        pair = StreamingReplica.start();
        registry = new SimpleMeterRegistry();
        db = EduDatabase.builder()
                .jdbcUrl(pair.primaryJdbcUrl()).user(pair.user()).password(pair.password())
                .replicaJdbcUrl(pair.replicaJdbcUrl())
                .replicaCheckInterval(Duration.ofMillis(50))
                .maximumPoolSize(2)
                .meterRegistry(registry)
                .build();
    }

    @AfterAll
    static void stop() {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @Test
    void thePrimaryListsItsStreamingStandbyAndTheConfiguredReplica() {
        pair.awaitReplay();
        assertThat(StatsWait.await(() -> db.replicaStatus().state() == ReplicaStatus.State.UP)).isTrue();

        HealthReport.Replication replication = db.health().replication();

        assertThat(replication.inRecovery()).isFalse();
        assertThat(replication.standbys()).singleElement().satisfies(standby -> {
            assertThat(standby.state()).isEqualTo("streaming");
            assertThat(standby.syncState()).isEqualTo("async");
            assertThat(standby.bytesBehind()).isGreaterThanOrEqualTo(0);
        });
        assertThat(replication.configuredReplica().state()).isEqualTo(ReplicaStatus.State.UP);
        assertThat(replication.configuredReplica().lag()).isNotNull();
    }

    @Test
    void theLagGaugeReadsTheReplicaStatusInSeconds() {
        pair.awaitReplay();
        Gauge lag = registry.find("edudata.replica.lag").gauge();

        assertThat(lag).isNotNull();
        assertThat(StatsWait.await(() -> !Double.isNaN(lag.value()))).isTrue();
        assertThat(lag.value()).isGreaterThanOrEqualTo(0.0).isLessThan(60.0);
        assertThat(lag.getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void aStandbyReadsAsInRecoveryWithNoStandbysOfItsOwn() {
        try (EduDatabase onReplica = EduDatabase.builder()
                .jdbcUrl(pair.replicaJdbcUrl()).user(pair.user()).password(pair.password())
                .validateOnStart(false).maximumPoolSize(1).build()) {
            HealthReport report = onReplica.health();

            assertThat(report.replication().inRecovery()).isTrue();
            assertThat(report.replication().standbys()).isEmpty();
            assertThat(report.table("users")).isPresent();
        }
    }

}
