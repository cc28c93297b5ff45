package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.TransactionConflictException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.jooq.tables.records.UsersRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One transaction boundary: all or nothing, savepoints for nesting, and retries for conflicts only. */
class TransactionsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
    }

    @Test
    void repositoriesAndTypedQueriesInOneTransactionCommitTogether() {
        String name = db.inTransaction(tx -> {
            tx.users().insert(user("tx-1"));
            tx.dsl().update(USERS).set(USERS.NAME, "Committed").where(USERS.ID.eq("tx-1")).execute();
            return tx.users().getById("tx-1").name();
        });

        assertThat(name).isEqualTo("Committed");
        assertThat(db.users().getById("tx-1").name()).isEqualTo("Committed");
    }

    @Test
    void aFailingTransactionLeavesNoTraceAndRethrowsTheSameException() {
        IllegalStateException failure = new IllegalStateException("changed my mind");

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.users().insert(user("tx-2"));
            tx.dsl().update(USERS).set(USERS.NAME, "Never").where(USERS.ID.eq("tx-2")).execute();
            throw failure;
        })).isSameAs(failure);

        assertThat(db.users().existsById("tx-2")).isFalse();
    }

    @Test
    void aNestedTransactionThatFailsRollsBackToItsSavepointOnly() {
        db.useTransaction(outer -> {
            outer.users().insert(user("outer-1"));
            assertThatThrownBy(() -> outer.useTransaction(inner -> {
                inner.users().insert(user("inner-1"));
                inner.users().insert(user("inner-2").setAuth0Id("auth0|outer-1"));
            })).isInstanceOf(UniqueViolationException.class);
            outer.users().insert(user("outer-2"));
        });

        assertThat(db.users().existsById("outer-1")).isTrue();
        assertThat(db.users().existsById("outer-2")).isTrue();
        assertThat(db.users().existsById("inner-1")).isFalse();
    }

    @Test
    void theRetryingTransactionRunsAgainAfterASerializationFailure() {
        AtomicInteger attempts = new AtomicInteger();

        String result = db.inRetryingTransaction(tx -> {
            tx.users().insert(user("retry-" + attempts.incrementAndGet()));
            if (attempts.get() < 3) {
                raise("40001");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
        assertThat(db.users().existsById("retry-1")).isFalse();
        assertThat(db.users().existsById("retry-2")).isFalse();
        assertThat(db.users().existsById("retry-3")).isTrue();
    }

    @Test
    void theRetryingTransactionGivesUpAfterItsAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> db.inRetryingTransaction(tx -> {
            attempts.incrementAndGet();
            raise("40P01");
            return null;
        })).isInstanceOfSatisfying(TransactionConflictException.class,
                conflict -> assertThat(conflict.sqlState()).isEqualTo("40P01"));

        assertThat(attempts).hasValue(4);
    }

    @Test
    void theRetryingTransactionDoesNotRetryAnythingElse() {
        TestRows.user(db.dsl(), "taken", Role.STUDENT);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> db.inRetryingTransaction(tx -> {
            attempts.incrementAndGet();
            return tx.users().insert(user("taken"));
        })).isInstanceOf(UniqueViolationException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void aRealDeadlockIsRetriedUntilBothTransactionsCommit() throws Exception {
        TestRows.user(db.dsl(), "lock-a", Role.STUDENT);
        TestRows.user(db.dsl(), "lock-b", Role.STUDENT);
        CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();

        CompletableFuture<Void> left = CompletableFuture.runAsync(() -> lockInOrder("lock-a", "lock-b",
                bothHoldTheirFirstLock, attempts));
        CompletableFuture<Void> right = CompletableFuture.runAsync(() -> lockInOrder("lock-b", "lock-a",
                bothHoldTheirFirstLock, attempts));
        CompletableFuture.allOf(left, right).get(60, TimeUnit.SECONDS);

        assertThat(attempts.get()).as("one transaction ran twice").isEqualTo(3);
        assertThat(db.users().getById("lock-a").usageQuota()).isEqualTo(102);
        assertThat(db.users().getById("lock-b").usageQuota()).isEqualTo(102);
    }

    private static void lockInOrder(String first, String second, CyclicBarrier barrier, AtomicInteger attempts) {
        db.inRetryingTransaction(tx -> {
            boolean firstAttempt = attempts.incrementAndGet() <= 2;
            tx.dsl().update(USERS).set(USERS.USAGE_QUOTA, USERS.USAGE_QUOTA.plus(1)).where(USERS.ID.eq(first)).execute();
            if (firstAttempt) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            tx.dsl().update(USERS).set(USERS.USAGE_QUOTA, USERS.USAGE_QUOTA.plus(1)).where(USERS.ID.eq(second)).execute();
            return null;
        });
    }

    private static void raise(String sqlState) {
        db.dsl().execute("DO $$ BEGIN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '" + sqlState + "'; END $$");
    }

    private static UsersRecord user(String id) {
        return db.users().newRecord().setId(id).setAuth0Id("auth0|" + id).setEmail(id + "@school.example")
                .setRoles(List.of(Role.STUDENT));
    }
}
