package com.eduplatform.data.error;

/**
 * A write went where only reads may go, and nothing was written: a statement other than a read through
 * {@code EduDatabase.analytics()}, refused before it ran, or a statement a read-only server refused (SQLSTATE
 * 25006, {@code read_only_sql_transaction}), such as a hot standby serving analytics reads. Send writes through
 * {@code dsl()} or the repositories.
 */
public final class ReadOnlyException extends EduDataException {

    public ReadOnlyException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
