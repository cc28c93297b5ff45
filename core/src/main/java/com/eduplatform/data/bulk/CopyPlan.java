package com.eduplatform.data.bulk;

import com.eduplatform.data.internal.InputValidator;
import com.eduplatform.data.jooq.Tables;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.ContextConverter;
import org.jooq.Converter;
import org.jooq.ConverterContext;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.IdentityConverter;

/**
 * What loading one table takes, worked out once from the generated metadata: the POJO record's accessors, each
 * column's converter to its database type, which columns have a default, which values identify a foreign-key
 * violation after the fact, the validator, and the COPY statement for each set of columns left to their defaults.
 */
final class CopyPlan<R extends TableRecord<R>> {

    private final Table<R> table;
    private final Class<?> valueType;
    private final Field<?>[] fields;
    private final MethodHandle[] accessors;
    private final Converter<Object, Object>[] converters;
    /** For each column, its bit in a row's set of defaulted columns, or -1 where the column has no default. */
    private final int[] defaultBit;
    /** The columns whose values are kept per segment to find the row a foreign-key violation came from. */
    private final int[] keyColumns;
    private final InputValidator validator;
    private final Map<Long, String> copySql = new ConcurrentHashMap<>();
    private final DSLContext renderer;

    @SuppressWarnings("unchecked")
    CopyPlan(Table<R> table, DSLContext renderer) {
        this.table = table;
        this.renderer = renderer;
        this.fields = table.fields();
        this.valueType = valueType(table);
        this.validator = InputValidator.of(table);
        RecordComponent[] components = valueType.getRecordComponents();
        if (components.length != fields.length) {
            throw new IllegalStateException(valueType.getName() + " has " + components.length + " components for "
                    + fields.length + " columns: regenerate the jOOQ classes");
        }
        this.accessors = new MethodHandle[fields.length];
        this.converters = new Converter[fields.length];
        this.defaultBit = new int[fields.length];
        int defaulted = 0;
        List<Integer> keys = new ArrayList<>();
        List<Field<?>> referencing = new ArrayList<>();
        for (ForeignKey<R, ?> reference : table.getReferences()) {
            referencing.addAll(reference.getFields());
        }
        for (int i = 0; i < fields.length; i++) {
            accessors[i] = accessor(components[i]);
            Converter<Object, Object> converter = (Converter<Object, Object>) fields[i].getConverter();
            converters[i] = converter instanceof IdentityConverter ? null : converter;
            DataType<?> type = fields[i].getDataType();
            if (type.defaulted() || type.identity()) {
                if (defaulted == Long.SIZE) {
                    throw new IllegalArgumentException(table.getName() + " has more than " + Long.SIZE
                            + " columns with defaults, more than bulk loading handles");
                }
                defaultBit[i] = defaulted++;
            } else {
                defaultBit[i] = -1;
            }
            // Foreign keys and arrays of ids (checked by constraint triggers) are judged at the end of a COPY,
            // where PostgreSQL no longer says which line: these values find the row again.
            if (referencing.contains(fields[i]) || converter.fromType().isArray()) {
                keys.add(i);
            }
        }
        this.keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
    }

    Table<R> table() {
        return table;
    }

    String name() {
        return table.getName();
    }

    Class<?> valueType() {
        return valueType;
    }

    int columnCount() {
        return fields.length;
    }

    Field<?> field(int column) {
        return fields[column];
    }

    int[] keyColumns() {
        return keyColumns;
    }

    /** Copies the components of {@code row}, a {@link #valueType()} record, into {@code values}, in column order. */
    void read(Object row, Object[] values) {
        try {
            for (int i = 0; i < accessors.length; i++) {
                values[i] = accessors[i].invokeExact(row);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot read " + valueType.getName(), e);
        }
    }

    /** A record for {@link #validate}, reused for every row of one load. */
    R newRecord() {
        return table.newRecord();
    }

    /**
     * Refuses before SQL what the schema would refuse, exactly as an insert through the repository does: the row's
     * values go into {@code record} with every field marked set, so a null is judged as a field left unset.
     */
    @SuppressWarnings("unchecked")
    void validate(TableRecord<?> record, Object[] values) {
        for (int i = 0; i < fields.length; i++) {
            record.set((Field<Object>) fields[i], values[i]);
        }
        record.changed(true);
        validator.checkInsert(record);
    }

    /** The value of {@code column} as its database type, through the column's converter. */
    Object toDatabase(int column, Object value, ConverterContext context) {
        Converter<Object, Object> converter = converters[column];
        if (value == null || converter == null) {
            return value;
        }
        return converter instanceof ContextConverter<Object, Object> contextual
                ? contextual.to(value, context)
                : converter.to(value);
    }

    /** Whether {@code column} is left to its default when {@code defaulted} is a row's set of defaulted columns. */
    boolean isDefaulted(int column, long defaulted) {
        int bit = defaultBit[column];
        return bit >= 0 && (defaulted & (1L << bit)) != 0;
    }

    /**
     * The columns of a row that take their default: those with a default (an identity included) that hold null.
     * COPY applies a default only to a column missing from its column list, so these are left out of it.
     */
    long defaultedColumns(Object[] values) {
        long defaulted = 0;
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null && defaultBit[i] >= 0) {
                defaulted |= 1L << defaultBit[i];
            }
        }
        return defaulted;
    }

    /** Whether a row with these defaulted columns still writes at least one column. */
    boolean writesAnyColumn(long defaulted) {
        for (int i = 0; i < fields.length; i++) {
            if (!isDefaulted(i, defaulted)) {
                return true;
            }
        }
        return false;
    }

    /** {@code COPY "table" ("a", "b") FROM STDIN}, every identifier quoted from the metadata. */
    String copySql(long defaulted) {
        return copySql.computeIfAbsent(defaulted, key -> {
            StringJoiner columns = new StringJoiner(", ", " (", ")");
            for (int i = 0; i < fields.length; i++) {
                if (!isDefaulted(i, key)) {
                    columns.add(renderer.render(fields[i].getUnqualifiedName()));
                }
            }
            return "COPY " + renderer.render(table.getQualifiedName()) + columns + " FROM STDIN";
        });
    }

    /** The columns of {@code constraint} if it is one of the table's foreign keys, else empty. */
    List<Integer> foreignKeyColumns(String constraint) {
        for (ForeignKey<R, ?> reference : table.getReferences()) {
            if (reference.getName().equals(constraint)) {
                return reference.getFields().stream().map(f -> Arrays.asList(fields).indexOf(f)).toList();
            }
        }
        return List.of();
    }

    /** The index of the column named {@code name}, or -1. */
    int column(String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Class<?> valueType(Table<?> table) {
        String name = Tables.class.getPackageName() + ".tables.pojos." + table.getClass().getSimpleName();
        try {
            Class<?> type = Class.forName(name);
            if (!type.isRecord()) {
                throw new IllegalStateException(name + " is not a record: regenerate the jOOQ classes");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No generated value type " + name + ": regenerate the jOOQ classes", e);
        }
    }

    private static MethodHandle accessor(RecordComponent component) {
        try {
            return MethodHandles.publicLookup().unreflect(component.getAccessor())
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read component " + component.getName(), e);
        }
    }
}
