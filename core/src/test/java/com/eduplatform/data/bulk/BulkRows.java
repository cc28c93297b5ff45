package com.eduplatform.data.bulk;

import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Rows and comparisons the bulk tests share. */
final class BulkRows {

    /**
     * Text that breaks naive COPY encoders: the delimiter, line breaks, backslashes (also as {@code \N} and
     * {@code \.}), quotes, array syntax, and characters of one to four UTF-8 bytes.
     */
    static final String HOSTILE = "tab\there\nnew line\r\ncarriage \\ back\\slash \\N \\. 'single' \"double\" "
            + "{braces},commas NULL é ß ✓ 漢字 😀 end";

    private BulkRows() {
    }

    /** A JSONB document holding {@link #HOSTILE} text in keys, values and arrays. */
    static JsonNode hostileDocument(int n) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("n", n);
        details.put("text", HOSTILE);
        details.put(HOSTILE, true);
        details.putArray("list").add("a\tb").add("\\").addNull().add(1.5);
        details.putObject("nested").put("quote", "\"").put("empty", "");
        return details;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static UserActivityLogs activity(String userId, OffsetDateTime at, int n) {
        return new UserActivityLogs(null, userId, "page_view", hostileDocument(n), at,
                address(n % 2 == 0 ? "192.0.2." + (n % 250) : "2001:db8::" + Integer.toHexString(n)),
                "Mozilla/5.0 " + HOSTILE, "session-" + n, n);
    }

    /**
     * The components of a generated record, without those named in {@code skipped}, timestamps as instants (the
     * database hands them back in its own offset): comparable with {@code equals}.
     */
    static List<Object> components(Record row, String... skipped) {
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            if (List.of(skipped).contains(component.getName())) {
                continue;
            }
            try {
                Object value = component.getAccessor().invoke(row);
                values.add(value instanceof OffsetDateTime t ? t.toInstant() : value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    static List<List<Object>> components(List<? extends Record> rows, String... skipped) {
        return rows.stream().map(row -> components(row, skipped)).toList();
    }
}
