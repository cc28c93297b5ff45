package com.eduplatform.data.partitions;

import java.time.YearMonth;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one {@link PartitionedTable#apply(PartitionPolicy)} did to one table; a run that found everything in place
 * has all three empty.
 *
 * @param table    the live table's name, e.g. {@code user_activity_logs}
 * @param created  the monthly partitions it created ahead of time, in month order
 * @param drained  the rows it moved out of the DEFAULT partition, by month, to a new or existing live partition or
 *                 to the archive
 * @param archived the months it moved to the archive, in month order
 */
public record PolicyRun(String table, List<YearMonth> created, SortedMap<YearMonth, Long> drained,
                        List<YearMonth> archived) {

    /** Copies the collections, unmodifiable. */
    public PolicyRun {
        created = List.copyOf(created);
        drained = Collections.unmodifiableSortedMap(new TreeMap<>(drained));
        archived = List.copyOf(archived);
    }

    /** Whether the run changed anything. */
    public boolean changedAnything() {
        return !created.isEmpty() || !drained.isEmpty() || !archived.isEmpty();
    }
}
