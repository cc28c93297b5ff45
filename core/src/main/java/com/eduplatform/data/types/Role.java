package com.eduplatform.data.types;

/** A platform role: {@code users.role}, and each element of {@code users.roles}. */
public enum Role implements SchemaEnum {
    STUDENT, TEACHER, PARENT, ADMIN
}
