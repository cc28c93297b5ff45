package com.eduplatform.data.internal.jooq;

import com.eduplatform.data.error.InvalidInputException;
import org.jooq.ConverterContext;
import org.jooq.impl.AbstractContextConverter;

/**
 * A text column encrypted by the library: plaintext in Java, the stored form of {@link FieldCipher} in the
 * database, with the {@link FieldCipher} of the executing {@link org.jooq.Configuration} (the entry point puts it
 * there). Named by the codegen forcedTypes of core/pom.xml, one per encrypted column.
 */
public final class EncryptedTextConverter extends AbstractContextConverter<String, String> {

    private final String column;
    private final int maxLength;
    private final boolean lookup;

    private EncryptedTextConverter(String column, int maxLength, boolean lookup) {
        super(String.class, String.class);
        this.column = column;
        this.maxLength = maxLength;
        this.lookup = lookup;
    }

    /** {@code table.column}, with no limit on the plaintext's length. */
    public static EncryptedTextConverter of(String column) {
        return new EncryptedTextConverter(column, 0, false);
    }

    /** {@code table.column}, whose plaintext holds at most {@code maxLength} characters. */
    public static EncryptedTextConverter of(String column, int maxLength) {
        return new EncryptedTextConverter(column, maxLength, false);
    }

    /** As {@link #of(String, int)}, storing the keyed hash exact-match lookups compare. */
    public static EncryptedTextConverter withLookup(String column, int maxLength) {
        return new EncryptedTextConverter(column, maxLength, true);
    }

    /** The column, as {@code table.column}. */
    public String column() {
        return column;
    }

    /** The most characters (code points) the plaintext may hold, or 0 for no limit. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether the stored form carries a lookup hash. */
    public boolean lookup() {
        return lookup;
    }

    @Override
    public String from(String databaseObject, ConverterContext context) {
        return databaseObject == null ? null : FieldCipher.from(context).decrypt(column, databaseObject);
    }

    @Override
    public String to(String userObject, ConverterContext context) {
        if (userObject == null) {
            return null;
        }
        if (maxLength > 0) {
            int length = userObject.codePointCount(0, userObject.length());
            if (length > maxLength) {
                throw new InvalidInputException(column, "is longer than " + maxLength + " characters (was "
                        + length + ")");
            }
        }
        return FieldCipher.from(context).encrypt(column, userObject, lookup);
    }
}
