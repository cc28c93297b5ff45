package com.eduplatform.data.types;

/** Where a doubt is in its resolution: {@code doubt_submissions.status}. */
public enum DoubtStatus implements SchemaEnum {
    PENDING, IN_PROGRESS, RESOLVED, CLOSED
}
