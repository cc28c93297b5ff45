package com.eduplatform.data.bulk;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format, encoded straight into a reusable UTF-8 byte buffer that is handed to the
 * COPY in large chunks: no String per row, no boxing beyond what the values already are.
 *
 * <p>Columns are separated by a tab, rows end with a newline, NULL is {@code \N}; backslash, tab, newline and
 * carriage return inside a value are escaped, so every row is exactly one line (the server's "line N" is the row).
 * Arrays are written as array literals with every text element quoted, {@code NULL} for a null element.
 */
final class CopyText {

    /** What a NUL character gets as a refusal: PostgreSQL text cannot hold U+0000. */
    static final String NUL_REFUSAL = "contains a NUL character (U+0000), which PostgreSQL text cannot hold";

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] buffer;
    private int position;
    private CopyIn target;

    CopyText(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** Where {@link #flush()} sends the bytes from now on. */
    void target(CopyIn target) {
        this.target = target;
    }

    /** Sends what the buffer holds to the current COPY. */
    void flush() throws SQLException {
        if (position > 0) {
            target.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }

    /** Forgets what the buffer holds (the COPY it was meant for is being abandoned). */
    void discard() {
        position = 0;
    }

    void columnSeparator() throws SQLException {
        room(1);
        buffer[position++] = '\t';
    }

    void endOfRow() throws SQLException {
        room(1);
        buffer[position++] = '\n';
    }

    void nullValue() throws SQLException {
        room(2);
        buffer[position++] = '\\';
        buffer[position++] = 'N';
    }

    /**
     * Writes a value as the database-side Java type of its column (after the column's converter): text, numbers,
     * booleans, timestamps, dates, JSON(B), arrays, byte arrays; anything else by its {@code toString()}, which is
     * what PostgreSQL parses for types such as UUID or the inet binding's host address.
     */
    void value(Object value) throws SQLException {
        if (value instanceof String text) {
            text(text, false);
        } else if (value instanceof Integer number) {
            digits(number);
        } else if (value instanceof Long number) {
            digits(number);
        } else if (value instanceof OffsetDateTime timestamp) {
            timestamp(timestamp);
        } else if (value instanceof JSONB json) {
            text(json.data(), false);
        } else if (value instanceof Boolean bool) {
            room(1);
            buffer[position++] = (byte) (bool ? 't' : 'f');
        } else if (value instanceof BigDecimal decimal) {
            ascii(decimal.toPlainString());
        } else if (value instanceof Short number) {
            digits(number);
        } else if (value instanceof Object[] array) {
            array(array);
        } else if (value instanceof Collection<?> list) {
            array(list.toArray());
        } else if (value instanceof LocalDate date) {
            ascii(date.toString());
        } else if (value instanceof JSON json) {
            text(json.data(), false);
        } else if (value instanceof byte[] bytes) {
            bytea(bytes);
        } else {
            text(value.toString(), false);
        }
    }

    /** An array literal: {@code {"a","b",NULL}} for text, {@code {1,2,NULL}} for numbers; nested arrays nest. */
    private void array(Object[] array) throws SQLException {
        room(1);
        buffer[position++] = '{';
        for (int i = 0; i < array.length; i++) {
            if (i > 0) {
                room(1);
                buffer[position++] = ',';
            }
            Object element = array[i];
            if (element == null) {
                ascii("NULL");
            } else if (element instanceof Integer || element instanceof Long || element instanceof Short
                    || element instanceof BigDecimal) {
                value(element);
            } else if (element instanceof Boolean bool) {
                room(1);
                buffer[position++] = (byte) (bool ? 't' : 'f');
            } else if (element instanceof Object[] nested) {
                array(nested);
            } else {
                room(1);
                buffer[position++] = '"';
                text(element instanceof JSONB json ? json.data() : element.toString(), true);
                room(1);
                buffer[position++] = '"';
            }
        }
        room(1);
        buffer[position++] = '}';
    }

    /**
     * Text, COPY-escaped and UTF-8 encoded; {@code inArray} also escapes {@code "} and {@code \} for a quoted array
     * element (the element's backslash then doubles again for COPY).
     */
    private void text(String text, boolean inArray) throws SQLException {
        int length = text.length();
        // Each char takes at most 4 bytes: an escaped backslash inside an array element, or half of a surrogate pair.
        boolean checked = position + 4L * length > buffer.length;
        for (int i = 0; i < length; i++) {
            if (checked) {
                room(4);
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        buffer[position++] = '\\';
                        buffer[position++] = '\\';
                        if (inArray) {
                            buffer[position++] = '\\';
                            buffer[position++] = '\\';
                        }
                    }
                    case '\t' -> {
                        buffer[position++] = '\\';
                        buffer[position++] = 't';
                    }
                    case '\n' -> {
                        buffer[position++] = '\\';
                        buffer[position++] = 'n';
                    }
                    case '\r' -> {
                        buffer[position++] = '\\';
                        buffer[position++] = 'r';
                    }
                    case '"' -> {
                        if (inArray) {
                            buffer[position++] = '\\';
                            buffer[position++] = '\\';
                        }
                        buffer[position++] = '"';
                    }
                    case 0 -> throw new IllegalArgumentException(NUL_REFUSAL);
                    default -> buffer[position++] = (byte) c;
                }
            } else if (c < 0x800) {
                buffer[position++] = (byte) (0xC0 | (c >> 6));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                buffer[position++] = (byte) (0xF0 | (codePoint >> 18));
                buffer[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                buffer[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate is not a character: '?' as Java's own UTF-8 encoder (and so the driver) writes it.
                buffer[position++] = '?';
            } else {
                buffer[position++] = (byte) (0xE0 | (c >> 12));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** Text known to need neither escaping nor multi-byte encoding. */
    private void ascii(String text) throws SQLException {
        int length = text.length();
        boolean checked = position + length > buffer.length;
        for (int i = 0; i < length; i++) {
            if (checked) {
                room(1);
            }
            buffer[position++] = (byte) text.charAt(i);
        }
    }

    private void digits(long value) throws SQLException {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        room(20);
        if (value < 0) {
            buffer[position++] = '-';
            value = -value;
        }
        int start = position;
        do {
            buffer[position++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = position - 1; i < j; i++, j--) {
            byte swap = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = swap;
        }
    }

    /**
     * {@code 2026-11-25 14:03:07.123456789+01:00}, in the value's own offset; PostgreSQL rounds the fraction to
     * microseconds, as it does for a bound parameter. Years outside 1-9999 go as ISO-8601 text for the server to
     * judge.
     */
    private void timestamp(OffsetDateTime timestamp) throws SQLException {
        int year = timestamp.getYear();
        if (year < 1 || year > 9999) {
            ascii(timestamp.toString());
            return;
        }
        room(35);
        fixed(year, 4);
        buffer[position++] = '-';
        fixed(timestamp.getMonthValue(), 2);
        buffer[position++] = '-';
        fixed(timestamp.getDayOfMonth(), 2);
        buffer[position++] = ' ';
        fixed(timestamp.getHour(), 2);
        buffer[position++] = ':';
        fixed(timestamp.getMinute(), 2);
        buffer[position++] = ':';
        fixed(timestamp.getSecond(), 2);
        int nanos = timestamp.getNano();
        if (nanos != 0) {
            buffer[position++] = '.';
            fixed(nanos, 9);
        }
        int offset = timestamp.getOffset().getTotalSeconds();
        buffer[position++] = (byte) (offset < 0 ? '-' : '+');
        offset = Math.abs(offset);
        fixed(offset / 3600, 2);
        buffer[position++] = ':';
        fixed(offset / 60 % 60, 2);
        if (offset % 60 != 0) {
            buffer[position++] = ':';
            fixed(offset % 60, 2);
        }
    }

    private void fixed(int value, int width) {
        for (int i = position + width - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position += width;
    }

    /** bytea in hex form, {@code \x...}, its backslash escaped for COPY. */
    private void bytea(byte[] bytes) throws SQLException {
        room(3);
        buffer[position++] = '\\';
        buffer[position++] = '\\';
        buffer[position++] = 'x';
        for (byte b : bytes) {
            room(2);
            buffer[position++] = HEX[(b >> 4) & 0xF];
            buffer[position++] = HEX[b & 0xF];
        }
    }

    private void room(int bytes) throws SQLException {
        if (position + bytes > buffer.length) {
            flush();
        }
    }
}
