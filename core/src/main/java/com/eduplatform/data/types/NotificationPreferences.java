package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code parent_profiles.notification_preferences}: how and how often a parent is told about their children.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPreferences(
        Boolean email,
        Boolean sms,
        Boolean inApp,
        Boolean push,
        String digestFrequency,
        List<String> mutedTypes,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public NotificationPreferences {
        otherFields = Documents.copyOf(otherFields);
    }
}
