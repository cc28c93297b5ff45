package com.eduplatform.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which statements the read audit takes for reads of the sensitive tables. */
class ReadAuditTest {

    @Test
    void findsTheSensitiveTablesAQueryReadsWhetherQualifiedJoinedOrListed() {
        assertThat(ReadAudit.sensitiveTables(
                "select \"public\".\"users\".\"id\" from \"public\".\"users\" join \"public\".\"student_profiles\" "
                        + "on x = y where \"public\".\"users\".\"id\" = ?"))
                .containsExactly("users", "student_profiles");
        assertThat(ReadAudit.sensitiveTables("SELECT * FROM practice_sessions p, doubt_submissions d"))
                .containsExactly("practice_sessions", "doubt_submissions");
        assertThat(ReadAudit.sensitiveTables("select count(*) from (select 1 from tutoring_sessions) t"))
                .containsExactly("tutoring_sessions");
    }

    @Test
    void ignoresTablesAndColumnsThatMerelyResembleThem() {
        assertThat(ReadAudit.sensitiveTables("select used_by_students, users_count from generated_exams")).isEmpty();
        assertThat(ReadAudit.sensitiveTables("select * from curriculum_standards where x = 'users'")).isEmpty();
        assertThat(ReadAudit.sensitiveTables("select * from \"public\".\"user_activity_logs\"")).isEmpty();
    }
}
