package com.eduplatform.data.error;

import java.util.List;

/** A reference names a row that does not exist, or a row still referenced was deleted: SQLSTATE 23503. Arrays of ids (`members`, `to_user_ids`, ...) report it too, naming the missing element. */
public final class ForeignKeyViolationException extends ConstraintViolationException {

    public ForeignKeyViolationException(String message, String sqlState, String table, String constraint, List<String> columns,
            Throwable cause) {
        super(message, sqlState, table, constraint, columns, cause);
    }
}
