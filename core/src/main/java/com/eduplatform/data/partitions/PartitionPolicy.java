package com.eduplatform.data.partitions;

import com.eduplatform.data.error.InvalidInputException;
import java.time.Period;
import java.util.Objects;

/**
 * What {@link PartitionedTable#apply(PartitionPolicy)} keeps true: monthly partitions exist {@code monthsAhead}
 * months from the current one, the DEFAULT partition is empty, and months older than {@code retention} are in the
 * archive.
 *
 * @param monthsAhead how many monthly partitions, from the current month (UTC) on, must exist, at least 1
 *                    (default: 3)
 * @param retention   how long a month stays live: a month whose end is more than this before now is archived, not
 *                    negative (default: one year, the seed's archival strategy)
 */
public record PartitionPolicy(int monthsAhead, Period retention) {

    /** Checks the settings. */
    public PartitionPolicy {
        if (monthsAhead < 1) {
            throw new InvalidInputException("monthsAhead", "cannot be less than 1, was " + monthsAhead);
        }
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new InvalidInputException("retention", "cannot be negative, was " + retention);
        }
    }

    /** Three months ahead, one year of retention. */
    public static PartitionPolicy defaults() {
        return new PartitionPolicy(3, Period.ofYears(1));
    }

    /** This policy with {@code monthsAhead} changed. */
    public PartitionPolicy withMonthsAhead(int monthsAhead) {
        return new PartitionPolicy(monthsAhead, retention);
    }

    /** This policy with {@code retention} changed. */
    public PartitionPolicy withRetention(Period retention) {
        return new PartitionPolicy(monthsAhead, retention);
    }
}
