package com.eduplatform.data.users;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.pojos.UserSessions;
import com.eduplatform.data.types.DeviceInfo;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Sessions and activity: a login opens a {@code user_sessions} row and stamps {@code users.last_login_at}; each
 * activity within the session is a {@code user_activity_logs} row carrying the session id and adds one to the
 * session's {@code activities_count}; a logout closes the session with its duration in minutes, computed by
 * PostgreSQL from its own clock. Each step is one transaction and leaves its activity-log row ({@code
 * session.login}, {@code session.logout}, or the activity itself). Activity counts per type over a time range are
 * aggregated in SQL.
 */
public final class SessionService {

    /** A session with a logout time, as {@link InvalidTransitionException#currentState()} names it. */
    private static final String CLOSED = "closed";

    /** Whole minutes between login and now: floor(epoch seconds / 60), as PostgreSQL computes it. */
    private static final Field<Integer> MINUTES_SINCE_LOGIN = DSL.field(
            "floor(extract(epoch from ({0} - {1})) / 60)", SQLDataType.NUMERIC,
            DSL.currentOffsetDateTime(), USER_SESSIONS.LOGIN_TIME).cast(SQLDataType.INTEGER);

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .sessions()}. */
    public SessionService(EduDatabase db) {
        this.db = db;
    }

    /**
     * How often a user did one kind of activity in a time range.
     *
     * @param activityType the activity, e.g. {@code session.login} or {@code doubt.resolved}
     * @param count        how many times, at least 1
     */
    public record ActivityCount(String activityType, long count) {
    }

    /**
     * Opens a session for {@code userId} from {@code ipAddress} on {@code device} (either may be {@code null}),
     * and records the login time as {@code users.last_login_at}. A user who is not active is refused with an
     * {@link AccessDeniedException}, an unknown one with a {@link NotFoundException}; either way nothing is
     * written.
     */
    public UserSessions login(String userId, InetAddress ipAddress, DeviceInfo device) {
        requireUser(userId);
        return db.inTransaction(tx -> {
            // Both timestamps are now(): the transaction's start, so last_login_at equals the session's login_time.
            boolean active = tx.dsl().update(USERS)
                    .set(USERS.LAST_LOGIN_AT, DSL.currentOffsetDateTime())
                    .where(USERS.ID.eq(userId)).and(USERS.IS_ACTIVE.isTrue())
                    .execute() == 1;
            if (!active) {
                if (!tx.users().existsById(userId)) {
                    throw new NotFoundException(USERS.getName(), userId);
                }
                throw new AccessDeniedException(userId, "is not active and cannot log in");
            }
            UserSessions session = tx.userSessions().insert(tx.userSessions().newRecord()
                    .setUserId(userId).setIpAddress(ipAddress).setDeviceInfo(device));
            log(tx, userId, session.id(), ipAddress, "session.login",
                    device == null || device.deviceType() == null
                            ? Map.of() : Map.of("device_type", device.deviceType()));
            return session;
        });
    }

    /**
     * Closes an open session: {@code logout_time} is set and {@code session_duration} computed in whole minutes,
     * both in SQL. A session already closed is an {@link InvalidTransitionException} (of two concurrent logouts
     * exactly one succeeds); an unknown one a {@link NotFoundException}.
     */
    public UserSessions logout(long sessionId) {
        return db.inTransaction(tx -> {
            UserSessions closed = tx.dsl().update(USER_SESSIONS)
                    .set(USER_SESSIONS.LOGOUT_TIME, DSL.greatest(DSL.currentOffsetDateTime(), USER_SESSIONS.LOGIN_TIME))
                    .set(USER_SESSIONS.SESSION_DURATION, DSL.greatest(MINUTES_SINCE_LOGIN, DSL.inline(0)))
                    .where(USER_SESSIONS.ID.eq(sessionId)).and(USER_SESSIONS.LOGOUT_TIME.isNull())
                    .returning()
                    .fetchOptional()
                    .map(row -> row.into(UserSessions.class))
                    .orElseThrow(() -> notOpen(tx, sessionId, CLOSED));
            log(tx, closed.userId(), sessionId, closed.ipAddress(), "session.logout",
                    Map.of("session_duration_minutes", closed.sessionDuration(),
                            "activities_count", closed.activitiesCount()));
            return closed;
        });
    }

    /**
     * Records that the user of the open session {@code sessionId} did {@code activityType} (at most 100
     * characters, e.g. {@code lesson.viewed}), with {@code details} as its JSONB document: a
     * {@code user_activity_logs} row with the session id, and {@code activities_count} incremented in the same
     * statement that checks the session is open, so concurrent activities are all counted. A closed session is an
     * {@link InvalidTransitionException}, an unknown one a {@link NotFoundException}; either way nothing is
     * written.
     */
    public UserActivityLogs recordActivity(long sessionId, String activityType, Map<String, ?> details) {
        if (activityType == null || activityType.isBlank()) {
            throw new InvalidInputException("user_activity_logs.activity_type", "an activity needs its type");
        }
        return db.inTransaction(tx -> {
            Record2<String, InetAddress> session = tx.dsl().update(USER_SESSIONS)
                    .set(USER_SESSIONS.ACTIVITIES_COUNT, USER_SESSIONS.ACTIVITIES_COUNT.plus(1))
                    .where(USER_SESSIONS.ID.eq(sessionId)).and(USER_SESSIONS.LOGOUT_TIME.isNull())
                    .returning(USER_SESSIONS.USER_ID, USER_SESSIONS.IP_ADDRESS)
                    .fetchOptional()
                    .map(row -> row.into(USER_SESSIONS.USER_ID, USER_SESSIONS.IP_ADDRESS))
                    .orElseThrow(() -> notOpen(tx, sessionId, "active"));
            return log(tx, session.value1(), sessionId, session.value2(), activityType,
                    details == null ? Map.of() : details);
        });
    }

    /**
     * How many activities of each type {@code userId} did from {@code from} (inclusive) to {@code to} (exclusive),
     * counted in SQL over {@code user_activity_logs}: most frequent first, then by type. Types with no activity in
     * the range are absent.
     */
    public List<ActivityCount> activityCounts(String userId, OffsetDateTime from, OffsetDateTime to) {
        requireUser(userId);
        if (from == null) {
            throw new InvalidInputException("from", "is required");
        }
        if (to == null || !to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from (" + from + "), was " + to);
        }
        Field<Integer> count = DSL.count();
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, count)
                .from(USER_ACTIVITY_LOGS)
                .where(USER_ACTIVITY_LOGS.USER_ID.eq(userId))
                .and(USER_ACTIVITY_LOGS.TIMESTAMP.ge(from))
                .and(USER_ACTIVITY_LOGS.TIMESTAMP.lt(to))
                .groupBy(USER_ACTIVITY_LOGS.ACTIVITY_TYPE)
                .orderBy(count.desc(), USER_ACTIVITY_LOGS.ACTIVITY_TYPE.asc())
                .fetch(row -> new ActivityCount(row.value1(), row.value2()));
    }

    /** {@code userId}'s sessions still open (no logout yet), oldest first. */
    public List<UserSessions> openSessions(String userId) {
        requireUser(userId);
        return db.userSessions().find(USER_SESSIONS.USER_ID.eq(userId).and(USER_SESSIONS.LOGOUT_TIME.isNull()),
                USER_SESSIONS.LOGIN_TIME.asc(), USER_SESSIONS.ID.asc());
    }

    /** The activity-log row of a session step: like {@code ActivityLog.record}, plus the session id and address. */
    private static UserActivityLogs log(EduDatabase tx, String userId, long sessionId, InetAddress ipAddress,
                                        String activityType, Map<String, ?> details) {
        return tx.userActivityLogs().insert(tx.userActivityLogs().newRecord()
                .setUserId(userId)
                .setActivityType(activityType)
                .setActivityDetails(tx.objectMapper().valueToTree(details))
                .setSessionId(Long.toString(sessionId))
                .setIpAddress(ipAddress));
    }

    /** Why a step on a session that is not open failed: it is closed, or it does not exist. */
    private static RuntimeException notOpen(EduDatabase tx, long sessionId, String requested) {
        return tx.userSessions().existsById(sessionId)
                ? new InvalidTransitionException(USER_SESSIONS.getName(), sessionId, CLOSED, requested)
                : new NotFoundException(USER_SESSIONS.getName(), sessionId);
    }

    private static void requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "is required");
        }
    }
}
