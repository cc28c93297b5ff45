package com.eduplatform.data.encryption;

import java.util.Optional;

/**
 * Where the keys of field encryption come from: the host implements it (a KMS, a vault, a secrets manager), or uses
 * {@link EnvironmentKeyProvider} or {@link KeyFileKeyProvider}. Given to
 * {@link com.eduplatform.data.EduDatabase.Builder#keyProvider(KeyProvider)}.
 *
 * <p>Called on every encrypted value written ({@link #currentKeyId()}) and on the first read of each key id
 * ({@link #key(String)}; the library keeps the keys it has seen): implementations must be thread-safe and fast,
 * holding the keys in memory rather than fetching them per call.
 */
public interface KeyProvider {

    /** The id of the key new values are encrypted with; {@link #key(String)} must know it. */
    String currentKeyId();

    /**
     * The key of this id, current or retired, or empty when there is none: a value encrypted under an unknown id
     * cannot be read ({@link com.eduplatform.data.error.DecryptionException}). Keep a retired key until
     * {@link FieldEncryption#rotate()} has rewritten every value under it.
     */
    Optional<DataKey> key(String keyId);

    /**
     * The key of the keyed hash (HMAC-SHA256) that makes e-mail addresses findable by exact match
     * ({@link FieldEncryption#emailEquals(String)}). Separate from the data keys, and not rotated with them: a new
     * lookup key finds nothing until {@link FieldEncryption#rotate()} has rewritten every address.
     */
    DataKey lookupKey();
}
