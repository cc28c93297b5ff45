package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One element of {@code generated_exams.questions}, the exam's questions as one document; {@code exam_questions} holds them as rows.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExamQuestion(
        Integer number,
        String type,
        String text,
        List<String> options,
        String correctAnswer,
        Integer marks,
        String difficulty,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public ExamQuestion {
        otherFields = Documents.copyOf(otherFields);
    }
}
