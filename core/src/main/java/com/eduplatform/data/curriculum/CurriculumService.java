package com.eduplatform.data.curriculum;

import com.eduplatform.data.EduDatabase;

/**
 * Curriculum alignment (TODO: being written).
 */
public final class CurriculumService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .curriculum()}. */
    public CurriculumService(EduDatabase db) {
        this.db = db;
    }
}
