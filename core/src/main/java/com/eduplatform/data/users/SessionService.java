package com.eduplatform.data.users;

import com.eduplatform.data.EduDatabase;

/**
 * Sessions and activity (TODO: being written).
 */
public final class SessionService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .sessions()}. */
    public SessionService(EduDatabase db) {
        this.db = db;
    }
}
