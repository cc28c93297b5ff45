package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.EDUCATIONAL_RESOURCES;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.PRIVACY_REQUESTS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;

import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.DefaultSchema;
import com.eduplatform.data.jooq.tables.records.UsersRecord;
import com.eduplatform.data.privacy.UserColumns.Kind;
import com.eduplatform.data.privacy.UserColumns.UserColumn;
import com.eduplatform.data.types.PrivacyRequestKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.jooq.TableOptions.TableType;
import org.jooq.impl.DSL;

/**
 * One erasure, run inside the caller's transaction by {@link Privacy#erase(String, String)}: what others rely on is
 * kept and moved to a pseudonymous replacement user, the subject's id is set to null where another user's row only
 * mentions them, taken out of every array and JSON object, and every other row naming them is deleted, live and
 * archived, the {@code users} row last.
 */
final class Erasure {

    /** What erasing does to a row that names the subject in a foreign key column. */
    enum Action {
        /** The row is the subject's: deleted. */
        DELETE,
        /** The row is someone else's and only mentions the subject: the column is set to null. */
        SET_NULL,
        /** Kept, moved to the replacement user, when others rely on it ({@link #keptWhen}); otherwise deleted. */
        KEEP_IF_RELIED_ON
    }

    /**
     * Every foreign key column to {@code users}, decided one by one (PrivacyCoverageTest fails when a column of the
     * schema is missing here, so a new table gets a decision, not a default).
     */
    static final Map<String, Action> RULES = Map.ofEntries(
            Map.entry("users.id", Action.DELETE),
            Map.entry("user_sessions.user_id", Action.DELETE),
            Map.entry("student_profiles.user_id", Action.DELETE),
            Map.entry("student_profiles.parent_id", Action.SET_NULL),
            Map.entry("teacher_profiles.user_id", Action.DELETE),
            Map.entry("parent_profiles.user_id", Action.DELETE),
            Map.entry("admin_profiles.user_id", Action.DELETE),
            Map.entry("content_generations.user_id", Action.KEEP_IF_RELIED_ON),
            Map.entry("user_activity_logs.user_id", Action.DELETE),
            Map.entry("doubt_submissions.student_id", Action.DELETE),
            Map.entry("doubt_submissions.resolver_id", Action.SET_NULL),
            Map.entry("tutoring_sessions.student_id", Action.DELETE),
            Map.entry("practice_sessions.student_id", Action.DELETE),
            Map.entry("content_usage_stats.user_id", Action.DELETE),
            Map.entry("user_performance_metrics.user_id", Action.DELETE),
            Map.entry("ai_usage_tracking.user_id", Action.DELETE),
            Map.entry("educational_resources.uploaded_by", Action.KEEP_IF_RELIED_ON),
            Map.entry("content_shares.shared_by", Action.KEEP_IF_RELIED_ON),
            Map.entry("content_shares.shared_with", Action.DELETE),
            Map.entry("workspaces.created_by", Action.KEEP_IF_RELIED_ON),
            Map.entry("content_feedback.user_id", Action.DELETE),
            Map.entry("notifications.user_id", Action.DELETE),
            Map.entry("communication_logs.from_user_id", Action.DELETE),
            Map.entry("usage_counters.user_id", Action.DELETE),
            Map.entry("parental_consents.student_id", Action.DELETE),
            Map.entry("parental_consents.parent_id", Action.SET_NULL));

    /**
     * Arrays that may not be empty: a row whose array named only the subject is deleted rather than emptied (a
     * message must have a recipient, communication_logs_to_user_ids_check; one sent to the erased user alone goes).
     */
    static final java.util.Set<String> DELETED_WHEN_EMPTIED = java.util.Set.of("communication_logs.to_user_ids");

    private final DSLContext dsl;
    private final ObjectMapper mapper;
    private final String subject;
    private final String subjectHash;
    private final UUID requestId = UUID.randomUUID();
    private final Map<String, Integer> deleted = new LinkedHashMap<>();
    private final Map<String, Integer> anonymised = new LinkedHashMap<>();
    private String replacement;

    Erasure(DSLContext dsl, ObjectMapper mapper, String subject) {
        this.dsl = dsl;
        this.mapper = mapper;
        this.subject = subject;
        this.subjectHash = Privacy.hash(subject);
    }

