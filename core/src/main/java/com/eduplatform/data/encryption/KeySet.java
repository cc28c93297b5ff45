package com.eduplatform.data.encryption;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keys held in memory, read once from text (the environment, a key file): the data keys by id, the current one and
 * the lookup key. Every problem is named by {@code source} and the setting, never by the key material.
 */
final class KeySet implements KeyProvider {

    private final Map<String, DataKey> keys;
    private final String currentKeyId;
    private final DataKey lookupKey;

    KeySet(Map<String, DataKey> keys, String currentKeyId, DataKey lookupKey, String source) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": no data key is configured");
        }
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException(source + ": the current key '" + currentKeyId
                    + "' is not among the keys " + keys.keySet());
        }
        this.keys = Map.copyOf(keys);
        this.currentKeyId = currentKeyId;
        this.lookupKey = lookupKey;
    }

    @Override
    public String currentKeyId() {
        return currentKeyId;
    }

    @Override
    public Optional<DataKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public DataKey lookupKey() {
        return lookupKey;
    }

    /** A key from its base64 text, the failure naming {@code setting} in {@code source}. */
    static DataKey decode(String id, String base64, String source, String setting) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(source + ": " + setting + " is missing");
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + setting + " is not base64");
        }
        if (material.length != DataKey.LENGTH) {
            throw new IllegalArgumentException(source + ": " + setting + " must decode to " + DataKey.LENGTH
                    + " bytes, decoded to " + material.length);
        }
        if (!DataKey.isValidId(id)) {
            throw new IllegalArgumentException(source + ": the key id '" + id + "' of " + setting
                    + " is not 1 to 32 characters of [A-Za-z0-9_.-]");
        }
        return new DataKey(id, material);
    }

    /** Data keys from "id:base64,id:base64" in insertion order. */
    static Map<String, DataKey> decodeList(String list, String source, String setting) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException(source + ": " + setting + " is missing");
        }
        Map<String, DataKey> keys = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(source + ": " + setting
                        + " must list keys as id:base64, separated by commas");
            }
            String id = entry.substring(0, colon).strip();
            if (keys.put(id, decode(id, entry.substring(colon + 1), source, setting + " (key '" + id + "')")) != null) {
                throw new IllegalArgumentException(source + ": " + setting + " names key '" + id + "' twice");
            }
        }
        return keys;
    }
}
