package com.eduplatform.data.analytics;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.DefaultSchema;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Table;
import org.jooq.TableOptions.TableType;

/**
 * The platform's reports: the materialized views of {@code V9_2} (daily active users, generations, AI costs, doubt
 * resolution times, practice per subject), refreshed here and read as typed jOOQ tables through
 * {@code com.eduplatform.data.jooq.Tables}, and the {@code user_performance_metrics} job.
 *
 * <pre>{@code
 * db.reports().refreshAll();
 * List<DailyAiUsageCosts> costs = db.dsl().selectFrom(DAILY_AI_USAGE_COSTS)
 *         .where(DAILY_AI_USAGE_COSTS.USAGE_DATE.eq(day))
 *         .fetchInto(DailyAiUsageCosts.class);
 * }</pre>
 *
 * <p>A view shows its raw tables as they were at its last refresh. Each refresh runs in a transaction of its own
 * (a savepoint of the caller's when called inside one, and then its lock lasts until the caller commits, so call
 * it outside your transactions): a populated view is refreshed {@code CONCURRENTLY}, which takes an EXCLUSIVE lock
 * that readers do not wait for; a never-populated one (left {@code WITH NO DATA}) has nothing to read yet and gets
 * a plain refresh, whose ACCESS EXCLUSIVE lock readers would wait for. The views belong to {@code edudata_definer},
 * which reads past row-level security, and are refreshed through the function {@code edudata_rls.refresh_report_view}
 * (V11_5): a superuser and members of {@code edudata_owner} may call it, the
 * read-only analytics role and the application role may not. See {@code docs/reporting.md}.
 */
public final class Reports {

    /** The report views, found in the generated schema: every materialized view, by name. */
    private static final Map<String, Table<?>> VIEWS = reportViews();

    /** Whether a view (found by name along the search path, as the refresh finds it) holds data. */
    private static final String POPULATED =
            "SELECT relispopulated FROM pg_catalog.pg_class WHERE oid = to_regclass(quote_ident(?))";

    private final EduDatabase db;

    /** Use {@link EduDatabase#reports()}. */
    public Reports(EduDatabase db) {
        this.db = db;
    }

    /**
     * What one refresh did.
     *
     * @param view          the view's name
     * @param concurrently  whether it was refreshed {@code CONCURRENTLY} (false for a never-populated view)
     * @param rows          how many rows the view holds after the refresh
     * @param took          how long the refresh and the count took
     */
    public record ViewRefresh(String view, boolean concurrently, long rows, Duration took) {
    }

