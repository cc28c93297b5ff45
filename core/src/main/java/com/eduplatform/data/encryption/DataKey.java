package com.eduplatform.data.encryption;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A 256-bit key and the id stored beside every value it encrypts, so that values written under an old key can still
 * be read while keys rotate. Ids are 1 to 32 characters of {@code [A-Za-z0-9_.-]}; the key material is copied in
 * and out, and {@link #toString()} never shows it.
 */
public record DataKey(String id, byte[] material) {

    /** The length of every key, in bytes: AES-256 and HMAC-SHA256 keys alike. */
    public static final int LENGTH = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    public DataKey {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A key id is 1 to 32 characters of [A-Za-z0-9_.-], was '" + id + "'");
        }
        if (material == null || material.length != LENGTH) {
            throw new IllegalArgumentException("Key '" + id + "' must have " + LENGTH + " bytes, had "
                    + (material == null ? "none" : material.length));
        }
        material = material.clone();
    }

    /** A copy of the key material. */
    @Override
    public byte[] material() {
        return material.clone();
    }

    /** Whether {@code id} can name a key. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey key && id.equals(key.id) && Arrays.equals(material, key.material);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(material);
    }

    @Override
    public String toString() {
        return "DataKey[id=" + id + ", material=(hidden)]";
    }
}
