package com.eduplatform.data.content;

import com.eduplatform.data.EduDatabase;

/**
 * Practice analysis (TODO: being written).
 */
public final class PracticeService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .practice()}. */
    public PracticeService(EduDatabase db) {
        this.db = db;
    }
}
