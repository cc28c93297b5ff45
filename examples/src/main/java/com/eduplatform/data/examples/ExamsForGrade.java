package com.eduplatform.data.examples;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationStatus;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * A data engineer's typed query with the generated classes: the completed exams a teacher generated for a grade,
 * newest first, joining the master log of generations to its 1:1 exam rows and filtering on a JSONB field.
 */
public final class ExamsForGrade {

    private ExamsForGrade() {
    }

    /** One line of the listing. */
    public record ExamSummary(String title, int totalMarks, int estimatedMinutes) {
    }

    public static List<ExamSummary> list(EduDatabase db, String teacherId, String grade) {
        return db.dsl()
                .select(CONTENT_GENERATIONS.TITLE, GENERATED_EXAMS.TOTAL_MARKS, GENERATED_EXAMS.ESTIMATED_TIME)
                .from(CONTENT_GENERATIONS)
                .join(GENERATED_EXAMS).on(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(CONTENT_GENERATIONS.ID))
                .where(CONTENT_GENERATIONS.USER_ID.eq(teacherId))
                .and(CONTENT_GENERATIONS.CONTENT_TYPE.eq(ContentType.EXAM))
                .and(CONTENT_GENERATIONS.STATUS.eq(GenerationStatus.COMPLETED))
                .and(DSL.field("{0}->>'grade'", String.class, CONTENT_GENERATIONS.INPUT_PARAMETERS).eq(grade))
                .orderBy(CONTENT_GENERATIONS.CREATED_AT.desc(), CONTENT_GENERATIONS.ID.desc())
                .fetch(row -> new ExamSummary(row.value1(), row.value2(), row.value3()));
    }
}
