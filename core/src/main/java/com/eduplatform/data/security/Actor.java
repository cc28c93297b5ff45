package com.eduplatform.data.security;

import com.eduplatform.data.error.InvalidInputException;

/**
 * The user on whose behalf a transaction runs, as the host authenticated them. The library hands both values to the
 * database at the start of the transaction ({@code edudata.user_id}, {@code edudata.school_id}, transaction-local),
 * where the row-level security policies read them: a student sees their own rows, a teacher their school's, a parent
 * their linked children's, an admin those of the schools they manage.
 *
 * <p>The database trusts neither value blindly: a user id that names no active user acts as nobody and sees nothing,
 * and a school counts only when it is the user's own {@code users.school_id} or, for an admin, one of their
 * {@code admin_profiles.managed_schools}. It does trust that the host authenticated the user: whoever connects as the
 * application role can name any user.
 *
 * @param userId   the acting user's {@code users.id}
 * @param schoolId the school the user acts in, or {@code null} for a user without one (a parent or an independent
 *                 learner, say); a teacher without it reads only their own rows
 */
public record Actor(String userId, String schoolId) {

    /** Refuses a missing or blank user id, and a blank school id (give {@code null} for none). */
    public Actor {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("actor.userId", "is required");
        }
        if (schoolId != null && schoolId.isBlank()) {
            throw new InvalidInputException("actor.schoolId", "is blank; give null for a user without a school");
        }
    }

    /** A user acting without a school. */
    public static Actor withoutSchool(String userId) {
        return new Actor(userId, null);
    }
}
