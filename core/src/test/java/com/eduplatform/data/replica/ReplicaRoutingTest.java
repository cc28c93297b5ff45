package com.eduplatform.data.replica;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.ReadOnlyException;
import com.eduplatform.data.replica.ReplicaStatus.State;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.StreamingReplica;
import com.eduplatform.data.types.Role;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Analytics reads against a real streaming standby (built by {@link StreamingReplica} from the embedded binaries,
 * whatever server the rest of the suite runs on): served by the replica, read-your-writes, and the fallbacks to
 * the primary when the replica lags or is down.
 */
class ReplicaRoutingTest {

    private static final Field<Boolean> IN_RECOVERY = DSL.field("pg_is_in_recovery()", Boolean.class);
    private static final Field<Integer> SERVER_PORT = DSL.field("inet_server_port()", Integer.class);

    private static StreamingReplica pair;
    /** Patient: waits long for its own writes and tolerates much lag, so only a down replica sends it elsewhere. */
    private static EduDatabase db;
    /** Impatient: a paused replica soon lags past its limit and its own writes soon time out. */
    private static EduDatabase impatient;

    @BeforeAll
    static void start() {
        pair = StreamingReplica.start();
        db = connect().maxReplicaLag(Duration.ofMinutes(5)).readYourWritesTimeout(Duration.ofSeconds(30)).build();
        impatient = connect().maxReplicaLag(Duration.ofMillis(100)).readYourWritesTimeout(Duration.ofMillis(200))
                .build();
    }

    private static EduDatabase.Builder connect() {
        return EduDatabase.builder()
                .jdbcUrl(pair.primaryJdbcUrl()).user(pair.user()).password(pair.password())
                .replicaJdbcUrl(pair.replicaJdbcUrl())
                .replicaCheckInterval(Duration.ofMillis(50))
                .maximumPoolSize(4);
    }

