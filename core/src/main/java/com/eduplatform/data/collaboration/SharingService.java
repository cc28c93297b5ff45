package com.eduplatform.data.collaboration;

import com.eduplatform.data.EduDatabase;

/**
 * Content sharing (TODO: being written).
 */
public final class SharingService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .sharing()}. */
    public SharingService(EduDatabase db) {
        this.db = db;
    }
}
