package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.bulk.LoadResult;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.testing.PostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
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
import org.postgresql.PGConnection;

/**
 * COPY ingestion side by side: the same generated {@code user_activity_logs} rows (JSONB details, INET address,
 * user agent) loaded by (a) {@code db.bulk()} from an in-memory stream of POJO records, (b) {@code psql \copy} from
 * a file in COPY text format written beforehand, and (c) plain JDBC single-row INSERTs with
 * {@code addBatch}/{@code executeBatch} in batches of 1,000 (no {@code reWriteBatchedInserts}), each in one
 * transaction. One warm-up round, then several measured rounds; the methods take turns within a round (their order
 * rotating from round to round) and the table is truncated before each load. Prints the median rows/s of each and
 * PASS/FAIL for the floors (a) &gt;= 0.8 x (b) and (a) &gt;= 5 x (c).
 *
 * <p>Arguments: {@code [rows] [rounds]} (default 200000 5). The database comes from the test chain:
 * {@code EDUDATA_DB_URL} (and {@code EDUDATA_DB_USER}/{@code EDUDATA_DB_PASSWORD}) for a server of your own, else
 * the embedded PostgreSQL.
 */
final class CopyIngestBenchmark {

    private static final int USERS_COUNT = 500;
    private static final int JDBC_BATCH = 1_000;
    private static final String COLUMNS =
            "user_id, activity_type, activity_details, \"timestamp\", ip_address, user_agent, session_id, processing_time_ms";
    private static final String[] ACTIVITIES = {"login", "logout", "page_view", "content_generated", "exam_attempt",
        "doubt_submitted", "lesson_viewed"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "EduApp/3.2.1 (Android 14; Pixel 8)\tbuild \"42\" \\ beta"};

    private CopyIngestBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rowCount = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean bare = args.length > 2 && args[2].equals("bare");
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
            System.out.printf("COPY ingestion: %,d user_activity_logs rows%s, 1 warm-up + %d rounds, PostgreSQL %d (%s)%n",
                    rowCount, bare ? " (bare: no foreign key, no secondary index)" : "", rounds,
                    server.majorVersion(), server.source());
            List<String> users = Students.insert(db, "bench-user-", USERS_COUNT);
            List<UserActivityLogs> rows = generate(rowCount, users);
            ObjectMapper mapper = db.objectMapper();

            Map<String, Method> methods = new LinkedHashMap<>();
            methods.put("(a) BulkLoader", () -> db.bulk().load(USER_ACTIVITY_LOGS, rows.stream()).rows());
            methods.put("(b) psql \\copy", () -> psqlCopy(server, url, file));
            methods.put("(c) JDBC executeBatch", () -> jdbcBatch(jdbc, rows, mapper));

