package com.eduplatform.data.monitoring;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/** Cumulative statistics reach other sessions when a backend flushes them: these make it happen and wait for it. */
final class StatsWait {

    private StatsWait() {
    }

    /** Runs {@code sql} on {@code connection}, then has that backend flush its statistics now. */
    static void runAndFlush(Connection connection, String... sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
            statement.execute("select pg_stat_force_next_flush()");
            statement.execute("select 1");
        }
    }

    /** Waits up to 15 seconds for {@code condition}, returning whether it came true. */
    static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
