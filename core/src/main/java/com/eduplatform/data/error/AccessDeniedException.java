package com.eduplatform.data.error;

/**
 * The acting user may not do this: a student resolving a doubt, a parent asking about a child that is not linked to
 * them, a user opening content nobody shared with them. Also what PostgreSQL refuses with SQLSTATE 42501: a write
 * that a row-level security policy does not allow (a row written into another tenant), or a privilege the connected
 * role does not hold. Nothing was written.
 */
public final class AccessDeniedException extends EduDataException {

    private final String userId;
    private final String table;

    /** A refusal by the library's own checks, before or between statements. */
    public AccessDeniedException(String userId, String reason) {
        super("User " + userId + " " + reason, null, null);
        this.userId = userId;
        this.table = null;
    }

    /**
     * A refusal by PostgreSQL (SQLSTATE 42501).
     *
     * @param userId the user the transaction acted for, or {@code null} when it acted for nobody
     * @param table  the table refused, or {@code null} when PostgreSQL did not name it
     */
    public AccessDeniedException(String userId, String message, String sqlState, String table, Throwable cause) {
        super(message, sqlState, cause);
        this.userId = userId;
        this.table = table;
    }

    /** The user who was refused, or {@code null} when the statement acted for no user. */
    public String userId() {
        return userId;
    }

    /** The table PostgreSQL refused access to, or {@code null} for a refusal of the library's own checks. */
    public String table() {
        return table;
    }
}
