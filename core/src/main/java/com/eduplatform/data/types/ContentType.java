package com.eduplatform.data.types;

/** What a content generation produced: {@code content_generations.content_type}, which also types its 1:1 specific row. */
public enum ContentType implements SchemaEnum {
    EXAM, LESSON, DOUBT_SOLUTION, TUTOR_SESSION, PRACTICE_ANALYSIS
}
