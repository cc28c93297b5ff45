package com.eduplatform.data.types;

/** The kind of an AI tutoring session: {@code tutoring_sessions.session_type}. */
public enum TutoringSessionType implements SchemaEnum {
    TEACHING, EXAM_GENERATION, CHAT
}
