package com.eduplatform.data.users;

import com.eduplatform.data.EduDatabase;

/**
 * Parents and children (TODO: being written).
 */
public final class FamilyService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .families()}. */
    public FamilyService(EduDatabase db) {
        this.db = db;
    }
}
