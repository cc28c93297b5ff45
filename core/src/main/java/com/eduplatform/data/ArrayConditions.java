package com.eduplatform.data;

import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Typed conditions on array columns, rendered as PostgreSQL's array operators so the GIN indexes on those columns
 * serve them: {@code where(ArrayConditions.contains(CONTENT_GENERATIONS.SHARED_WITH, userId))}.
 */
public final class ArrayConditions {

    private ArrayConditions() {
    }

    /** {@code column @> ARRAY[element]}: the array holds {@code element}. */
    public static <T> Condition contains(Field<List<T>> column, T element) {
        return column.contains(List.of(element));
    }

    /** {@code column @> ARRAY[elements]}: the array holds every one of {@code elements}. */
    public static <T> Condition containsAll(Field<List<T>> column, List<T> elements) {
        return column.contains(List.copyOf(elements));
    }

    /** {@code column && ARRAY[elements]}: the array holds at least one of {@code elements}. */
    public static <T> Condition overlaps(Field<List<T>> column, List<T> elements) {
        return DSL.condition("{0} && {1}", column, DSL.val(List.copyOf(elements), column));
    }
}
