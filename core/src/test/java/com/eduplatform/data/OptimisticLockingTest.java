package com.eduplatform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.error.OptimisticLockException;
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

/** An update that names the version it read wins only if the row is still at that version. */
class OptimisticLockingTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
    }

    @Test
    void everyUpdateIncrementsTheVersion() {
        TestRows.user(db.dsl(), "v-1", Role.STUDENT);

        Users first = db.users().update("v-1", db.users().newRecord().setName("One"));
        Users second = db.users().update("v-1", db.users().newRecord().setName("Two"));

        assertThat(first.versionNumber()).isEqualTo(2);
        assertThat(second.versionNumber()).isEqualTo(3);
    }

    @Test
    void aStaleUpdateIsAConflictAndChangesNothing() {
        TestRows.user(db.dsl(), "v-2", Role.STUDENT);
        Users read = db.users().getById("v-2");
        db.users().update("v-2", db.users().newRecord().setName("Fresh").setVersionNumber(read.versionNumber()));

        assertThatThrownBy(() -> db.users().update("v-2",
                db.users().newRecord().setName("Stale").setVersionNumber(read.versionNumber())))
                .isInstanceOfSatisfying(OptimisticLockException.class, conflict -> {
                    assertThat(conflict.table()).isEqualTo("users");
                    assertThat(conflict.key()).isEqualTo("v-2");
                    assertThat(conflict.expectedVersion()).isEqualTo(read.versionNumber());
                });

        Users now = db.users().getById("v-2");
        assertThat(now.name()).isEqualTo("Fresh");
        assertThat(now.versionNumber()).isEqualTo(read.versionNumber() + 1);
    }

    @Test
    void twoConcurrentUpdatesOfOneVersionGiveExactlyOneConflict() throws Exception {
        TestRows.user(db.dsl(), "v-3", Role.STUDENT);
        int version = db.users().getById("v-3").versionNumber();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (String name : List.of("Left", "Right")) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        db.users().update("v-3", db.users().newRecord().setName(name).setVersionNumber(version));
                        return "updated";
                    } catch (OptimisticLockException conflict) {
                        return "conflict";
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).containsExactlyInAnyOrder("updated", "conflict");
            assertThat(db.users().getById("v-3").versionNumber()).isEqualTo(version + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updatingAMissingRowIsNotFoundEvenWithAVersion() {
        assertThatThrownBy(() -> db.users().update("nobody", db.users().newRecord().setName("x").setVersionNumber(1)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nobody");
    }
}
