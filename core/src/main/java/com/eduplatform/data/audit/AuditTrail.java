package com.eduplatform.data.audit;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record6;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The audit trail of schema {@code audit} (V12_1, V12_2): every row inserted, updated or deleted in schema public,
 * every TRUNCATE, and the library's reads of the sensitive tables, with who, when, the transaction, and the old and
 * new values (personal data redacted). Entries are append-only for every role the library uses; a hash chain
 * ({@link #seal()}) makes later tampering by someone who can write them anyway (a superuser, the owner) detectable
 * ({@link #verify()}).
 *
 * <pre>{@code
 * AuditVerification check = db.audit().verify();
 * if (!check.intact()) alert(check.problem(), check.problemEntry());
 * List<AuditEntry> changes = db.audit().history(USERS, "user-1"); // needs a login in edudata_auditor
 * }</pre>
 *
 * <p>{@link #seal()} and {@link #verify()} may be called by the application role; reading entries
 * ({@link #history}, {@link #entries}) needs {@code SELECT} on schema audit, which only {@code edudata_auditor}
 * (and the owner) holds: the application role gets an {@link com.eduplatform.data.error.AccessDeniedException}.
 * See docs/audit.md.
 */
public final class AuditTrail {

    /** The most entries one call of {@link #entries} returns. */
    public static final int MAX_ENTRIES = 10_000;

    private static final Table<Record> ENTRIES = DSL.table(name("audit", "entries"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<OffsetDateTime> LOGGED_AT = field(name("logged_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<String> TABLE_NAME = field(name("table_name"), SQLDataType.CLOB);
    private static final Field<Object> ROW_KEY = field(name("row_key"));
    private static final List<Field<?>> COLUMNS = List.of(ID, LOGGED_AT,
            field(name("xid")).cast(SQLDataType.CLOB).as("xid"),
            field(name("actor_id"), SQLDataType.VARCHAR), field(name("login_role"), SQLDataType.CLOB),
            field(name("acting_role"), SQLDataType.CLOB), TABLE_NAME, field(name("operation"), SQLDataType.CLOB),
            ROW_KEY.cast(SQLDataType.CLOB).as("row_key"),
            field(name("old_values")).cast(SQLDataType.CLOB).as("old_values"),
            field(name("new_values")).cast(SQLDataType.CLOB).as("new_values"),
            field(name("detail")).cast(SQLDataType.CLOB).as("detail"));

    private final EduDatabase db;

    /** Use {@link EduDatabase#audit()}. */
    public AuditTrail(EduDatabase db) {
        this.db = db;
    }

    /**
     * Chains into the hash chain every entry of the transactions certainly finished and not sealed yet, and returns
     * how many. Entries of transactions still running (this caller's own included) wait for a later seal. Seals
     * queue on one lock of their own; writers never wait for it. Call it periodically (every minute, say) and
     * before {@link #verify()}, which does. Records nothing in a read-only transaction.
     */
    public int seal() {
        Integer sealed = db.dsl().resultQuery("select audit.seal()").fetchOne(0, Integer.class);
        return sealed == null ? 0 : sealed;
    }

    /**
     * Seals what can be sealed, then recomputes the whole hash chain and names the first seal or entry that does
     * not match: a deleted or altered sealed entry, a missing seal, or an entry slipped in with a past transaction
     * id. It reads every sealed entry, so its cost grows with the trail.
     */
    public AuditVerification verify() {
        seal();
        Record6<Long, Long, byte[], String, Long, Long> row = db.dsl()
                .select(field(name("checked"), SQLDataType.BIGINT), field(name("last_seq"), SQLDataType.BIGINT),
                        field(name("last_hash"), SQLDataType.BLOB), field(name("problem"), SQLDataType.CLOB),
                        field(name("problem_seq"), SQLDataType.BIGINT),
                        field(name("problem_entry"), SQLDataType.BIGINT))
                .from(DSL.table("audit.verify()"))
                .fetchOne();
        if (row == null) {
            throw new EduDataException("audit.verify() returned nothing", null, null);
        }
        return new AuditVerification(row.value1(), row.value2(),
                row.value3() == null ? "" : HexFormat.of().formatHex(row.value3()), row.value4(), row.value5(),
                row.value6());
    }

    /**
     * The entries of one row of {@code table}, oldest first: its changes (and no reads, which are per table).
     * {@code key} gives the primary key's values in the order of its columns (one value for a one-column key).
     */
    public List<AuditEntry> history(Table<?> table, Object... key) {
        UniqueKey<?> primaryKey = table == null ? null : table.getPrimaryKey();
        if (primaryKey == null) {
            throw new InvalidInputException("table", "a table of schema public with a primary key is required");
        }
        List<? extends TableField<?, ?>> columns = primaryKey.getFields();
        if (key == null || key.length != columns.size()) {
            throw new InvalidInputException("key", "the primary key of " + table.getName() + " has "
                    + columns.size() + " column(s): " + columns.stream().map(Field::getName).toList());
        }
        List<Field<?>> pairs = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            if (key[i] == null) {
                throw new InvalidInputException("key", "a primary key value may not be null");
            }
            pairs.add(DSL.cast(DSL.inline(columns.get(i).getName()), SQLDataType.CLOB));
            pairs.add(DSL.cast(DSL.val(key[i], columns.get(i).getDataType()), columns.get(i).getDataType()));
        }
        Condition sameKey = ROW_KEY.eq(DSL.function("jsonb_build_object", Object.class, pairs.toArray(Field[]::new)));
        return read(TABLE_NAME.eq(table.getName()).and(sameKey), MAX_ENTRIES);
    }

    /**
     * The entries logged in {@code [from, to)}, oldest first, at most {@code limit} (1 to {@link #MAX_ENTRIES});
     * page on by calling again from the last entry's {@code loggedAt}.
     */
    public List<AuditEntry> entries(OffsetDateTime from, OffsetDateTime to, int limit) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidInputException("from", "from and to are required, from before to");
        }
        if (limit < 1 || limit > MAX_ENTRIES) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_ENTRIES);
        }
        return read(LOGGED_AT.ge(from).and(LOGGED_AT.lt(to)), limit);
    }

    private List<AuditEntry> read(Condition condition, int limit) {
        ObjectMapper json = db.objectMapper();
        return db.dsl().select(COLUMNS).from(ENTRIES).where(condition).orderBy(ID).limit(limit)
                .fetch(r -> new AuditEntry(r.get(0, Long.class), r.get(1, OffsetDateTime.class),
                        Long.parseLong(r.get(2, String.class)), r.get(3, String.class), r.get(4, String.class),
                        r.get(5, String.class), r.get(6, String.class), r.get(7, String.class),
                        tree(json, r.get(8, String.class)), tree(json, r.get(9, String.class)),
                        tree(json, r.get(10, String.class)), tree(json, r.get(11, String.class))));
    }

    private static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new EduDataException("An audit entry holds JSON that does not parse: " + e.getOriginalMessage(),
                    null, e);
        }
    }
}
