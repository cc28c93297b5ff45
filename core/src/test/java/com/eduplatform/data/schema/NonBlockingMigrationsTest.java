package com.eduplatform.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.schema.BlockingDdl.Migration;
import com.eduplatform.data.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No migration locks a large existing table while it scans or rewrites it ({@link BlockingDdl}'s rules), except the
 * statements listed in {@link #APPLIED_BEFORE_THE_RULES}, from migrations written before the rules and never edited
 * since (README: applied migrations are never edited). Every migration Flyway finds on the class path is read, so a
 * new group is held to the rules as soon as it is merged.
 */
class NonBlockingMigrationsTest {

    /**
     * The offenders of migrations that predate the rules, each with why it stays. All of them ran, in every database
     * so far, on tables just created and empty (a fresh database migrates V1_1 to the latest in one go, and an adopted
     * legacy database copies its rows in after V1_3 while offline, docs/migrations.md); editing them now would change
     * their checksums in every database already migrated.
     */
    private static final Map<String, String> APPLIED_BEFORE_THE_RULES = Map.ofEntries(
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table users checks or indexes every row under the lock: add the constraint on its own",
                    "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table student_profiles checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table teacher_profiles checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table parent_profiles checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table admin_profiles checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table doubt_submissions checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table generated_exams checks or indexes every row under the lock: add the constraint on its "
                    + "own", "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table workspaces checks or indexes every row under the lock: add the constraint on its own",
                    "V7_1"),
            Map.entry("V7_1__add_row_versions.sql: ADD COLUMN version_number with an inline constraint on existing "
                    + "table educational_resources checks or indexes every row under the lock: add the constraint on "
                    + "its own", "V7_1"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table content_generations without "
                    + "CONCURRENTLY", "V7_2"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table doubt_submissions without "
                    + "CONCURRENTLY", "V7_2"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table educational_resources without "
                    + "CONCURRENTLY", "V7_2"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table workspaces without CONCURRENTLY",
                    "V7_2"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table content_feedback without "
                    + "CONCURRENTLY", "V7_2"),
            Map.entry("V7_2__add_soft_delete.sql: CREATE INDEX on existing table notifications without CONCURRENTLY",
                    "V7_2"),
            Map.entry("V8_1__create_subscription_tiers_and_usage_counters.sql: ADD CONSTRAINT "
                    + "users_subscription_tier_fkey FOREIGN KEY on existing table users without NOT VALID (and "
                    + "VALIDATE CONSTRAINT in a later migration)", "V8_1"),
            Map.entry("V8_3__link_ai_usage_to_generations.sql: ADD CONSTRAINT "
                    + "ai_usage_tracking_content_generation_id_fkey FOREIGN KEY on existing table ai_usage_tracking "
                    + "without NOT VALID (and VALIDATE CONSTRAINT in a later migration)", "V8_3"),
            Map.entry("V8_3__link_ai_usage_to_generations.sql: CREATE INDEX on existing table ai_usage_tracking "
                    + "without CONCURRENTLY", "V8_3"),
            Map.entry("V9_3__add_user_performance_metrics_period.sql: ADD CONSTRAINT "
                    + "user_performance_metrics_period_check CHECK on existing table user_performance_metrics without "
                    + "NOT VALID (and VALIDATE CONSTRAINT in a later migration)", "V9_3"));

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.empty();

    @Test
    void noMigrationLocksAnExistingTableBeyondThoseWrittenBeforeTheRules() throws IOException {
        List<String> offenders = BlockingDdl.offenders(migrations());

        assertThat(offenders).as("DDL that locks an existing table (docs/migrations.md, non-blocking forms)")
                .isSubsetOf(APPLIED_BEFORE_THE_RULES.keySet());
        assertThat(offenders).as("the list of old offenders names only statements that still exist")
                .containsAll(APPLIED_BEFORE_THE_RULES.keySet());
    }

    @Test
    void wideningTheEncryptedUserColumnsRewritesNothing() throws Exception {
        DataSource dataSource = postgres.dataSource();
        SchemaMigrations.configure(dataSource).target("12.2").load().migrate();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("insert into users (id, auth0_id, email, roles) values ('u1', 'a1', 'u1@example.org', "
                    + "'{student}')");
            long before = relfilenode(statement);
            SchemaMigrations.configure(dataSource).target("13.1").load().migrate();
            assertThat(relfilenode(statement)).as("users rewritten by V13_1").isEqualTo(before);
            try (ResultSet row = statement.executeQuery("select format_type(atttypid, atttypmod) "
                    + "from pg_attribute where attrelid = 'users'::regclass and attname = 'email'")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("character varying(1536)");
            }
        }
    }

    private static long relfilenode(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery(
                "select relfilenode from pg_class where oid = 'users'::regclass")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void anIndexOnAnExistingTableMustBeBuiltConcurrently() {
        assertThat(BlockingDdl.offenders(List.of(
                new Migration("V1__t.sql", "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);"),
                new Migration("V2__i.sql", "CREATE UNIQUE INDEX t_b ON public.t (a);"),
                new Migration("V3__c.sql", "CREATE INDEX CONCURRENTLY t_c ON t (a);"))))
                .containsExactly("V2__i.sql: CREATE INDEX on existing table t without CONCURRENTLY");
    }

    @Test
    void aNewColumnOfAnExistingTableMayNotScanOrRewriteIt() {
        assertThat(BlockingDdl.offenders(List.of(
                new Migration("V1__t.sql", "CREATE TABLE t (a int)"),
                new Migration("V2__c.sql", """
                        ALTER TABLE t ADD COLUMN b integer NOT NULL;
                        ALTER TABLE t ADD COLUMN c uuid NOT NULL DEFAULT gen_random_uuid();
                        ALTER TABLE t ADD COLUMN d integer CHECK (d > 0);
                        ALTER TABLE t ADD COLUMN e integer GENERATED ALWAYS AS (a * 2) STORED;
                        ALTER TABLE t ADD COLUMN f integer NOT NULL DEFAULT 1, ADD COLUMN g text;
                        ALTER TABLE t ADD COLUMN h timestamptz NOT NULL DEFAULT now();
                        ALTER TABLE t ALTER COLUMN a TYPE bigint;"""))))
                .containsExactly(
                        "V2__c.sql: ADD COLUMN b NOT NULL without a DEFAULT on existing table t",
                        "V2__c.sql: ADD COLUMN c with a volatile DEFAULT on existing table t rewrites it",
                        "V2__c.sql: ADD COLUMN d with an inline constraint on existing table t checks or indexes "
                                + "every row under the lock: add the constraint on its own",
                        "V2__c.sql: ADD COLUMN e GENERATED on existing table t rewrites it",
                        "V2__c.sql: ALTER COLUMN a TYPE on existing table t rewrites it");
    }

    @Test
    void aConstraintOnAnExistingTableIsAddedNotValidAndValidatedByALaterMigration() {
        assertThat(BlockingDdl.offenders(List.of(
                new Migration("V1__t.sql", "CREATE TABLE t (a int, b int); CREATE TABLE u (a int PRIMARY KEY);"),
                new Migration("V2__k.sql", """
                        ALTER TABLE t ADD CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES u (a);
                        ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0) NOT VALID;
                        ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;
                        ALTER TABLE t VALIDATE CONSTRAINT t_a_check;
                        ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE (b);
                        ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_idx;
                        ALTER TABLE t ADD CONSTRAINT t_c_check CHECK (b < 10) NOT VALID;"""),
                new Migration("V3__v.sql", "ALTER TABLE t VALIDATE CONSTRAINT t_b_check;"))))
                .containsExactly(
                        "V2__k.sql: ADD CONSTRAINT t_a_fkey FOREIGN KEY on existing table t without NOT VALID (and "
                                + "VALIDATE CONSTRAINT in a later migration)",
                        "V2__k.sql: VALIDATE CONSTRAINT t.t_a_check in the migration that added it NOT VALID: its "
                                + "lock is still held, validate in a later migration",
                        "V2__k.sql: ADD CONSTRAINT t_b_key UNIQUE on existing table t builds its index under the "
                                + "lock: build it CONCURRENTLY, then ADD ... USING INDEX",
                        "V2__k.sql: constraint t.t_c_check added NOT VALID is never validated by a later migration");
    }

    @Test
    void setNotNullOnAnExistingTableNeedsAValidatedCheckFirst() {
        assertThat(BlockingDdl.offenders(List.of(
                new Migration("V1__t.sql", "CREATE TABLE t (a int, b int)"),
                new Migration("V2__c.sql", """
                        ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;
                        ALTER TABLE t ALTER COLUMN b SET NOT NULL;"""),
                new Migration("V3__v.sql", """
                        ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;
                        ALTER TABLE t ALTER COLUMN a SET NOT NULL, DROP CONSTRAINT t_a_not_null;"""))))
                .containsExactly("V2__c.sql: SET NOT NULL on t.b without a CHECK (b IS NOT NULL) validated by an "
                        + "earlier migration");
    }

    @Test
    void statementsAreSplitOutsideCommentsQuotesAndFunctionBodies() {
        assertThat(BlockingDdl.statements("""
                -- CREATE INDEX x ON t (a);
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
                COMMENT ON TABLE t IS 'a; b';
                DO $body$ BEGIN EXECUTE 'x;'; END $body$"""))
                .containsExactly("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
                        "COMMENT ON TABLE t IS 'a; b'", "DO $body$ BEGIN EXECUTE 'x;'; END $body$");
    }

    /** Every migration Flyway finds, in version order, with its SQL. */
    private static List<Migration> migrations() throws IOException {
        List<Migration> migrations = new ArrayList<>();
        MigrationInfo[] all = SchemaMigrations.configure(postgres.dataSource()).load().info().all();
        for (MigrationInfo info : Arrays.stream(all).sorted(Comparator.comparing(MigrationInfo::getVersion)).toList()) {
            String name = "db/migration/" + info.getScript();
            try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                migrations.add(new Migration(info.getScript(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(migrations).hasSizeGreaterThanOrEqualTo(38);
        return migrations;
    }
}
