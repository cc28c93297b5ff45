package com.eduplatform.data.error;

/** The row a call needed does not exist (or is soft-deleted, for a default read). */
public final class NotFoundException extends EduDataException {

    private final String table;
    private final Object key;

    public NotFoundException(String table, Object key) {
        super("No row in " + table + " with key " + key, null, null);
        this.table = table;
        this.key = key;
    }

    /** The table that was searched. */
    public String table() {
        return table;
    }

    /** The key that was not found. */
    public Object key() {
        return key;
    }
}
