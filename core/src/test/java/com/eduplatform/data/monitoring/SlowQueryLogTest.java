package com.eduplatform.data.monitoring;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.Role;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The slow-query log: what crosses the threshold is reported, shortened and with secrets masked; nothing else. */
class SlowQueryLogTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private final List<SlowQuery> reported = new CopyOnWriteArrayList<>();
    private EduDatabase db;

    @BeforeEach
    void clear() {
        reported.clear();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private EduDatabase connect(Duration threshold, Consumer<SlowQuery> listener) {
        db = EduDatabase.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .maximumPoolSize(2)
                .slowQueryThreshold(threshold)
                .slowQueryListener(listener)
                .build();
        return db;
    }

    @Test
    void aQuerySlowerThanTheThresholdIsReportedWithItsDurationAndShortenedBinds() {
        EduDatabase db = connect(Duration.ofMillis(150), reported::add);
        String longValue = "x".repeat(500);

        db.dsl().resultQuery("select pg_sleep(0.3), {0}::text", DSL.val(longValue)).fetch();

        assertThat(reported).hasSize(1);
        SlowQuery slow = reported.get(0);
        assertThat(slow.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(slow.operation()).isEqualTo("select");
        assertThat(slow.failed()).isFalse();
        assertThat(slow.sql()).contains("pg_sleep(0.3)").contains("?");
        assertThat(slow.bindValues()).containsExactly("'" + "x".repeat(SlowQuery.MAX_BIND_LENGTH - 1)
                + "...(502 chars)");
    }

    @Test
    void aQueryFasterThanTheThresholdIsNotReported() {
        EduDatabase db = connect(Duration.ofMillis(150), reported::add);

        db.dsl().selectOne().fetch();
        db.dsl().selectFrom(USERS).where(USERS.ID.eq("nobody")).fetch();

        assertThat(reported).isEmpty();
    }

    @Test
    void theSqlIsCutToItsMaximumLength() {
        EduDatabase db = connect(Duration.ZERO, reported::add);

        String sql = "select 1 /* " + "y".repeat(5000) + " */";
        db.dsl().resultQuery(sql).fetch();

        String tail = "...(" + sql.length() + " chars)";
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).sql()).isEqualTo(sql.substring(0, SlowQuery.MAX_SQL_LENGTH) + tail);
    }

    @Test
    void aZeroThresholdReportsEveryStatementWithItsTablesAndOperation() {
        EduDatabase db = connect(Duration.ZERO, reported::add);

        TestRows.user(db.dsl(), "slow-1", Role.STUDENT);
        db.dsl().select(USERS.ID).from(USERS.join(CONTENT_GENERATIONS).on(CONTENT_GENERATIONS.USER_ID.eq(USERS.ID)))
                .fetch();
        db.dsl().update(USERS).set(USERS.NAME, "Ann").where(USERS.ID.eq("slow-1")).execute();
        db.dsl().deleteFrom(USERS).where(USERS.ID.eq("slow-1")).execute();

        assertThat(reported).extracting(SlowQuery::operation).containsExactly("insert", "select", "update", "delete");
        assertThat(reported).extracting(SlowQuery::tables).containsExactly(List.of("users"),
                List.of("users", "content_generations"), List.of("users"), List.of("users"));
        assertThat(reported.get(2).bindValues()).containsExactly("'Ann'", "'slow-1'");
    }

    @Test
    void aPlainSqlTableIsNamedByItsFirstIdentifierNeverByItsText() {
        EduDatabase db = connect(Duration.ZERO, reported::add);

        db.dsl().selectOne().from("users u join content_generations g on g.user_id = u.id").fetch();
        db.dsl().fetch("select count(*) from \"users\" where id = ?", "x");

        assertThat(reported).extracting(SlowQuery::tables)
                .containsExactly(List.of("users"), List.of("users"));
        assertThat(reported.get(1).bindValues()).containsExactly("'x'");
    }

    @Test
    void valuesBoundToSecretColumnsAreMaskedInWhereSetAndInsert() {
        EduDatabase db = connect(Duration.ZERO, reported::add);
        db.dsl().execute("create table monitoring_secrets (id int, password_hash text, api_token text, note text)");
        reported.clear();

        db.dsl().insertInto(DSL.table(DSL.name("monitoring_secrets")))
                .columns(DSL.field(DSL.name("id")), DSL.field(DSL.name("password_hash")),
                        DSL.field(DSL.name("api_token")), DSL.field(DSL.name("note")))
                .values(1, "hash-one-secret", "token-one-secret", "visible note")
                .execute();
        db.dsl().update(DSL.table(DSL.name("monitoring_secrets")))
                .set(DSL.field(DSL.name("password_hash"), String.class), "hash-two-secret")
                .where(DSL.field(DSL.name("api_token"), String.class).eq("token-one-secret"))
                .execute();

        assertThat(reported).hasSize(2);
        assertThat(reported.get(0).bindValues()).containsExactly("1", "***", "***", "'visible note'");
        assertThat(reported.get(1).bindValues()).containsExactly("***", "***");
        assertThat(reported.toString()).doesNotContain("-secret");
    }

    @Test
    void aFailingStatementIsReportedAsFailedAndStillThrows() {
        EduDatabase db = connect(Duration.ZERO, reported::add);

        assertThatThrownBy(() -> db.dsl().execute("select * from no_such_table")).isInstanceOf(RuntimeException.class);

        assertThat(reported).singleElement().satisfies(slow -> {
            assertThat(slow.failed()).isTrue();
            assertThat(slow.tables()).containsExactly("no_such_table");
        });
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheQuery() {
        EduDatabase db = connect(Duration.ZERO, slow -> {
            throw new IllegalStateException("listener broken");
        });

        assertThat(db.dsl().selectOne().fetchOne(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl(postgres.jdbcUrl())
                .slowQueryThreshold(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slowQueryThreshold");
    }
}