    ErasureReceipt run(String requestedBy, List<Table<?>> archived) {
        UsersRecord user = dsl.selectFrom(USERS).where(USERS.ID.eq(subject)).forUpdate().fetchOne();
        if (user == null) {
            throw new NotFoundException(USERS.getName(), subject);
        }
        OffsetDateTime requestedAt = dsl.select(DSL.currentOffsetDateTime()).fetchSingle().value1();
        keepWhatOthersRelyOn(user);
        List<UserColumn> columns = UserColumns.SCHEMA.columns();
        for (UserColumn column : columns) {
            Condition names = UserColumns.names(column, subject);
            Table<?> table = DSL.table(DSL.name(column.table().getName()));
            Field<Object> field = DSL.field(DSL.name(column.field().getName()));
            switch (column.kind()) {
                case KEYS -> count(anonymised, column.table().getName(), dsl.update(table)
                        .set(Map.of(field, DSL.field("{0} - {1}", field.getDataType(), field, DSL.val(subject))))
                        .where(names).execute());
                case ARRAY -> {
                    // A derived array follows its source rows, deleted below; writing it would be refused.
                    if (DELETED_WHEN_EMPTIED.contains(column.qualifiedName())) {
                        count(deleted, column.table().getName(), dsl.deleteFrom(table)
                                .where(DSL.condition("{0} <@ ARRAY[{1}]::text[]", field, DSL.val(subject)))
                                .execute());
                    }
                    if (!column.derived()) {
                        count(anonymised, column.table().getName(), dsl.update(table)
                                .set(Map.of(field, DSL.field("array_remove({0}, {1}::text)", field.getDataType(),
                                        field, DSL.val(subject))))
                                .where(names).execute());
                    }
                }
                case REFERENCE -> {
                    if (rule(column) == Action.SET_NULL) {
                        count(anonymised, column.table().getName(),
                                dsl.update(table).setNull(field).where(names).execute());
                    }
                }
            }
        }
        for (UserColumn column : columns) {
            if (column.kind() == Kind.REFERENCE && rule(column) != Action.SET_NULL
                    && !column.table().equals(USERS)) {
                count(deleted, column.table().getName(), dsl.deleteFrom(DSL.table(DSL.name(column.table().getName())))
                        .where(UserColumns.names(column, subject)).execute());
            }
        }
        for (Table<?> archive : archived) {
            Condition about = UserColumns.SCHEMA.about(DefaultSchema.DEFAULT_SCHEMA.getTable(archive.getName()),
                    subject);
            count(deleted, "archive." + archive.getName(), dsl.deleteFrom(archive).where(about).execute());
        }
        count(anonymised, PRIVACY_REQUESTS.getName(), dsl.update(PRIVACY_REQUESTS)
                .set(PRIVACY_REQUESTS.REQUESTED_BY, "sha256:" + subjectHash)
                .where(PRIVACY_REQUESTS.REQUESTED_BY.eq(subject)).execute());
        count(deleted, USERS.getName(), dsl.deleteFrom(USERS).where(USERS.ID.eq(subject)).execute());
        refreshReportViewsNaming();
        OffsetDateTime completedAt = dsl.select(DSL.field("clock_timestamp()", OffsetDateTime.class)).fetchSingle()
                .value1();
        dsl.insertInto(PRIVACY_REQUESTS)
                .set(PRIVACY_REQUESTS.REQUEST_ID, requestId)
                .set(PRIVACY_REQUESTS.KIND, PrivacyRequestKind.ERASURE)
                .set(PRIVACY_REQUESTS.SUBJECT_HASH, subjectHash)
                .set(PRIVACY_REQUESTS.REQUESTED_BY, subject.equals(requestedBy) ? "sha256:" + subjectHash
                        : requestedBy)
                .set(PRIVACY_REQUESTS.REQUESTED_AT, requestedAt)
                .set(PRIVACY_REQUESTS.COMPLETED_AT, completedAt)
                .set(PRIVACY_REQUESTS.DETAILS, (JsonNode) mapper.valueToTree(Map.of("deleted", deleted,
                        "anonymised", anonymised, "replacementUser", String.valueOf(replacement))))
                .execute();
        return new ErasureReceipt(requestId, subjectHash, replacement, deleted, anonymised, completedAt);
    }

