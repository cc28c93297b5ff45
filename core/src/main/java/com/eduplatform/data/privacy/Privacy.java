package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.PARENTAL_CONSENTS;
import static com.eduplatform.data.jooq.Tables.PRIVACY_REQUESTS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.ParentalConsents;
import com.eduplatform.data.types.ConsentMethod;
import com.eduplatform.data.types.PrivacyRequestKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The seed's compliance section: GDPR's right of access and right to erasure, retention periods, and COPPA's
 * verifiable parental consent. See {@code docs/privacy.md}.
 *
 * <pre>{@code
 * ObjectNode everything = db.privacy().export(userId);            // one JSON document, a section per table
 * ErasureReceipt receipt = db.privacy().erase(userId, dpoUserId);  // one transaction; leaves a pseudonymous record
 * Map<String, Integer> removed = db.privacy().enforceRetention();  // RetentionPolicy.DEFAULT
 * db.privacy().recordConsent(studentId, parentId, ConsentMethod.SIGNED_FORM, "doc-2291");
 * }</pre>
 *
 * <p>Where user ids live is found from the generated schema (every foreign key to {@code users}, every column marked
 * as holding user ids, their detail tables) and the archive schema, not from a list here. Export and erasure read
 * and write every user's rows: run them on a connection that row-level security does not filter (the migration
 * role, or a role with {@code BYPASSRLS} for a privacy officer's tool), outside an acting user's transaction.
 */
public final class Privacy {

    private final EduDatabase db;

    /** Use {@link EduDatabase#privacy()}. */
    public Privacy(EduDatabase db) {
        this.db = db;
    }

    /**
     * Everything the platform holds about {@code userId}, as one JSON document:
     * {@code {"subject": id, "exportedAt": ..., "tables": {"public.users": [rows], ...,
     * "archive.user_activity_logs": [rows]}}}, a section per table that can hold a row about a user (empty when it
     * holds none), each row as PostgreSQL's {@code to_jsonb} renders it, in primary key order. A row is about the
     * user when a column names them (a foreign key to {@code users}, an array of user ids) or it is a detail row of
     * one they own (an exam's questions, a generation's versions); a JSON object keyed by user ids
     * ({@code exam_questions.student_responses}) shows only the user's own entry. Read in one transaction (one
     * snapshot), and recorded in {@code privacy_requests} as an export.
     *
     * @throws NotFoundException when no user has this id
     */
    public ObjectNode export(String userId) {
        requireId("userId", userId);
        return db.inTransaction(tx -> {
            DSLContext dsl = tx.dsl();
            if (!dsl.fetchExists(USERS, USERS.ID.eq(userId))) {
                throw new NotFoundException(USERS.getName(), userId);
            }
            ObjectNode document = tx.objectMapper().createObjectNode();
            document.put("subject", userId);
            document.put("exportedAt", dsl.select(DSL.currentOffsetDateTime()).fetchSingle().value1().toString());
            ObjectNode sections = document.putObject("tables");
            for (Table<?> table : UserColumns.SCHEMA.tables()) {
                Condition about = UserColumns.SCHEMA.about(table, userId);
                if (about != null) {
                    sections.set("public." + table.getName(), rows(tx, DSL.table(DSL.name(table.getName())),
                            table, about, userId));
                }
            }
            for (Table<?> archive : archiveTables(dsl)) {
                Table<?> live = UserColumns.SCHEMA.tables().stream()
                        .filter(table -> table.getName().equals(archive.getName())).findFirst().orElseThrow();
                sections.set("archive." + archive.getName(), rows(tx, archive, live,
                        UserColumns.SCHEMA.about(live, userId), userId));
            }
            dsl.insertInto(PRIVACY_REQUESTS)
                    .set(PRIVACY_REQUESTS.KIND, PrivacyRequestKind.EXPORT)
                    .set(PRIVACY_REQUESTS.SUBJECT_HASH, hash(userId))
                    .set(PRIVACY_REQUESTS.COMPLETED_AT, DSL.field("clock_timestamp()", OffsetDateTime.class))
                    .execute();
            return document;
        });
    }

