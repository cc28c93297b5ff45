package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code practice_sessions.analysis_results}: what the analysis of a practice answer found.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisResults(
        List<String> strengths,
        List<String> weaknesses,
        BigDecimal confidence,
        String summary,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public AnalysisResults {
        otherFields = Documents.copyOf(otherFields);
    }
}
