package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One element of {@code tutoring_sessions.messages}, the conversation history of a tutoring session.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TutoringMessage(
        String role,
        String content,
        OffsetDateTime sentAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public TutoringMessage {
        otherFields = Documents.copyOf(otherFields);
    }
}
