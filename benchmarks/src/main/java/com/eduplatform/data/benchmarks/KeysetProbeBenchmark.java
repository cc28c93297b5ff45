package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.Page;
import com.eduplatform.data.PageRequest;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.testing.PostgresServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A timing probe behind docs/benchmarks.md "Keyset paging at depth": why a page after the first costs more than the
 * first. Arguments {@code [rows] [iterations]} (default {@code 200000 2500}). Prints medians of firstPage, pageAfter,
 * the same selects through jOOQ and plain JDBC (bound LIMIT, forced custom plans, inlined LIMIT, with and without the
 * first key's bound, jOOQ's SQL text), each iteration in a freshly shuffled order, the first fifth discarded (the
 * JIT's warm-up), and how often the server planned each prepared statement.
 */
final class KeysetProbeBenchmark {

    private KeysetProbeBenchmark() {
    }

    interface Case { int run() throws Exception; }

    static void run(String[] args) throws Exception {
        PostgresServer server = PostgresServer.shared();
        String database = server.createMigratedDatabase();
        try (EduDatabase db = EduDatabase.builder().jdbcUrl(server.jdbcUrl(database)).user(server.user())
                .password(server.password()).maximumPoolSize(2).build()) {
            System.out.printf("Keyset probe on PostgreSQL %d (%s)%n", server.majorVersion(), server.source());
            probe(db, args.length > 0 ? Integer.parseInt(args[0]) : 200_000,
                    args.length > 1 ? Integer.parseInt(args[1]) : 2500);
        } finally {
            server.dropDatabase(database);
        }
    }

    private static void probe(EduDatabase db, int n, int iterations) throws Exception {
        KeysetDepthBenchmark.load(db, n);
        var t = USER_ACTIVITY_LOGS;
        var logs = db.userActivityLogs();
        PageRequest feed = PageRequest.of(50).orderBy(t.TIMESTAMP.desc(), t.ID.desc());
        PageRequest walking = new PageRequest(feed.where(), feed.orderBy(), 1000);
        Page<UserActivityLogs> p = logs.firstPage(walking);
        for (int i = 0; i < 9; i++) {
            p = logs.pageAfter(walking, p.nextCursor());
        }
        String cursor = p.nextCursor();
        UserActivityLogs last = p.items().get(p.items().size() - 1);

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("firstPage", () -> logs.firstPage(feed).items().size());
        cases.put("pageAfter", () -> logs.pageAfter(feed, cursor).items().size());
        cases.put("jooq first", () -> db.dsl().selectFrom(t).orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(51)
                .fetch().size());
        cases.put("jooq seek", () -> db.dsl().selectFrom(t)
                .where(org.jooq.impl.DSL.row(t.TIMESTAMP, t.ID).lt(last.timestamp(), last.id()))
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(51).fetch().size());
        // The select pageAfter runs (LIMIT inlined), and the first page's.
        var jooqSeek = db.dsl().selectFrom(t)
                .where(t.TIMESTAMP.le(last.timestamp()))
                .and(org.jooq.impl.DSL.row(t.TIMESTAMP, t.ID).lt(last.timestamp(), last.id()))
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(org.jooq.impl.DSL.inline(51));
        cases.put("jooq seek inl-limit", () -> jooqSeek.fetch().size());
        cases.put("jooq first inl-limit", () -> db.dsl().selectFrom(t).orderBy(t.TIMESTAMP.desc(), t.ID.desc())
                .limit(org.jooq.impl.DSL.inline(51)).fetch().size());
        String columns = "id, user_id, activity_type, activity_details, \"timestamp\", ip_address, user_agent, session_id,"
                + " processing_time_ms";
        cases.put("jdbc first", () -> jdbc(db, "select " + columns + " from user_activity_logs order by"
                + " \"timestamp\" desc, id desc limit ?", null, 0));
        cases.put("jdbc seek", () -> jdbc(db, "select " + columns + " from user_activity_logs where"
                + " (\"timestamp\", id) < (?, ?) order by \"timestamp\" desc, id desc limit ?", last, 0));
        cases.put("jdbc seek custom", () -> jdbc(db, "select " + columns + " from user_activity_logs where"
                + " (\"timestamp\", id) < (?, ?) order by \"timestamp\" desc, id desc limit ?", last, 1));
        cases.put("jdbc seek inl-limit", () -> jdbc(db, "select " + columns + " from user_activity_logs where"
                + " (\"timestamp\", id) < (?, ?) order by \"timestamp\" desc, id desc limit 51", last, 2));
        cases.put("jdbc first inl-limit", () -> jdbc(db, "select " + columns + " from user_activity_logs order by"
                + " \"timestamp\" desc, id desc limit 51", null, 2));
        // The seek as pageAfter now writes it: the first key's own bound, which prunes partitions, and the row value.
        cases.put("jdbc bound+seek inl-limit", () -> jdbc(db, "select " + columns + " from user_activity_logs where"
                + " \"timestamp\" <= ? and (\"timestamp\", id) < (?, ?) order by \"timestamp\" desc, id desc limit 51",
                last, 3));
        // That same SQL text through plain JDBC, bound as jOOQ binds it: the server's share of pageAfter.
        String jooqSql = db.dsl().render(jooqSeek);
        System.out.println("SQL jooq seek: " + jooqSql);
        cases.put("jdbc jooq-sql", () -> db.dsl().connectionResult(connection -> {
            int count = 0;
            try (PreparedStatement statement = connection.prepareStatement(jooqSql)) {
                statement.setString(1, last.timestamp().toString());
                statement.setString(2, last.timestamp().toString());
                statement.setLong(3, last.id());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        count++;
                    }
                }
            }
            return count;
        }));
        System.out.println("SQL first: " + db.dsl().renderInlined(db.dsl().selectFrom(t)
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(51)));
        List<String> names = new ArrayList<>(cases.keySet());
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        names.forEach(name -> ms.put(name, new ArrayList<>()));
        Random order = new Random(7);
        for (int i = 0; i < iterations; i++) {
            List<String> shuffled = new ArrayList<>(names);
            java.util.Collections.shuffle(shuffled, order);
            for (String name : shuffled) {
                long start = System.nanoTime();
                int got = cases.get(name).run();
                double elapsed = (System.nanoTime() - start) / 1e6;
                int expected = name.startsWith("jooq") || name.startsWith("jdbc") ? 51 : 50;
                if (got != expected) {
                    throw new IllegalStateException(name + " read " + got + " rows, not " + expected);
                }
                if (i >= iterations / 5) {
                    ms.get(name).add(elapsed);
                }
            }
        }
        // Which statements the server planned once (generic) and which every time (custom), on one connection.
        db.dsl().connection(connection -> {
            try (var s = connection.createStatement();
                 ResultSet rs = s.executeQuery("select generic_plans, custom_plans,"
                         + " substr(statement, greatest(position('from' in statement), 1), 400)"
                         + " from pg_prepared_statements order by statement")) {
                while (rs.next()) {
                    System.out.printf("PLANS generic %5d custom %5d  %s%n", rs.getLong(1), rs.getLong(2),
                            rs.getString(3).replaceAll("\\s+", " "));
                }
            }
        });
        ms.forEach((name, values) -> {
            double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("PROBE %-22s median %7.3f p10 %7.3f p90 %7.3f ms%n", name, s[s.length / 2],
                    s[s.length / 10], s[s.length * 9 / 10]);
        });
    }

    /**
     * Runs {@code sql} on one pooled connection and counts its rows. {@code mode}: 0 binds the LIMIT, 1 binds it
     * with custom plans forced, 2 has it inlined, 3 has it inlined and binds the first key's bound before the seek.
     */
    private static int jdbc(EduDatabase db, String sql, UserActivityLogs last, int mode) throws Exception {
        return db.dsl().connectionResult(connection -> {
            if (mode == 1) {
                try (var s = connection.createStatement()) {
                    s.execute("set plan_cache_mode = force_custom_plan");
                }
            }
            int count = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                if (last != null) {
                    if (mode == 3) {
                        statement.setObject(i++, last.timestamp());
                    }
                    statement.setObject(i++, last.timestamp());
                    statement.setLong(i++, last.id());
                }
                if (mode < 2) {
                    statement.setInt(i, 51);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        count++;
                    }
                }
            } finally {
                if (mode == 1) {
                    try (var s = connection.createStatement()) {
                        s.execute("reset plan_cache_mode");
                    }
                }
            }
            return count;
        });
    }
}
