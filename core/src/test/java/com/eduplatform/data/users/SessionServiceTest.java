package com.eduplatform.data.users;

import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.pojos.UserSessions;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.DeviceInfo;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.users.SessionService.ActivityCount;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final AtomicInteger USERS_CREATED = new AtomicInteger();
    private static final DeviceInfo LAPTOP = new DeviceInfo("desktop", "linux", "6.1", "firefox", "128", null, null);

    private static EduDatabase db;
    private static SessionService sessions;
    private static InetAddress address;

    @BeforeAll
    static void connect() throws Exception {
        db = database.db();
        sessions = db.workflows().sessions();
        address = InetAddress.getByName("203.0.113.7");
    }

    @Test
    void loggingInOpensASessionStampsLastLoginAndLogsIt() {
        String user = newUser();

        UserSessions session = sessions.login(user, address, LAPTOP);

        assertThat(session.userId()).isEqualTo(user);
        assertThat(session.ipAddress()).isEqualTo(address);
        assertThat(session.deviceInfo().deviceType()).isEqualTo("desktop");
        assertThat(session.logoutTime()).isNull();
        assertThat(session.activitiesCount()).isZero();
        assertThat(db.users().getById(user).lastLoginAt()).isEqualTo(session.loginTime());
        assertThat(sessionActivities(session.id())).containsExactly("session.login");
        assertThat(sessions.openSessions(user)).extracting(UserSessions::id).containsExactly(session.id());
    }

    @Test
    void anInactiveUserCannotLogInAndNothingIsWritten() {
        String user = newUser();
        db.dsl().update(USERS).set(USERS.IS_ACTIVE, false).where(USERS.ID.eq(user)).execute();

        assertThatThrownBy(() -> sessions.login(user, address, LAPTOP))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.userId()).isEqualTo(user));

        assertThat(db.users().getById(user).lastLoginAt()).isNull();
        assertThat(db.userSessions().count(USER_SESSIONS.USER_ID.eq(user))).isZero();
        assertThat(db.dsl().fetchCount(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.USER_ID.eq(user))).isZero();
    }

    @Test
    void anUnknownUserCannotLogIn() {
        assertThatThrownBy(() -> sessions.login("nobody-at-all", address, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sessions.login(" ", address, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("userId"));
    }

    @Test
    void loggingOutClosesTheSessionWithItsDurationInWholeMinutes() {
        String user = newUser();
        UserSessions session = sessions.login(user, null, null);
        // The session began 90 minutes ago.
        db.dsl().update(USER_SESSIONS)
                .set(USER_SESSIONS.LOGIN_TIME,
                        DSL.field("{0} - interval '90 minutes'", OffsetDateTime.class, USER_SESSIONS.LOGIN_TIME))
                .where(USER_SESSIONS.ID.eq(session.id()))
                .execute();

        UserSessions closed = sessions.logout(session.id());

        assertThat(closed.logoutTime()).isNotNull().isAfter(closed.loginTime());
        assertThat(closed.sessionDuration()).isEqualTo(90);
        assertThat(db.userSessions().getById(session.id()).sessionDuration()).isEqualTo(90);
        assertThat(sessionActivities(session.id())).containsExactly("session.login", "session.logout");
        assertThat(sessions.openSessions(user)).isEmpty();
    }

    @Test
    void aSecondLogoutIsAnInvalidTransitionAndChangesNothing() {
        UserSessions session = sessions.login(newUser(), address, LAPTOP);
        UserSessions closed = sessions.logout(session.id());

        assertThatThrownBy(() -> sessions.logout(session.id()))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("closed"));

        assertThat(db.userSessions().getById(session.id()).logoutTime()).isEqualTo(closed.logoutTime());
        assertThat(sessionActivities(session.id())).containsExactly("session.login", "session.logout");
        assertThatThrownBy(() -> sessions.logout(987_654_321L)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void fiftyConcurrentLogoutsOfOneSessionCloseItExactlyOnce() throws Exception {
        UserSessions session = sessions.login(newUser(), address, LAPTOP);

        List<Boolean> won = Race.run(50, i -> {
            try {
                sessions.logout(session.id());
                return true;
            } catch (InvalidTransitionException lost) {
                return false;
            }
        });

        assertThat(won).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(sessionActivities(session.id())).containsExactly("session.login", "session.logout");
    }

    @Test
    void anActivityIsLoggedWithItsSessionAndCountedOnTheSession() {
        String user = newUser();
        UserSessions session = sessions.login(user, address, LAPTOP);

        UserActivityLogs logged = sessions.recordActivity(session.id(), "lesson.viewed", Map.of("lesson_id", 42));

        assertThat(logged.userId()).isEqualTo(user);
        assertThat(logged.sessionId()).isEqualTo(String.valueOf(session.id()));
        assertThat(logged.activityType()).isEqualTo("lesson.viewed");
        assertThat(logged.activityDetails().get("lesson_id").asInt()).isEqualTo(42);
        assertThat(logged.ipAddress()).isEqualTo(address);
        assertThat(db.userSessions().getById(session.id()).activitiesCount()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentActivitiesAreAllCountedOnTheSession() throws Exception {
        UserSessions session = sessions.login(newUser(), address, LAPTOP);

        List<UserActivityLogs> logged = Race.run(50, i -> sessions.recordActivity(session.id(), "practice.answered",
                Map.of("question", i)));

        assertThat(logged).hasSize(50);
        assertThat(db.userSessions().getById(session.id()).activitiesCount()).isEqualTo(50);
        assertThat(sessionActivities(session.id())).filteredOn("practice.answered"::equals).hasSize(50);
    }

    @Test
    void anActivityOnAClosedSessionIsAnInvalidTransitionAndWritesNothing() {
        UserSessions session = sessions.login(newUser(), address, LAPTOP);
        sessions.recordActivity(session.id(), "lesson.viewed", null);
        sessions.logout(session.id());

        assertThatThrownBy(() -> sessions.recordActivity(session.id(), "lesson.viewed", Map.of()))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("closed"));
        assertThatThrownBy(() -> sessions.recordActivity(987_654_321L, "lesson.viewed", Map.of()))
                .isInstanceOf(NotFoundException.class);

        assertThat(db.userSessions().getById(session.id()).activitiesCount()).isEqualTo(1);
        assertThat(sessionActivities(session.id())).containsExactly("session.login", "lesson.viewed",
                "session.logout");
    }

    @Test
    void badActivityInputIsRefusedNamingTheFieldAndNothingIsWritten() {
        UserSessions session = sessions.login(newUser(), address, LAPTOP);

        assertThatThrownBy(() -> sessions.recordActivity(session.id(), " ", Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("user_activity_logs.activity_type"));
        assertThatThrownBy(() -> sessions.recordActivity(session.id(), "x".repeat(101), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("user_activity_logs.activity_type"));

        assertThat(db.userSessions().getById(session.id()).activitiesCount()).isZero();
        assertThat(sessionActivities(session.id())).containsExactly("session.login");
    }

    @Test
    void activityCountsAreGroupedByTypeWithinTheRangeMostFrequentFirst() {
        String user = newUser();
        String other = newUser();
        OffsetDateTime before = dbNow();
        UserSessions session = sessions.login(user, address, LAPTOP);
        for (int i = 0; i < 3; i++) {
            sessions.recordActivity(session.id(), "lesson.viewed", Map.of());
        }
        sessions.recordActivity(session.id(), "exam.started", Map.of());
        sessions.logout(session.id());
        sessions.login(other, address, LAPTOP);
        insertActivityAt(user, "lesson.viewed", before.minusDays(3));
        OffsetDateTime after = dbNow().plusSeconds(1);

        List<ActivityCount> counts = sessions.activityCounts(user, before, after);

        assertThat(counts).containsExactly(
                new ActivityCount("lesson.viewed", 3),
                new ActivityCount("exam.started", 1),
                new ActivityCount("session.login", 1),
                new ActivityCount("session.logout", 1));
        assertThat(sessions.activityCounts(user, before.minusDays(4), after))
                .contains(new ActivityCount("lesson.viewed", 4));
        assertThat(sessions.activityCounts(user, before.minusDays(10), before.minusDays(5))).isEmpty();
    }

    @Test
    void anEmptyOrReversedRangeIsRefusedNamingTo() {
        OffsetDateTime now = OffsetDateTime.now();

        assertThatThrownBy(() -> sessions.activityCounts("someone", now, now))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> sessions.activityCounts("someone", now, now.minusDays(1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> sessions.activityCounts("someone", null, now))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }

    private static String newUser() {
        return TestRows.user(db.dsl(), "session-user-" + USERS_CREATED.incrementAndGet(), Role.STUDENT);
    }

    private static OffsetDateTime dbNow() {
        return db.dsl().select(DSL.currentOffsetDateTime()).fetchSingle().value1();
    }

    private static void insertActivityAt(String userId, String type, OffsetDateTime at) {
        db.dsl().insertInto(USER_ACTIVITY_LOGS)
                .set(USER_ACTIVITY_LOGS.USER_ID, userId)
                .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, type)
                .set(USER_ACTIVITY_LOGS.TIMESTAMP, at)
                .execute();
    }

    private static List<String> sessionActivities(long sessionId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(USER_ACTIVITY_LOGS.SESSION_ID.eq(String.valueOf(sessionId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
