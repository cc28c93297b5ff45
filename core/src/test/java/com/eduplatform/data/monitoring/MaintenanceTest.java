package com.eduplatform.data.monitoring;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.jooq.Indexes;
import com.eduplatform.data.jooq.Tables;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code db.maintenance()}: each operation's effect as PostgreSQL records it. */
class MaintenanceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db() {
        return database.db();
    }

    /** {@code column} ({@code last_analyze}, ...) of pg_stat_user_tables for {@code table}. */
    private static OffsetDateTime stat(String table, String column) {
        return db().dsl().fetchValue(DSL.select(DSL.field(DSL.name(column), OffsetDateTime.class))
                .from("pg_stat_user_tables")
                .where(DSL.field("schemaname").eq("public"), DSL.field("relname").eq(table)));
    }

    private static List<String> partitions(String parent) {
        return db().dsl().fetch("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = {0}::regclass", parent).getValues(0, String.class);
    }

    @Test
    void analyzeRecordsLastAnalyzeSeenInTheHealthReport() {
        TestRows.user(db().dsl(), "maint-1", Role.STUDENT);
        assertThat(stat("users", "last_analyze")).isNull();

        db().maintenance().analyze(USERS);

        assertThat(StatsWait.await(() -> stat("users", "last_analyze") != null)).isTrue();
        assertThat(db().health().table("users").orElseThrow().lastAnalyze()).isNotNull();
    }

    @Test
    void vacuumWithAnalyzeRecordsBoth() {
        db().maintenance().vacuum(CONTENT_GENERATIONS, true);

        assertThat(StatsWait.await(() -> stat("content_generations", "last_vacuum") != null
                && stat("content_generations", "last_analyze") != null)).isTrue();
    }

    @Test
    void vacuumWithoutAnalyzeLeavesAnalyzeAlone() {
        db().maintenance().vacuum(Tables.WORKSPACES, false);

        assertThat(StatsWait.await(() -> stat("workspaces", "last_vacuum") != null)).isTrue();
        assertThat(stat("workspaces", "last_analyze")).isNull();
    }

    @Test
    void onAPartitionedTableAnalyzeAndVacuumReachEveryPartition() {
        List<String> partitions = partitions("user_activity_logs");
        assertThat(partitions).isNotEmpty();

        db().maintenance().analyze(USER_ACTIVITY_LOGS);
        db().maintenance().vacuum(USER_ACTIVITY_LOGS, false);

        assertThat(StatsWait.await(() -> stat("user_activity_logs", "last_analyze") != null)).isTrue();
        for (String partition : partitions) {
            assertThat(StatsWait.await(() -> stat(partition, "last_analyze") != null
                    && stat(partition, "last_vacuum") != null)).as(partition).isTrue();
        }
    }

    @Test
    void vacuumAndReindexConcurrentlyAreRefusedInsideATransaction() {
        assertThatThrownBy(() -> db().useTransaction(tx -> tx.maintenance().vacuum(USERS, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VACUUM cannot run inside a transaction");
        assertThatThrownBy(() -> db().useTransaction(tx -> tx.maintenance()
                .reindexConcurrently(Indexes.IDX_USERS_ROLES)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REINDEX CONCURRENTLY cannot run inside a transaction");
    }

    @Test
    void reindexConcurrentlyRebuildsTheIndexAndLeavesItValid() {
        Record before = indexState("idx_users_roles");

        db().maintenance().reindexConcurrently(Indexes.IDX_USERS_ROLES);

        Record after = indexState("idx_users_roles");
        assertThat(after.get("relfilenode", Long.class)).isNotEqualTo(before.get("relfilenode", Long.class));
        assertThat(after.get("indisvalid", Boolean.class)).isTrue();
        assertThat(after.get("indisready", Boolean.class)).isTrue();
        assertThat(db().dsl().fetchCount(DSL.table("pg_class"), DSL.field("relname", String.class).like("%_ccnew%")))
                .isZero();
    }

    @Test
    void reindexConcurrentlyOfAPartitionedTableRebuildsItsPartitionsIndexes() {
        String partition = partitions("user_activity_logs").get(0);
        List<Record> before = partitionIndexes(partition);

        db().maintenance().reindexConcurrently(USER_ACTIVITY_LOGS);

        List<Record> after = partitionIndexes(partition);
        assertThat(after).hasSameSizeAs(before).isNotEmpty()
                .allSatisfy(index -> assertThat(index.get("indisvalid", Boolean.class)).isTrue());
        assertThat(after.stream().map(r -> r.get("relfilenode", Long.class)).toList())
                .doesNotContainAnyElementsOf(before.stream().map(r -> r.get("relfilenode", Long.class)).toList());
    }

    @Test
    void aRoleThatMayNotMaintainTheTableIsRefusedInsteadOfSilentlySkipped() throws Exception {
        String login = "edudata_test_" + UUID.randomUUID().toString().substring(0, 8) + "_maint";
        try (Connection superuser = database.postgres().connect(); Statement statement = superuser.createStatement()) {
            statement.execute("create role \"" + login + "\" login password 'pw-maint'");
            statement.execute("grant edudata_app to \"" + login + "\"");
        }
        try (EduDatabase app = EduDatabase.builder().jdbcUrl(urlWithoutCredentials()).user(login)
                .password("pw-maint").validateOnStart(false).maximumPoolSize(1).build()) {
            assertThatThrownBy(() -> app.maintenance().vacuum(USERS, false))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("skipping")
                    .satisfies(e -> assertThat(((AccessDeniedException) e).table()).isEqualTo("users"));
            assertThatThrownBy(() -> app.maintenance().analyze(USERS)).isInstanceOf(AccessDeniedException.class);
        } finally {
            try (Connection superuser = database.postgres().connect();
                    Statement statement = superuser.createStatement()) {
                statement.execute("drop role if exists \"" + login + "\"");
            }
        }
    }

    private static Record indexState(String index) {
        return db().dsl().fetchOne("select c.relfilenode::bigint as relfilenode, i.indisvalid, i.indisready "
                + "from pg_class c join pg_index i on i.indexrelid = c.oid where c.relname = {0}", DSL.val(index));
    }

    private static List<Record> partitionIndexes(String partition) {
        return db().dsl().fetch("select c.relfilenode::bigint as relfilenode, i.indisvalid from pg_index i "
                + "join pg_class c on c.oid = i.indexrelid where i.indrelid = {0}::regclass order by c.relname",
                DSL.val(partition));
    }

    private static String urlWithoutCredentials() {
        String url = database.postgres().jdbcUrl();
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String parameters = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(p -> !p.startsWith("user=") && !p.startsWith("password="))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (parameters.isEmpty() ? "" : "?" + parameters);
    }
}
