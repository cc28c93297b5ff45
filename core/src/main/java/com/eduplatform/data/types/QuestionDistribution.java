package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code generated_exams.question_distribution}: how many questions of each type an exam has, as in
 * {@code {"mcq": 5, "short": 3}}. Every key of the document is a question type, so nothing is lost on a round trip.
 */
public record QuestionDistribution(@JsonValue Map<String, Integer> countsByType) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public QuestionDistribution {
        countsByType = Collections.unmodifiableMap(new LinkedHashMap<>(countsByType));
    }

    /** How many questions the distribution counts in all. */
    public int total() {
        return countsByType.values().stream().mapToInt(Integer::intValue).sum();
    }
}