    /**
     * Erases {@code userId} everywhere, in one transaction: their own rows are deleted (profile, sessions, activity
     * logs live and archived, doubts, practice, tutoring, feedback, notifications, messages sent, consents, ...);
     * their id is set to null where another user's row only mentions them (a doubt they resolved, a child's parent,
     * a consent they gave), and taken out of every array and JSON object of user ids; what others rely on (content
     * shared with, used or attempted by others, approved resources, workspaces with other members, shares to others)
     * is kept and moved to a new inactive, pseudonymous user ({@link ErasureReceipt#replacementUser()}). Report views
     * that still show the id are refreshed. Afterwards no row holds the id, except that nothing does: the erasure
     * itself is recorded in {@code privacy_requests} under the SHA-256 of the id.
     *
     * @param requestedBy who asked for it (a privacy officer's user id, or the user themselves), kept in the record
     * @throws NotFoundException when no user has this id; nothing is changed
     */
    public ErasureReceipt erase(String userId, String requestedBy) {
        requireId("userId", userId);
        return db.inTransaction(tx -> new Erasure(tx.dsl(), tx.objectMapper(), userId)
                .run(requestedBy, archiveTables(tx.dsl())));
    }

    /** {@link #enforceRetention(RetentionPolicy)} with {@link RetentionPolicy#DEFAULT}. */
    public Map<String, Integer> enforceRetention() {
        return enforceRetention(RetentionPolicy.DEFAULT);
    }

