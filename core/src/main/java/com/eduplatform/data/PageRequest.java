package com.eduplatform.data;

import java.util.List;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * What a keyset listing shows: which rows ({@link #where}), in which order ({@link #orderBy}, NOT NULL columns of
 * the table), and how many per page. The primary key is always added as the last sort key, so rows that tie on
 * every sort column still come in one stable order. Immutable; build with {@link #of(int)}.
 *
 * <pre>{@code
 * PageRequest request = PageRequest.of(20)
 *         .where(NOTIFICATIONS.USER_ID.eq(userId))
 *         .orderBy(NOTIFICATIONS.CREATED_AT.desc());
 * }</pre>
 */
public record PageRequest(Condition where, List<SortField<?>> orderBy, int size) {

    /** The largest page a request may ask for. */
    public static final int MAX_SIZE = 1_000;

    public PageRequest {
        where = where == null ? DSL.noCondition() : where;
        orderBy = List.copyOf(orderBy);
    }

    /** All rows, in primary key order, {@code size} per page (1 to {@value #MAX_SIZE}). */
    public static PageRequest of(int size) {
        return new PageRequest(DSL.noCondition(), List.of(), size);
    }

    /** The same request, listing only the rows that match {@code condition}. */
    public PageRequest where(Condition condition) {
        return new PageRequest(condition, orderBy, size);
    }

    /** The same request, in this order (the primary key follows as the final tie-breaker). */
    public PageRequest orderBy(SortField<?>... fields) {
        return new PageRequest(where, List.of(fields), size);
    }
}
