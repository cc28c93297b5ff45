package com.eduplatform.data.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.empty();

    @Test
    void demoMigratesAnEmptyDatabaseWritesThroughGeneratedClassesAndReadsEverythingBack() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Demo.Summary summary = Demo.run(postgres.jdbcUrl(), postgres.user(), postgres.password(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(summary.users()).isEqualTo(2);
        assertThat(summary.sessionAddress().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(summary.sharedWith()).containsExactly("student-1");
        assertThat(summary.workspaceContent()).hasSize(1);
        assertThat(summary.titlesSharedWithStudent()).containsExactly("Fractions, week 3");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("role=TEACHER", "roles=[TEACHER, ADMIN]", "from 203.0.113.7", "os=Android",
                        "(EXAM, COMPLETED) for grade 8", "Shared with student-1: [Fractions, week 3]");
    }
}
