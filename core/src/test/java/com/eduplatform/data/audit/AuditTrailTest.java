package com.eduplatform.data.audit;

import static com.eduplatform.data.jooq.Tables.CURRICULUM_STANDARDS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.security.Actor;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * The audit trail on a migrated database, as the superuser the library's tests connect as: changes recorded by the
 * statement triggers with their who, when, key and values (personal data redacted), reads of the sensitive tables
 * recorded by the library, and the hash chain sealing what is finished and reporting each kind of tampering. The
 * tampering tests put back what they broke, so the chain verifies again for the next test.
 */
class AuditTrailTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    @Test
    void insertUpdateAndDeleteOfARowAreRecordedWithTheActorTheKeyAndOnlyTheChangedColumns() {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "hist-1", Role.STUDENT);
        db.useTransaction(Actor.withoutSchool("hist-1"), tx -> tx.dsl().update(USERS)
                .set(USERS.USAGE_QUOTA, 7).set(USERS.EMAIL, "changed@school.example")
                .where(USERS.ID.eq("hist-1")).execute());
        db.dsl().deleteFrom(USERS).where(USERS.ID.eq("hist-1")).execute();

        List<AuditEntry> history = db.audit().history(USERS, "hist-1");

        assertThat(history).extracting(AuditEntry::operation).containsExactly("INSERT", "UPDATE", "DELETE");
        assertThat(history).allSatisfy(entry -> {
            assertThat(entry.table()).isEqualTo("users");
            assertThat(entry.rowKey().get("id").asText()).isEqualTo("hist-1");
            assertThat(entry.loginRole()).isNotBlank();
            assertThat(entry.transactionId()).isPositive();
        });
        AuditEntry inserted = history.get(0);
        assertThat(inserted.oldValues()).isNull();
        assertThat(inserted.newValues().get("role").asText()).isEqualTo("student");
        assertThat(inserted.actorId()).isNull();
        AuditEntry updated = history.get(1);
        assertThat(updated.actorId()).isEqualTo("hist-1");
        assertThat(updated.oldValues().get("usage_quota").asInt()).isEqualTo(100);
        assertThat(updated.newValues().get("usage_quota").asInt()).isEqualTo(7);
        assertThat(updated.newValues().has("role")).as("unchanged columns are left out").isFalse();
        assertThat(updated.transactionId()).isGreaterThan(inserted.transactionId());
        AuditEntry deleted = history.get(2);
        assertThat(deleted.newValues()).isNull();
        assertThat(deleted.oldValues().get("usage_quota").asInt()).isEqualTo(7);
    }

    @Test
    void personalDataIsRecordedRedactedSoErasingAUserLeavesNoCopyInTheAudit() {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "pii-1", Role.STUDENT);
        db.dsl().update(USERS).set(USERS.FIRST_NAME, "Ada").set(USERS.EMAIL, "ada@school.example")
                .where(USERS.ID.eq("pii-1")).execute();

        List<AuditEntry> history = db.audit().history(USERS, "pii-1");
        String everything = history.toString();

        assertThat(history.get(0).newValues().get("email").asText()).isEqualTo("[redacted]");
        assertThat(history.get(0).newValues().get("auth0_id").asText()).isEqualTo("[redacted]");
        assertThat(history.get(0).newValues().get("first_name").isNull()).as("a NULL stays NULL").isTrue();
        assertThat(history.get(1).oldValues().get("email").asText()).isEqualTo("[redacted]");
        assertThat(history.get(1).newValues().get("first_name").asText()).isEqualTo("[redacted]");
        assertThat(everything).doesNotContain("pii-1@school.example", "ada@school.example", "Ada", "auth0|pii-1");
    }

    @Test
    void aMultiRowStatementOnThePartitionedActivityLogIsRecordedRowByRowThroughItsParent() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "logs-1", Role.STUDENT);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        List<Long> ids = db.dsl().insertInto(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID,
                        USER_ACTIVITY_LOGS.ACTIVITY_TYPE, USER_ACTIVITY_LOGS.TIMESTAMP, USER_ACTIVITY_LOGS.USER_AGENT)
                .values("logs-1", "login", at, "Mozilla/5.0 secret-agent")
                .values("logs-1", "view", at.minusMonths(1), "Mozilla/5.0 secret-agent")
                .values("logs-1", "logout", at.plusYears(5), "Mozilla/5.0 secret-agent")
                .returning(USER_ACTIVITY_LOGS.ID).fetch(USER_ACTIVITY_LOGS.ID);

        List<String> recorded = strings("select row_key ->> 'id' || ' ' || (new_values ->> 'user_agent') "
                + "from audit.entries where table_name = 'user_activity_logs' and operation = 'INSERT' "
                + "and new_values ->> 'user_id' = 'logs-1' and row_key ? 'timestamp' order by id");

        assertThat(recorded).containsExactly(ids.get(0) + " [redacted]", ids.get(1) + " [redacted]",
                ids.get(2) + " [redacted]");
    }

    @Test
    void anInsertedAndADeletedRowAreRecordedAsTheWholeRowWithOnlyItsRedactedColumnsReplaced() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "whole-1", Role.STUDENT);
        execute("""
                insert into user_activity_logs (user_id, activity_type, activity_details, ip_address, user_agent,
                                                session_id, processing_time_ms)
                values ('whole-1', 'login', '{"page": "/home", "tags": ["a"]}', '10.1.2.3', 'Mozilla/5.0', 's-1', 12),
                       ('whole-1', 'logout', null, null, null, null, null)""");
        // The row as to_jsonb gives it, every redacted column overwritten: what each entry must hold.
        String expected = """
                select l.id || ' ' || (to_jsonb(l) || jsonb_build_object(
                    'activity_details', case when l.activity_details is not null then '[redacted]' end,
                    'ip_address', case when l.ip_address is not null then '[redacted]' end,
                    'user_agent', case when l.user_agent is not null then '[redacted]' end))::text
                from user_activity_logs l where l.user_id = 'whole-1' order by l.id""";
        List<String> rows = strings(expected);
        // %1$s: the column holding the row's values, %2$s: the operation.
        String recorded = "select row_key ->> 'id' || ' ' || %1$s::text from audit.entries "
                + "where table_name = 'user_activity_logs' and operation = '%2$s' "
                + "and %1$s ->> 'user_id' = 'whole-1' order by (row_key ->> 'id')::bigint";

        List<String> inserted = strings(recorded.formatted("new_values", "INSERT"));
        execute("delete from user_activity_logs where user_id = 'whole-1'");
        List<String> deleted = strings(recorded.formatted("old_values", "DELETE"));

        assertThat(rows).hasSize(2);
        assertThat(inserted).containsExactlyElementsOf(rows);
        assertThat(deleted).containsExactlyElementsOf(rows);
        assertThat(rows.get(1)).contains("\"ip_address\": null", "\"activity_details\": null");
        assertThat(rows.get(0)).contains("\"user_agent\": \"[redacted]\"", "\"session_id\": \"s-1\"",
                "\"processing_time_ms\": 12");
    }

    @Test
    void aCopyBulkLoadIsRecordedInFullByTheStatementTrigger() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            rows.append("copy-").append(i).append("\tauth0|copy-").append(i).append("\tcopy-").append(i)
                    .append("@school.example\tstudent\t{student}\n");
        }
        try (Connection connection = database.postgres().connect()) {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY users (id, auth0_id, email, role, roles) FROM STDIN", new StringReader(rows.toString()));
            assertThat(copied).isEqualTo(250);
        }

        assertThat(strings("select count(*) || ' ' || count(distinct xid) from audit.entries "
                + "where table_name = 'users' and operation = 'INSERT' and row_key ->> 'id' like 'copy-%'"))
                .containsExactly("250 1");
    }

    @Test
    void aLibraryReadOfASensitiveTableIsRecordedWithItsActorAndRowCountAndOthersAreNot() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "reader-1", Role.TEACHER);
        long readsBefore = count("select count(*) from audit.entries where operation = 'SELECT'");

        int fetched = db.inTransaction(Actor.withoutSchool("reader-1"), tx -> tx.dsl().selectFrom(USERS)
                .where(USERS.ID.eq("reader-1")).fetch().size());
        db.dsl().selectFrom(CURRICULUM_STANDARDS).fetch();

        assertThat(fetched).isEqualTo(1);
        assertThat(strings("select table_name || ' ' || actor_id || ' ' || (detail ->> 'rows') || ' '"
                + " || length(detail ->> 'statement_digest') from audit.entries where operation = 'SELECT' "
                + "and actor_id = 'reader-1'")).containsExactly("users reader-1 1 64");
        assertThat(count("select count(*) from audit.entries where operation = 'SELECT'"))
                .isEqualTo(readsBefore + 1);
    }

    @Test
    void aReadInAReadOnlyTransactionSucceedsAndRecordsNothing() throws SQLException {
        EduDatabase db = database.db();
        long readsBefore = count("select count(*) from audit.entries where operation = 'SELECT'");

        int fetched = db.inTransaction(tx -> {
            tx.dsl().execute("set transaction read only");
            return tx.dsl().selectFrom(USERS).fetch().size();
        });

        assertThat(fetched).isGreaterThanOrEqualTo(0);
        assertThat(count("select count(*) from audit.entries where operation = 'SELECT'")).isEqualTo(readsBefore);
    }

    @Test
    void sealingStopsAtTheOldestRunningTransactionAndSealsTheRestOnceItEnds() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "before-1", Role.STUDENT);
        try (Connection writer = database.postgres().connect()) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("insert into users (id, auth0_id, email, role, roles) "
                        + "values ('running-1', 'auth0|running-1', 'r@school.example', 'student', '{student}')");
            }
            TestRows.user(db.dsl(), "after-1", Role.STUDENT);

            sealUntilSealed(entryId("before-1", "INSERT"));
            assertThat(sealed("after-1")).as("a later transaction waits for the running one").isFalse();

            writer.commit();
        }
        assertThat(sealed("running-1")).isFalse();
        sealUntilSealed(entryId("after-1", "INSERT"));
        assertThat(sealed("running-1")).isTrue();
        assertThat(sealed("after-1")).isTrue();
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void anUntouchedChainVerifies() {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "chain-1", Role.STUDENT);

        AuditVerification verification = db.audit().verify();

        assertThat(verification.intact()).isTrue();
        assertThat(verification.problem()).isNull();
        assertThat(verification.checked()).isPositive().isEqualTo(verification.lastSeq());
        assertThat(verification.lastHash()).hasSize(64);
    }

    @Test
    void anAlteredEntryIsReportedAsTheFirstMismatch() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "alter-1", Role.STUDENT);
        db.dsl().update(USERS).set(USERS.USAGE_QUOTA, 3).where(USERS.ID.eq("alter-1")).execute();
        TestRows.user(db.dsl(), "alter-2", Role.STUDENT);
        long target = entryId("alter-1", "UPDATE");
        sealUntilSealed(target);

        execute("create table saved_entry as select * from audit.entries where id = " + target);
        execute("update audit.entries set new_values = jsonb_set(new_values, '{usage_quota}', '500') where id = "
                + target);
        AuditVerification verification = db.audit().verify();
        execute("update audit.entries e set new_values = s.new_values from saved_entry s where e.id = s.id");
        execute("drop table saved_entry");

        assertThat(verification.intact()).isFalse();
        assertThat(verification.problem()).isEqualTo("entry altered");
        assertThat(verification.problemEntry()).isEqualTo(target);
        assertThat(verification.lastSeq()).isEqualTo(verification.problemSeq() - 1);
        assertThat(db.audit().verify().intact()).as("restored").isTrue();
    }

    @Test
    void aDeletedEntryInTheMiddleOfTheChainIsReported() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "delete-1", Role.STUDENT);
        TestRows.user(db.dsl(), "delete-2", Role.STUDENT);
        long target = entryId("delete-1", "INSERT");
        sealUntilSealed(entryId("delete-2", "INSERT"));

        execute("create table saved_entry as select * from audit.entries where id = " + target);
        execute("delete from audit.entries where id = " + target);
        AuditVerification verification = db.audit().verify();
        execute("insert into audit.entries overriding system value select * from saved_entry");
        execute("drop table saved_entry");

        assertThat(verification.problem()).isEqualTo("entry deleted");
        assertThat(verification.problemEntry()).isEqualTo(target);
        assertThat(db.audit().verify().intact()).as("restored").isTrue();
    }

    @Test
    void aDeletedSealAndAnEntrySlippedInWithAPastTransactionIdAreReported() throws SQLException {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "seal-1", Role.STUDENT);
        TestRows.user(db.dsl(), "seal-2", Role.STUDENT);
        long target = entryId("seal-1", "INSERT");
        sealUntilSealed(entryId("seal-2", "INSERT"));

        execute("create table saved_seal as select * from audit.seals where entry_id = " + target);
        execute("delete from audit.seals where entry_id = " + target);
        AuditVerification missingSeal = db.audit().verify();
        execute("insert into audit.seals select * from saved_seal");
        execute("drop table saved_seal");
        execute("insert into audit.entries (xid, table_name, operation, row_key) "
                + "values ('3'::xid8, 'users', 'DELETE', '{\"id\": \"forged\"}')");
        AuditVerification forged = db.audit().verify();
        execute("delete from audit.entries where row_key ->> 'id' = 'forged'");

        assertThat(missingSeal.problem()).isEqualTo("seal missing");
        assertThat(forged.problem()).isEqualTo("entry unsealed in a sealed range");
        assertThat(forged.problemEntry()).isNotNull();
        assertThat(db.audit().verify().intact()).as("restored").isTrue();
    }

    @Test
    void historyAndEntriesRefuseKeysAndRangesThatCannotMatch() {
        EduDatabase db = database.db();
        TestRows.user(db.dsl(), "range-1", Role.STUDENT);

        assertThatThrownBy(() -> db.audit().history(USERS)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db.audit().history(USERS, "a", "b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db.audit().entries(OffsetDateTime.now(), OffsetDateTime.now().minusDays(1), 10))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db.audit().entries(OffsetDateTime.now().minusDays(1), OffsetDateTime.now(), 0))
                .isInstanceOf(InvalidInputException.class);
        assertThat(db.audit().entries(OffsetDateTime.now().minusDays(1), OffsetDateTime.now().plusDays(1), 5))
                .hasSizeBetween(1, 5);
    }

    /**
     * Seals until entry {@code id} is sealed: xids are cluster-wide, so a transaction running in another database of
     * a shared cluster (PostgreSQL 15 on CI) holds sealing back until it ends.
     */
    private static void sealUntilSealed(long id) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (count("select count(*) from audit.seals where entry_id = " + id) == 0) {
            assertThat(System.nanoTime()).as("entry %s sealed within 30 s", id).isLessThan(deadline);
            database.db().audit().seal();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean sealed(String userId) throws SQLException {
        return count("select count(*) from audit.entries e join audit.seals s on s.entry_id = e.id "
                + "where e.table_name = 'users' and e.row_key ->> 'id' = '" + userId + "'") > 0;
    }

    private static long entryId(String userId, String operation) throws SQLException {
        return count("select max(id) from audit.entries where table_name = 'users' and row_key ->> 'id' = '"
                + userId + "' and operation = '" + operation + "'");
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection connection = database.postgres().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
