package com.eduplatform.data.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.monitoring.HealthReport.IndexHealth;
import com.eduplatform.data.monitoring.HealthReport.TableHealth;
import com.eduplatform.data.replica.ReplicaStatus;
import com.eduplatform.data.support.EduDatabaseExtension;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code db.health()} read against a real database, with statistics made to change under it. */
class HealthReportTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    /** A table of the test's own, with a plain index that gets scanned and one that never does. */
    @BeforeAll
    static void probeTable() throws Exception {
        try (Connection connection = database.postgres().connect()) {
            StatsWait.runAndFlush(connection,
                    "create table monitoring_probe (id int primary key, grp int, note text)",
                    "create index monitoring_probe_grp on monitoring_probe (grp)",
                    "create index monitoring_probe_note on monitoring_probe (note)",
                    "insert into monitoring_probe select i, i % 10, 'note ' || i from generate_series(1, 200) i",
                    "delete from monitoring_probe where id <= 120",
                    "set enable_seqscan = off",
                    "select count(*) from monitoring_probe where grp = 3");
        }
    }

    private static EduDatabase db() {
        return database.db();
    }

    @Test
    void deletedRowsShowAsDeadRows() {
        assertThat(StatsWait.await(() -> probe().deadRows() >= 120)).as("dead rows counted").isTrue();
        TableHealth probe = probe();
        assertThat(probe.liveRows()).isEqualTo(80);
        assertThat(probe.deadRatio()).isGreaterThan(0.5);
        assertThat(probe.totalBytes()).isEqualTo(probe.tableBytes() + probe.indexBytes());
        assertThat(probe.indexBytes()).isPositive();
        assertThat(probe.partitionOf()).isNull();
        assertThat(probe.partitioned()).isFalse();
    }

    @Test
    void anIndexNeverScannedIsListedAsUnusedAndAScannedOrConstraintIndexIsNot() {
        assertThat(StatsWait.await(() -> index("monitoring_probe_grp").scans() > 0)).as("scan counted").isTrue();
        List<String> unused = db().health().unusedIndexes().stream().map(IndexHealth::name).toList();

        assertThat(unused).contains("monitoring_probe_note")
                .doesNotContain("monitoring_probe_grp", "monitoring_probe_pkey");
        assertThat(index("monitoring_probe_pkey").enforcesConstraint()).isTrue();
        assertThat(index("monitoring_probe_note").bytes()).isPositive();
    }

    @Test
    void aPartitionedTableSumsItsPartitionsWhichNameTheirParent() {
        HealthReport report = db().health();
        TableHealth logs = report.table("user_activity_logs").orElseThrow();
        List<TableHealth> partitions = report.tables().stream()
                .filter(t -> "user_activity_logs".equals(t.partitionOf())).toList();

        assertThat(logs.partitioned()).isTrue();
        assertThat(partitions).isNotEmpty().allSatisfy(p -> assertThat(p.partitioned()).isFalse());
        assertThat(logs.totalBytes()).isEqualTo(partitions.stream().mapToLong(TableHealth::totalBytes).sum());
        assertThat(logs.indexBytes()).isEqualTo(partitions.stream().mapToLong(TableHealth::indexBytes).sum());
        assertThat(report.indexes()).anySatisfy(i -> assertThat(i.table()).isEqualTo(partitions.get(0).name()));
    }

    @Test
    void connectionsCountThisDatabaseAndThePool() {
        db().dsl().selectOne().fetch();
        HealthReport.Connections connections = db().health().connections();

        assertThat(connections.active()).isGreaterThanOrEqualTo(1);
        assertThat(connections.total()).isGreaterThanOrEqualTo(connections.active() + connections.idle());
        assertThat(connections.serverMax()).isGreaterThanOrEqualTo(connections.total());
        assertThat(connections.pool()).isNotNull();
        assertThat(connections.pool().max()).isEqualTo(8);
        assertThat(connections.pool().total()).isBetween(1, 8);
    }

    @Test
    void cacheHitRatioIsAShareAndReplicationShowsAPrimaryWithoutReplica() {
        HealthReport report = db().health();

        assertThat(report.cacheHitRatio()).isBetween(0.0, 1.0);
        assertThat(report.replication().inRecovery()).isFalse();
        assertThat(report.replication().standbys()).isEmpty();
        assertThat(report.replication().configuredReplica().state()).isEqualTo(ReplicaStatus.State.NOT_CONFIGURED);
        assertThat(report.tables()).extracting(TableHealth::name).contains("users", "content_generations");
        assertThat(report.tables()).isSortedAccordingTo((a, b) -> Long.compare(b.totalBytes(), a.totalBytes()));
    }

    private static TableHealth probe() {
        return db().health().table("monitoring_probe").orElseThrow();
    }

    private static IndexHealth index(String name) {
        return db().health().indexes().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }
}
