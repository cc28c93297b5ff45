package com.eduplatform.data.encryption;

import static com.eduplatform.data.jooq.Tables.USERS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.internal.jooq.EncryptedTextConverter;
import com.eduplatform.data.internal.jooq.FieldCipher;
import com.eduplatform.data.jooq.DefaultSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Field encryption on an {@link EduDatabase}: which columns are encrypted, the exact-match lookup by e-mail address,
 * and rewriting every stored value under the current key ({@link #rotate()}) or back to plaintext
 * ({@link #decryptAll()}). Reading and writing the encrypted columns needs nothing from here: repositories,
 * {@code dsl()} and the bulk loader see plaintext. See {@code docs/encryption.md}.
 */
public final class FieldEncryption {

    /** Rows read, locked and rewritten per transaction by {@link #rotate()} and {@link #decryptAll()}. */
    public static final int BATCH_SIZE = 500;

    private static final Map<Table<?>, List<Field<?>>> ENCRYPTED = encryptedColumns();

    private final EduDatabase db;
    private final FieldCipher cipher;

    /** Use {@link EduDatabase#encryption()}. */
    public FieldEncryption(EduDatabase db) {
        this.db = db;
        Object configured = db.dsl().configuration().data(FieldCipher.KEY);
        this.cipher = configured instanceof FieldCipher fieldCipher ? fieldCipher : FieldCipher.disabled();
    }

    /** Whether a {@link KeyProvider} is configured, so that values are written encrypted. */
    public boolean enabled() {
        return cipher.enabled();
    }

    /** The id of the key values are written with now; empty without a {@link KeyProvider}. */
    public Optional<String> currentKeyId() {
        return Optional.ofNullable(cipher.currentKeyId());
    }

    /** The encrypted columns, as {@code table.column}, in schema order. */
    public static List<String> columns() {
        return ENCRYPTED.values().stream().flatMap(List::stream).map(FieldEncryption::name).toList();
    }

    /**
     * A condition on {@code users} matching the rows whose e-mail address is exactly {@code email} (case and
     * spaces included: normalize addresses before storing and before looking up). With a key provider it compares
     * {@code users.email_hash} (indexed) with the keyed hash of {@code email}, and so finds only rows written under
     * a key: run {@link #rotate()} once after configuring the first key. Without one it compares the plaintext.
     */
    public Condition emailEquals(String email) {
        if (email == null) {
            throw new InvalidInputException("email", "is required");
        }
        if (!cipher.enabled()) {
            return DSL.field(USERS.EMAIL.getQualifiedName(), SQLDataType.VARCHAR).eq(email);
        }
        return USERS.EMAIL_HASH.eq(cipher.lookupHash(name(USERS.EMAIL), email));
    }

    /**
     * Rewrites every value of every encrypted column that is not yet under the current key (plaintext written before
     * a key was configured included; for e-mail, also a lookup hash under another lookup key), and leaves the rest.
     * Works table by table in primary-key order, {@link #BATCH_SIZE} rows per transaction, each batch locked
     * ({@code FOR UPDATE}) while it is rewritten, so concurrent writers wait for a batch rather than lose a write; a
     * failure stops it with the batches before committed, and running it again finishes the work. Run it on a
     * connection that sees every row (row-level security bypassed, as the migrating account does), outside an
     * {@linkplain EduDatabase#inTransaction(com.eduplatform.data.security.Actor, java.util.function.Function)
     * actor's transaction}: rows it cannot see stay as they were. A value that does not decrypt stops it with a
     * {@link com.eduplatform.data.error.DecryptionException}. Triggers run as on any update: {@code users.updated_at}
     * moves.
     *
     * @throws IllegalStateException without a {@link KeyProvider}
     */
    public RewriteResult rotate() {
        if (!cipher.enabled()) {
            throw new IllegalStateException("No key provider is configured: nothing to encrypt with");
        }
        return rewrite(true);
    }

    /**
     * Rewrites every encrypted value as plaintext, as {@link #rotate()} does otherwise: what a host runs before
     * turning encryption off or rolling back migrations {@code V13_*}. Needs the keys of the stored values.
     */
    public RewriteResult decryptAll() {
        return rewrite(false);
    }

    private RewriteResult rewrite(boolean encrypt) {
        Map<String, Long> rewritten = new LinkedHashMap<>();
        Map<String, Long> unchanged = new LinkedHashMap<>();
        for (Map.Entry<Table<?>, List<Field<?>>> entry : ENCRYPTED.entrySet()) {
            rewriteTable(entry.getKey(), entry.getValue(), encrypt, rewritten, unchanged);
        }
        return new RewriteResult(encrypt ? cipher.currentKeyId() : null, rewritten, unchanged);
    }

    @SuppressWarnings("unchecked")
    private void rewriteTable(Table<?> table, List<Field<?>> columns, boolean encrypt, Map<String, Long> rewritten,
            Map<String, Long> unchanged) {
        Field<?> key = table.getPrimaryKey().getFields().get(0);
        Table<?> raw = DSL.table(DSL.name(table.getName()));
        Field<Object> id = (Field<Object>) DSL.field(DSL.name(key.getName()), key.getDataType());
        List<Field<String>> stored = new ArrayList<>();
        for (Field<?> column : columns) {
            stored.add(DSL.field(DSL.name(column.getName()), SQLDataType.VARCHAR));
            rewritten.putIfAbsent(name(column), 0L);
            unchanged.putIfAbsent(name(column), 0L);
        }
        List<Field<?>> selected = new ArrayList<>(stored);
        selected.add(id);
        Object after = null;
        while (true) {
            Object from = after;
            after = db.inTransaction(tx -> {
                DSLContext dsl = tx.dsl();
                var rows = dsl.select(selected).from(raw).where(from == null ? DSL.noCondition() : id.gt(from))
                        .orderBy(id).limit(BATCH_SIZE).forUpdate().fetch();
                UpdateSetMoreStep<?> update = null;
                for (Field<String> column : stored) {
                    update = update == null ? dsl.update(raw).set(column, (String) null)
                            : update.set(column, (String) null);
                }
                BatchBindStep batch = dsl.batch(update.where(id.eq((Object) null)));
                int changedRows = 0;
                for (Record row : rows) {
                    Object[] values = new Object[stored.size() + 1];
                    boolean changed = false;
                    for (int i = 0; i < stored.size(); i++) {
                        String value = row.get(stored.get(i));
                        String next = value == null ? null : next(columns.get(i), value, encrypt);
                        values[i] = next;
                        if (value != null) {
                            (next.equals(value) ? unchanged : rewritten).merge(name(columns.get(i)), 1L, Long::sum);
                            changed |= !next.equals(value);
                        }
                    }
                    if (changed) {
                        values[stored.size()] = row.get(id);
                        batch = batch.bind(values);
                        changedRows++;
                    }
                }
                if (changedRows > 0) {
                    batch.execute();
                }
                return rows.size() < BATCH_SIZE ? null : rows.get(rows.size() - 1).get(id);
            });
            if (after == null) {
                return;
            }
        }
    }

    /** The stored form {@code value} of {@code column} should have: under the current key, or plaintext. */
    private String next(Field<?> column, String value, boolean encrypt) {
        EncryptedTextConverter converter = (EncryptedTextConverter) column.getConverter();
        String name = converter.column();
        if (!encrypt) {
            if (!FieldCipher.isEncrypted(value)) {
                return value;
            }
            String plaintext = cipher.decrypt(name, value);
            if (FieldCipher.isEncrypted(plaintext)) {
                throw new InvalidInputException(name, "holds a value starting with '" + FieldCipher.PREFIX
                        + "', which would read as encrypted if stored as plaintext");
            }
            return plaintext;
        }
        boolean current = FieldCipher.isEncrypted(value) && FieldCipher.keyIdOf(value).equals(cipher.currentKeyId());
        if (current && !converter.lookup()) {
            return value;
        }
        String plaintext = cipher.decrypt(name, value);
        if (current && cipher.lookupHash(name, plaintext).equals(FieldCipher.storedLookupHash(value))) {
            return value;
        }
        return cipher.encrypt(name, plaintext, converter.lookup());
    }

    private static String name(Field<?> column) {
        return ((EncryptedTextConverter) column.getConverter()).column();
    }

    private static Map<Table<?>, List<Field<?>>> encryptedColumns() {
        Map<Table<?>, List<Field<?>>> encrypted = new LinkedHashMap<>();
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            for (Field<?> field : table.fields()) {
                if (field.getConverter() instanceof EncryptedTextConverter && table.getPrimaryKey() != null) {
                    encrypted.computeIfAbsent(table, t -> new ArrayList<>()).add(field);
                }
            }
        }
        return encrypted;
    }
}
