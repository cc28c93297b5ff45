package com.eduplatform.data.encryption;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys from environment variables, read once when constructed:
 *
 * <pre>
 * EDUDATA_ENCRYPTION_KEYS=k1:&lt;base64 of 32 bytes&gt;,k2:&lt;base64 of 32 bytes&gt;
 * EDUDATA_ENCRYPTION_CURRENT_KEY=k2          (default: the last key listed)
 * EDUDATA_ENCRYPTION_LOOKUP_KEY=&lt;base64 of 32 bytes&gt;
 * </pre>
 *
 * The usual shape for containers, where an orchestrator injects secrets as variables. A key is generated with e.g.
 * {@code openssl rand -base64 32}. A missing or malformed variable fails construction with an
 * {@link IllegalArgumentException} naming it, never showing a key.
 */
public final class EnvironmentKeyProvider implements KeyProvider {

    /** The data keys, {@code id:base64} separated by commas. */
    public static final String KEYS = "EDUDATA_ENCRYPTION_KEYS";
    /** The id of the key new values are encrypted with (default: the last of {@link #KEYS}). */
    public static final String CURRENT_KEY = "EDUDATA_ENCRYPTION_CURRENT_KEY";
    /** The key of the e-mail lookup hash, base64. */
    public static final String LOOKUP_KEY = "EDUDATA_ENCRYPTION_LOOKUP_KEY";

    private final KeySet keys;

    /** Reads this process's environment. */
    public EnvironmentKeyProvider() {
        this(System.getenv());
    }

    /** Reads the given variables, e.g. a test's own map. */
    public EnvironmentKeyProvider(Map<String, String> environment) {
        String source = "environment";
        var data = KeySet.decodeList(environment.get(KEYS), source, KEYS);
        String current = environment.get(CURRENT_KEY);
        if (current == null || current.isBlank()) {
            current = List.copyOf(data.keySet()).get(data.size() - 1);
        }
        this.keys = new KeySet(data, current.strip(),
                KeySet.decode("lookup", environment.get(LOOKUP_KEY), source, LOOKUP_KEY), source + " " + KEYS);
    }

    @Override
    public String currentKeyId() {
        return keys.currentKeyId();
    }

    @Override
    public Optional<DataKey> key(String keyId) {
        return keys.key(keyId);
    }

    @Override
    public DataKey lookupKey() {
        return keys.lookupKey();
    }
}