    @AfterAll
    static void stop() {
        try {
            for (EduDatabase database : new EduDatabase[] {db, impatient}) {
                if (database != null) {
                    database.close();
                }
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @BeforeEach
    void replicaCaughtUpAndUp() {
        pair.awaitReplay();
        awaitState(db, State.UP);
        awaitState(impatient, State.UP);
    }

    @Test
    void analyticsReadsAreServedByTheReplica() throws Exception {
        Served served = onFreshThread(() -> countServed(db.analytics(), "nobody"));

        assertThat(served.onReplica()).isTrue();
        assertThat(served.port()).isEqualTo(pair.replicaPort());
        assertThat(db.replicaStatus().state()).isEqualTo(State.UP);
        assertThat(db.replicaStatus().lag()).isNotNull();
    }

    @Test
    void aRowWrittenOnThePrimaryIsReadFromTheReplica() throws Exception {
        TestRows.user(db.dsl(), "streamed", Role.STUDENT);
        pair.awaitReplay();

        Served served = onFreshThread(() -> countServed(db.analytics(), "streamed"));

        assertThat(served.rows()).isEqualTo(1);
        assertThat(served.onReplica()).isTrue();
    }

    @Test
    void aThreadReadsItsOwnWritesFromTheReplicaWhateverWayItWrote() throws Exception {
        List<Served> served = onFreshThread(() -> {
            TestRows.user(db.dsl(), "own-autocommit", Role.STUDENT);
            Served afterAutocommit = countServed(db.analytics(), "own-autocommit");
            db.users().insert(db.users().newRecord().setId("own-repository").setAuth0Id("auth0|own-repository")
                    .setEmail("own-repository@school.example").setRole(Role.TEACHER).setRoles(List.of(Role.TEACHER)));
            Served afterRepository = countServed(db.analytics(), "own-repository");
            db.useTransaction(tx -> TestRows.user(tx.dsl(), "own-transaction", Role.PARENT));
            Served afterTransaction = countServed(db.analytics(), "own-transaction");
            return List.of(afterAutocommit, afterRepository, afterTransaction);
        });

        assertThat(served).extracting(Served::rows).containsExactly(1, 1, 1);
        assertThat(served).extracting(Served::onReplica).containsExactly(true, true, true);
    }

    @Test
    void aCommitPositionCarriedToAnotherThreadMakesItsReadWaitForThatWrite() throws Exception {
        WalPosition position = onFreshThread(() -> {
            TestRows.user(db.dsl(), "carried", Role.STUDENT);
            return db.lastCommitPosition().orElseThrow();
        });
        WalPosition carried = WalPosition.parse(position.toString());

        Served served = onFreshThread(() -> countServed(db.analytics(carried), "carried"));

        assertThat(served.rows()).isEqualTo(1);
        assertThat(served.onReplica()).isTrue();
    }

    @Test
    void onlyAThreadThatWroteHasACommitPosition() throws Exception {
        assertThat(onFreshThread(() -> {
            countServed(db.analytics(), "nobody");
            db.users().findById("nobody");
            return db.lastCommitPosition();
        })).isEmpty();
        assertThat(onFreshThread(() -> {
            TestRows.user(db.dsl(), "positioned", Role.STUDENT);
            return db.lastCommitPosition();
        })).isPresent();
    }

    @Test
    void withReplayPausedOwnWritesAreReadFromThePrimaryAndOthersOnceTheLagIsTooLarge() throws Exception {
        pair.pauseReplay();
        try {
            Served ownWrite = onFreshThread(() -> {
                TestRows.user(impatient.dsl(), "paused-own", Role.STUDENT);
                return countServed(impatient.analytics(), "paused-own");
            });
            assertThat(ownWrite.rows()).isEqualTo(1);
            assertThat(ownWrite.onReplica()).isFalse();

            WalPosition position = onFreshThread(() -> {
                TestRows.user(db.dsl(), "paused-carried", Role.STUDENT);
                return db.lastCommitPosition().orElseThrow();
            });
            Served carried = onFreshThread(() -> countServed(impatient.analytics(position), "paused-carried"));
            assertThat(carried.rows()).isEqualTo(1);
            assertThat(carried.onReplica()).isFalse();

            awaitState(impatient, State.LAGGING);
            assertThat(impatient.replicaStatus().lag()).isGreaterThan(Duration.ofMillis(100));
            assertThat(impatient.replicaStatus().bytesBehind()).isPositive();
            Served tolerant = onFreshThread(() -> countServed(impatient.analytics(), "paused-own"));
            assertThat(tolerant.rows()).isEqualTo(1);
            assertThat(tolerant.onReplica()).isFalse();

            Served patient = onFreshThread(() -> countServed(db.analytics(), "paused-own"));
            assertThat(patient.onReplica()).isTrue();
            assertThat(patient.rows()).isZero();
        } finally {
            pair.resumeReplay();
        }
        pair.awaitReplay();
        awaitState(impatient, State.UP);

        Served caughtUp = onFreshThread(() -> countServed(impatient.analytics(), "paused-own"));
        assertThat(caughtUp.rows()).isEqualTo(1);
        assertThat(caughtUp.onReplica()).isTrue();
    }

    @Test
    void withTheReplicaStoppedReadsGoToThePrimaryAndReturnWhenItIsBack() throws Exception {
        onFreshThread(() -> countServed(db.analytics(), "nobody"));
        pair.stopReplica();
        try {
            TestRows.user(db.dsl(), "while-down", Role.STUDENT);

            Served first = onFreshThread(() -> countServed(db.analytics(), "while-down"));
            Served ownWrite = countServed(db.analytics(), "while-down");
            awaitState(db, State.DOWN);
            Served whileDown = onFreshThread(() -> countServed(db.analytics(), "while-down"));

            assertThat(List.of(first, ownWrite, whileDown)).extracting(Served::rows).containsOnly(1);
            assertThat(List.of(first, ownWrite, whileDown)).extracting(Served::onReplica).containsOnly(false);
            assertThat(db.replicaStatus().problem()).isNotBlank();
        } finally {
            pair.startReplica();
        }
        pair.awaitReplay();
        awaitState(db, State.UP);

        Served back = onFreshThread(() -> countServed(db.analytics(), "while-down"));
        assertThat(back.rows()).isEqualTo(1);
        assertThat(back.onReplica()).isTrue();
    }

    @Test
    void analyticsRefusesWritesBeforeTheyRunAndMapsAStandbysRefusalToo() throws Exception {
        assertThatThrownBy(() -> TestRows.user(db.analytics(), "refused-insert", Role.STUDENT))
                .isInstanceOf(ReadOnlyException.class)
                .hasMessageContaining("dsl()");
        assertThatThrownBy(() -> db.analytics().deleteFrom(USERS).where(USERS.ID.eq("streamed")).execute())
                .isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> db.analytics().update(USERS).set(USERS.NAME, "x").where(USERS.ID.eq("x"))
                .returning(USERS.ID).fetch())
                .isInstanceOf(ReadOnlyException.class);

        Throwable standbyRefusal = onFreshThread(() -> {
            try {
                db.analytics().resultQuery("INSERT INTO users (id, auth0_id, email, role, roles) "
                        + "VALUES (?, ?, ?, 'student', ARRAY['student']) RETURNING id",
                        "refused-plain", "auth0|refused-plain", "refused-plain@school.example").fetch();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(standbyRefusal).isInstanceOf(ReadOnlyException.class);
        assertThat(((ReadOnlyException) standbyRefusal).sqlState()).isEqualTo("25006");

        assertThat(db.users().existsById("refused-insert")).isFalse();
        assertThat(db.users().existsById("refused-plain")).isFalse();
    }

    @Test
    void insideATransactionAnalyticsReadsTheTransactionsOwnConnection() {
        Served served = db.inTransaction(tx -> {
            TestRows.user(tx.dsl(), "uncommitted", Role.STUDENT);
            return countServed(tx.analytics(), "uncommitted");
        });

        assertThat(served.rows()).isEqualTo(1);
        assertThat(served.onReplica()).isFalse();
    }

    @Test
    void withoutAReplicaAnalyticsIsThePrimaryAndNoPositionIsTaken() throws Exception {
        try (EduDatabase primaryOnly = EduDatabase.builder()
                .jdbcUrl(pair.primaryJdbcUrl()).user(pair.user()).password(pair.password()).build()) {
            Served served = onFreshThread(() -> {
                TestRows.user(primaryOnly.dsl(), "primary-only", Role.STUDENT);
                assertThat(primaryOnly.lastCommitPosition()).isEmpty();
                return countServed(primaryOnly.analytics(), "primary-only");
            });

            assertThat(served.rows()).isEqualTo(1);
            assertThat(served.onReplica()).isFalse();
            assertThat(primaryOnly.replicaStatus().state()).isEqualTo(State.NOT_CONFIGURED);
            assertThatThrownBy(() -> TestRows.user(primaryOnly.analytics(), "refused-too", Role.STUDENT))
                    .isInstanceOf(ReadOnlyException.class);
        }
    }

    @Test
    void aHostsReplicaDataSourceIsRoutedToAndLeftOpen() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pair.replicaJdbcUrl());
        config.setUsername(pair.user());
        config.setConnectionTimeout(1_000);
        try (HikariDataSource replica = new HikariDataSource(config)) {
            try (EduDatabase hosted = EduDatabase.builder()
                    .jdbcUrl(pair.primaryJdbcUrl()).user(pair.user()).password(pair.password())
                    .replicaDataSource(replica).replicaCheckInterval(Duration.ofMillis(50)).build()) {
                awaitState(hosted, State.UP);

                Served served = onFreshThread(() -> countServed(hosted.analytics(), "nobody"));

                assertThat(served.onReplica()).isTrue();
            }
            assertThat(replica.isClosed()).isFalse();
        }
    }

    @Test
    void theBuilderRefusesContradictoryReplicaSettings() {
        assertThatThrownBy(() -> connect().replicaDataSource(new PGSimpleDataSource()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most one");
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl(pair.primaryJdbcUrl()).replicaUser("reader").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replicaJdbcUrl");
        assertThatThrownBy(() -> connect().maxReplicaLag(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxReplicaLag");
        assertThatThrownBy(() -> connect().readYourWritesTimeout(null).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("readYourWritesTimeout");
        assertThatThrownBy(() -> connect().replicaCheckInterval(Duration.ofMillis(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replicaCheckInterval");
        assertThatThrownBy(() -> connect().replicaJdbcUrl("jdbc:mysql://replica/edu").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replicaJdbcUrl");
    }

    /** How many users have {@code id}, and which server answered. */
    private record Served(int rows, boolean onReplica, int port) {
    }

    private static Served countServed(DSLContext context, String id) {
        Record3<Integer, Boolean, Integer> row = context.select(DSL.count(), IN_RECOVERY, SERVER_PORT)
                .from(USERS).where(USERS.ID.eq(id)).fetchSingle();
        return new Served(row.value1(), row.value2(), row.value3());
    }

    /** Runs {@code work} on a new thread, which has committed nothing yet. */
    private static <T> T onFreshThread(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        new Thread(task, "fresh-reader").start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Waits (at most 30 s) until routing sees the replica in {@code state}. */
    private static void awaitState(EduDatabase database, State state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (database.replicaStatus().state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Replica not " + state + " within 30 s: " + database.replicaStatus());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }
}
