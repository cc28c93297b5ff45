package com.eduplatform.data.types;

/** Where a content generation is in its lifecycle: {@code content_generations.status}. */
public enum GenerationStatus implements SchemaEnum {
    GENERATING, COMPLETED, FAILED, ARCHIVED
}
