package com.eduplatform.data.benchmarks;

import static com.eduplatform.data.jooq.Tables.USERS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.types.Role;
import java.util.ArrayList;
import java.util.List;

/** The student accounts a benchmark's generated rows belong to. */
final class Students {

    private Students() {
    }

    /** Inserts {@code count} students with ids {@code prefix0}, {@code prefix1}, ...; returns the ids. */
    static List<String> insert(EduDatabase db, String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            db.dsl().insertInto(USERS)
                    .set(USERS.ID, id).set(USERS.AUTH0_ID, "auth0|" + id).set(USERS.EMAIL, id + "@school.example")
                    .set(USERS.ROLE, Role.STUDENT).set(USERS.ROLES, List.of(Role.STUDENT))
                    .execute();
            ids.add(id);
        }
        return ids;
    }
}
