package com.eduplatform.data;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.internal.CursorCodec;
import com.eduplatform.data.internal.TableMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.RowN;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.TableField;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;
import org.jooq.tools.Convert;

/**
 * Keyset (seek) pagination of one table: pages continue from the sort values of the row a cursor points at, so a
 * page deep in the listing costs what the first one does, and rows inserted meanwhile do not shift pages.
 */
final class Keyset<R extends UpdatableRecord<R>, P> {

    private final TableMeta<R, P> meta;
    private final CursorCodec cursors;

    Keyset(TableMeta<R, P> meta, CursorCodec cursors) {
        this.meta = meta;
        this.cursors = cursors;
    }

    /** A sort key of the listing: a NOT NULL column of the table and its direction. */
    private record Key(Field<Object> field, boolean descending) {
        SortField<Object> sort(boolean reversed) {
            return descending != reversed ? field.desc() : field.asc();
        }
    }

    Page<P> page(DSLContext dsl, PageRequest request, Condition where, String cursor, boolean forward) {
        if (request.size() < 1 || request.size() > PageRequest.MAX_SIZE) {
            throw new InvalidInputException("size", "must be 1 to " + PageRequest.MAX_SIZE
                    + " (was " + request.size() + ")");
        }
        List<Key> keys = keys(request.orderBy());
        String fingerprint = CursorCodec.fingerprint(meta.name(), describe(keys), dsl.renderInlined(where));
        Condition seek = DSL.noCondition();
        List<Object> position = null;
        if (cursor != null) {
            CursorCodec.Position decoded = cursors.decode(cursor, fingerprint);
            if (decoded.forward() != forward) {
                throw new InvalidInputException("cursor", forward
                        ? "points to the previous page: pass it to pageBefore"
                        : "points to the next page: pass it to pageAfter");
            }
            position = decode(keys, decoded.values());
            seek = seek(keys, position, forward);
        }
        List<SortField<Object>> order = keys.stream().map(key -> key.sort(!forward)).toList();
        // The LIMIT is inlined (a validated int, 1 to MAX_SIZE + 1), not bound. Bound, it makes PostgreSQL cost a
        // generic plan for an unknown limit (a tenth of the table), so the prepared statement never switches to
        // its generic plan and every page is planned again across all of the table's partitions: on the
        // 15-partition user_activity_logs that planning doubled the time of every page after the first.
        List<R> rows = new ArrayList<>(dsl.selectFrom(meta.table()).where(where).and(seek)
                .orderBy(order).limit(DSL.inline(request.size() + 1)).fetch());
        boolean more = rows.size() > request.size();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (!forward) {
            Collections.reverse(rows);
        }
        List<P> items = rows.stream().map(meta::toValue).toList();
        String next;
        String previous;
        if (forward) {
            next = more ? token(keys, values(keys, rows.get(rows.size() - 1)), true, fingerprint) : null;
            previous = cursor == null ? null
                    : token(keys, rows.isEmpty() ? position : values(keys, rows.get(0)), false, fingerprint);
        } else {
            previous = more ? token(keys, values(keys, rows.get(0)), false, fingerprint) : null;
            next = token(keys, rows.isEmpty() ? position : values(keys, rows.get(rows.size() - 1)), true, fingerprint);
        }
        return new Page<>(items, next, previous);
    }

    @SuppressWarnings("unchecked")
    private List<Key> keys(List<SortField<?>> orderBy) {
        List<Key> keys = new ArrayList<>();
        for (SortField<?> sort : orderBy) {
            Field<?> field = meta.table().field(sort.$field());
            if (sort.$field() instanceof TableField<?, ?> column && !meta.table().equals(column.getTable())) {
                field = null;
            }
            if (field == null) {
                throw new InvalidInputException("orderBy", sort.$field().getName() + " is not a column of "
                        + meta.name());
            }
            if (field.getDataType().nullable()) {
                throw new InvalidInputException("orderBy", field.getName()
                        + " is nullable, and keyset pages need NOT NULL sort columns");
            }
            keys.add(new Key((Field<Object>) field, sort.getOrder() == SortOrder.DESC));
        }
        for (Field<?> key : meta.primaryKey()) {
            if (keys.stream().noneMatch(k -> k.field().equals(key))) {
                keys.add(new Key((Field<Object>) key, false));
            }
        }
        return List.copyOf(keys);
    }

    /** The order as the fingerprint names it: column names and directions (jOOQ's own rendering costs more). */
    private static String describe(List<Key> keys) {
        StringBuilder order = new StringBuilder();
        for (Key key : keys) {
            order.append(key.field().getName()).append(key.descending() ? " desc," : " asc,");
        }
        return order.toString();
    }

