package com.eduplatform.data.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.testing.PostgresExtension;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExamsForGradeTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.migrated();

    @Test
    void listsOnlyTheTeachersCompletedExamsForTheGradeNewestFirst() {
        try (EduDatabase db = EduDatabase.builder().dataSource(postgres.dataSource()).build()) {
            db.users().insert(db.users().newRecord().setId("t-1").setAuth0Id("auth0|t-1")
                    .setEmail("t@school.example").setRole(Role.TEACHER).setRoles(List.of(Role.TEACHER)));
            exam(db, "Fractions", "8", GenerationStatus.COMPLETED, 20);
            exam(db, "Decimals", "8", GenerationStatus.COMPLETED, 25);
            exam(db, "Algebra", "9", GenerationStatus.COMPLETED, 30);
            exam(db, "Ratios", "8", GenerationStatus.FAILED, 10);

            assertThat(ExamsForGrade.list(db, "t-1", "8")).containsExactly(
                    new ExamsForGrade.ExamSummary("Decimals", 25, 45),
                    new ExamsForGrade.ExamSummary("Fractions", 20, 45));
        }
    }

    private static void exam(EduDatabase db, String title, String grade, GenerationStatus status, int marks) {
        db.useTransaction(tx -> {
            int id = tx.contentGenerations().insert(tx.contentGenerations().newRecord()
                    .setUserId("t-1").setContentType(ContentType.EXAM).setTitle(title).setStatus(status)
                    .setInputParameters(JsonNodeFactory.instance.objectNode().put("grade", grade))).id();
            tx.generatedExams().insert(tx.generatedExams().newRecord().setContentGenerationId(id)
                    .setExamConfig(new com.eduplatform.data.types.ExamConfig(grade, "mathematics", null, null, null,
                            null, null, null))
                    .setQuestions(List.of()).setTotalMarks(marks).setEstimatedTime(45));
        });
    }
}
