package com.eduplatform.data.error;

/**
 * The root of every exception the library throws: unchecked, and the only kind a caller has to catch. The
 * subclasses say what went wrong in terms a caller can act on; anything else (a lost connection, a timeout, a
 * statement PostgreSQL refused for another reason) is this class itself, with the SQLSTATE when there is one.
 */
public class EduDataException extends RuntimeException {

    private final String sqlState;

    public EduDataException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE PostgreSQL reported, or {@code null} when the failure did not come from the database. */
    public String sqlState() {
        return sqlState;
    }
}
