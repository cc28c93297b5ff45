package com.eduplatform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.support.CountingDataSource;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.TutoringSessionType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input the schema would refuse, and that the generated metadata lets us judge, is refused before any SQL: no
 * connection is even taken, and the message names the field and says why.
 */
class InputValidationTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    private static CountingDataSource counting;
    private static EduDatabase db;
    private static int content;

    @BeforeAll
    static void connect() {
        counting = new CountingDataSource(postgres.dataSource());
        db = EduDatabase.builder().dataSource(counting).validateOnStart(false).build();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        content = TestRows.generation(db.dsl(), "teacher-1", ContentType.TUTOR_SESSION);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aStringLongerThanItsVarcharIsRefused() {
        var user = newUser("long-1").setEmail("x".repeat(250) + "@school.example");

        InvalidInputException error = refusedWithoutSql(() -> db.users().insert(user));

        assertThat(error.field()).isEqualTo("users.email");
        assertThat(error.reason()).isEqualTo("is longer than 255 characters (was 265)");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        var user = newUser("emoji-1").setName(emoji.repeat(255));

        assertThat(db.users().insert(user).name()).hasSize(510);
    }

    @Test
    void aScoreOutsideItsCheckRangeIsRefused() {
        var session = db.tutoringSessions().newRecord()
                .setContentGenerationId(content).setStudentId("student-1").setSessionType(TutoringSessionType.CHAT)
                .setStudentEngagementScore(new BigDecimal("10.50"));

        InvalidInputException error = refusedWithoutSql(() -> db.tutoringSessions().insert(session));

        assertThat(error.field()).isEqualTo("tutoring_sessions.student_engagement_score");
        assertThat(error.reason()).contains("must be <= 10", "was 10.50", "tutoring_sessions_student_engagement_score_check");
    }

    @Test
    void aNegativeCounterIsRefusedOnUpdateToo() {
        InvalidInputException error = refusedWithoutSql(() -> db.users().update("student-1",
                db.users().newRecord().setUsageQuota(-1)));

        assertThat(error.field()).isEqualTo("users.usage_quota");
        assertThat(error.reason()).contains("must be >= 0");
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        var user = db.users().newRecord().setId("no-email").setAuth0Id("auth0|no-email").setRoles(List.of(Role.STUDENT));

        InvalidInputException error = refusedWithoutSql(() -> db.users().insert(user));

        assertThat(error.field()).isEqualTo("users.email");
        assertThat(error.reason()).isEqualTo("is required");
    }

    @Test
    void nullIntoANotNullColumnIsRefusedOnUpdate() {
        InvalidInputException error = refusedWithoutSql(() -> db.users().update("student-1",
                db.users().newRecord().setEmail(null)));

        assertThat(error.field()).isEqualTo("users.email");
        assertThat(error.reason()).isEqualTo("cannot be null");
    }

    @Test
    void aRoleNotAmongTheRolesIsRefused() {
        var user = newUser("odd-1").setRole(Role.ADMIN).setRoles(List.of(Role.TEACHER));

        InvalidInputException error = refusedWithoutSql(() -> db.users().insert(user));

        assertThat(error.field()).isEqualTo("users.role");
        assertThat(error.reason()).contains("must be one of the user's roles [TEACHER]");
    }

    @Test
    void anEmptyListWhereTheCheckWantsOneElementIsRefused() {
        var user = newUser("roleless").setRoles(List.of()).setRole(null);

        InvalidInputException error = refusedWithoutSql(() -> db.users().insert(user));

        assertThat(error.field()).isEqualTo("users.roles");
        assertThat(error.reason()).isEqualTo("must hold at least one element");
    }

    @Test
    void aColumnTheSchemaMaintainsCannotBeWritten() {
        InvalidInputException error = refusedWithoutSql(() -> db.contentGenerations().update(content,
                db.contentGenerations().newRecord().setSharedWith(List.of("student-1"))));

        assertThat(error.field()).isEqualTo("content_generations.shared_with");
        assertThat(error.reason()).contains("maintained by the schema");
    }

    @Test
    void thePrimaryKeyCannotBeChangedByAnUpdate() {
        InvalidInputException error = refusedWithoutSql(() -> db.users().update("student-1",
                db.users().newRecord().setId("someone-else")));

        assertThat(error.field()).isEqualTo("users.id");
    }

    @Test
    void aNumberWithMoreDigitsThanItsNumericTypeIsRefused() {
        var usage = db.aiUsageTracking().newRecord().setUserId("student-1").setAiService("claude")
                .setOperationType("analysis").setTokensUsed(10).setCostUsd(new BigDecimal("12345.000001"));

        InvalidInputException error = refusedWithoutSql(() -> db.aiUsageTracking().insert(usage));

        assertThat(error.field()).isEqualTo("ai_usage_tracking.cost_usd");
        assertThat(error.reason()).contains("numeric(10,6)");
    }

    private static com.eduplatform.data.jooq.tables.records.UsersRecord newUser(String id) {
        return db.users().newRecord().setId(id).setAuth0Id("auth0|" + id).setEmail(id + "@school.example")
                .setRole(Role.STUDENT).setRoles(List.of(Role.STUDENT));
    }

    private static InvalidInputException refusedWithoutSql(Runnable call) {
        int before = counting.connections();
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, call::run);
        assertThat(error).as("refused with InvalidInputException").isNotNull();
        assertThat(counting.connections()).as("connections taken").isEqualTo(before);
        assertThat(error.getMessage()).isEqualTo(error.field() + ": " + error.reason());
        return error;
    }
}
