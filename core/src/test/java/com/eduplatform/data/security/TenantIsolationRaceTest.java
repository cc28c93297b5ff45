package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.NOTIFICATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.security.TwoSchools.Person;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.types.Priority;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads on a small pool interleave the users of two schools for thousands of transactions, and not one row
 * of another tenant is ever returned or changed, and no connection hands one transaction's identity to the next
 * borrower. Every write to notifications is recorded, with who acted, by a trigger this test installs in its own
 * database, so a change to a row of the wrong tenant cannot go unseen.
 */
class TenantIsolationRaceTest {

    private static final int THREADS = 8;
    private static final int POOL_SIZE = 3;
    private static final int ROUNDS_PER_THREAD = 300;

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static EduDatabase app;

    @BeforeAll
    static void seedRecordAndLogIn() throws SQLException {
        EduDatabase superuser = database.db();
        TwoSchools.seed(superuser.dsl());
        superuser.dsl().execute("""
                create table race_writes (operation text not null, acting_user text, owner text not null);
                create function race_record_write() returns trigger language plpgsql security definer as $$
                begin
                    if tg_op <> 'INSERT' then
                        insert into race_writes values (tg_op, current_setting('edudata.user_id', true), old.user_id);
                    end if;
                    if tg_op <> 'DELETE' then
                        insert into race_writes values (tg_op, current_setting('edudata.user_id', true), new.user_id);
                    end if;
                    return null;
                end $$;
                create trigger race_record_write after insert or update or delete on notifications
                    for each row execute function race_record_write();""");
        logins = new RoleLogins(database.postgres());
        app = logins.database(logins.member("edudata_app"), POOL_SIZE);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    @Test
    void interleavedUsersOfTwoSchoolsOnASmallPoolNeverSeeOrChangeAnotherTenantsRows() throws Exception {
        List<Person> everyone = TwoSchools.everyone();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger transactions = new AtomicInteger();
        AtomicInteger rowsRead = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();

        Race.run(THREADS, index -> {
            Random random = new Random(index);
            for (int round = 0; round < ROUNDS_PER_THREAD; round++) {
                Person person = everyone.get(random.nextInt(everyone.size()));
                Person stranger = strangerTo(person, random);
                Set<String> readable = TwoSchools.readable(person);
                String marker = person.id() + "#" + index + "." + round;
                switch (round % 5) {
                    case 0 -> {
                        List<String> owners = acting(person, tx -> tx.dsl().select(NOTIFICATIONS.USER_ID)
                                .from(NOTIFICATIONS).fetch(NOTIFICATIONS.USER_ID));
                        rowsRead.addAndGet(owners.size());
                        owners.stream().filter(owner -> !readable.contains(owner))
                                .forEach(owner -> violations.add(person.id() + " read a notification of " + owner));
                    }
                    case 1 -> {
                        List<String> users = acting(person, tx -> tx.dsl().select(USERS.ID).from(USERS)
                                .fetch(USERS.ID));
                        List<Integer> foreignContent = acting(person, tx -> tx.dsl().select(CONTENT_GENERATIONS.ID)
                                .from(CONTENT_GENERATIONS).where(CONTENT_GENERATIONS.USER_ID.eq(stranger.id()))
                                .fetch(CONTENT_GENERATIONS.ID));
                        rowsRead.addAndGet(users.size());
                        users.stream().filter(user -> !readable.contains(user))
                                .forEach(user -> violations.add(person.id() + " read the user row of " + user));
                        if (!foreignContent.isEmpty()) {
                            violations.add(person.id() + " read content " + foreignContent + " of " + stranger.id());
                        }
                    }
                    case 2 -> {
                        Notifications sent = acting(person, tx -> tx.workflows().notifications().send(person.id(),
                                "race", "race", marker, null, Priority.LOW));
                        if (!sent.userId().equals(person.id())) {
                            violations.add(person.id() + " wrote a notification of " + sent.userId());
                        }
                        try {
                            acting(person, tx -> tx.workflows().notifications().send(stranger.id(), "race", "race",
                                    marker, null, Priority.LOW));
                            violations.add(person.id() + " sent a notification to " + stranger.id());
                        } catch (AccessDeniedException expected) {
                            refusals.incrementAndGet();
                        }
                    }
                    case 3 -> acting(person, tx -> tx.dsl().update(NOTIFICATIONS)
                            .set(NOTIFICATIONS.MESSAGE, marker).execute());
                    default -> {
                        int foreign = acting(person, tx -> tx.dsl().deleteFrom(NOTIFICATIONS)
                                .where(NOTIFICATIONS.USER_ID.eq(stranger.id())).execute());
                        acting(person, tx -> tx.dsl().deleteFrom(NOTIFICATIONS)
                                .where(NOTIFICATIONS.NOTIFICATION_TYPE.eq("race"))
                                .and(NOTIFICATIONS.USER_ID.eq(person.id())).execute());
                        if (foreign != 0) {
                            violations.add(person.id() + " deleted " + foreign + " notifications of " + stranger.id());
                        }
                    }
                }
                transactions.incrementAndGet();
                // A connection just returned by an actor's transaction, borrowed without one: no identity, no rows.
                Record3<String, String, Integer> leftover = app.dsl().select(
                        DSL.field("current_setting('edudata.user_id', true)", String.class),
                        DSL.field("current_setting('edudata.school_id', true)", String.class),
                        DSL.field(DSL.selectCount().from(NOTIFICATIONS))).fetchSingle();
                if (!isNullOrEmpty(leftover.value1()) || !isNullOrEmpty(leftover.value2()) || leftover.value3() != 0) {
                    violations.add("a pooled connection carried " + leftover + " after " + person.id());
                }
            }
            return null;
        });

        assertThat(violations).isEmpty();
        assertThat(transactions).hasValue(THREADS * ROUNDS_PER_THREAD);
        assertThat(rowsRead.get()).as("rows returned to actors, every one checked").isGreaterThan(1_000);
        assertThat(refusals.get()).as("notifications refused to another school").isGreaterThan(100);

        Map<String, Person> people = TwoSchools.everyone().stream()
                .collect(Collectors.toMap(Person::id, Function.identity()));
        List<Record3<String, String, String>> writes = database.db().dsl()
                .resultQuery("select operation, acting_user, owner from race_writes")
                .coerce(DSL.field("operation", String.class), DSL.field("acting_user", String.class),
                        DSL.field("owner", String.class))
                .fetch();
        assertThat(writes).as("writes to notifications, all recorded").hasSizeGreaterThan(1_000);
        assertThat(writes).allSatisfy(write -> {
            Person writer = people.get(write.value2());
            assertThat(writer).as("every write acted for a seeded user: %s", write).isNotNull();
            assertThat(TwoSchools.writable(writer)).as("%s may write the row of %s", write.value2(), write.value3())
                    .contains(write.value3());
        });
    }

    private static <T> T acting(Person person, Function<EduDatabase, T> work) {
        return app.inRetryingTransaction(person.actor(), work);
    }

    /** Someone of the other school. */
    private static Person strangerTo(Person person, Random random) {
        String otherSchool = TwoSchools.SCHOOLS.stream().filter(school -> !school.equals(person.school()))
                .findFirst().orElseThrow();
        List<Person> strangers = TwoSchools.people(otherSchool);
        return strangers.get(random.nextInt(strangers.size()));
    }

    private static boolean isNullOrEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
