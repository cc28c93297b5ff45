package com.eduplatform.data.privacy;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link Privacy#erase(String, String)} did, also kept (without the user id) in {@code privacy_requests}.
 *
 * @param requestId       the erasure's id in {@code privacy_requests.request_id}
 * @param subjectHash     the SHA-256 (hex) of the erased user's id: the only form in which the database still knows
 *                        them
 * @param replacementUser the id of the pseudonymous, inactive user that now owns what others rely on (content
 *                        shared with or used by others, approved resources, workspaces with other members), or
 *                        {@code null} when nothing was kept
 * @param deleted         rows deleted, by table ({@code archive.user_activity_logs} for the archived logs)
 * @param anonymised      rows kept with the user's id removed (set to null, moved to the replacement user, taken
 *                        out of an array or a JSON object), by table
 * @param completedAt     when the erasure's transaction finished its work
 */
public record ErasureReceipt(UUID requestId, String subjectHash, String replacementUser, Map<String, Integer> deleted,
                             Map<String, Integer> anonymised, OffsetDateTime completedAt) {

    public ErasureReceipt {
        deleted = Map.copyOf(deleted);
        anonymised = Map.copyOf(anonymised);
    }
}
