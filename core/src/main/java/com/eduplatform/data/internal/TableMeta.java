package com.eduplatform.data.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

/**
 * What the facade knows about one table, worked out once from the generated metadata: its key, identity, version
 * and soft-delete columns, its natural key, the immutable value type rows are returned as (the generated POJO
 * record), and the mapper that builds it without reflection per row.
 */
public final class TableMeta<R extends UpdatableRecord<R>, P> {

    /** The column that holds a row's version for optimistic locking, where a table has one. */
    static final String VERSION_COLUMN = "version_number";
    /** The column that marks a row soft-deleted, where a table has one. */
    static final String DELETED_AT_COLUMN = "deleted_at";

    private final Table<R> table;
    private final Class<P> valueType;
    private final List<TableField<R, ?>> primaryKey;
    private final List<TableField<R, ?>> naturalKey;
    private final TableField<R, Integer> version;
    private final Field<OffsetDateTime> deletedAt;
    private final MethodHandle constructor;
    private final RecordMapper<Record, P> mapper;

    @SuppressWarnings("unchecked")
    public TableMeta(Table<R> table, Class<P> valueType) {
        this.table = table;
        this.valueType = valueType;
        UniqueKey<R> pk = Objects.requireNonNull(table.getPrimaryKey(), () -> table.getName() + " has no primary key");
        this.primaryKey = List.copyOf(pk.getFields());
        this.naturalKey = table.getUniqueKeys().stream()
                .filter(key -> !key.isPrimary())
                .findFirst()
                .map(key -> List.copyOf(key.getFields()))
                .orElse(List.of());
        TableField<R, Integer> versionColumn = (TableField<R, Integer>) table.field(VERSION_COLUMN);
        // A version_number that is part of the key names a row (content_generation_versions), it does not lock it.
        this.version = versionColumn != null && primaryKey.contains(versionColumn) ? null : versionColumn;
        this.deletedAt = (Field<OffsetDateTime>) table.field(DELETED_AT_COLUMN);
        this.constructor = canonicalConstructor(valueType, table.fields().length);
        this.mapper = this::toValue;
    }

    public Table<R> table() {
        return table;
    }

    public String name() {
        return table.getName();
    }

    public Class<P> valueType() {
        return valueType;
    }

    public List<TableField<R, ?>> primaryKey() {
        return primaryKey;
    }

    /** The first unique key that is not the primary key (e.g. users.auth0_id), or empty when there is none. */
    public List<TableField<R, ?>> naturalKey() {
        return naturalKey;
    }

    /** The version column, or {@code null}. */
    public TableField<R, Integer> version() {
        return version;
    }

    /** The soft-delete column, or {@code null}. */
    public Field<OffsetDateTime> deletedAt() {
        return deletedAt;
    }

    public RecordMapper<Record, P> mapper() {
        return mapper;
    }

    /** The condition matching the row with primary key {@code key}: the value itself, or a Record of a composite key. */
    @SuppressWarnings("unchecked")
    public Condition byKey(Object key) {
        if (primaryKey.size() == 1) {
            return ((Field<Object>) primaryKey.get(0)).eq(key);
        }
        Record composite = (Record) key;
        List<Condition> parts = new ArrayList<>();
        for (int i = 0; i < primaryKey.size(); i++) {
            parts.add(((Field<Object>) primaryKey.get(i)).eq(composite.get(i)));
        }
        return DSL.and(parts);
    }

    /** Builds the immutable value from a row holding every column of the table, in table order. */
    @SuppressWarnings("unchecked")
    public P toValue(Record row) {
        Object[] values = row.intoArray();
        try {
            return (P) constructor.invokeExact(values);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot build " + valueType.getName(), e);
        }
    }

    private static MethodHandle canonicalConstructor(Class<?> type, int columns) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        Class<?>[] parameters = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getType).toArray(Class<?>[]::new);
        if (parameters.length != columns) {
            throw new IllegalStateException(type + " has " + parameters.length + " components for " + columns
                    + " columns: regenerate the jOOQ classes");
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameters);
            return MethodHandles.publicLookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, parameters.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot use the canonical constructor of " + type, e);
        }
    }
}
