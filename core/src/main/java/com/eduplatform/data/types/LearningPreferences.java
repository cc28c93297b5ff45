package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code student_profiles.learning_preferences}: how a student likes to learn.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LearningPreferences(
        String learningStyle,
        String pace,
        String preferredLanguage,
        List<String> preferredFormats,
        Integer dailyGoalMinutes,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public LearningPreferences {
        otherFields = Documents.copyOf(otherFields);
    }
}
