package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code content_generations.metadata}: quality scores, timing and the model of a generation.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerationMetadata(
        String model,
        BigDecimal qualityScore,
        Map<String, BigDecimal> qualityScores,
        Long latencyMs,
        Integer promptTokens,
        Integer completionTokens,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public GenerationMetadata {
        otherFields = Documents.copyOf(otherFields);
    }
}
