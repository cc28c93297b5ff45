package com.eduplatform.data.privacy;

import com.eduplatform.data.error.InvalidInputException;
import java.time.Duration;

/**
 * How long {@link Privacy#enforceRetention(RetentionPolicy)} keeps what the platform no longer needs. Each period is
 * positive; a row is removed once it is older than its period, never sooner.
 *
 * @param activityLogs  {@code user_activity_logs} rows, live and archived, by their {@code timestamp}
 *                      (default: 365 days, the seed's "one year" of activity history)
 * @param endedSessions {@code user_sessions}, by their logout time, or their login time when never logged out
 *                      (default: 90 days)
 * @param readNotifications read {@code notifications} past their {@code expires_at}, by that expiry (default: 0, as
 *                      soon as a read notification has expired)
 * @param softDeleted   rows of every table with a {@code deleted_at} column, by that time: a soft delete becomes a
 *                      real one (default: 30 days, the window to restore a row)
 */
public record RetentionPolicy(Duration activityLogs, Duration endedSessions, Duration readNotifications,
                              Duration softDeleted) {

    /** The defaults above. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(365), Duration.ofDays(90),
            Duration.ZERO, Duration.ofDays(30));

    public RetentionPolicy {
        require("activityLogs", activityLogs);
        require("endedSessions", endedSessions);
        require("readNotifications", readNotifications);
        require("softDeleted", softDeleted);
    }

    /** This policy with another period for activity logs. */
    public RetentionPolicy withActivityLogs(Duration period) {
        return new RetentionPolicy(period, endedSessions, readNotifications, softDeleted);
    }

    /** This policy with another period for ended sessions. */
    public RetentionPolicy withEndedSessions(Duration period) {
        return new RetentionPolicy(activityLogs, period, readNotifications, softDeleted);
    }

    /** This policy with another period for read, expired notifications. */
    public RetentionPolicy withReadNotifications(Duration period) {
        return new RetentionPolicy(activityLogs, endedSessions, period, softDeleted);
    }

    /** This policy with another period for soft-deleted rows. */
    public RetentionPolicy withSoftDeleted(Duration period) {
        return new RetentionPolicy(activityLogs, endedSessions, readNotifications, period);
    }

    private static void require(String name, Duration period) {
        if (period == null || period.isNegative()) {
            throw new InvalidInputException(name, "a retention period cannot be null or negative, was " + period);
        }
    }
}