    /**
     * Rows strictly after (or before) {@code position} in the listing's order. When every key runs the same way
     * this is one row-value comparison, {@code (a, b) > (x, y)}, which PostgreSQL uses as a B-tree range bound on
     * an index over those columns, so the scan starts at the cursor and a page at any depth reads only its own
     * rows. The equivalent {@code a > x OR (a = x AND b > y)} cannot bound an index scan: the index is read from
     * the start and the rows before the cursor filtered out one by one, a cost that grows with the depth. Keys in
     * mixed directions have no row-value form; there the OR form stays.
     *
     * <p>Either way the first key's own bound ({@code a >= x}) comes first. PostgreSQL prunes partitions only on a
     * plain comparison of the partition key, never on a row value, so on a table partitioned by the first key
     * (user_activity_logs by "timestamp") this is what drops every partition past the cursor from the plan, at
     * executor start-up of the prepared statement's generic plan: a page deep in the feed then scans fewer
     * partitions than the first page does. Elsewhere it is the index bound the OR form needs and, next to a row
     * value, a redundant one the index scan absorbs (docs/benchmarks.md, "Keyset paging at depth").
     */
    private static Condition seek(List<Key> keys, List<Object> position, boolean forward) {
        List<Field<Object>> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(DSL.val(position.get(i), keys.get(i).field()));
        }
        Field<Object> first = keys.get(0).field();
        boolean firstGreater = keys.get(0).descending() != forward;
        if (keys.size() == 1) {
            return firstGreater ? first.gt(values.get(0)) : first.lt(values.get(0));
        }
        Condition bound = firstGreater ? first.ge(values.get(0)) : first.le(values.get(0));
        if (keys.stream().allMatch(key -> key.descending() == keys.get(0).descending())) {
            RowN row = DSL.row(keys.stream().map(Key::field).toList());
            RowN value = DSL.row(values);
            return bound.and(firstGreater ? row.gt(value) : row.lt(value));
        }
        List<Condition> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<Condition> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(keys.get(j).field().eq(values.get(j)));
            }
            Key key = keys.get(i);
            boolean greater = key.descending() != forward;
            parts.add(greater ? key.field().gt(values.get(i)) : key.field().lt(values.get(i)));
            alternatives.add(DSL.and(parts));
        }
        return bound.and(DSL.or(alternatives));
    }

    private List<Object> values(List<Key> keys, Record row) {
        List<Object> values = new ArrayList<>(keys.size());
        for (Key key : keys) {
            values.add(row.get(key.field()));
        }
        return values;
    }

    private String token(List<Key> keys, List<Object> values, boolean forward, String fingerprint) {
        List<String> encoded = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            encoded.add(format(databaseConverter(keys.get(i)).to(values.get(i))));
        }
        return cursors.encode(new CursorCodec.Position(forward, fingerprint, encoded));
    }

    private List<Object> decode(List<Key> keys, List<String> encoded) {
        if (encoded.size() != keys.size()) {
            throw new InvalidInputException("cursor", "belongs to another query; start again from the first page");
        }
        List<Object> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Converter<Object, Object> converter = databaseConverter(keys.get(i));
            String text = encoded.get(i);
            try {
                Object database = parse(text, converter.fromType());
                Object value = database == null ? null : converter.from(database);
                if (value == null) {
                    throw new IllegalArgumentException(text);
                }
                values.add(value);
            } catch (RuntimeException e) {
                throw new InvalidInputException("cursor", "holds a value that is not a "
                        + keys.get(i).field().getName(), e);
            }
        }
        return values;
    }

    /**
     * A sort value as a cursor holds it: a timestamp as its epoch second and nanosecond ({@code 1709283600:123456000};
     * reading that back costs a fraction of parsing ISO-8601, which was the largest part of reading a cursor), every
     * other value as its text.
     */
    private static String format(Object value) {
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.toEpochSecond() + ":" + timestamp.getNano();
        }
        return value.toString();
    }

    /** A sort value as {@link #format} wrote it: the usual key types directly, the rest through jOOQ's Convert. */
    private static Object parse(String text, Class<?> type) {
        if (type == Long.class) {
            return Long.valueOf(text);
        }
        if (type == String.class) {
            return text;
        }
        if (type == OffsetDateTime.class) {
            int colon = text.indexOf(':');
            long second = Long.parseLong(text.substring(0, Math.max(colon, 0)));
            int nano = Integer.parseInt(text.substring(colon + 1));
            if (nano < 0 || nano > 999_999_999) {
                throw new IllegalArgumentException(text);
            }
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nano), ZoneOffset.UTC);
        }
        if (type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == UUID.class) {
            return UUID.fromString(text);
        }
        return Convert.convert(text, type);
    }

    @SuppressWarnings("unchecked")
    private static Converter<Object, Object> databaseConverter(Key key) {
        return (Converter<Object, Object>) key.field().getConverter();
    }
}
