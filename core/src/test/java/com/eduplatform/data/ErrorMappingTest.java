package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.ConstraintViolationException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.NotNullViolationException;
import com.eduplatform.data.error.UniqueViolationException;
import com.eduplatform.data.jooq.tables.records.UsersRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only PostgreSQL can judge comes back as the library's own exception for its kind, naming the constraint,
 * the table and the columns; nothing of the failed call is left behind; no jOOQ or JDBC exception escapes.
 */
class ErrorMappingTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
    }

    @Test
    void aDuplicateNaturalKeyIsAUniqueViolationNamingTheConstraintAndColumn() {
        UniqueViolationException error = violation(UniqueViolationException.class,
                () -> db.users().insert(user("copy-1").setAuth0Id("auth0|teacher-1")));

        assertThat(error.constraint()).isEqualTo("users_auth0_id_key");
        assertThat(error.table()).isEqualTo("users");
        assertThat(error.columns()).containsExactly("auth0_id");
        assertThat(error.sqlState()).isEqualTo("23505");
    }

    @Test
    void aDuplicateCompositeKeyNamesEveryColumn() {
        int content = TestRows.generation(db.dsl(), "teacher-1", ContentType.LESSON);
        var share = db.contentShares().newRecord().setContentGenerationId(content)
                .setSharedBy("teacher-1").setSharedWith("student-1");
        db.contentShares().insert(share);

        UniqueViolationException error = violation(UniqueViolationException.class,
                () -> db.contentShares().insert(share));

        assertThat(error.constraint()).isEqualTo("content_shares_content_generation_id_shared_with_key");
        assertThat(error.columns()).containsExactly("content_generation_id", "shared_with");
    }

    @Test
    void aMissingParentIsAForeignKeyViolation() {
        ForeignKeyViolationException error = violation(ForeignKeyViolationException.class,
                () -> db.contentGenerations().insert(db.contentGenerations().newRecord()
                        .setUserId("nobody").setContentType(ContentType.EXAM)
                        .setInputParameters(JsonNodeFactory.instance.objectNode())));

        assertThat(error.constraint()).isEqualTo("content_generations_user_id_fkey");
        assertThat(error.columns()).containsExactly("user_id");
    }

    @Test
    void aMissingArrayElementIsAForeignKeyViolationNamingTheArrayColumn() {
        ForeignKeyViolationException error = violation(ForeignKeyViolationException.class,
                () -> db.workspaces().insert(db.workspaces().newRecord().setCreatedBy("teacher-1").setName("8B")
                        .setMembers(List.of("teacher-1", "ghost"))));

        assertThat(error.constraint()).isEqualTo("workspaces_members_fkey");
        assertThat(error.columns()).containsExactly("members");
        assertThat(error.getMessage()).contains("ghost");
    }

    @Test
    void aCheckAcrossColumnsIsACheckViolationNamingBothColumns() {
        int content = TestRows.generation(db.dsl(), "teacher-1", ContentType.PRACTICE_ANALYSIS);

        CheckViolationException error = violation(CheckViolationException.class,
                () -> db.practiceSessions().insert(db.practiceSessions().newRecord()
                        .setContentGenerationId(content).setStudentId("student-1").setPracticeType("homework")
                        .setSubject("mathematics").setTopic("fractions").setGrade("8")
                        .setStudentResponses("2/5").setIdealAnswers("5/6")
                        .setScoreAwarded(11).setTotalMarks(10)));

        assertThat(error.constraint()).isEqualTo("practice_sessions_score_awarded_check");
        assertThat(error.columns()).containsExactly("score_awarded", "total_marks");
    }

    @Test
    void aMissingValueInATypedQueryOfYourOwnIsANotNullViolation() {
        NotNullViolationException error = violation(NotNullViolationException.class,
                () -> db.dsl().insertInto(USERS).set(USERS.ID, "x").set(USERS.AUTH0_ID, "auth0|x")
                        .set(USERS.ROLES, List.of(Role.STUDENT)).execute());

        assertThat(error.table()).isEqualTo("users");
        assertThat(error.columns()).containsExactly("email");
    }

    @Test
    void aDerivedColumnWrittenByRawSqlIsACheckViolation() {
        int content = TestRows.generation(db.dsl(), "teacher-1", ContentType.EXAM);

        CheckViolationException error = violation(CheckViolationException.class,
                () -> db.dsl().update(CONTENT_GENERATIONS).set(CONTENT_GENERATIONS.SHARED_WITH, List.of("student-1"))
                        .where(CONTENT_GENERATIONS.ID.eq(content)).execute());

        assertThat(error.constraint()).isEqualTo("content_generations_shared_with_check");
        assertThat(error.columns()).containsExactly("shared_with");
    }

    @Test
    void aFailedBatchLeavesNothingBehind() {
        long before = db.users().count();

        violation(UniqueViolationException.class, () -> db.users().insertAll(List.of(
                user("batch-1"), user("batch-2"), user("batch-3").setAuth0Id("auth0|batch-1"))));

        assertThat(db.users().count()).isEqualTo(before);
        assertThat(db.users().existsById("batch-1")).isFalse();
    }

    @Test
    void anyOtherDatabaseErrorIsTheRootExceptionWithItsSqlState() {
        assertThatThrownBy(() -> db.dsl().execute("select no_such_column from users"))
                .isExactlyInstanceOf(EduDataException.class)
                .hasMessageContaining("no_such_column")
                .extracting(e -> ((EduDataException) e).sqlState()).isEqualTo("42703");
    }

    private static UsersRecord user(String id) {
        return db.users().newRecord().setId(id).setAuth0Id("auth0|" + id).setEmail(id + "@school.example")
                .setRoles(List.of(Role.STUDENT));
    }

    private static <E extends ConstraintViolationException> E violation(Class<E> type, Runnable call) {
        E error = catchThrowableOfType(type, call::run);
        assertThat(error).as("fails with " + type.getSimpleName()).isNotNull();
        return error;
    }
}
