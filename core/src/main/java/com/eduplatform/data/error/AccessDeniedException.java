package com.eduplatform.data.error;

/**
 * The acting user may not do this: a student resolving a doubt, a parent asking about a child that is not linked to
 * them, a user opening content nobody shared with them. Nothing was written.
 */
public final class AccessDeniedException extends EduDataException {

    private final String userId;

    public AccessDeniedException(String userId, String reason) {
        super("User " + userId + " " + reason, null, null);
        this.userId = userId;
    }

    /** The user who was refused. */
    public String userId() {
        return userId;
    }
}
