package com.eduplatform.data.internal.jooq;

import com.eduplatform.data.encryption.DataKey;
import com.eduplatform.data.encryption.KeyProvider;
import com.eduplatform.data.error.DecryptionException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.ConverterContext;

/**
 * Field encryption: AES-256-GCM with a random 96-bit IV per value and the column ({@code table.column}) as
 * associated data, so a value copied into another column does not decrypt. Stored as text:
 * {@code ev1:<key id>:<base64 of IV | ciphertext | tag>}, and for a column with a lookup hash
 * {@code ...:<HMAC-SHA256 of column and value under the lookup key, 64 hex digits>}.
 *
 * <p>Without a {@link KeyProvider} ({@link #disabled()}) values are written as they are and read as they are; a
 * stored value that is encrypted is then a {@link DecryptionException}. With one, values are written encrypted and
 * plaintext values (written before a key was configured) are still read as they are.
 */
public final class FieldCipher {

    /** The {@link org.jooq.Configuration#data(Object)} key of the entry point's cipher. */
    public static final String KEY = "com.eduplatform.data.fieldCipher";

    /** The prefix of every encrypted value: the format's version. */
    public static final String PREFIX = "ev1:";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FieldCipher DISABLED = new FieldCipher(null);
    // Looking a Cipher or Mac up costs more than using it on a short value: one of each per thread, re-initialised
    // per value (with a fresh IV for every encryption).
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> instance("AES/GCM/NoPadding"));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no HmacSHA256", e);
        }
    });

    private final KeyProvider keys;
    private final ConcurrentMap<String, SecretKey> known = new ConcurrentHashMap<>();
    private final SecretKey lookupKey;

    private FieldCipher(KeyProvider keys) {
        this.keys = keys;
        this.lookupKey = keys == null ? null : new SecretKeySpec(keys.lookupKey().material(), "HmacSHA256");
    }

    /** Encrypts with the keys of {@code keys}; checks that its current key exists. */
    public static FieldCipher of(KeyProvider keys) {
        FieldCipher cipher = new FieldCipher(keys);
        cipher.currentKey();
        return cipher;
    }

    /** Writes and reads plaintext. */
    public static FieldCipher disabled() {
        return DISABLED;
    }

    /** The cipher configured on the executing {@link org.jooq.Configuration}, or {@link #disabled()}. */
    static FieldCipher from(ConverterContext context) {
        Object configured = context == null ? null : context.configuration().data(KEY);
        return configured instanceof FieldCipher cipher ? cipher : DISABLED;
    }

    /** Whether a key provider is configured. */
    public boolean enabled() {
        return keys != null;
    }

    /** The id of the key values are now encrypted with, or {@code null} when {@linkplain #enabled() disabled}. */
    public String currentKeyId() {
        return keys == null ? null : keys.currentKeyId();
    }

    /** Whether a stored value is in the encrypted form. */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The key id an encrypted stored value names. */
    public static String keyIdOf(String stored) {
        int end = stored.indexOf(':', PREFIX.length());
        return end < 0 ? "" : stored.substring(PREFIX.length(), end);
    }

    /** The stored form of {@code plaintext} in {@code column}, with the lookup hash when {@code lookup}. */
    public String encrypt(String column, String plaintext, boolean lookup) {
        if (keys == null) {
            if (isEncrypted(plaintext)) {
                throw new InvalidInputException(column, "starts with '" + PREFIX
                        + "', which marks encrypted values; configure a key provider to store it");
            }
            return plaintext;
        }
        String keyId = keys.currentKeyId();
        SecretKey key = currentKey();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new EduDataException(column + ": AES-GCM encryption failed: " + e.getMessage(), null, e);
        }
        byte[] stored = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        String text = PREFIX + keyId + ':' + Base64.getEncoder().encodeToString(stored);
        return lookup ? text + ':' + lookupHash(column, plaintext) : text;
    }

    /** The plaintext of a stored value of {@code column}: plaintext values are returned as they are. */
    public String decrypt(String column, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        String keyId = keyIdOf(stored);
        if (keyId.isEmpty()) {
            throw new DecryptionException(column, "", "the stored value is malformed", null);
        }
        if (keys == null) {
            throw new DecryptionException(column, keyId, "no key provider is configured", null);
        }
        SecretKey key = key(keyId, column);
        int start = PREFIX.length() + keyId.length() + 1;
        int end = stored.indexOf(':', start);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(start, end < 0 ? stored.length() : end));
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(column, keyId, "the stored value is malformed", null);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new DecryptionException(column, keyId, "the stored value is too short", null);
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(column, keyId,
                    "it does not authenticate: a different key under that id, a value of another column, or an altered value",
                    null);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(column, keyId, "AES-GCM failed: " + e.getMessage(), e);
        }
    }

    /** The keyed hash of {@code value} in {@code column} (HMAC-SHA256, hex): what an exact-match lookup compares. */
    public String lookupHash(String column, String value) {
        if (lookupKey == null) {
            throw new IllegalStateException("No key provider is configured: there is no lookup key");
        }
        try {
            Mac mac = HMAC.get();
            mac.init(lookupKey);
            mac.update(column.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new EduDataException(column + ": HMAC-SHA256 failed: " + e.getMessage(), null, e);
        }
    }

    /** The lookup hash a stored value carries, or {@code null}. */
    public static String storedLookupHash(String stored) {
        if (!isEncrypted(stored)) {
            return null;
        }
        int keyEnd = stored.indexOf(':', PREFIX.length());
        int dataEnd = keyEnd < 0 ? -1 : stored.indexOf(':', keyEnd + 1);
        return dataEnd < 0 ? null : stored.substring(dataEnd + 1);
    }

    private static Cipher instance(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no " + transformation, e);
        }
    }

    private SecretKey currentKey() {
        String id = keys.currentKeyId();
        SecretKey key = known.get(id);
        if (key != null) {
            return key;
        }
        DataKey data = keys.key(id).orElseThrow(() -> new IllegalStateException(
                "The key provider's current key '" + id + "' is not among its keys"));
        return known.computeIfAbsent(id, ignored -> new SecretKeySpec(data.material(), "AES"));
    }

    private SecretKey key(String keyId, String column) {
        SecretKey key = known.get(keyId);
        if (key != null) {
            return key;
        }
        DataKey data = keys.key(keyId).orElseThrow(() -> new DecryptionException(column, keyId,
                "the key provider has no key of that id", null));
        return known.computeIfAbsent(keyId, ignored -> new SecretKeySpec(data.material(), "AES"));
    }
}
