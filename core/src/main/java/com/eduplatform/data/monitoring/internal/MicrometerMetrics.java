package com.eduplatform.data.monitoring.internal;

import com.eduplatform.data.replica.ReplicaStatus;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every reference to Micrometer in the library: this class is loaded only when the host gave a registry, so hosts
 * without Micrometer on the classpath never load it. The registry arrives as {@code Object} for the same reason.
 */
public final class MicrometerMetrics implements QueryTimer, AutoCloseable {

    /** The timer of every statement, tagged {@code table} and {@code operation}. */
    public static final String QUERY_TIMER = "edudata.query";
    /** The gauge of the replica's lag in seconds (NaN when unknown). */
    public static final String REPLICA_LAG = "edudata.replica.lag";

    private final MeterRegistry registry;
    private Gauge replicaLag;

    /** {@code registry} must be an {@code io.micrometer.core.instrument.MeterRegistry}. */
    public MicrometerMetrics(Object registry) {
        this.registry = (MeterRegistry) registry;
    }

    /** Whether {@code candidate} is a Micrometer registry (only asked when the host gave something). */
    public static boolean isRegistry(Object candidate) {
        return candidate instanceof MeterRegistry;
    }

    /** HikariCP's own pool metrics ({@code hikaricp.connections...}) for a pool the library creates. */
    public static MetricsTrackerFactory poolMetrics(Object registry) {
        return new MicrometerMetricsTrackerFactory((MeterRegistry) registry);
    }

    @Override
    public void record(String table, String operation, long nanos) {
        Timer.builder(QUERY_TIMER)
                .description("Statements run through the edu-data library")
                .tag("table", table)
                .tag("operation", operation)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Registers the replica lag gauge, read from {@code status} (which checks at most once per interval). */
    public void replicaLag(Supplier<ReplicaStatus> status) {
        replicaLag = Gauge.builder(REPLICA_LAG, status, s -> s.get().lagSeconds())
                .description("How far behind the primary the read replica is")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** Removes the gauges, which would otherwise keep reading a closed database. */
    @Override
    public void close() {
        if (replicaLag != null) {
            registry.remove(replicaLag);
        }
    }
}