            truncate(jdbc);
            writeCopyFile(db, jdbc, rows, file);

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            methods.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
            List<String> names = new ArrayList<>(methods.keySet());
            for (int round = 0; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(round == 0 ? "warm-up " : "round " + round + " ");
                for (int turn = 0; turn < names.size(); turn++) {
                    String name = names.get((round + turn) % names.size());
                    truncate(jdbc);
                    long start = System.nanoTime();
                    long loaded = methods.get(name).load();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long stored = count(jdbc);
                    if (loaded != rowCount || stored != rowCount) {
                        throw new IllegalStateException(name + " loaded " + loaded + " rows, " + stored
                                + " stored; expected " + rowCount);
                    }
                    double rate = rowCount / seconds;
                    if (round > 0) {
                        rates.get(name).add(rate);
                    }
                    line.append(String.format("  %s %,.0f rows/s", name, rate));
                }
                System.out.println(line);
            }
            report(rates);
        } finally {
            Files.deleteIfExists(file);
            server.dropDatabase(database);
        }
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

    /** One way of loading the rows; returns how many it loaded. */
    private interface Method {
        long load() throws Exception;
    }

    private static void report(Map<String, List<Double>> rates) {
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((name, values) -> medians.put(name, median(values)));
        System.out.println();
        System.out.printf("%-24s %14s %14s %14s%n", "method", "median rows/s", "min rows/s", "max rows/s");
        rates.forEach((name, values) -> System.out.printf("%-24s %,14.0f %,14.0f %,14.0f%n", name, medians.get(name),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        List<Double> ordered = new ArrayList<>(medians.values());
        double bulk = ordered.get(0);
        double psql = ordered.get(1);
        double jdbc = ordered.get(2);
        System.out.printf("%n(a)/(b) = %.2f (floor 0.80): %s%n", bulk / psql, bulk / psql >= 0.8 ? "PASS" : "FAIL");
        System.out.printf("(a)/(c) = %.2f (floor 5.00): %s%n", bulk / jdbc, bulk / jdbc >= 5.0 ? "PASS" : "FAIL");
        System.out.printf("(b)/(c) = %.2f (reference: what COPY itself gains over batched inserts here)%n",
                psql / jdbc);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The rows every method loads: over the last 30 days (two monthly partitions), fixed seed. */
    private static List<UserActivityLogs> generate(int count, List<String> users) throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(20261125);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
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
                    ACTIVITIES[random.nextInt(ACTIVITIES.length)], details,
                    now.minusSeconds(random.nextLong(30L * 24 * 3600)).minusNanos(random.nextInt(1_000_000) * 1_000L),
                    InetAddress.getByAddress(address), AGENTS[random.nextInt(AGENTS.length)],
                    "session-" + random.nextInt(50_000), random.nextInt(2_000)));
        }
        return rows;
    }

    /**
     * Writes the rows as a COPY text file, untimed: loaded once, then exported by PostgreSQL itself with
     * {@code COPY ... TO STDOUT}, so the file is exactly what the server's own text format holds.
     */
    private static void writeCopyFile(EduDatabase db, Connection jdbc, List<UserActivityLogs> rows, Path file)
            throws SQLException, IOException {
        LoadResult loaded = db.bulk().load(USER_ACTIVITY_LOGS, rows);
        try (OutputStream out = Files.newOutputStream(file)) {
            jdbc.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT " + COLUMNS + " FROM user_activity_logs ORDER BY id) TO STDOUT", out);
        }
        System.out.printf("COPY file: %,d rows, %,d bytes%n", loaded.rows(), Files.size(file));
    }

    private static long psqlCopy(PostgresServer server, String url, Path file) throws IOException, InterruptedException {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1",
                "-h", uri.getHost(), "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
                "-U", server.user(), "-d", database,
                "-c", "\\copy user_activity_logs (" + COLUMNS + ") from '" + file.toAbsolutePath() + "'")
                .redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", server.password());
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0 || !output.matches("COPY \\d+")) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return Long.parseLong(output.substring("COPY ".length()));
    }

    private static long jdbcBatch(Connection connection, List<UserActivityLogs> rows, ObjectMapper mapper)
            throws Exception {
        connection.setAutoCommit(false);
        long inserted = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO user_activity_logs (" + COLUMNS
                + ") VALUES (?, ?, ?::jsonb, ?, ?::inet, ?, ?, ?)")) {
            int pending = 0;
            for (UserActivityLogs row : rows) {
                insert.setString(1, row.userId());
                insert.setString(2, row.activityType());
                insert.setString(3, row.activityDetails() == null ? null : mapper.writeValueAsString(row.activityDetails()));
                insert.setObject(4, row.timestamp());
                insert.setString(5, row.ipAddress() == null ? null : row.ipAddress().getHostAddress());
                insert.setString(6, row.userAgent());
                insert.setString(7, row.sessionId());
                if (row.processingTimeMs() == null) {
                    insert.setNull(8, Types.INTEGER);
                } else {
                    insert.setInt(8, row.processingTimeMs());
                }
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

    private static void truncate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE user_activity_logs");
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM user_activity_logs")) {
            result.next();
            return result.getLong(1);
        }
    }
}
