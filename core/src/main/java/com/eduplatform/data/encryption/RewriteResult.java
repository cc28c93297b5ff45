package com.eduplatform.data.encryption;

import java.util.Map;

/**
 * What {@link FieldEncryption#rotate()} or {@link FieldEncryption#decryptAll()} did, per encrypted column
 * ({@code table.column}, in schema order): how many values it rewrote and how many were already as wanted. Null
 * values are not counted.
 *
 * @param keyId     the key every value is now encrypted with, or {@code null} after {@code decryptAll()}
 * @param rewritten values rewritten, by column
 * @param unchanged values left as they were, by column
 */
public record RewriteResult(String keyId, Map<String, Long> rewritten, Map<String, Long> unchanged) {

    public RewriteResult {
        rewritten = Map.copyOf(rewritten);
        unchanged = Map.copyOf(unchanged);
    }

    /** Values rewritten, over all columns. */
    public long totalRewritten() {
        return rewritten.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Values left as they were, over all columns. */
    public long totalUnchanged() {
        return unchanged.values().stream().mapToLong(Long::longValue).sum();
    }
}
