package com.eduplatform.data.curriculum;

import com.eduplatform.data.EduDatabase;

/**
 * Educational resources (TODO: being written).
 */
public final class ResourceService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .resources()}. */
    public ResourceService(EduDatabase db) {
        this.db = db;
    }
}
