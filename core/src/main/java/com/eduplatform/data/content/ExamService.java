package com.eduplatform.data.content;

import com.eduplatform.data.EduDatabase;

/**
 * Exams (TODO: being written).
 */
public final class ExamService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .exams()}. */
    public ExamService(EduDatabase db) {
        this.db = db;
    }
}
