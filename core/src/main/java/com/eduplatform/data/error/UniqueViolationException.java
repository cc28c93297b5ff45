package com.eduplatform.data.error;

import java.util.List;

/** A row with the same value of a unique key (primary or natural) already exists: SQLSTATE 23505. */
public final class UniqueViolationException extends ConstraintViolationException {

    public UniqueViolationException(String message, String sqlState, String table, String constraint, List<String> columns,
            Throwable cause) {
        super(message, sqlState, table, constraint, columns, cause);
    }
}
