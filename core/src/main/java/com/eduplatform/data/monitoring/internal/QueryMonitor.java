package com.eduplatform.data.monitoring.internal;

import com.eduplatform.data.monitoring.SlowQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every statement run through the library's jOOQ configuration: its duration goes to the {@link QueryTimer}
 * (when metrics are on), and a statement at or above the threshold is logged (SLF4J logger
 * {@code com.eduplatform.data.monitoring.SlowQuery}, WARN) and handed to the host's listener. The time runs from
 * jOOQ's start of the statement to its end, results read. Nothing here ever fails a statement.
 */
public final class QueryMonitor implements ExecuteListener {

    static final Logger LOG = LoggerFactory.getLogger(SlowQuery.class);
    private static final String STARTED = QueryMonitor.class.getName() + ".started";

    private final long thresholdNanos;
    private final Consumer<SlowQuery> listener;
    private final QueryTimer timer;

    /**
     * @param threshold statements taking at least this long are reported; zero reports every statement
     * @param listener the host's callback for slow statements, or {@code null}
     * @param timer where every statement's duration goes, or {@code null} without metrics
     */
    public QueryMonitor(Duration threshold, Consumer<SlowQuery> listener, QueryTimer timer) {
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
        this.timer = timer;
    }

    @Override
    public void start(ExecuteContext ctx) {
        ctx.data(STARTED, System.nanoTime());
    }

    @Override
    public void end(ExecuteContext ctx) {
        if (!(ctx.data(STARTED) instanceof Long started)) {
            return;
        }
        long nanos = System.nanoTime() - started;
        boolean slow = nanos >= thresholdNanos;
        if (timer == null && !slow) {
            return;
        }
        try {
            String sql = sql(ctx);
            QueryShape shape = QueryShape.of(ctx.query(), sql);
            if (timer != null) {
                timer.record(shape.table(), shape.operation(), nanos);
            }
            if (slow) {
                report(new SlowQuery(SafeBinds.shorten(sql == null ? "" : sql, SlowQuery.MAX_SQL_LENGTH),
                        SafeBinds.render(sql, bindValues(ctx.query())), Duration.ofNanos(nanos), shape.tables(),
                        shape.operation(), ctx.exception() != null));
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not time a statement", e);
        }
    }

    private void report(SlowQuery query) {
        if (LOG.isWarnEnabled()) {
            LOG.warn("Slow query: {} ms, {} on {}{}: {} with {}", query.duration().toMillis(), query.operation(),
                    query.tables().isEmpty() ? "no table" : String.join(", ", query.tables()),
                    query.failed() ? " (failed)" : "", query.sql(), query.bindValues());
        }
        if (listener != null) {
            try {
                listener.accept(query);
            } catch (RuntimeException e) {
                LOG.warn("The slow-query listener threw; the statement is not affected", e);
            }
        }
    }

    private static String sql(ExecuteContext ctx) {
        if (ctx.sql() != null) {
            return ctx.sql();
        }
        String[] batch = ctx.batchSQL();
        return batch != null && batch.length > 0 ? batch[0] + (batch.length > 1 ? " -- and " + (batch.length - 1) + " more" : "")
                : null;
    }

    private static List<Object> bindValues(Query query) {
        return query == null ? List.of() : new ArrayList<>(query.getBindValues());
    }
}
