package com.eduplatform.data.monitoring.internal;

import com.eduplatform.data.monitoring.HealthReport;
import com.eduplatform.data.monitoring.HealthReport.Connections;
import com.eduplatform.data.monitoring.HealthReport.IndexHealth;
import com.eduplatform.data.monitoring.HealthReport.PoolUsage;
import com.eduplatform.data.monitoring.HealthReport.Replication;
import com.eduplatform.data.monitoring.HealthReport.Standby;
import com.eduplatform.data.monitoring.HealthReport.TableHealth;
import com.eduplatform.data.replica.ReplicaStatus;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The catalog and statistics queries behind {@link HealthReport}: fixed SQL, no values from anyone. */
public final class HealthQueries {

    private static final String CONNECTIONS = """
            select count(*) filter (where state = 'active') as active,
                   count(*) filter (where state = 'idle') as idle,
                   count(*) filter (where state in ('idle in transaction', 'idle in transaction (aborted)'))
                       as idle_in_transaction,
                   count(*) as total,
                   current_setting('max_connections')::int as server_max
            from pg_catalog.pg_stat_activity
            where datname = current_database() and backend_type = 'client backend'""";

    /** A partitioned table stores nothing: its sizes and rows are its leaf partitions' sums. */
    private static final String TABLES = """
            select s.schemaname as schema, s.relname as name,
                   (select p.relname from pg_catalog.pg_inherits i join pg_catalog.pg_class p on p.oid = i.inhparent
                    where i.inhrelid = c.oid and c.relispartition) as partition_of,
                   c.relkind = 'p' as partitioned,
                   coalesce(sum(pg_catalog.pg_total_relation_size(l.relid)), 0) as total_bytes,
                   coalesce(sum(pg_catalog.pg_table_size(l.relid)), 0) as table_bytes,
                   coalesce(sum(pg_catalog.pg_indexes_size(l.relid)), 0) as index_bytes,
                   case when c.relkind = 'p' then coalesce(sum(ls.n_live_tup), 0) else s.n_live_tup end as live_rows,
                   case when c.relkind = 'p' then coalesce(sum(ls.n_dead_tup), 0) else s.n_dead_tup end as dead_rows,
                   s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze
            from pg_catalog.pg_stat_user_tables s
            join pg_catalog.pg_class c on c.oid = s.relid
            left join lateral (select t.relid::oid as relid from pg_catalog.pg_partition_tree(c.oid) t where t.isleaf
                               and c.relkind = 'p'
                               union all select c.oid where c.relkind <> 'p') l on true
            left join pg_catalog.pg_stat_user_tables ls on ls.relid = l.relid and c.relkind = 'p'
            group by s.relid, s.schemaname, s.relname, c.oid, c.relkind, c.relispartition, s.n_live_tup,
                     s.n_dead_tup, s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze
            order by total_bytes desc, schema, name""";

    private static final String INDEXES = """
            select s.schemaname as schema, s.relname as table_name, s.indexrelname as name,
                   pg_catalog.pg_relation_size(s.indexrelid) as bytes, s.idx_scan as scans,
                   i.indisunique or i.indisprimary or i.indisexclusion as enforces_constraint
            from pg_catalog.pg_stat_user_indexes s
            join pg_catalog.pg_index i on i.indexrelid = s.indexrelid
            order by bytes desc, schema, table_name, name""";

    private static final String CACHE = """
            select blks_hit, blks_read from pg_catalog.pg_stat_database where datname = current_database()""";

    private static final String STANDBYS = """
            select application_name as name, host(client_addr) as client_address, state, sync_state,
                   extract(epoch from replay_lag) as replay_lag,
                   pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), replay_lsn) as bytes_behind
            from pg_catalog.pg_stat_replication
            order by application_name""";

    private HealthQueries() {
    }

    /** Reads the report over {@code dsl}; {@code dataSource} is asked for pool figures when it is a HikariCP pool. */
    public static HealthReport report(DSLContext dsl, DataSource dataSource, ReplicaStatus replica) {
        Record c = dsl.fetchOne(CONNECTIONS);
        Connections connections = new Connections(c.get("active", Integer.class), c.get("idle", Integer.class),
                c.get("idle_in_transaction", Integer.class), c.get("total", Integer.class),
                c.get("server_max", Integer.class), pool(dataSource));
        List<TableHealth> tables = dsl.fetch(TABLES).map(r -> new TableHealth(
                r.get("schema", String.class), r.get("name", String.class), r.get("partition_of", String.class),
                r.get("partitioned", Boolean.class), r.get("total_bytes", Long.class),
                r.get("table_bytes", Long.class), r.get("index_bytes", Long.class), r.get("live_rows", Long.class),
                r.get("dead_rows", Long.class), r.get("last_vacuum", OffsetDateTime.class),
                r.get("last_autovacuum", OffsetDateTime.class), r.get("last_analyze", OffsetDateTime.class),
                r.get("last_autoanalyze", OffsetDateTime.class)));
        List<IndexHealth> indexes = dsl.fetch(INDEXES).map(r -> new IndexHealth(
                r.get("schema", String.class), r.get("table_name", String.class), r.get("name", String.class),
                r.get("bytes", Long.class), r.get("scans", Long.class),
                r.get("enforces_constraint", Boolean.class)));
        Record cache = dsl.fetchOne(CACHE);
        long hit = cache.get("blks_hit", Long.class);
        long read = cache.get("blks_read", Long.class);
        double ratio = hit + read == 0 ? Double.NaN : (double) hit / (hit + read);
        boolean inRecovery = Boolean.TRUE.equals(
                dsl.fetchValue(DSL.field("pg_catalog.pg_is_in_recovery()", Boolean.class)));
        List<Standby> standbys = inRecovery ? List.of() : dsl.fetch(STANDBYS).map(r -> new Standby(
                r.get("name", String.class), r.get("client_address", String.class), r.get("state", String.class),
                r.get("sync_state", String.class), seconds(r.get("replay_lag", BigDecimal.class)),
                r.get("bytes_behind", BigDecimal.class) == null ? -1
                        : r.get("bytes_behind", BigDecimal.class).longValue()));
        return new HealthReport(Instant.now(), connections, tables, indexes, ratio,
                new Replication(inRecovery, standbys, replica));
    }

    private static PoolUsage pool(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource hikari) || hikari.isClosed()) {
            return null;
        }
        HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
        if (bean == null) {
            return null;
        }
        return new PoolUsage(bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(),
                hikari.getMaximumPoolSize(), bean.getThreadsAwaitingConnection());
    }

    private static Duration seconds(BigDecimal seconds) {
        return seconds == null ? null : Duration.ofNanos(seconds.movePointRight(9).longValue());
    }
}
