package com.eduplatform.data.content;

import com.eduplatform.data.EduDatabase;

/**
 * Tutoring sessions (TODO: being written).
 */
public final class TutoringService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .tutoring()}. */
    public TutoringService(EduDatabase db) {
        this.db = db;
    }
}
