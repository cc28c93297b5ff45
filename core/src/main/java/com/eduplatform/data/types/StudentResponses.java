package com.eduplatform.data.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code exam_questions.student_responses}: who answered what, keyed by the student's user id. An answer is kept
 * as the JSON it was written as (a choice, a text, a structured answer).
 */
public record StudentResponses(@JsonValue Map<String, JsonNode> answersByStudent) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public StudentResponses {
        answersByStudent = Collections.unmodifiableMap(new LinkedHashMap<>(answersByStudent));
    }
}
