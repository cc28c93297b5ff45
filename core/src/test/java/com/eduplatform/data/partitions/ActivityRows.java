package com.eduplatform.data.partitions;

import static org.jooq.impl.DSL.val;

import com.eduplatform.data.partitions.Partition.Location;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/** Rows of user_activity_logs for the partition tests, and what the tests compare them by. */
final class ActivityRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ActivityRows() {
    }

    /**
     * Inserts {@code count} (at most 96) rows for {@code userId} spread over {@code month}, every column filled and
     * varied, through the live table, so PostgreSQL routes them to the month's partition or to DEFAULT.
     */
    static void insert(DSLContext dsl, String userId, YearMonth month, int count) {
        dsl.execute("""
                        INSERT INTO user_activity_logs (user_id, activity_type, activity_details, "timestamp",
                                                        ip_address, user_agent, session_id, processing_time_ms)
                        SELECT {0}, 'test.' || (i % 7), jsonb_build_object('i', i, 'month', CAST({1} AS text)),
                               CAST({2} AS timestamptz) + i * interval '7 hours', ('10.0.' || (i % 250) || '.1')::inet,
                               'agent ' || i, 's' || (i % 3), i * 13
                        FROM generate_series(0, CAST({3} AS integer) - 1) AS i""",
                val(userId), val(month.toString()), val(start(month)), val(count));
    }

    /** The name of the monthly partition of {@code month}, live or archived. */
    static String partition(YearMonth month) {
        return String.format("user_activity_logs_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    /** Where each partition is and what it holds, without the row estimates that autovacuum may change any time. */
    static List<String> layout(List<Partition> partitions) {
        return partitions.stream()
                .map(p -> String.join(" ", p.schema() + "." + p.name(), String.valueOf(p.location()),
                        String.valueOf(p.month()), String.valueOf(p.from()), String.valueOf(p.to())))
                .toList();
    }

    /** The first instant of {@code month}, UTC. */
    static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /**
     * Every row of the table, live and archived, summed up independently of order and of where each row is: the
     * count, the number of distinct ids, and the sum of a 60-bit number taken from the md5 of each whole row.
     */
    record Contents(long rows, long distinctIds, BigDecimal checksum) {
    }

    static Contents contents(DSLContext dsl) {
        var row = dsl.fetchSingle("""
                SELECT count(*) AS rows, count(DISTINCT id) AS ids,
                       coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0) AS checksum
                FROM (SELECT * FROM public.user_activity_logs UNION ALL SELECT * FROM archive.user_activity_logs) t""");
        return new Contents(row.get("rows", Long.class), row.get("ids", Long.class),
                row.get("checksum", BigDecimal.class));
    }

    /** How many rows of each table (partition) hold rows of {@code userId}, by qualified partition name. */
    static Map<String, Long> whereRowsAre(DSLContext dsl, String userId) {
        Map<String, Long> places = new TreeMap<>();
        dsl.fetch("""
                        SELECT tableoid::regclass::text AS place, count(*) AS n FROM public.user_activity_logs
                        WHERE user_id = {0} GROUP BY 1
                        UNION ALL
                        SELECT tableoid::regclass::text, count(*) FROM archive.user_activity_logs
                        WHERE user_id = {0} GROUP BY 1""", val(userId))
                .forEach(row -> places.put(row.get(0, String.class), row.get(1, Long.class)));
        return places;
    }

    /** The location of {@code month} in {@code partitions}, or {@code null} when it has no partition. */
    static Location locationOf(List<Partition> partitions, YearMonth month) {
        return partitions.stream()
                .filter(partition -> month.equals(partition.month()))
                .map(Partition::location)
                .findFirst().orElse(null);
    }

    /** The qualified names of the tables a query's plan scans, from EXPLAIN (FORMAT JSON, VERBOSE). */
    static List<String> scannedTables(DSLContext dsl, String query) throws Exception {
        String plan = dsl.fetchSingle("EXPLAIN (FORMAT JSON, VERBOSE) " + query).get(0, String.class);
        List<String> tables = new ArrayList<>();
        collectRelations(JSON.readTree(plan), tables);
        return tables;
    }

    private static void collectRelations(JsonNode node, List<String> tables) {
        if (node.has("Relation Name")) {
            tables.add(node.get("Schema").asText() + "." + node.get("Relation Name").asText());
        }
        node.forEach(child -> collectRelations(child, tables));
    }
}
