package com.eduplatform.data.error;

/**
 * A workflow step was asked of a row in a state that does not allow it: completing a failed generation, resolving
 * a doubt nobody took, publishing an exam twice. Nothing was written. {@link #currentState()} says where the row
 * actually is.
 */
public final class InvalidTransitionException extends EduDataException {

    private final String table;
    private final Object key;
    private final String currentState;
    private final String requestedState;

    public InvalidTransitionException(String table, Object key, String currentState, String requestedState) {
        super("Row " + key + " of " + table + " is " + currentState + " and cannot become " + requestedState,
                null, null);
        this.table = table;
        this.key = key;
        this.currentState = currentState;
        this.requestedState = requestedState;
    }

    /** The table of the row. */
    public String table() {
        return table;
    }

    /** The row's key. */
    public Object key() {
        return key;
    }

    /** The state the row is in. */
    public String currentState() {
        return currentState;
    }

    /** The state the step would have moved it to. */
    public String requestedState() {
        return requestedState;
    }
}
