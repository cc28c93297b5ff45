package com.eduplatform.data.bulk;

import com.eduplatform.data.error.InvalidInputException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import org.jooq.ConverterContext;
import org.jooq.TableRecord;
import org.jooq.exception.DataTypeException;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One load: reads the rows one at a time, refuses a bad one before SQL, and writes the rest through COPY
 * statements of at most {@link #SEGMENT_ROWS} rows each, all on the caller's transaction connection.
 *
 * <p>A statement ends early when a row leaves a different set of columns to their defaults (the column list
 * changes). Segments keep what a failure needs bounded: PostgreSQL checks foreign keys at the end of a COPY, without
 * a line number, so the key values of the current segment are kept to find the row again.
 */
final class CopyRun {

    /** The most rows one COPY statement carries. */
    static final int SEGMENT_ROWS = 10_000;
    /** The bytes encoded before they are handed to the driver. */
    static final int BUFFER_BYTES = 1 << 16;

    private final CopyPlan<?> plan;
    private final CopyManager copyManager;
    private final ConverterContext converterContext;
    private final CopyFailures failures;
    private final CopyText out = new CopyText(BUFFER_BYTES);
    private final Object[] values;
    private final TableRecord<?> record;
    private final Object[] keys;

    private CopyIn copy;
    private long defaulted;
    private long row;
    private long segmentFirstRow;
    private int segmentRows;
    private long loaded;
    private int statements;

    CopyRun(CopyPlan<?> plan, CopyManager copyManager, ConverterContext converterContext, CopyFailures failures) {
        this.plan = plan;
        this.copyManager = copyManager;
        this.converterContext = converterContext;
        this.failures = failures;
        this.values = new Object[plan.columnCount()];
        this.record = plan.newRecord();
        this.keys = new Object[SEGMENT_ROWS * plan.keyColumns().length];
    }

    LoadResult load(Iterator<?> rows) {
        try {
            while (rows.hasNext()) {
                Object next = rows.next();
                row++;
                write(next);
            }
            endSegment();
            return new LoadResult(plan.name(), loaded, statements);
        } catch (RuntimeException | Error e) {
            abandon();
            throw e;
        }
    }

    private void write(Object next) {
        if (next == null) {
            throw new InvalidInputException("rows", "row " + row + " is null");
        }
        if (!plan.valueType().isInstance(next)) {
            throw new IllegalArgumentException("Row " + row + " is a " + next.getClass().getName() + ", not a "
                    + plan.valueType().getName() + " of " + plan.name());
        }
        plan.read(next, values);
        try {
            plan.validate(record, values);
        } catch (InvalidInputException refused) {
            throw inRow(refused.field(), refused.reason(), refused);
        }
        long rowDefaults = plan.defaultedColumns(values);
        if (copy == null || rowDefaults != defaulted || segmentRows == SEGMENT_ROWS) {
            endSegment();
            startSegment(rowDefaults);
        }
        int[] keyColumns = plan.keyColumns();
        int keyOffset = segmentRows * keyColumns.length;
        boolean first = true;
        for (int column = 0; column < values.length; column++) {
            if (plan.isDefaulted(column, defaulted)) {
                continue;
            }
            Object value;
            try {
                value = plan.toDatabase(column, values[column], converterContext);
            } catch (DataTypeException e) {
                throw inRow(plan.name() + "." + plan.field(column).getName(), "cannot be written: " + e.getMessage(), e);
            }
            try {
                if (!first) {
                    out.columnSeparator();
                }
                first = false;
                if (value == null) {
                    out.nullValue();
                } else {
                    out.value(value);
                }
            } catch (IllegalArgumentException e) {
                throw inRow(plan.name() + "." + plan.field(column).getName(), e.getMessage(), e);
            } catch (SQLException e) {
                throw failures.duringCopy(e, plan, segmentFirstRow, segmentRows + 1, keys);
            }
            for (int k = 0; k < keyColumns.length; k++) {
                if (keyColumns[k] == column) {
                    keys[keyOffset + k] = value;
                }
            }
        }
        try {
            out.endOfRow();
        } catch (SQLException e) {
            throw failures.duringCopy(e, plan, segmentFirstRow, segmentRows + 1, keys);
        }
        segmentRows++;
    }

    private void startSegment(long rowDefaults) {
        if (!plan.writesAnyColumn(rowDefaults)) {
            throw inRow("rows", "sets no column: every column of " + plan.name() + " would take its default, "
                    + "which COPY cannot express", null);
        }
        try {
            copy = copyManager.copyIn(plan.copySql(rowDefaults));
        } catch (SQLException e) {
            throw failures.duringCopy(e, plan, row, 0, keys);
        }
        out.target(copy);
        defaulted = rowDefaults;
        segmentFirstRow = row;
        segmentRows = 0;
        statements++;
        Arrays.fill(keys, null);
    }

    private void endSegment() {
        if (copy == null) {
            return;
        }
        try {
            out.flush();
            loaded += copy.endCopy();
        } catch (SQLException e) {
            throw failures.duringCopy(e, plan, segmentFirstRow, segmentRows, keys);
        } finally {
            copy = null;
        }
    }

    /** Stops a COPY in progress, so that the connection is usable for the rollback that follows. */
    private void abandon() {
        out.discard();
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // Expected: cancelling makes the server fail the COPY, which the driver reports here.
            }
        }
        copy = null;
    }

    private InvalidInputException inRow(String field, String reason, Throwable cause) {
        return new InvalidInputException(field, reason + " (row " + row + " of the input)", cause);
    }
}
