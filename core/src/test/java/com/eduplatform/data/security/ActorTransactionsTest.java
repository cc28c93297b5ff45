package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_A;
import static com.eduplatform.data.security.TwoSchools.student;
import static com.eduplatform.data.security.TwoSchools.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.support.EduDatabaseExtension;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The facade's side of row-level security: an actor is handed to the database where a transaction begins, for that
 * transaction only, so a pooled connection never carries one caller's identity into the next; without an actor
 * nothing is set.
 */
class ActorTransactionsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    /** One pooled connection: every call below borrows the connection the previous one returned. */
    private static EduDatabase app;

    @BeforeAll
    static void seedAndLogIn() throws SQLException {
        TwoSchools.seed(database.db().dsl());
        logins = new RoleLogins(database.postgres());
        app = logins.database(logins.member("edudata_app"), 1);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    @Test
    void anActorIsSetWhereItsTransactionBeginsAndGoneFromThePooledConnectionWhenItEnds() {
        Actor actor = student(SCHOOL_A).actor();

        Identity inside = app.inTransaction(actor, tx -> identity(tx));
        Identity after = identity(app);
        Identity inPlainTransaction = app.inTransaction(tx -> identity(tx));

        assertThat(inside.userId()).isEqualTo(actor.userId());
        assertThat(inside.schoolId()).isEqualTo(SCHOOL_A);
        assertThat(after.backend()).as("the same pooled connection").isEqualTo(inside.backend());
        assertThat(after.userId()).as("outside a transaction, after one").isNullOrEmpty();
        assertThat(after.schoolId()).isNullOrEmpty();
        assertThat(inPlainTransaction.backend()).isEqualTo(inside.backend());
        assertThat(inPlainTransaction.userId()).as("in the next transaction, without an actor").isNullOrEmpty();
        assertThat(app.dsl().fetchCount(USERS)).as("and so it sees nothing").isZero();
    }

    @Test
    void aTransactionThatFailsLeavesNoIdentityBehindEither() {
        Actor actor = teacher(SCHOOL_A).actor();
        List<Identity> seen = new ArrayList<>();

        assertThatThrownBy(() -> app.useTransaction(actor, tx -> {
            seen.add(identity(tx));
            tx.dsl().execute("select 1 / 0");
        })).hasMessageContaining("division by zero");

        Identity after = identity(app);
        assertThat(seen).singleElement().satisfies(inside -> assertThat(inside.userId()).isEqualTo(actor.userId()));
        assertThat(after.backend()).isEqualTo(seen.get(0).backend());
        assertThat(after.userId()).isNullOrEmpty();
    }

    @Test
    void aUserWithoutASchoolActsWithAnEmptySchool() {
        Identity inside = app.inTransaction(Actor.withoutSchool(student(SCHOOL_A).id()), tx -> identity(tx));

        assertThat(inside.userId()).isEqualTo(student(SCHOOL_A).id());
        assertThat(inside.schoolId()).isEmpty();
    }

    @Test
    void everythingInTheTransactionIsFilteredRepositoriesStreamsAndWorkflowsAlike() {
        Actor actor = student(SCHOOL_A).actor();

        List<String> found = app.inTransaction(actor, tx -> tx.users().find(DSL.noCondition()).stream()
                .map(Users::id).toList());
        List<String> streamed = app.inTransaction(actor, tx -> {
            try (Stream<Users> users = tx.users().stream(DSL.noCondition())) {
                return users.map(Users::id).toList();
            }
        });
        long unread = app.inTransaction(actor, tx -> tx.workflows().notifications().unreadCount(actor.userId()));

        assertThat(found).containsExactly(actor.userId());
        assertThat(streamed).containsExactly(actor.userId());
        assertThat(unread).isEqualTo(TwoSchools.NOTIFICATIONS_EACH);
    }

    @Test
    void aNestedTransactionOfTheSameActorIsASavepointKeepingTheIdentity() {
        Actor actor = student(SCHOOL_A).actor();

        Identity afterSavepoint = app.inTransaction(actor, tx -> {
            assertThatThrownBy(() -> tx.useTransaction(actor, inner -> {
                throw new IllegalStateException("rolled back alone");
            })).hasMessage("rolled back alone");
            Identity inPlainNested = tx.inTransaction(inner -> identity(inner));
            assertThat(inPlainNested.userId()).as("a nested transaction without an actor joins this one")
                    .isEqualTo(actor.userId());
            return identity(tx);
        });

        assertThat(afterSavepoint.userId()).isEqualTo(actor.userId());
    }

    @Test
    void anotherActorCannotStartInsideATransaction() {
        Actor student = student(SCHOOL_A).actor();
        Actor teacher = teacher(SCHOOL_A).actor();

        Identity outer = app.inTransaction(student, tx -> {
            assertThatThrownBy(() -> tx.inTransaction(teacher, inner -> identity(inner)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(teacher.userId()).hasMessageContaining(student.userId());
            return identity(tx);
        });
        assertThatThrownBy(() -> app.inTransaction(tx -> tx.inTransaction(student, inner -> identity(inner))))
                .as("an actor inside a transaction that acts for nobody").isInstanceOf(IllegalStateException.class);

        assertThat(outer.userId()).as("the outer transaction went on as it was").isEqualTo(student.userId());
        assertThat(identity(app).userId()).isNullOrEmpty();
    }

    @Test
    void everyAttemptOfARetryingTransactionBeginsActingAsTheActor() {
        Actor actor = teacher(SCHOOL_A).actor();
        AtomicInteger attempts = new AtomicInteger();
        List<String> actingUsers = new ArrayList<>();

        int users = app.inRetryingTransaction(actor, tx -> {
            actingUsers.add(identity(tx).userId());
            if (attempts.incrementAndGet() == 1) {
                tx.dsl().execute("do $$ begin raise exception 'provoked' using errcode = 'serialization_failure'; end $$");
            }
            return tx.dsl().fetchCount(USERS);
        });

        assertThat(attempts).hasValue(2);
        assertThat(actingUsers).containsExactly(actor.userId(), actor.userId());
        assertThat(users).isEqualTo(TwoSchools.readable(teacher(SCHOOL_A)).size());
    }

    @Test
    void aSuperuserIsNotFilteredActorOrNot() {
        EduDatabase superuser = database.db();

        int withActor = superuser.inTransaction(student(SCHOOL_A).actor(), tx -> tx.dsl().fetchCount(USERS));

        assertThat(withActor).isEqualTo(superuser.dsl().fetchCount(USERS)).isGreaterThan(1);
    }

    @Test
    void anActorNeedsAUserIdAndANonBlankSchool() {
        assertThatThrownBy(() -> new Actor(" ", SCHOOL_A)).isInstanceOfSatisfying(InvalidInputException.class,
                refused -> assertThat(refused.field()).isEqualTo("actor.userId"));
        assertThatThrownBy(() -> new Actor("a-student", "")).isInstanceOfSatisfying(InvalidInputException.class,
                refused -> assertThat(refused.field()).isEqualTo("actor.schoolId"));
        assertThatThrownBy(() -> app.inTransaction((Actor) null, tx -> 1)).isInstanceOf(NullPointerException.class);
    }

    /** What the database holds as the acting user and school on the connection {@code db} uses now. */
    private static Identity identity(EduDatabase db) {
        Record3<Integer, String, String> row = db.dsl().select(
                DSL.field("pg_backend_pid()", Integer.class),
                DSL.field("current_setting('edudata.user_id', true)", String.class),
                DSL.field("current_setting('edudata.school_id', true)", String.class)).fetchSingle();
        return new Identity(row.value1(), row.value2(), row.value3());
    }

    private record Identity(int backend, String userId, String schoolId) {
    }
}
