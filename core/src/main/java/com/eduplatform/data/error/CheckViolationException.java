package com.eduplatform.data.error;

import java.util.List;

/** A value breaks a CHECK, such as a score outside its range, or a rule the schema keeps with a trigger (a derived array written directly): SQLSTATE 23514. */
public final class CheckViolationException extends ConstraintViolationException {

    public CheckViolationException(String message, String sqlState, String table, String constraint, List<String> columns,
            Throwable cause) {
        super(message, sqlState, table, constraint, columns, cause);
    }
}
