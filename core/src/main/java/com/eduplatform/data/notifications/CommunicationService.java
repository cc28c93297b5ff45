package com.eduplatform.data.notifications;

import com.eduplatform.data.EduDatabase;

/**
 * Communication logs (TODO: being written).
 */
public final class CommunicationService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .communications()}. */
    public CommunicationService(EduDatabase db) {
        this.db = db;
    }
}
