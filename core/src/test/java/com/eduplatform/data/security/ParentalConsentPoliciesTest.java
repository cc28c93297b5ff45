package com.eduplatform.data.security;

import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.STUDENT_PROFILES;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_A;
import static com.eduplatform.data.security.TwoSchools.SCHOOL_B;
import static com.eduplatform.data.security.TwoSchools.parent;
import static com.eduplatform.data.security.TwoSchools.student;
import static com.eduplatform.data.security.TwoSchools.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ConsentRequiredException;
import com.eduplatform.data.jooq.tables.pojos.ParentalConsents;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.types.ConsentMethod;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parental consents under row-level security, as the application role: the consent check sees past the policies
 * (an under-13 student acting for themselves is refused, then allowed), a student cannot record their own consent,
 * and only the student's own school records one.
 */
class ParentalConsentPoliciesTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static RoleLogins logins;
    private static EduDatabase app;

    @BeforeAll
    static void seedAndLogIn() throws SQLException {
        TwoSchools.seed(database.db().dsl());
        database.db().dsl().update(STUDENT_PROFILES).set(STUDENT_PROFILES.DATE_OF_BIRTH, LocalDate.now().minusYears(10))
                .where(STUDENT_PROFILES.USER_ID.eq(student(SCHOOL_A).id())).execute();
        logins = new RoleLogins(database.postgres());
        app = logins.database(logins.member("edudata_app"), 2);
    }

    @AfterAll
    static void dropLogins() throws Exception {
        logins.close();
    }

    @Test
    void anUnder13StudentIsRefusedUntilTheirSchoolRecordsAConsentWhichTheyCannotRecordThemselves() {
        String child = student(SCHOOL_A).id();
        String parentId = parent(SCHOOL_A).id();

        assertThatThrownBy(() -> app.useTransaction(student(SCHOOL_A).actor(), tx -> practice(tx, child)))
                .isInstanceOfSatisfying(ConsentRequiredException.class,
                        e -> assertThat(e.studentId()).isEqualTo(child));
        assertThatThrownBy(() -> app.useTransaction(student(SCHOOL_A).actor(), tx ->
                tx.privacy().recordConsent(child, parentId, ConsentMethod.SIGNED_FORM, "forged")))
                .as("a student recording their own consent").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> app.useTransaction(teacher(SCHOOL_B).actor(), tx ->
                tx.privacy().recordConsent(child, parentId, ConsentMethod.SIGNED_FORM, "other-school")))
                .as("a teacher of another school").isInstanceOf(AccessDeniedException.class);

        app.useTransaction(teacher(SCHOOL_A).actor(), tx ->
                tx.privacy().recordConsent(child, parentId, ConsentMethod.SIGNED_FORM, "form-a"));
        app.useTransaction(student(SCHOOL_A).actor(), tx -> practice(tx, child));

        Optional<ParentalConsents> seenByParent =
                app.inTransaction(parent(SCHOOL_A).actor(), tx -> tx.privacy().activeConsent(child));
        Optional<ParentalConsents> seenByOtherSchool =
                app.inTransaction(teacher(SCHOOL_B).actor(), tx -> tx.privacy().activeConsent(child));
        assertThat(seenByParent).as("the parent reads their child's consent").isPresent();
        assertThat(seenByOtherSchool).as("another school does not").isEmpty();
        assertThat(database.db().dsl().fetchCount(PRACTICE_SESSIONS, PRACTICE_SESSIONS.STUDENT_ID.eq(child)))
                .isEqualTo(1);
    }

    private static void practice(EduDatabase tx, String student) {
        tx.practiceSessions().insert(tx.practiceSessions().newRecord().setStudentId(student).setPracticeType("quiz")
                .setSubject("maths").setTopic("fractions").setGrade("5").setStudentResponses("1/2")
                .setIdealAnswers("1/2").setScoreAwarded(1).setTotalMarks(1));
    }
}
