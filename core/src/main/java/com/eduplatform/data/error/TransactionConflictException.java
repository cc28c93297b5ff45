package com.eduplatform.data.error;

/**
 * The transaction lost a race with a concurrent one: a serialization failure (SQLSTATE 40001) or a deadlock
 * (40P01). Nothing of it was committed, and running it again may well succeed; the retrying transaction does so
 * by itself, and throws this only once its attempts are spent.
 */
public final class TransactionConflictException extends EduDataException {

    public TransactionConflictException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
