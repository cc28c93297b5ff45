package com.eduplatform.data.bulk;

import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.ConsentRequiredException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.NotNullViolationException;
import com.eduplatform.data.error.TransactionConflictException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.internal.ErrorTranslator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns what PostgreSQL reported during a COPY into the library's typed exceptions, with the input row it came
 * from in the message.
 *
 * <p>The row comes from the server's context line ("COPY table, line N") for what is judged as each line arrives
 * (CHECK, NOT NULL, unique keys, malformed values). Foreign keys, the constraint triggers that check arrays of ids
 * and the parental consent guard (V15_2) are judged at the end of the statement, and their error names no line: the
 * row is then the first of the segment whose key matches the one the error's detail names. Anything else names the
 * segment's range of rows.
 */
final class CopyFailures {

    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,\\n]*, line (\\d+)(?:, column ([^:\\n]+))?");
    /** How a foreign key's and the consent guard's details end after the key: "Key (c)=(v) is not present ...". */
    private static final List<String> KEY_DETAIL_ENDS = List.of(") is not present", ") has no active parental consent");
    private static final Set<String> KEYED_STATES = Set.of("23503", ConsentRequiredException.SQL_STATE);

    private final ErrorTranslator errors;

    CopyFailures(ErrorTranslator errors) {
        this.errors = errors;
    }

    /**
     * The exception for {@code failure}, raised by a COPY whose first row was input row {@code firstRow} and which
     * had been sent {@code rows} rows, whose key values are in {@code keys}.
     */
    EduDataException duringCopy(SQLException failure, CopyPlan<?> plan, long firstRow, int rows, Object[] keys) {
        ServerErrorMessage server = failure instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String where = null;
        if (server != null && server.getWhere() != null) {
            Matcher line = COPY_LINE.matcher(server.getWhere());
            if (line.find()) {
                where = "Row " + (firstRow + Long.parseLong(line.group(1)) - 1)
                        + (line.group(2) == null ? "" : " (column " + line.group(2) + ")");
            }
        }
        if (where == null && server != null && KEYED_STATES.contains(failure.getSQLState())) {
            long row = rowOfKeyInDetail(server, plan, firstRow, rows, keys);
            if (row > 0) {
                where = "Row " + row;
            }
        }
        if (where == null) {
            where = rows <= 1 ? "Row " + firstRow : "One of rows " + firstRow + " to " + (firstRow + rows - 1);
        }
        return withMessage(errors.translate(failure), where + " of the input into " + plan.name() + ": ", failure);
    }

    /** The first row of the segment holding the key a foreign-key or consent error's detail names, or -1. */
    private static long rowOfKeyInDetail(ServerErrorMessage server, CopyPlan<?> plan, long firstRow, int rows,
                                        Object[] keys) {
        List<Integer> columns = new ArrayList<>(plan.foreignKeyColumns(server.getConstraint()));
        if (columns.isEmpty() && server.getColumn() != null && plan.column(server.getColumn()) >= 0) {
            columns.add(plan.column(server.getColumn()));
        }
        String detail = server.getDetail();
        if (columns.isEmpty() || detail == null) {
            return -1;
        }
        List<String> names = columns.stream().map(c -> plan.field(c).getName()).toList();
        String prefix = "Key (" + String.join(", ", names) + ")=(";
        int start = detail.indexOf(prefix);
        int end = KEY_DETAIL_ENDS.stream().mapToInt(detail::lastIndexOf).max().orElse(-1);
        if (start < 0 || end < start + prefix.length()) {
            return -1;
        }
        String missing = detail.substring(start + prefix.length(), end);
        int[] keyColumns = plan.keyColumns();
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = indexOf(keyColumns, columns.get(i));
            if (positions[i] < 0) {
                return -1;
            }
        }
        for (int row = 0; row < rows; row++) {
            if (matches(keys, row * keyColumns.length, positions, missing)) {
                return firstRow + row;
            }
        }
        return -1;
    }

    /** Whether a row's key is the missing one; for an array of ids, whether it holds one of the missing ids. */
    private static boolean matches(Object[] keys, int offset, int[] positions, String missing) {
        if (positions.length == 1 && keys[offset + positions[0]] instanceof Object[] array) {
            List<String> missingIds = List.of(missing.split(", "));
            for (Object element : array) {
                if (missingIds.contains(element == null ? "NULL" : element.toString())) {
                    return true;
                }
            }
            return false;
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                key.append(", ");
            }
            Object value = keys[offset + positions[i]];
            key.append(value == null ? "null" : value.toString());
        }
        return key.toString().equals(missing);
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The same kind of exception, naming the same constraint and columns, with {@code prefix} before its message. */
    private static EduDataException withMessage(EduDataException translated, String prefix, Throwable cause) {
        String message = prefix + translated.getMessage();
        String state = translated.sqlState();
        if (translated instanceof ForeignKeyViolationException e) {
            return new ForeignKeyViolationException(message, state, e.table(), e.constraint(), e.columns(), cause);
        }
        if (translated instanceof UniqueViolationException e) {
            return new UniqueViolationException(message, state, e.table(), e.constraint(), e.columns(), cause);
        }
        if (translated instanceof CheckViolationException e) {
            return new CheckViolationException(message, state, e.table(), e.constraint(), e.columns(), cause);
        }
        if (translated instanceof NotNullViolationException e) {
            return new NotNullViolationException(message, state, e.table(), e.constraint(), e.columns(), cause);
        }
        if (translated instanceof ConsentRequiredException e) {
            return new ConsentRequiredException(e.studentId(), e.table(), message, cause);
        }
        if (translated instanceof TransactionConflictException) {
            return new TransactionConflictException(message, state, cause);
        }
        return new EduDataException(message, state, cause);
    }
}
