package com.eduplatform.data.error;

/**
 * Input refused before any SQL ran: a missing required field, a string longer than its column, a number outside
 * its CHECK range, a column the schema maintains itself, a malformed page cursor. {@link #field()} names the
 * field ({@code table.column}, or the argument's name) and {@link #reason()} says why.
 */
public final class InvalidInputException extends EduDataException {

    private final String field;
    private final String reason;

    public InvalidInputException(String field, String reason) {
        this(field, reason, null);
    }

    public InvalidInputException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, null, cause);
        this.field = field;
        this.reason = reason;
    }

    /** What was refused: {@code table.column} for a column, otherwise the argument's name. */
    public String field() {
        return field;
    }

    /** Why it was refused. */
    public String reason() {
        return reason;
    }
}
