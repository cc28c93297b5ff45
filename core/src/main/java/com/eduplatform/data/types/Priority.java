package com.eduplatform.data.types;

/** Urgency of a doubt ({@code doubt_submissions.priority_level}) or a notification ({@code notifications.priority}). */
public enum Priority implements SchemaEnum {
    HIGH, MEDIUM, LOW
}