    /**
     * Deletes what is older than its retention period (see {@link RetentionPolicy}), one short transaction per
     * table, and returns the rows deleted by table ({@code archive.user_activity_logs} for the archive); tables with
     * nothing to delete are left out. Running it twice in a row deletes nothing the second time.
     */
    public Map<String, Integer> enforceRetention(RetentionPolicy policy) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        OffsetDateTime now = db.dsl().select(DSL.currentOffsetDateTime()).fetchSingle().value1();
        Field<OffsetDateTime> logTime = DSL.field(DSL.name(USER_ACTIVITY_LOGS.TIMESTAMP.getName()),
                OffsetDateTime.class);
        delete(counts, USER_ACTIVITY_LOGS.getName(), USER_ACTIVITY_LOGS,
                USER_ACTIVITY_LOGS.TIMESTAMP.lt(before(now, policy.activityLogs())));
        for (Table<?> archive : archiveTables(db.dsl())) {
            if (archive.getName().equals(USER_ACTIVITY_LOGS.getName())) {
                delete(counts, "archive." + archive.getName(), archive,
                        logTime.lt(before(now, policy.activityLogs())));
            }
        }
        delete(counts, USER_SESSIONS.getName(), USER_SESSIONS,
                DSL.coalesce(USER_SESSIONS.LOGOUT_TIME, USER_SESSIONS.LOGIN_TIME)
                        .lt(before(now, policy.endedSessions())));
        delete(counts, NOTIFICATIONS.getName(), NOTIFICATIONS, NOTIFICATIONS.IS_READ.isTrue()
                .and(NOTIFICATIONS.EXPIRES_AT.lt(before(now, policy.readNotifications()))));
        for (Table<?> table : UserColumns.SCHEMA.tables()) {
            Field<?> deletedAt = table.field("deleted_at");
            if (deletedAt != null && deletedAt.getType() == OffsetDateTime.class) {
                @SuppressWarnings("unchecked")
                Field<OffsetDateTime> at = (Field<OffsetDateTime>) deletedAt;
                delete(counts, table.getName(), table, at.lt(before(now, policy.softDeleted())));
            }
        }
        return counts;
    }

    /**
     * Records a verified parental consent for {@code studentId}, given by {@code parentId} and verified by
     * {@code method} now, with a reference to the evidence kept elsewhere. From then on the student's data may be
     * stored (COPPA). A student has at most one consent in force: a second is a
     * {@link com.eduplatform.data.error.UniqueViolationException} until the first is revoked.
     */
    public ParentalConsents recordConsent(String studentId, String parentId, ConsentMethod method,
                                          String evidenceReference) {
        requireId("studentId", studentId);
        requireId("parentId", parentId);
        if (method == null) {
            throw new InvalidInputException("method", "a consent needs its verification method");
        }
        if (evidenceReference == null || evidenceReference.isBlank()) {
            throw new InvalidInputException("evidenceReference", "a verifiable consent needs a reference to its "
                    + "evidence (the signed form, the payment, the call's record, ...)");
        }
        return db.dsl().insertInto(PARENTAL_CONSENTS)
                .set(PARENTAL_CONSENTS.STUDENT_ID, studentId)
                .set(PARENTAL_CONSENTS.PARENT_ID, parentId)
                .set(PARENTAL_CONSENTS.METHOD, method)
                .set(PARENTAL_CONSENTS.EVIDENCE_REFERENCE, evidenceReference)
                .returning().fetchSingle().into(ParentalConsents.class);
    }

    /**
     * Revokes the consent in force for {@code studentId}, if any, and returns whether there was one. From then on
     * new data of an under-13 student is refused again; what was stored before stays until erased
     * ({@link #erase(String, String)}), as a parent's request to stop usually comes with a request to delete.
     */
    public boolean revokeConsent(String studentId) {
        requireId("studentId", studentId);
        return db.dsl().update(PARENTAL_CONSENTS).set(PARENTAL_CONSENTS.REVOKED_AT, DSL.currentOffsetDateTime())
                .where(PARENTAL_CONSENTS.STUDENT_ID.eq(studentId)).and(PARENTAL_CONSENTS.REVOKED_AT.isNull())
                .execute() > 0;
    }

    /** The consent in force for {@code studentId}: verified and not revoked. */
    public Optional<ParentalConsents> activeConsent(String studentId) {
        return db.dsl().selectFrom(PARENTAL_CONSENTS).where(PARENTAL_CONSENTS.STUDENT_ID.eq(studentId))
                .and(PARENTAL_CONSENTS.REVOKED_AT.isNull())
                .and(PARENTAL_CONSENTS.VERIFIED_AT.le(DSL.currentOffsetDateTime()))
                .fetchOptionalInto(ParentalConsents.class);
    }

    /**
     * Whether the schema would refuse to store data of {@code userId} now: their student profile has a birth date
     * less than 13 years ago and no consent is in force. False for a user with no birth date (age unknown), 13 or
     * older, or with a consent.
     */
    public boolean consentRequired(String userId) {
        return db.dsl().fetchExists(STUDENT_PROFILES, STUDENT_PROFILES.USER_ID.eq(userId)
                .and(STUDENT_PROFILES.DATE_OF_BIRTH.gt(DSL.field("(current_date - interval '13 years')::date",
                        LocalDate.class))))
                && activeConsent(userId).isEmpty();
    }

    /** The SHA-256 of a user id, in lower-case hex: how {@code privacy_requests} names a subject. */
    public static String hash(String userId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private ArrayNode rows(EduDatabase tx, Table<?> from, Table<?> live, Condition about, String userId) {
        Field<String> row = DSL.field("to_jsonb({0})", String.class, DSL.field(DSL.name("t")));
        for (Field<?> field : live.fields()) {
            if (field.getComment() != null && field.getComment().startsWith(UserColumns.KEYED_MARK)) {
                // Only the user's own entry of an object keyed by user ids: the others are other users' data.
                row = DSL.field("({0} || jsonb_build_object({1}, jsonb_strip_nulls(jsonb_build_object({2}, {3} -> {2}))))", String.class,
                        row, DSL.inline(field.getName()), DSL.val(userId),
                        DSL.field(DSL.name("t", field.getName())));
            }
        }
        List<Field<?>> order = new ArrayList<>();
        if (live.getPrimaryKey() != null) {
            for (Field<?> key : live.getPrimaryKey().getFields()) {
                order.add(DSL.field(DSL.name("t", key.getName())));
            }
        }
        ArrayNode rows = tx.objectMapper().createArrayNode();
        List<String> json = tx.dsl().select(DSL.field("({0})::text", String.class, row)).from(from.as("t"))
                .where(about).orderBy(order.stream().map(Field::asc).toList()).fetch(0, String.class);
        try {
            for (String one : json) {
                rows.add(tx.objectMapper().readTree(one));
            }
        } catch (JsonProcessingException e) {
            throw new EduDataException("PostgreSQL rendered a row of " + live.getName() + " as invalid JSON", null, e);
        }
        return rows;
    }

    /** The archive twins ({@code archive.<name>}, V9_1) of generated tables, from the catalog. */
    private static List<Table<?>> archiveTables(DSLContext dsl) {
        List<String> live = UserColumns.SCHEMA.tables().stream().map(Table::getName).toList();
        return dsl.select(DSL.field("c.relname", String.class))
                .from(DSL.table("pg_catalog.pg_class c")).join(DSL.table("pg_catalog.pg_namespace n"))
                .on(DSL.condition("n.oid = c.relnamespace"))
                .where(DSL.condition("n.nspname = 'archive' and c.relkind in ('r', 'p') and not c.relispartition"))
                .fetch(0, String.class).stream().filter(live::contains)
                .<Table<?>>map(name -> DSL.table(DSL.name("archive", name))).toList();
    }

    private void delete(Map<String, Integer> counts, String name, Table<?> table, Condition condition) {
        int rows = db.inTransaction(tx -> tx.dsl().deleteFrom(table).where(condition).execute());
        if (rows > 0) {
            counts.merge(name, rows, Integer::sum);
        }
    }

    private static OffsetDateTime before(OffsetDateTime now, Duration period) {
        return now.minus(period);
    }

    private static void requireId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(field, "a user id is required");
        }
    }
}
