package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention: for each period of the default policy, a row an hour outside it is deleted and a row an hour inside it
 * stays; the archive counts too; a second run deletes nothing.
 */
class RetentionTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    @Test
    void rowsJustOutsideTheirPeriodAreDeletedAndRowsJustInsideStay() {
        EduDatabase db = database.db();
        DSLContext dsl = db.dsl();
        String user = TestRows.user(dsl, "kept-and-gone", Role.STUDENT);
        // Activity logs, one year: the archive holds a month two years old.
        dsl.execute("insert into user_activity_logs (user_id, activity_type, \"timestamp\") values "
                + "(?, 'outside', now() - interval '365 days' - interval '1 hour'), "
                + "(?, 'inside', now() - interval '365 days' + interval '1 hour'), "
                + "(?, 'archived', date_trunc('month', now() - interval '2 years') + interval '1 day')",
                user, user, user);
        YearMonth archived = YearMonth.now(java.time.ZoneOffset.UTC).minusYears(2);
        db.partitions().of(USER_ACTIVITY_LOGS).drainDefault();
        assertThat(db.partitions().of(USER_ACTIVITY_LOGS).archive(archived)).isTrue();
        // Sessions, 90 days after they ended (or began, when never closed).
        dsl.execute("insert into user_sessions (user_id, login_time, logout_time) values "
                + "(?, now() - interval '100 days', now() - interval '90 days' - interval '1 hour'), "
                + "(?, now() - interval '100 days', now() - interval '90 days' + interval '1 hour'), "
                + "(?, now() - interval '90 days' - interval '1 hour', null), "
                + "(?, now() - interval '1 hour', null)", user, user, user, user);
        // Notifications: read and expired goes; read and not yet expired, and unread and expired, stay.
        dsl.execute("insert into notifications (user_id, notification_type, title, message, is_read, created_at, "
                + "expires_at) values "
                + "(?, 'read_expired', 't', 'm', true, now() - interval '2 days', now() - interval '1 hour'), "
                + "(?, 'read_current', 't', 'm', true, now() - interval '2 days', now() + interval '1 hour'), "
                + "(?, 'unread_expired', 't', 'm', false, now() - interval '2 days', now() - interval '1 hour')",
                user, user, user);
        // Soft-deleted rows, 30 days.
        dsl.execute("insert into content_generations (user_id, content_type, input_parameters, title, deleted_at) "
                + "values (?, 'exam', '{}', 'outside', now() - interval '30 days' - interval '1 hour'), "
                + "(?, 'exam', '{}', 'inside', now() - interval '30 days' + interval '1 hour'), "
                + "(?, 'exam', '{}', 'live', null)", user, user, user);

        Map<String, Integer> deleted = db.privacy().enforceRetention();

        assertThat(deleted).containsExactlyInAnyOrderEntriesOf(Map.of("user_activity_logs", 1,
                "archive.user_activity_logs", 1, "user_sessions", 2, "notifications", 1, "content_generations", 1));
        assertThat(strings(dsl, "select activity_type from user_activity_logs where user_id = ?", user))
                .containsExactly("inside");
        assertThat(strings(dsl, "select activity_type from archive.user_activity_logs where user_id = ?", user))
                .isEmpty();
        assertThat(dsl.fetchValue("select count(*) from user_sessions where user_id = ?", user)).isEqualTo(2L);
        assertThat(strings(dsl, "select notification_type from notifications where user_id = ?", user))
                .containsExactlyInAnyOrder("read_current", "unread_expired");
        assertThat(strings(dsl, "select title from content_generations where user_id = ?", user))
                .containsExactlyInAnyOrder("inside", "live");
        assertThat(db.privacy().enforceRetention()).as("a second run").isEmpty();
    }

    @Test
    void aShorterPolicyDeletesSoonerAndANegativePeriodIsRefused() {
        EduDatabase db = database.db();
        DSLContext dsl = db.dsl();
        String user = TestRows.user(dsl, "short-policy", Role.STUDENT);
        dsl.execute("insert into notifications (user_id, notification_type, title, message, deleted_at) values "
                + "(?, 'soft_deleted', 't', 'm', now() - interval '2 days')", user);

        assertThat(db.privacy().enforceRetention(RetentionPolicy.DEFAULT.withSoftDeleted(Duration.ofDays(1))))
                .containsEntry("notifications", 1);
        assertThat(dsl.fetchValue("select count(*) from notifications where user_id = ?", user)).isEqualTo(0L);
        assertThatThrownBy(() -> RetentionPolicy.DEFAULT.withActivityLogs(Duration.ofDays(-1)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("activityLogs"));
    }

    private static List<String> strings(DSLContext dsl, String sql, Object... bindings) {
        return dsl.resultQuery(sql, bindings).fetch(0, String.class);
    }
}
