package com.eduplatform.data.replica;

import java.util.Objects;

/**
 * A position in the primary's write-ahead log (a PostgreSQL {@code pg_lsn}), as a token of "this much has been
 * committed". {@link com.eduplatform.data.EduDatabase#lastCommitPosition()} hands one out after a write;
 * {@link com.eduplatform.data.EduDatabase#analytics(WalPosition)} reads from the replica only once it has replayed
 * at least that far. Its text form is PostgreSQL's ({@code 0/16B3748}), so a web host can carry it across requests
 * in a cookie or header and {@link #parse(String)} it back.
 *
 * @param value the 64-bit log position, compared unsigned
 */
public record WalPosition(long value) implements Comparable<WalPosition> {

    /** Parses PostgreSQL's text form of a {@code pg_lsn}: two hexadecimal halves separated by a slash. */
    public static WalPosition parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("Not a WAL position (like 0/16B3748): " + text);
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            return new WalPosition(high << 32 | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a WAL position (like 0/16B3748): " + text, e);
        }
    }

    /** Whether this position is at or past {@code other}. */
    public boolean reached(WalPosition other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(WalPosition other) {
        return Long.compareUnsigned(value, other.value);
    }

    /** PostgreSQL's text form, e.g. {@code 0/16B3748}. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
