package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code generated_exams.performance_stats}: how students did on an exam.
 *
 * <p>Fields this record does not name, written by another service or a newer version, are kept in {@link
 * #otherFields()} and written back unchanged, so reading and updating a document loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PerformanceStats(
        Integer attempts,
        BigDecimal averageScore,
        BigDecimal highestScore,
        BigDecimal lowestScore,
        BigDecimal completionRate,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> otherFields) {

    public PerformanceStats {
        otherFields = Documents.copyOf(otherFields);
    }
}
