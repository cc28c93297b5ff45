package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * {@code generated_lessons.lesson_config}: what a lesson was generated for (grade, subject, topic, ...).
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LessonConfig(
        String grade,
        String subject,
        String topic,
        String board,
        String difficulty,
        Integer durationMinutes,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public LessonConfig {
        otherFields = Documents.copyOf(otherFields);
    }
}
