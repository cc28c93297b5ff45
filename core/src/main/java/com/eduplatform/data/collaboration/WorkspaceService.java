package com.eduplatform.data.collaboration;

import com.eduplatform.data.EduDatabase;

/**
 * Workspaces (TODO: being written).
 */
public final class WorkspaceService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .workspaces()}. */
    public WorkspaceService(EduDatabase db) {
        this.db = db;
    }
}
