package com.eduplatform.data.error;

import java.util.List;

/**
 * PostgreSQL refused a write because it would break a constraint. The subclass says which kind; {@link
 * #constraint()}, {@link #table()} and {@link #columns()} say where, so a caller can point at the offending field.
 * Nothing of the failed statement was written.
 */
public abstract class ConstraintViolationException extends EduDataException {

    private final String table;
    private final String constraint;
    private final List<String> columns;

    protected ConstraintViolationException(String message, String sqlState, String table, String constraint,
                                           List<String> columns, Throwable cause) {
        super(message, sqlState, cause);
        this.table = table;
        this.constraint = constraint;
        this.columns = List.copyOf(columns);
    }

    /** The table the write was refused on, or {@code null} if PostgreSQL did not say. */
    public String table() {
        return table;
    }

    /** The constraint's name, e.g. {@code users_auth0_id_key}, or {@code null} for a NOT NULL column. */
    public String constraint() {
        return constraint;
    }

    /** The columns the constraint covers, possibly empty when it cannot be told. */
    public List<String> columns() {
        return columns;
    }
}
