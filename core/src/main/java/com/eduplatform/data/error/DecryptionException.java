package com.eduplatform.data.error;

/**
 * A stored value could not be decrypted: its key is not among the configured keys (or no key provider is
 * configured at all), or the value does not authenticate under its key, which means a wrong key of the right id or
 * an altered value. {@link #column()} names the column ({@code table.column}) and {@link #keyId()} the key the value
 * names; the message never contains the value, encrypted or not.
 */
public final class DecryptionException extends EduDataException {

    private final String column;
    private final String keyId;

    public DecryptionException(String column, String keyId, String reason, Throwable cause) {
        super(column + ": cannot decrypt a value encrypted with key '" + keyId + "': " + reason, null, cause);
        this.column = column;
        this.keyId = keyId;
    }

    /** The encrypted column, as {@code table.column}. */
    public String column() {
        return column;
    }

    /** The id of the key the stored value says it was encrypted with. */
    public String keyId() {
        return keyId;
    }
}
