package com.eduplatform.data.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared by the JSONB document records: their unknown fields, kept in order and unmodifiable. */
final class Documents {

    private Documents() {
    }

    static Map<String, Object> copyOf(Map<String, Object> fields) {
        return fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