    /**
     * What the metrics job did for one period.
     *
     * @param period       the kind of period
     * @param periodStart  its first day ({@code user_performance_metrics.period_start})
     * @param rowsWritten  rows inserted, or updated because their value changed (0 when nothing changed)
     * @param rowsRemoved  rows of this period deleted because nothing produces them any more
     * @param failure      why the period failed, or {@code null} when it succeeded; a failed period changed nothing
     */
    public record PeriodOutcome(TimePeriod period, LocalDate periodStart, int rowsWritten, int rowsRemoved,
                                EduDataException failure) {

        /** Whether this period's transaction committed. */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /** The report views, in name order, as their generated tables ({@code Tables.DAILY_ACTIVE_USERS}, ...). */
    public List<Table<?>> views() {
        return List.copyOf(VIEWS.values());
    }

    /**
     * Refreshes one report view: {@code CONCURRENTLY} when it is populated, plainly when it never was.
     *
     * @param view one of {@link #views()}
     * @throws InvalidInputException when {@code view} is not one of them (a table, an alias, a view of another schema)
     */
    public ViewRefresh refresh(Table<?> view) {
        Table<?> ours = requireReportView(view);
        return db.inTransaction(tx -> {
            long started = System.nanoTime();
            boolean populated = tx.dsl().resultQuery(POPULATED, ours.getName()).fetchSingle().get(0, Boolean.class);
            // Through the function of V11_5: the views belong to a role that reads past row-level security.
            tx.dsl().resultQuery("SELECT edudata_rls.refresh_report_view(?, ?)", ours.getName(), populated).fetch();
            long rows = tx.dsl().fetchCount(ours);
            return new ViewRefresh(ours.getName(), populated, rows, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    /**
     * Refreshes every report view, one after another, each in its own transaction, so each view's lock is released
     * before the next is taken. A failure stops here and is thrown; the views refreshed before it stay refreshed.
     *
     * @return one result per view, in {@link #views()} order
     */
    public List<ViewRefresh> refreshAll() {
        List<ViewRefresh> refreshes = new ArrayList<>();
        for (Table<?> view : VIEWS.values()) {
            refreshes.add(refresh(view));
        }
        return List.copyOf(refreshes);
    }

    /**
     * Computes {@code user_performance_metrics} from the raw tables for every period of {@code period} that holds a
     * day from {@code from} to {@code toInclusive}, each period whole (a weekly run from a Wednesday starts on that
     * week's Monday). Periods are UTC days, ISO weeks and calendar months; soft-deleted rows do not count. Per user
     * and period, the metrics ({@code metric_type}) are:
     * <ul>
     *   <li>{@code practice_accuracy}: percent of the marks available in the user's practice sessions that were
     *       scored; by subject; grade the sessions' most frequent grade;
     *   <li>{@code practice_minutes}: minutes spent in practice sessions (a session without a time counts 0);
     *   <li>{@code doubts_submitted}: doubts the user (a student) submitted;
     *   <li>{@code doubts_resolved}: doubts the user (a teacher) resolved, by their {@code resolved_at};
     *   <li>{@code generations_created}: content generations the user started, any status; by the
     *       {@code subject} of their input parameters where one is given;
     *   <li>{@code active_days}: UTC days on which the user left activity log rows.
     * </ul>
     * A row exists only for a user with at least one source row for that metric in the period.
     *
     * <p>Re-running a period is idempotent: rows keyed by (time_period, period_start, metric_type, user_id) are
     * updated only when their value changed (otherwise left exactly as they were, {@code id} and
     * {@code calculated_at} included), and rows of these metric types that the period no longer produces (data
     * deleted since) are removed. Rows of other metric types, and rows without a {@code period_start}, are never
     * touched.
     *
     * <p>Each period runs in its own transaction (retried on a deadlock or serialization failure). A period that
     * fails (a value that overflows {@code numeric(10,2)}, say) is rolled back alone, leaving its earlier rows as
     * they were; the job goes on with the next period and reports the failure in that period's outcome rather
     * than throwing, so check {@link PeriodOutcome#succeeded()}. Inside the caller's transaction each period is a
     * savepoint of it instead, and nothing is kept unless the caller commits.
     *
     * @return one outcome per period, in time order
     */
    public List<PeriodOutcome> computePerformanceMetrics(TimePeriod period, LocalDate from, LocalDate toInclusive) {
        if (period == null) {
            throw new InvalidInputException("period", "is required");
        }
        if (from == null) {
            throw new InvalidInputException("from", "is required");
        }
        if (toInclusive == null) {
            throw new InvalidInputException("toInclusive", "is required");
        }
        if (toInclusive.isBefore(from)) {
            throw new InvalidInputException("toInclusive", "must not be before from (" + from + "), was "
                    + toInclusive);
        }
        return new PerformanceMetricsJob(db).run(period, from, toInclusive);
    }

    private static Table<?> requireReportView(Table<?> view) {
        if (view == null) {
            throw new InvalidInputException("view", "is required");
        }
        Table<?> ours = VIEWS.get(view.getName());
        if (ours == null || !ours.getQualifiedName().equals(view.getQualifiedName())) {
            throw new InvalidInputException("view", "must be one of the report views " + VIEWS.keySet() + ", was "
                    + view.getQualifiedName());
        }
        return ours;
    }

    private static Map<String, Table<?>> reportViews() {
        Map<String, Table<?>> views = new LinkedHashMap<>();
        DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
                .filter(table -> table.getTableType() == TableType.MATERIALIZED_VIEW)
                .sorted(Comparator.comparing(Table::getName))
                .forEach(table -> views.put(table.getName(), table));
        return Collections.unmodifiableMap(views);
    }
}
