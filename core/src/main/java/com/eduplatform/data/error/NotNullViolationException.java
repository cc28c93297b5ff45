package com.eduplatform.data.error;

import java.util.List;

/** A required column was given no value: SQLSTATE 23502. {@link #columns()} names it. */
public final class NotNullViolationException extends ConstraintViolationException {

    public NotNullViolationException(String message, String sqlState, String table, String constraint, List<String> columns,
            Throwable cause) {
        super(message, sqlState, table, constraint, columns, cause);
    }
}
