package com.eduplatform.data.monitoring.internal;

/** Where the duration of every statement goes: Micrometer's timers, when a registry is configured. */
public interface QueryTimer {

    /** Records one statement on {@code table} ("none" without one) of {@code operation}, that took {@code nanos}. */
    void record(String table, String operation, long nanos);
}
