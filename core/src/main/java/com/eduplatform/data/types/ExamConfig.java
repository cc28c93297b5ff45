package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code generated_exams.exam_config}: what an exam was generated for (grade, subject, difficulty, ...).
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExamConfig(
        String grade,
        String subject,
        String board,
        String difficulty,
        List<String> topics,
        Integer questionCount,
        Integer durationMinutes,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public ExamConfig {
        otherFields = Documents.copyOf(otherFields);
    }
}