    /**
     * Moves to a replacement user what others rely on: content shared with someone else, in a workspace someone
     * else is in, attempted, used or answered by someone else; approved resources; workspaces with other members;
     * shares the subject made to others.
     */
    private void keepWhatOthersRelyOn(UsersRecord user) {
        List<Integer> reliedOn = dsl.select(CONTENT_GENERATIONS.ID).from(CONTENT_GENERATIONS)
                .where(CONTENT_GENERATIONS.USER_ID.eq(subject)).and(CONTENT_GENERATIONS.DELETED_AT.isNull())
                .and(reliedOnByOthers()).fetch(CONTENT_GENERATIONS.ID);
        Condition approved = EDUCATIONAL_RESOURCES.UPLOADED_BY.eq(subject).and(EDUCATIONAL_RESOURCES.IS_APPROVED);
        Condition shared = WORKSPACES.CREATED_BY.eq(subject).and(WORKSPACES.DELETED_AT.isNull())
                .and(DSL.condition("exists (select 1 from unnest({0}) m where m <> {1})", WORKSPACES.MEMBERS,
                        DSL.val(subject)));
        Condition sharesToOthers = CONTENT_SHARES.SHARED_BY.eq(subject).and(CONTENT_SHARES.SHARED_WITH.ne(subject));
        if (reliedOn.isEmpty() && !dsl.fetchExists(EDUCATIONAL_RESOURCES, approved)
                && !dsl.fetchExists(WORKSPACES, shared) && !dsl.fetchExists(CONTENT_SHARES, sharesToOthers)) {
            return;
        }
        replacement = "erased-" + requestId;
        dsl.insertInto(USERS)
                .set(USERS.ID, replacement).set(USERS.AUTH0_ID, replacement)
                .set(USERS.EMAIL, requestId + "@erased.invalid")
                .set(USERS.ROLE, user.getRole()).set(USERS.ROLES, user.getRoles())
                .set(USERS.SCHOOL_ID, user.getSchoolId()).set(USERS.IS_ACTIVE, false)
                .execute();
        count(anonymised, CONTENT_GENERATIONS.getName(), dsl.update(CONTENT_GENERATIONS)
                .set(CONTENT_GENERATIONS.USER_ID, replacement).where(CONTENT_GENERATIONS.ID.in(reliedOn)).execute());
        count(anonymised, EDUCATIONAL_RESOURCES.getName(), dsl.update(EDUCATIONAL_RESOURCES)
                .set(EDUCATIONAL_RESOURCES.UPLOADED_BY, replacement).where(approved).execute());
        count(anonymised, WORKSPACES.getName(), dsl.update(WORKSPACES)
                .set(WORKSPACES.CREATED_BY, replacement).where(shared).execute());
        count(anonymised, CONTENT_SHARES.getName(), dsl.update(CONTENT_SHARES)
                .set(CONTENT_SHARES.SHARED_BY, replacement).where(sharesToOthers).execute());
    }

    /**
     * Content someone other than the subject relies on: shared with them, in a workspace of theirs, an exam they
     * attempted, or named by a row of theirs in any table that references content (found from the metadata).
     */
    private Condition reliedOnByOthers() {
        List<Condition> any = new ArrayList<>();
        any.add(DSL.exists(DSL.selectOne().from(CONTENT_SHARES)
                .where(CONTENT_SHARES.CONTENT_GENERATION_ID.eq(CONTENT_GENERATIONS.ID))
                .and(CONTENT_SHARES.SHARED_WITH.ne(subject).or(CONTENT_SHARES.IS_PUBLIC))));
        any.add(DSL.exists(DSL.selectOne().from(WORKSPACES)
                .where(DSL.condition("{0} = any({1})", CONTENT_GENERATIONS.ID, WORKSPACES.SHARED_CONTENT))
                .and(WORKSPACES.CREATED_BY.ne(subject).or(DSL.condition(
                        "exists (select 1 from unnest({0}) m where m <> {1})", WORKSPACES.MEMBERS,
                        DSL.val(subject))))));
        any.add(DSL.exists(DSL.selectOne().from(GENERATED_EXAMS)
                .where(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(CONTENT_GENERATIONS.ID))
                .and(DSL.condition("exists (select 1 from unnest({0}) s where s <> {1})",
                        GENERATED_EXAMS.USED_BY_STUDENTS, DSL.val(subject)))));
        for (UserColumn column : UserColumns.SCHEMA.columns()) {
            if (column.kind() != Kind.REFERENCE || column.table().equals(CONTENT_GENERATIONS)) {
                continue;
            }
            for (ForeignKey<?, ?> link : column.table().getReferences()) {
                if (link.getKey().getTable().equals(CONTENT_GENERATIONS)) {
                    Table<?> table = column.table();
                    @SuppressWarnings("unchecked")
                    Field<Integer> content = (Field<Integer>) link.getFields().get(0);
                    @SuppressWarnings("unchecked")
                    Field<String> user = (Field<String>) column.field();
                    any.add(DSL.exists(DSL.selectOne().from(table)
                            .where(content.eq(CONTENT_GENERATIONS.ID)).and(user.ne(subject))));
                }
            }
        }
        return DSL.or(any);
    }

    /** Refreshes the report views (V9_2) that still show the subject's id, inside this transaction. */
    private void refreshReportViewsNaming() {
        for (Table<?> view : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (view.getTableType() != TableType.MATERIALIZED_VIEW) {
                continue;
            }
            boolean populated = Boolean.TRUE.equals(dsl.select(DSL.field(
                    "(select relispopulated from pg_catalog.pg_class where oid = to_regclass(quote_ident({0})))",
                    Boolean.class, DSL.val(view.getName()))).fetchSingle().value1());
            if (populated && dsl.fetchExists(DSL.selectOne().from(view.as("v")).where(DSL.condition(
                    "strpos({0}::text, {1}) > 0", DSL.field(DSL.name("v")), DSL.val(subject))))) {
                dsl.select(DSL.field("edudata_rls.refresh_report_view({0}, false)", Object.class,
                        DSL.val(view.getName()))).fetch();
            }
        }
    }

    private static Action rule(UserColumn column) {
        return RULES.getOrDefault(column.qualifiedName(), Action.DELETE);
    }

    private static void count(Map<String, Integer> counts, String table, int rows) {
        if (rows > 0) {
            counts.merge(table, rows, Integer::sum);
        }
    }
}
