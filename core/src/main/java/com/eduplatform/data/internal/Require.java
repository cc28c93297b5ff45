package com.eduplatform.data.internal;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.types.Role;
import java.util.List;

/** The argument checks the workflows share, each failing with the library's exception for its kind. */
public final class Require {

    private Require() {
    }

    /** Refuses a missing or blank {@code value} of argument {@code field} before any SQL. */
    public static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
    }

    /** Refuses, with {@code reason}, a user who holds none of the {@code allowed} roles. */
    public static void role(EduDatabase db, String userId, String reason, Role... allowed) {
        List<Role> roles = db.users().getById(userId).roles();
        for (Role role : allowed) {
            if (roles.contains(role)) {
                return;
            }
        }
        throw new AccessDeniedException(userId, reason);
    }
}
