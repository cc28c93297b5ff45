package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_USAGE_STATS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.bulk.LoadResult;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.pojos.ContentUsageStats;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.testing.PostgresServer;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Priority;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.postgresql.PGConnection;

/**
 * COPY ingestion side by side, for each high-volume table the loader is for ({@code user_activity_logs},
 * {@code notifications}, {@code ai_usage_tracking}, {@code content_usage_stats}): the same generated rows loaded by
 * (a) {@code db.bulk()} from an in-memory stream of POJO records, (b) {@code psql \copy} from a file in COPY text
 * format written beforehand, and (c) plain JDBC single-row INSERTs with {@code addBatch}/{@code executeBatch} in
 * batches of 1,000 (no {@code reWriteBatchedInserts}), each in one transaction. One warm-up round, then several
 * measured rounds; the methods take turns within a round (their order rotating from round to round) and the table is
 * truncated before each load. Prints the median rows/s of each and PASS/FAIL for the floors (a) &gt;= 0.8 x (b) and
 * (a) &gt;= 5 x (c), per table.
 *
 * <p>Arguments: {@code [rows] [rounds] [full|bare] [tables]} (default {@code 200000 5 full all}); {@code bare} drops
 * the foreign key and secondary indexes of {@code user_activity_logs} first; {@code tables} is {@code all} or a
 * comma-separated list of the four names. The database comes from the test chain: {@code EDUDATA_DB_URL} (and
 * {@code EDUDATA_DB_USER}/{@code EDUDATA_DB_PASSWORD}) for a server of your own, else the embedded PostgreSQL.
 */
final class CopyIngestBenchmark {

    private static final int USERS_COUNT = 500;
    private static final int GENERATIONS_COUNT = 50;
    private static final int JDBC_BATCH = 1_000;
    private static final List<String> TABLES = List.of("user_activity_logs", "notifications", "ai_usage_tracking",
            "content_usage_stats");
    private static final String[] ACTIVITIES = {"login", "logout", "page_view", "content_generated", "exam_attempt",
        "doubt_submitted", "lesson_viewed"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "EduApp/3.2.1 (Android 14; Pixel 8)\tbuild \"42\" \\ beta"};
    private static final String[] NOTIFICATION_TYPES = {"exam_graded", "new_lesson", "doubt_answered", "reminder",
        "content_shared"};
    private static final String[] AI_SERVICES = {"openai", "anthropic", "gemini"};
    private static final String[] AI_OPERATIONS = {"exam_generation", "lesson_generation", "doubt_solution",
        "tutoring_reply", "practice_analysis"};
    private static final String[] ACCESS_TYPES = {"view", "download", "share", "print"};
    private static final String[] REFERRERS = {"dashboard", "search", "shared_link", null};

    private CopyIngestBenchmark() {
    }

    /**
     * One table the benchmark loads: its rows, the columns they fill (every column but the identity), the
     * {@code VALUES} of the plain single-row INSERT, and how that INSERT binds one row.
     */
    private record Subject<R extends TableRecord<R>, P>(Table<R> table, List<P> rows, String columns, String values,
            Binder<P> binder) {

        String name() {
            return table.getName();
        }
    }

    /** How plain JDBC binds one row's values to the single-row INSERT. */
    private interface Binder<P> {
        void bind(PreparedStatement insert, P row) throws SQLException, JsonProcessingException;
    }

    /** One way of loading the rows; returns how many it loaded. */
    private interface Method {
        long load() throws Exception;
    }

    /** The medians of one table's run. */
    private record Result(String table, double bulk, double psql, double jdbc) {
    }

    static void run(String[] args) throws Exception {
        int rowCount = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean bare = args.length > 2 && args[2].equals("bare");
        List<String> tables = args.length > 3 && !args[3].equals("all") ? List.of(args[3].split(",")) : TABLES;
        if (!TABLES.containsAll(tables)) {
            throw new IllegalArgumentException("tables: all, or some of " + TABLES + " (was " + tables + ")");
        }
        PostgresServer server = PostgresServer.shared();
        String database = server.createMigratedDatabase();
        String url = server.jdbcUrl(database);
        Path file = Files.createTempFile("copy-ingest-", ".tsv");
        try (EduDatabase db = EduDatabase.builder().jdbcUrl(url).user(server.user()).password(server.password())
                .maximumPoolSize(2).build();
             Connection jdbc = server.connect(database)) {
            if (bare) {
                stripToPrimaryKey(jdbc);
            }
            System.out.printf("COPY ingestion: %,d rows of %s%s, 1 warm-up + %d rounds, PostgreSQL %d (%s)%n",
                    rowCount, String.join(", ", tables),
                    bare ? " (bare user_activity_logs: no foreign key, no secondary index)" : "", rounds,
                    server.majorVersion(), server.source());
            List<String> users = Students.insert(db, "bench-user-", USERS_COUNT);
            List<Integer> generations = generations(db, users);
            ObjectMapper mapper = db.objectMapper();
            List<Result> results = new ArrayList<>();
            for (String table : tables) {
                Subject<?, ?> subject = subject(table, rowCount, users, generations, mapper);
                results.add(measure(db, server, url, jdbc, file, subject, rounds));
            }
            summary(results);
        } finally {
            Files.deleteIfExists(file);
            server.dropDatabase(database);
        }
    }

