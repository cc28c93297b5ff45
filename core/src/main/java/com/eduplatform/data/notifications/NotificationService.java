package com.eduplatform.data.notifications;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.types.Priority;

/**
 * Notifications: what the platform tells a user. The automated ones (doubt resolved, exam ready, content shared)
 * are created by those workflows in the same transaction as the event, so a notification exists exactly when its
 * event does.
 */
public final class NotificationService {

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .notifications()}. */
    public NotificationService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Creates a notification for {@code userId}, joining the caller's transaction.
     *
     * @param relatedContentId the content generation it is about, or {@code null}
     */
    public Notifications send(String userId, String type, String title, String message, Integer relatedContentId,
                              Priority priority) {
        return db.notifications().insert(db.notifications().newRecord()
                .setUserId(userId).setNotificationType(type).setTitle(title).setMessage(message)
                .setRelatedContentId(relatedContentId).setPriority(priority));
    }
}
