package com.eduplatform.data.internal;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Writes the {@code user_activity_logs} row every workflow step leaves behind, in the step's own transaction, so
 * the log holds exactly the steps that happened. Activity types read {@code <subject>.<verb>}, e.g.
 * {@code doubt.resolved}.
 */
public final class ActivityLog {

    private ActivityLog() {
    }

    /** Records that {@code userId} did {@code activityType}, with {@code details} as the JSONB document. */
    public static void record(EduDatabase db, String userId, String activityType, Map<String, ?> details) {
        JsonNode document = db.objectMapper().valueToTree(details);
        db.dsl().insertInto(USER_ACTIVITY_LOGS)
                .set(USER_ACTIVITY_LOGS.USER_ID, userId)
                .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, activityType)
                .set(USER_ACTIVITY_LOGS.ACTIVITY_DETAILS, document)
                .execute();
    }
}