    private static Subject<?, ?> subject(String table, int count, List<String> users, List<Integer> generations,
            ObjectMapper mapper) throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(20261125);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return switch (table) {
            case "user_activity_logs" -> new Subject<>(USER_ACTIVITY_LOGS, activityLogs(count, users, random, now),
                    "user_id, activity_type, activity_details, \"timestamp\", ip_address, user_agent, session_id,"
                            + " processing_time_ms",
                    "?, ?, ?::jsonb, ?, ?::inet, ?, ?, ?", (insert, row) -> {
                        insert.setString(1, row.userId());
                        insert.setString(2, row.activityType());
                        insert.setString(3, mapper.writeValueAsString(row.activityDetails()));
                        insert.setObject(4, row.timestamp());
                        insert.setString(5, row.ipAddress().getHostAddress());
                        insert.setString(6, row.userAgent());
                        insert.setString(7, row.sessionId());
                        insert.setInt(8, row.processingTimeMs());
                    });
            case "notifications" -> new Subject<>(NOTIFICATIONS, notifications(count, users, generations, random, now),
                    "user_id, notification_type, title, message, related_content_id, priority, is_read,"
                            + " action_required, created_at, expires_at, deleted_at",
                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", (insert, row) -> {
                        insert.setString(1, row.userId());
                        insert.setString(2, row.notificationType());
                        insert.setString(3, row.title());
                        insert.setString(4, row.message());
                        insert.setObject(5, row.relatedContentId(), Types.INTEGER);
                        insert.setString(6, row.priority().getLiteral());
                        insert.setBoolean(7, row.isRead());
                        insert.setBoolean(8, row.actionRequired());
                        insert.setObject(9, row.createdAt());
                        insert.setObject(10, row.expiresAt(), Types.TIMESTAMP_WITH_TIMEZONE);
                        insert.setObject(11, row.deletedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
                    });
            case "ai_usage_tracking" -> new Subject<>(AI_USAGE_TRACKING, aiUsage(count, users, generations, random, now),
                    "user_id, ai_service, operation_type, tokens_used, cost_usd, response_time_ms, quality_rating,"
                            + " \"timestamp\", content_generation_id",
                    "?, ?, ?, ?, ?, ?, ?, ?, ?", (insert, row) -> {
                        insert.setString(1, row.userId());
                        insert.setString(2, row.aiService());
                        insert.setString(3, row.operationType());
                        insert.setInt(4, row.tokensUsed());
                        insert.setBigDecimal(5, row.costUsd());
                        insert.setInt(6, row.responseTimeMs());
                        insert.setBigDecimal(7, row.qualityRating());
                        insert.setObject(8, row.timestamp());
                        insert.setObject(9, row.contentGenerationId(), Types.INTEGER);
                    });
            case "content_usage_stats" -> new Subject<>(CONTENT_USAGE_STATS,
                    usageStats(count, users, generations, random, now),
                    "content_generation_id, user_id, access_type, access_timestamp, time_spent_seconds,"
                            + " engagement_score, referrer_source",
                    "?, ?, ?, ?, ?, ?, ?", (insert, row) -> {
                        insert.setInt(1, row.contentGenerationId());
                        insert.setString(2, row.userId());
                        insert.setString(3, row.accessType());
                        insert.setObject(4, row.accessTimestamp());
                        insert.setInt(5, row.timeSpentSeconds());
                        insert.setBigDecimal(6, row.engagementScore());
                        insert.setString(7, row.referrerSource());
                    });
            default -> throw new IllegalArgumentException(table);
        };
    }

    private static <R extends TableRecord<R>, P> Result measure(EduDatabase db, PostgresServer server, String url,
            Connection jdbc, Path file, Subject<R, P> subject, int rounds) throws Exception {
        int rowCount = subject.rows().size();
        Map<String, Method> methods = new LinkedHashMap<>();
        methods.put("(a) BulkLoader", () -> db.bulk().load(subject.table(), subject.rows().stream()).rows());
        methods.put("(b) psql \\copy", () -> psqlCopy(server, url, file, subject));
        methods.put("(c) JDBC executeBatch", () -> jdbcBatch(jdbc, subject));

        truncate(jdbc, subject);
        writeCopyFile(db, jdbc, subject, file);

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        methods.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        List<String> names = new ArrayList<>(methods.keySet());
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(subject.name() + (round == 0 ? " warm-up " : " round " + round + " "));
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                truncate(jdbc, subject);
                long start = System.nanoTime();
                long loaded = methods.get(name).load();
                double seconds = (System.nanoTime() - start) / 1e9;
                long stored = count(jdbc, subject);
                if (loaded != rowCount || stored != rowCount) {
                    throw new IllegalStateException(subject.name() + " " + name + " loaded " + loaded + " rows, "
                            + stored + " stored; expected " + rowCount);
                }
                double rate = rowCount / seconds;
                if (round > 0) {
                    rates.get(name).add(rate);
                }
                line.append(String.format("  %s %,.0f rows/s", name, rate));
            }
            System.out.println(line);
        }
        return report(subject.name(), rates);
    }

    /**
     * The shape of a staging table: the same columns and partitions, only the primary key. It shows what each
     * method costs when the server does the least per row that it must, i.e. the loader's own speed.
     */
    private static void stripToPrimaryKey(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE user_activity_logs DROP CONSTRAINT user_activity_logs_user_id_fkey");
            statement.execute("DROP INDEX idx_user_activity_logs_user_id, idx_user_activity_logs_timestamp, "
                    + "idx_user_activity_logs_activity_type");
        }
    }

    private static Result report(String table, Map<String, List<Double>> rates) {
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((name, values) -> medians.put(name, median(values)));
        System.out.println();
        System.out.printf("%-24s %14s %14s %14s   (%s)%n", "method", "median rows/s", "min rows/s", "max rows/s",
                table);
        rates.forEach((name, values) -> System.out.printf("%-24s %,14.0f %,14.0f %,14.0f%n", name, medians.get(name),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        List<Double> ordered = new ArrayList<>(medians.values());
        Result result = new Result(table, ordered.get(0), ordered.get(1), ordered.get(2));
        System.out.println();
        return result;
    }

    private static void summary(List<Result> results) {
        System.out.printf("%-20s %12s %12s %12s %18s %18s %10s%n", "table", "(a) rows/s", "(b) rows/s", "(c) rows/s",
                "(a)/(b) floor 0.8", "(a)/(c) floor 5", "(b)/(c)");
        for (Result r : results) {
            System.out.printf("%-20s %,12.0f %,12.0f %,12.0f %13.2f %s %13.2f %s %10.2f%n", r.table(), r.bulk(),
                    r.psql(), r.jdbc(), r.bulk() / r.psql(), r.bulk() / r.psql() >= 0.8 ? "PASS" : "FAIL",
                    r.bulk() / r.jdbc(), r.bulk() / r.jdbc() >= 5.0 ? "PASS" : "FAIL", r.psql() / r.jdbc());
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Content the usage rows point at (content_usage_stats needs one; a third of the others name one too). */
    private static List<Integer> generations(EduDatabase db, List<String> users) {
        List<Integer> ids = new ArrayList<>(GENERATIONS_COUNT);
        for (int i = 0; i < GENERATIONS_COUNT; i++) {
            ids.add(db.dsl().insertInto(CONTENT_GENERATIONS)
                    .set(CONTENT_GENERATIONS.USER_ID, users.get(i))
                    .set(CONTENT_GENERATIONS.CONTENT_TYPE, ContentType.EXAM)
                    .set(CONTENT_GENERATIONS.INPUT_PARAMETERS, JsonNodeFactory.instance.objectNode().put("grade", 8))
                    .returning(CONTENT_GENERATIONS.ID)
                    .fetchSingle(CONTENT_GENERATIONS.ID));
        }
        return ids;
    }

    /** Timestamps over the last 30 days (two monthly partitions of user_activity_logs), microsecond precision. */
    private static OffsetDateTime within30Days(SplittableRandom random, OffsetDateTime now) {
        return now.minusSeconds(random.nextLong(30L * 24 * 3600)).minusNanos(random.nextInt(1_000_000) * 1_000L);
    }

    private static List<UserActivityLogs> activityLogs(int count, List<String> users, SplittableRandom random,
            OffsetDateTime now) throws UnknownHostException {
        List<UserActivityLogs> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("page", "/lessons/" + random.nextInt(10_000));
            details.put("duration_ms", random.nextInt(120_000));
            details.put("referrer", random.nextBoolean() ? "search" : "dashboard");
            details.putArray("tags").add("grade-" + (6 + random.nextInt(7))).add("math");
            byte[] address = random.nextInt(4) == 0
                    ? new byte[] {32, 1, 13, (byte) 184, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) random.nextInt(256), 1}
                    : new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
            rows.add(new UserActivityLogs(null, users.get(random.nextInt(users.size())),
                    ACTIVITIES[random.nextInt(ACTIVITIES.length)], details, within30Days(random, now),
                    InetAddress.getByAddress(address), AGENTS[random.nextInt(AGENTS.length)],
                    "session-" + random.nextInt(50_000), random.nextInt(2_000)));
        }
        return rows;
    }

    private static List<Notifications> notifications(int count, List<String> users, List<Integer> generations,
            SplittableRandom random, OffsetDateTime now) {
        List<Notifications> rows = new ArrayList<>(count);
        Priority[] priorities = Priority.values();
        for (int i = 0; i < count; i++) {
            String type = NOTIFICATION_TYPES[random.nextInt(NOTIFICATION_TYPES.length)];
            OffsetDateTime created = within30Days(random, now);
            rows.add(new Notifications(null, users.get(random.nextInt(users.size())), type,
                    "Update " + i + ": " + type.replace('_', ' '),
                    "Your " + type.replace('_', ' ') + " is ready. Open the app to see the details and what to do"
                            + " next (ref " + random.nextInt(1_000_000) + ").",
                    random.nextInt(3) == 0 ? generations.get(random.nextInt(generations.size())) : null,
                    priorities[random.nextInt(priorities.length)], false, random.nextBoolean(), created,
                    random.nextBoolean() ? created.plusDays(30) : null, null));
        }
        return rows;
    }

    private static List<AiUsageTracking> aiUsage(int count, List<String> users, List<Integer> generations,
            SplittableRandom random, OffsetDateTime now) {
        List<AiUsageTracking> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int tokens = 100 + random.nextInt(8_000);
            rows.add(new AiUsageTracking(null, users.get(random.nextInt(users.size())),
                    AI_SERVICES[random.nextInt(AI_SERVICES.length)], AI_OPERATIONS[random.nextInt(AI_OPERATIONS.length)],
                    tokens, BigDecimal.valueOf(tokens * 15L, 6), 200 + random.nextInt(20_000),
                    BigDecimal.valueOf(random.nextInt(501), 2), within30Days(random, now),
                    random.nextInt(3) == 0 ? generations.get(random.nextInt(generations.size())) : null));
        }
        return rows;
    }

    private static List<ContentUsageStats> usageStats(int count, List<String> users, List<Integer> generations,
            SplittableRandom random, OffsetDateTime now) {
        List<ContentUsageStats> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new ContentUsageStats(null, generations.get(random.nextInt(generations.size())),
                    users.get(random.nextInt(users.size())), ACCESS_TYPES[random.nextInt(ACCESS_TYPES.length)],
                    within30Days(random, now), random.nextInt(3_600), BigDecimal.valueOf(random.nextInt(1_001), 2),
                    REFERRERS[random.nextInt(REFERRERS.length)]));
        }
        return rows;
    }

    /**
     * Writes the rows as a COPY text file, untimed: loaded once, then exported by PostgreSQL itself with
     * {@code COPY ... TO STDOUT}, so the file is exactly what the server's own text format holds.
     */
    private static <R extends TableRecord<R>, P> void writeCopyFile(EduDatabase db, Connection jdbc,
            Subject<R, P> subject, Path file) throws SQLException, IOException {
        LoadResult loaded = db.bulk().load(subject.table(), subject.rows());
        try (OutputStream out = Files.newOutputStream(file)) {
            jdbc.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + subject.columns() + " FROM "
                    + subject.name() + " ORDER BY id) TO STDOUT", out);
        }
        System.out.printf("%s COPY file: %,d rows, %,d bytes%n", subject.name(), loaded.rows(), Files.size(file));
    }

    private static long psqlCopy(PostgresServer server, String url, Path file, Subject<?, ?> subject)
            throws IOException, InterruptedException {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1",
                "-h", uri.getHost(), "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
                "-U", server.user(), "-d", database,
                "-c", "\\copy " + subject.name() + " (" + subject.columns() + ") from '" + file.toAbsolutePath() + "'")
                .redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", server.password());
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0 || !output.matches("COPY \\d+")) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return Long.parseLong(output.substring("COPY ".length()));
    }

    private static <P> long jdbcBatch(Connection connection, Subject<?, P> subject) throws Exception {
        connection.setAutoCommit(false);
        long inserted = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + subject.name() + " ("
                + subject.columns() + ") VALUES (" + subject.values() + ")")) {
            int pending = 0;
            for (P row : subject.rows()) {
                subject.binder().bind(insert, row);
                insert.addBatch();
                if (++pending == JDBC_BATCH) {
                    inserted += Arrays.stream(insert.executeBatch()).sum();
                    pending = 0;
                }
            }
            if (pending > 0) {
                inserted += Arrays.stream(insert.executeBatch()).sum();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return inserted;
    }

    private static void truncate(Connection connection, Subject<?, ?> subject) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + subject.name());
        }
    }

    private static long count(Connection connection, Subject<?, ?> subject) throws SQLException {
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM " + subject.name())) {
            result.next();
            return result.getLong(1);
        }
    }
}
