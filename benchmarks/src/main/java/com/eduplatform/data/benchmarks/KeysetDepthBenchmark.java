package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.OffsetPage;
import com.eduplatform.data.Page;
import com.eduplatform.data.PageRequest;
import com.eduplatform.data.Repository;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.records.UserActivityLogsRecord;
import com.eduplatform.data.testing.PostgresServer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Keyset against OFFSET at depth, side by side in one run: loads {@code rows} (default 1,001,000)
 * {@code user_activity_logs} rows with {@code db.bulk()}, then times one page of {@code size} rows (default 50)
 * of the newest-first activity feed ({@code ORDER BY "timestamp" DESC, id DESC}) at depth 0, 10k, 100k and 1M,
 * (a) by keyset, {@code Repository.pageAfter} with the cursor of the row just before that depth (obtained by walking
 * the listing 1,000 rows a page), and (b) by OFFSET, the same typed jOOQ select {@code Repository.offsetPage} runs
 * (without its count, and past its 10,000-row cap). The library's own {@code offsetPage} (which adds the total count)
 * is timed at the depths it allows. Before timing, every keyset page at depth is checked to hold exactly the rows
 * OFFSET returns there (the run fails otherwise), and the plans of both are printed (EXPLAIN ANALYZE).
 *
 * <p>Arguments: {@code [rows] [rounds] [size]} (default 1001000 5 50). Database: as every benchmark (embedded, or
 * {@code EDUDATA_DB_URL}).
 */
final class KeysetDepthBenchmark {

    private static final int USERS_COUNT = 200;
    private static final int WALK_SIZE = PageRequest.MAX_SIZE;
    private static final int[] DEPTHS = {0, 10_000, 100_000, 1_000_000};
    private static final int KEYSET_WARM_UP_CALLS = 2_000;
    private static final int KEYSET_CALLS_PER_ROUND = 100;
    private static final int OFFSET_CALLS_PER_ROUND = 10;
    private static final double CEILING = 1.2;

