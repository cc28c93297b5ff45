package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upsert on the natural key: insert when new, update when it exists, atomically. */
class UpsertTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
    }

    @Test
    void upsertInsertsWhenTheNaturalKeyIsNewAndUpdatesWhenItExists() {
        Users inserted = db.users().upsert(user("up-1", "auth0|up-1").setName("First"));
        Users updated = db.users().upsert(user("ignored-id", "auth0|up-1").setName("Second"));

        assertThat(inserted.name()).isEqualTo("First");
        assertThat(updated.id()).as("the primary key of the existing row is kept").isEqualTo("up-1");
        assertThat(updated.name()).isEqualTo("Second");
        assertThat(updated.versionNumber()).isEqualTo(inserted.versionNumber() + 1);
        assertThat(db.users().count(USERS.AUTH0_ID.eq("auth0|up-1"))).isEqualTo(1);
    }

    @Test
    void upsertOfAProfileKeysOnItsUser() {
        TestRows.user(db.dsl(), "student-up", Role.STUDENT);
        var first = db.studentProfiles().upsert(db.studentProfiles().newRecord().setUserId("student-up")
                .setGradeLevel("7").setSubjects(List.of("mathematics")));
        var second = db.studentProfiles().upsert(db.studentProfiles().newRecord().setUserId("student-up")
                .setGradeLevel("8").setSubjects(List.of("mathematics", "physics")));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.gradeLevel()).isEqualTo("8");
        assertThat(second.subjects()).containsExactly("mathematics", "physics");
    }

    @Test
    void concurrentUpsertsOfOneKeyNeverBothInsert() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Users>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "Racer " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return db.users().upsert(user("race-" + name.hashCode(), "auth0|race").setName(name));
                }));
            }
            start.countDown();
            for (Future<Users> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(db.users().count(USERS.AUTH0_ID.eq("auth0|race"))).isEqualTo(1);
        assertThat(db.users().findOne(USERS.AUTH0_ID.eq("auth0|race")).orElseThrow().versionNumber())
                .isEqualTo(threads);
    }

    @Test
    void aTableWithoutANaturalKeyRefusesUpsert() {
        assertThatThrownBy(() -> db.notifications().upsert(db.notifications().newRecord()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("notifications has no natural key");
    }

    private static com.eduplatform.data.jooq.tables.records.UsersRecord user(String id, String auth0Id) {
        return db.users().newRecord().setId(id).setAuth0Id(auth0Id).setEmail(id + "@school.example")
                .setRoles(List.of(Role.STUDENT));
    }
}
