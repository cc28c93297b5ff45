package com.eduplatform.data.analytics;

import com.eduplatform.data.EduDatabase;

/**
 * AI usage, cost and quotas (TODO: being written).
 */
public final class AiUsageService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .aiUsage()}. */
    public AiUsageService(EduDatabase db) {
        this.db = db;
    }
}
