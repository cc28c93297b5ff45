package com.eduplatform.data.error;

/**
 * An update was based on a version of the row that is no longer current: someone else changed (or deleted) it
 * since it was read. Nothing was written; read the row again and reapply the change.
 */
public final class OptimisticLockException extends EduDataException {

    private final String table;
    private final Object key;
    private final int expectedVersion;

    public OptimisticLockException(String table, Object key, int expectedVersion) {
        super("Row " + key + " of " + table + " is no longer at version " + expectedVersion
                + ": it was changed or deleted since it was read", null, null);
        this.table = table;
        this.key = key;
        this.expectedVersion = expectedVersion;
    }

    /** The table of the row. */
    public String table() {
        return table;
    }

    /** The row's key. */
    public Object key() {
        return key;
    }

    /** The version the update expected to find. */
    public int expectedVersion() {
        return expectedVersion;
    }
}