    private KeysetDepthBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rowCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_001_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int deepest = DEPTHS[DEPTHS.length - 1];
        if (rowCount < deepest + size) {
            throw new IllegalArgumentException("need at least " + (deepest + size) + " rows");
        }
        PostgresServer server = PostgresServer.shared();
        String database = server.createMigratedDatabase();
        try (EduDatabase db = EduDatabase.builder().jdbcUrl(server.jdbcUrl(database)).user(server.user())
                .password(server.password()).maximumPoolSize(2).build()) {
            System.out.printf("Keyset vs OFFSET at depth: %,d user_activity_logs rows, pages of %d, %d rounds x %d"
                    + " (keyset) or %d (OFFSET) calls, PostgreSQL %d (%s)%n", rowCount, size, rounds,
                    KEYSET_CALLS_PER_ROUND, OFFSET_CALLS_PER_ROUND,
                    server.majorVersion(), server.source());
            load(db, rowCount);

            Repository<UserActivityLogsRecord, UserActivityLogs, Record2<Long, OffsetDateTime>> logs =
                    db.userActivityLogs();
            var t = USER_ACTIVITY_LOGS;
            PageRequest feed = PageRequest.of(size).orderBy(t.TIMESTAMP.desc(), t.ID.desc());
            Map<Integer, String> cursors = walk(logs, feed, deepest);
            Map<Integer, UserActivityLogs> before = new LinkedHashMap<>();

            for (int depth : DEPTHS) {
                List<UserActivityLogs> keyset = keysetPage(logs, feed, cursors.get(depth)).items();
                List<UserActivityLogs> offset = offsetPage(db.dsl(), depth, size);
                if (keyset.size() != size || !ids(keyset).equals(ids(offset))) {
                    throw new IllegalStateException("keyset page at depth " + depth + " holds " + ids(keyset)
                            + " but OFFSET " + depth + " holds " + ids(offset));
                }
                if (depth > 0) {
                    before.put(depth, offsetPage(db.dsl(), depth - 1, 1).get(0));
                }
            }
            System.out.printf("checked: the keyset page at each depth holds the same %d rows as OFFSET there%n", size);
            explain(db.dsl(), before.get(deepest), deepest, size);
            explainOrForm(db.dsl(), before.get(DEPTHS[1]), DEPTHS[1], size);

            Map<String, Callable<Integer>> keysetCases = new LinkedHashMap<>();
            for (int depth : DEPTHS) {
                String cursor = cursors.get(depth);
                keysetCases.put("keyset " + depth, () -> keysetPage(logs, feed, cursor).items().size());
            }
            Map<String, Callable<Integer>> offsetCases = new LinkedHashMap<>();
            for (int depth : DEPTHS) {
                offsetCases.put("offset " + depth, () -> offsetPage(db.dsl(), depth, size).size());
            }
            for (int depth : new int[] {0, Repository.MAX_OFFSET}) {
                int pageNumber = depth / size;
                offsetCases.put("offsetPage " + depth, () -> {
                    OffsetPage<UserActivityLogs> page = logs.offsetPage(DSL.noCondition(), pageNumber, size,
                            t.TIMESTAMP.desc(), t.ID.desc());
                    return page.items().size();
                });
            }
            // Until the JIT has compiled them, the first calls of the code only pageAfter runs (the cursor's decode
            // and check, the seek) cost more than the first page's, whose code every other query shares: a first
            // page measured warm against pages after it measured half-cold. So every keyset case runs
            // KEYSET_WARM_UP_CALLS times before the rounds, as JMH would warm it up.
            warmUp(keysetCases, size);
            // Each method's pages are measured in rounds of their own: a deep OFFSET scan (seconds of reading every
            // row before the offset) left in the middle of the keyset calls would decide, by where it fell, which
            // keyset page found the server's caches cold.
            Map<String, List<Double>> millis = new LinkedHashMap<>(measure(keysetCases, rounds, KEYSET_CALLS_PER_ROUND,
                    size));
            millis.putAll(measure(offsetCases, rounds, OFFSET_CALLS_PER_ROUND, size));
            report(millis);
        } finally {
            server.dropDatabase(database);
        }
    }

    private static Page<UserActivityLogs> keysetPage(Repository<UserActivityLogsRecord, UserActivityLogs, ?> logs,
                                                     PageRequest feed, String cursor) {
        return cursor == null ? logs.firstPage(feed) : logs.pageAfter(feed, cursor);
    }

    /** What {@code Repository.offsetPage} selects, without its count query and its 10,000-row cap. */
    private static List<UserActivityLogs> offsetPage(DSLContext dsl, int depth, int size) {
        return offsetQuery(dsl, depth, size).fetchInto(UserActivityLogs.class);
    }

    private static Select<UserActivityLogsRecord> offsetQuery(DSLContext dsl, int depth, int size) {
        var t = USER_ACTIVITY_LOGS;
        return dsl.selectFrom(t).orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(size).offset(depth);
    }

    /** Walks the feed 1,000 rows a page, keeping the cursor that continues at each depth. */
    private static Map<Integer, String> walk(Repository<UserActivityLogsRecord, UserActivityLogs, ?> logs,
                                             PageRequest feed, int deepest) {
        PageRequest walking = new PageRequest(feed.where(), feed.orderBy(), WALK_SIZE);
        Map<Integer, String> cursors = new LinkedHashMap<>();
        cursors.put(0, null);
        long start = System.nanoTime();
        Page<UserActivityLogs> page = logs.firstPage(walking);
        int read = page.items().size();
        while (read < deepest) {
            if (isDepth(read)) {
                cursors.put(read, page.nextCursor());
            }
            page = logs.pageAfter(walking, page.nextCursor());
            read += page.items().size();
        }
        cursors.put(read, page.nextCursor());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("walked %,d rows by keyset pages of %,d in %.1f s (%.2f ms a page)%n", read, WALK_SIZE,
                seconds, seconds * 1000 / (read / WALK_SIZE));
        return cursors;
    }

    private static boolean isDepth(int read) {
        return IntStream.of(DEPTHS).anyMatch(depth -> depth == read);
    }

    /**
     * Prints the plans at the deepest depth: the keyset query as the library renders it (the first key's bound and
     * a row-value comparison), planned generically as the pool's prepared statement runs it after its first
     * executions (a custom plan of these values may differ), and OFFSET.
     */
    private static void explain(DSLContext dsl, UserActivityLogs last, int depth, int size) {
        var t = USER_ACTIVITY_LOGS;
        Select<?> keyset = dsl.selectFrom(t)
                .where(t.TIMESTAMP.le(DSL.param("ts", last.timestamp()))
                        .and(DSL.row(t.TIMESTAMP, t.ID).lt(DSL.param("ts", last.timestamp()), DSL.param("id", last.id()))))
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(DSL.inline(size + 1));
        String numbered = dsl.render(keyset).replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$1")
                .replaceFirst("\\?", "\\$2");
        System.out.println();
        System.out.println("EXPLAIN (ANALYZE, COSTS OFF) keyset page at depth " + depth
                + " (as Repository.pageAfter renders it, generic plan):");
        dsl.connection(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("SET plan_cache_mode = force_generic_plan");
                statement.execute("PREPARE seek AS " + numbered);
                try (var plan = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seek('"
                        + last.timestamp() + "', " + last.id() + ")")) {
                    while (plan.next()) {
                        System.out.println("    " + plan.getString(1));
                    }
                } finally {
                    statement.execute("DEALLOCATE seek");
                    statement.execute("RESET plan_cache_mode");
                }
            }
        });
        plan(dsl, "OFFSET " + depth, offsetQuery(dsl, depth, size));
    }

    /**
     * The seek as the library wrote it before, {@code a < x OR (a = x AND b < y)}: it cannot bound an index scan,
     * so PostgreSQL reads rows the page does not need: those before the cursor (filtered out) or all those after it.
     */
    private static void explainOrForm(DSLContext dsl, UserActivityLogs last, int depth, int size) {
        var t = USER_ACTIVITY_LOGS;
        Select<?> orForm = dsl.selectFrom(t)
                .where(t.TIMESTAMP.lt(last.timestamp())
                        .or(t.TIMESTAMP.eq(last.timestamp()).and(t.ID.lt(last.id()))))
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc()).limit(size + 1);
        plan(dsl, "keyset page at depth " + depth + " with the seek as OR of ANDs (before the fix)", orForm);
    }

    private static void plan(DSLContext dsl, String title, Select<?> query) {
        System.out.println("EXPLAIN (ANALYZE, COSTS OFF) " + title + ":");
        dsl.fetch("EXPLAIN (ANALYZE, COSTS OFF) {0}", query)
                .forEach(row -> System.out.println("    " + row.get(0)));
    }

    private static void warmUp(Map<String, Callable<Integer>> cases, int size) throws Exception {
        long start = System.nanoTime();
        for (int call = 0; call < KEYSET_WARM_UP_CALLS; call++) {
            for (Callable<Integer> page : cases.values()) {
                if (page.call() != size) {
                    throw new IllegalStateException("a keyset page did not hold " + size + " rows");
                }
            }
        }
        System.out.printf("JIT warm-up: %,d calls of each keyset case in %.1f s%n", KEYSET_WARM_UP_CALLS,
                (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, List<Double>> measure(Map<String, Callable<Integer>> cases, int rounds,
                                                     int callsPerRound, int size) throws Exception {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(cases.keySet());
        names.forEach(name -> millis.put(name, new ArrayList<>()));
        // Every call picks its case from a fresh shuffle of all cases' calls, so no case always runs right after the
        // same (heavy) one, and all share the same warm-up: a fixed cyclic order made the first page always follow
        // offsetPage 10k.
        Random shuffle = new Random(7);
        for (int round = 0; round <= rounds; round++) {
            List<String> turns = new ArrayList<>();
            for (String name : names) {
                for (int call = 0; call < callsPerRound; call++) {
                    turns.add(name);
                }
            }
            java.util.Collections.shuffle(turns, shuffle);
            for (String name : turns) {
                long start = System.nanoTime();
                int rows = cases.get(name).call();
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (rows != size) {
                    throw new IllegalStateException(name + " returned " + rows + " rows");
                }
                if (round > 0) {
                    millis.get(name).add(elapsed);
                }
            }
            System.out.println((round == 0 ? "warm-up round" : "round " + round) + " of " + names + " done");
        }
        return millis;
    }

    private static void report(Map<String, List<Double>> millis) {
        System.out.println();
        System.out.printf("%-18s %12s %10s %10s %12s%n", "page", "median ms", "p10 ms", "p90 ms", "x first page");
        double keysetFirst = median(millis.get("keyset 0"));
        double offsetFirst = median(millis.get("offset 0"));
        double offsetPageFirst = median(millis.get("offsetPage 0"));
        millis.forEach((name, values) -> {
            double first = name.startsWith("keyset") ? keysetFirst
                    : name.startsWith("offsetPage") ? offsetPageFirst : offsetFirst;
            System.out.printf("%-18s %12.3f %10.3f %10.3f %12.2f%n", name, median(values), percentile(values, 10),
                    percentile(values, 90), median(values) / first);
        });
        System.out.println();
        boolean pass = true;
        for (int depth : DEPTHS) {
            if (depth == 0) {
                continue;
            }
            double ratio = median(millis.get("keyset " + depth)) / keysetFirst;
            pass &= ratio <= CEILING;
            System.out.printf("keyset depth %,9d / first page = %5.2f (ceiling %.1f): %s;   OFFSET depth / first = %7.2f%n",
                    depth, ratio, CEILING, ratio <= CEILING ? "PASS" : "FAIL",
                    median(millis.get("offset " + depth)) / offsetFirst);
        }
        System.out.println(pass ? "keyset at depth: PASS" : "keyset at depth: FAIL");
    }

    private static List<Long> ids(List<UserActivityLogs> rows) {
        return rows.stream().map(UserActivityLogs::id).toList();
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double percentile(List<Double> values, int percent) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.round((sorted.length - 1) * percent / 100.0);
        return sorted[index];
    }

    /**
     * {@code count} rows over the last 30 days (two monthly partitions), fixed seed, streamed into COPY; also the
     * data of {@link KeysetProbeBenchmark}.
     */
    static void load(EduDatabase db, int count) throws UnknownHostException {
        List<String> users = Students.insert(db, "keyset-user-", USERS_COUNT);
        SplittableRandom random = new SplittableRandom(20261125);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        InetAddress address = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        Stream<UserActivityLogs> rows = Stream.generate(() -> {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("page", "/lessons/" + random.nextInt(10_000));
            // Whole seconds: about 2.6 million possible values for a million rows, so many ties on "timestamp"
            // that only the id breaks.
            return new UserActivityLogs(null, users.get(random.nextInt(users.size())), "page_view", details,
                    now.minusSeconds(random.nextLong(30L * 24 * 3600)), address, "EduApp/3.2.1",
                    "session-" + random.nextInt(50_000), random.nextInt(2_000));
        }).limit(count);
        long start = System.nanoTime();
        long loaded = db.bulk().load(USER_ACTIVITY_LOGS, rows).rows();
        if (loaded != count) {
            throw new IllegalStateException("loaded " + loaded + " rows, expected " + count);
        }
        db.dsl().execute("ANALYZE user_activity_logs");
        System.out.printf("loaded %,d rows by db.bulk() in %.1f s, then ANALYZE%n", loaded,
                (System.nanoTime() - start) / 1e9);
    }
}
