package com.eduplatform.data.support;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.jooq.Tables.USERS;

import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;

/** Minimal valid rows that tests build on, inserted through the generated classes. */
public final class TestRows {

    private TestRows() {
    }

    /** Inserts a user holding {@code role} as both role and only role; id and auth0 id derive from {@code id}. */
    public static String user(DSLContext dsl, String id, Role role) {
        dsl.insertInto(USERS)
                .set(USERS.ID, id)
                .set(USERS.AUTH0_ID, "auth0|" + id)
                .set(USERS.EMAIL, id + "@school.example")
                .set(USERS.ROLE, role)
                .set(USERS.ROLES, List.of(role))
                .execute();
        return id;
    }

    /** Inserts a student with a profile born on {@code dateOfBirth} (null: age not recorded) and returns its id. */
    public static String student(DSLContext dsl, String id, LocalDate dateOfBirth) {
        user(dsl, id, Role.STUDENT);
        dsl.insertInto(STUDENT_PROFILES)
                .set(STUDENT_PROFILES.USER_ID, id)
                .set(STUDENT_PROFILES.GRADE_LEVEL, "5")
                .set(STUDENT_PROFILES.SUBJECTS, List.of("maths"))
                .set(STUDENT_PROFILES.DATE_OF_BIRTH, dateOfBirth)
                .execute();
        return id;
    }

    /** Inserts a content generation of {@code type} owned by {@code userId} and returns its id. */
    public static int generation(DSLContext dsl, String userId, ContentType type) {
        return dsl.insertInto(CONTENT_GENERATIONS)
                .set(CONTENT_GENERATIONS.USER_ID, userId)
                .set(CONTENT_GENERATIONS.CONTENT_TYPE, type)
                .set(CONTENT_GENERATIONS.INPUT_PARAMETERS, JsonNodeFactory.instance.objectNode().put("grade", "8"))
                .returning(CONTENT_GENERATIONS.ID)
                .fetchSingle(CONTENT_GENERATIONS.ID);
    }
}
