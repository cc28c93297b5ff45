package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * {@code user_sessions.device_info}: the device a session was opened from.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeviceInfo(
        String deviceType,
        String os,
        String osVersion,
        String browser,
        String browserVersion,
        String appVersion,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public DeviceInfo {
        otherFields = Documents.copyOf(otherFields);
    }
}
