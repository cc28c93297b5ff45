package com.eduplatform.data.partitions;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.partitions.ActivityRows.partition;
import static com.eduplatform.data.partitions.ActivityRows.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.Page;
import com.eduplatform.data.PageRequest;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.monitoring.SlowQuery;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.Role;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A keyset page of the activity feed (newest first) whose cursor lies in an earlier month reads no partition after
 * it: the plan PostgreSQL runs the page's own statement with, as the library sent it (SQL and bind values from the
 * slow-query listener at threshold zero), prepared and planned generically as a pooled connection runs it after its
 * first executions, then EXPLAINed.
 */
class KeysetPruningTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);
    private static final YearMonth EARLIER = NOW.minusMonths(1);
    private static final String USER = "keyset-pruning-user";
    private static final PageRequest FEED = PageRequest.of(10)
            .orderBy(USER_ACTIVITY_LOGS.TIMESTAMP.desc(), USER_ACTIVITY_LOGS.ID.desc());

    private static final List<SlowQuery> statements = new CopyOnWriteArrayList<>();
    private static EduDatabase db;

    @BeforeAll
    static void twoMonthsOfActivity() {
        db = EduDatabase.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .maximumPoolSize(2)
                .slowQueryThreshold(Duration.ZERO)
                .slowQueryListener(statements::add)
                .build();
        TestRows.user(db.dsl(), USER, Role.STUDENT);
        ActivityRows.insert(db.dsl(), USER, EARLIER, 40);
        ActivityRows.insert(db.dsl(), USER, NOW, 40);
        db.dsl().execute("ANALYZE user_activity_logs");
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aPageAfterACursorInAnEarlierMonthScansOnlyThatMonthAndDefault() throws Exception {
        String cursor = cursorInto(EARLIER);

        List<String> scanned = scannedTables(() -> db.userActivityLogs().pageAfter(FEED, cursor));

        assertThat(scanned).as("the partitions a generic plan of the page's statement scans")
                .containsExactlyInAnyOrder("public." + partition(EARLIER), "public.user_activity_logs_default");
        assertThat(db.userActivityLogs().pageAfter(FEED, cursor).items())
                .isNotEmpty()
                .allMatch(row -> row.timestamp().isBefore(start(NOW)));
    }

    @Test
    void theFirstPageScansEveryPartition() throws Exception {
        List<String> scanned = scannedTables(() -> db.userActivityLogs().firstPage(FEED));

        assertThat(scanned).contains("public." + partition(EARLIER), "public." + partition(NOW),
                "public." + partition(NOW.plusMonths(1)), "public.user_activity_logs_default");
    }

    /** The cursor after the first row of {@code month} in the feed, walking it from the first page. */
    private static String cursorInto(YearMonth month) {
        Page<UserActivityLogs> page = db.userActivityLogs().firstPage(FEED);
        while (page.items().stream().noneMatch(row -> row.timestamp().isBefore(start(month.plusMonths(1))))) {
            page = db.userActivityLogs().pageAfter(FEED, page.nextCursor());
        }
        return page.nextCursor();
    }

    /** The tables in the generic plan of the one select on user_activity_logs that {@code page} ran. */
    private static List<String> scannedTables(Runnable page) throws Exception {
        statements.clear();
        page.run();
        List<SlowQuery> selects = statements.stream()
                .filter(s -> s.operation().equals("select") && s.tables().contains("user_activity_logs"))
                .toList();
        assertThat(selects).hasSize(1);
        SlowQuery select = selects.get(0);
        assertThat(select.sql()).as("the whole statement, not shortened").doesNotEndWith("...");
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : select.sql().toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        assertThat(select.bindValues()).hasSize(parameter);
        // The listener renders strings quoted and numbers bare, but a timestamp bare too: quote what is not a number.
        List<String> literals = select.bindValues().stream()
                .map(value -> value.matches("-?\\d+|'.*'") ? value : "'" + value + "'")
                .toList();
        String arguments = parameter == 0 ? "" : "(" + String.join(", ", literals) + ")";
        List<String> tables = new ArrayList<>();
        db.dsl().connection(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("SET plan_cache_mode = force_generic_plan");
                statement.execute("PREPARE feed_page AS " + numbered);
                try {
                    tables.addAll(ActivityRows.scannedTables(org.jooq.impl.DSL.using(connection),
                            "EXECUTE feed_page" + arguments));
                } finally {
                    statement.execute("DEALLOCATE feed_page");
                    statement.execute("RESET plan_cache_mode");
                }
            }
        });
        return tables;
    }
}
