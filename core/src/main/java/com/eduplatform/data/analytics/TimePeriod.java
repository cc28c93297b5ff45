package com.eduplatform.data.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The periods {@code user_performance_metrics} is computed for: its {@code time_period} column holds the
 * {@linkplain #literal() literal}, its {@code period_start} column the first UTC day of the period. A day is a UTC
 * day; a week starts on Monday (ISO); a month on its 1st.
 */
public enum TimePeriod {
    /** One UTC day. */
    DAILY("daily"),
    /** Monday to Sunday. */
    WEEKLY("weekly"),
    /** A calendar month. */
    MONTHLY("monthly");

    private final String literal;

    TimePeriod(String literal) {
        this.literal = literal;
    }

    /** The value stored in {@code user_performance_metrics.time_period}: {@code daily}, {@code weekly}, {@code monthly}. */
    public String literal() {
        return literal;
    }

    /** The first day of the period of this kind that holds {@code day}. */
    public LocalDate startOf(LocalDate day) {
        return switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the period after the one starting on {@code periodStart}. */
    public LocalDate next(LocalDate periodStart) {
        return switch (this) {
            case DAILY -> periodStart.plusDays(1);
            case WEEKLY -> periodStart.plusWeeks(1);
            case MONTHLY -> periodStart.plusMonths(1);
        };
    }
}
