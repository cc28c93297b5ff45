package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.USERS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.monitoring.internal.QueryMonitor;
import com.eduplatform.data.testing.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DSL;

/**
 * What the library's statement listeners cost per statement (docs/benchmarks.md "Monitoring overhead"): the same
 * primary-key read of {@code users} through jOOQ contexts that differ only in their listeners. Arguments
 * {@code [statements] [rounds]} (default {@code 2000 9}): each round runs every case for that many statements, the
 * cases in a freshly shuffled order; the first round is a warm-up; medians of the rounds' means.
 */
final class MonitoringOverheadBenchmark {

    private MonitoringOverheadBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int statements = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        // The "every statement" case reports each one: its log line would measure the console, not the listener.
        System.setProperty("org.slf4j.simpleLogger.log.com.eduplatform.data.monitoring.SlowQuery", "off");
        PostgresServer server = PostgresServer.shared();
        String database = server.createMigratedDatabase();
        AtomicLong reported = new AtomicLong();
        try (EduDatabase plain = open(server, database).auditReads(false).build();
             EduDatabase metrics = open(server, database).auditReads(false)
                     .meterRegistry(new SimpleMeterRegistry()).build();
             EduDatabase everyStatement = open(server, database).auditReads(false)
                     .slowQueryThreshold(Duration.ZERO).slowQueryListener(query -> reported.incrementAndGet()).build();
             EduDatabase defaults = open(server, database).build()) {
            System.out.printf("Monitoring overhead on PostgreSQL %d (%s): %,d primary-key reads of users per case"
                    + " and round, 1 warm-up + %d rounds%n", server.majorVersion(), server.source(), statements,
                    rounds - 1);
            List<String> ids = Students.insert(plain, "monitoring-user-", 200);
            Map<String, DSLContext> cases = new LinkedHashMap<>();
            cases.put("without the monitor", withoutMonitor(plain.dsl()));
            cases.put("slow-query log (default, 500 ms)", plain.dsl());
            cases.put("+ Micrometer timer", metrics.dsl());
            cases.put("slow-query report, every statement", everyStatement.dsl());
            cases.put("defaults (+ audit of reads)", defaults.dsl());
            measure(cases, ids, statements, rounds);
            if (reported.get() < (long) statements * rounds) {
                throw new IllegalStateException("the every-statement case reported " + reported.get() + " statements");
            }
        } finally {
            server.dropDatabase(database);
        }
    }

    private static EduDatabase.Builder open(PostgresServer server, String database) {
        return EduDatabase.builder().jdbcUrl(server.jdbcUrl(database)).user(server.user())
                .password(server.password()).maximumPoolSize(1);
    }

    /** {@code dsl} with every listener it has but the slow-query log and query timer. */
    private static DSLContext withoutMonitor(DSLContext dsl) {
        Configuration configuration = dsl.configuration();
        ExecuteListenerProvider[] kept = Arrays.stream(configuration.executeListenerProviders())
                .filter(provider -> !(provider.provide() instanceof QueryMonitor))
                .toArray(ExecuteListenerProvider[]::new);
        if (kept.length == configuration.executeListenerProviders().length) {
            throw new IllegalStateException("the library's configuration has no QueryMonitor to leave out");
        }
        return DSL.using(configuration.derive(kept));
    }

    private static void measure(Map<String, DSLContext> cases, List<String> ids, int statements, int rounds) {
        List<String> names = new ArrayList<>(cases.keySet());
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        names.forEach(name -> micros.put(name, new ArrayList<>()));
        Random random = new Random(20261125);
        for (int round = 0; round < rounds; round++) {
            List<String> shuffled = new ArrayList<>(names);
            java.util.Collections.shuffle(shuffled, random);
            for (String name : shuffled) {
                DSLContext dsl = cases.get(name);
                long start = System.nanoTime();
                for (int i = 0; i < statements; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    if (dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne() == null) {
                        throw new IllegalStateException(name + " did not find user " + id);
                    }
                }
                if (round > 0) {
                    micros.get(name).add((System.nanoTime() - start) / 1e3 / statements);
                }
            }
        }
        double base = median(micros.get(names.get(0)));
        System.out.printf("%n%-38s %12s %12s %10s%n", "listeners", "us/statement", "+us", "ratio");
        for (String name : names) {
            double value = median(micros.get(name));
            System.out.printf("%-38s %12.1f %12.1f %10.2f%n", name, value, value - base, value / base);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
