package com.eduplatform.data.content;

import com.eduplatform.data.EduDatabase;

/**
 * Content generation lifecycle (TODO: being written).
 */
public final class GenerationService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .generations()}. */
    public GenerationService(EduDatabase db) {
        this.db = db;
    }
}
