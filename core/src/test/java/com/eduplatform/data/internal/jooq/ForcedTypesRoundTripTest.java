package com.eduplatform.data.internal.jooq;

import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.jooq.tables.records.DoubtSubmissionsRecord;
import com.eduplatform.data.jooq.tables.records.UserSessionsRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.DeviceInfo;
import com.eduplatform.data.types.DoubtStatus;
import com.eduplatform.data.types.Priority;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each forced type of the codegen (JSONB, text and integer arrays, INET, CHECK-list enums) writes and reads back
 * unchanged through the generated classes on a real PostgreSQL.
 */
class ForcedTypesRoundTripTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static DSLContext dsl;

    @BeforeAll
    static void connect() {
        db = database.db();
        dsl = db.dsl();
        TestRows.user(dsl, "student-1", Role.STUDENT);
        TestRows.user(dsl, "teacher-1", Role.TEACHER);
    }

    @Test
    void aRowWithJsonbInetAndArraysRoundTripsUnchanged() throws Exception {
        DeviceInfo device = new DeviceInfo("phone", "iOS", "18.1", null, null, "4.2.0",
                Map.of("screen", Map.of("w", 390, "h", 844)));
        UserSessionsRecord written = dsl.newRecord(USER_SESSIONS)
                .setUserId("student-1")
                .setIpAddress(InetAddress.getByName("2001:db8::7"))
                .setDeviceInfo(device);
        written.store();

        UserSessionsRecord read = dsl.fetchSingle(USER_SESSIONS, USER_SESSIONS.ID.eq(written.getId()));

        assertThat(read.getDeviceInfo()).isEqualTo(device);
        assertThat(read.getIpAddress()).isEqualTo(InetAddress.getByName("2001:db8:0:0:0:0:0:7"));
        assertThat(read.getLoginTime()).isNotNull();
        assertThat(read.getActivitiesCount()).isZero();
    }

    @Test
    void enumsAndEnumArraysStoreTheirLiterals() {
        TestRows.user(dsl, "both-1", Role.TEACHER);
        dsl.update(USERS).set(USERS.ROLES, List.of(Role.TEACHER, Role.PARENT)).where(USERS.ID.eq("both-1")).execute();

        var user = dsl.fetchSingle(USERS, USERS.ID.eq("both-1"));
        Object storedRoles = dsl.fetchValue("select roles::text from users where id = 'both-1'");
        Object storedRole = dsl.fetchValue("select role from users where id = 'both-1'");

        assertThat(user.getRole()).isEqualTo(Role.TEACHER);
        assertThat(user.getRoles()).containsExactly(Role.TEACHER, Role.PARENT);
        assertThat(storedRole).isEqualTo("teacher");
        assertThat(storedRoles).isEqualTo("{teacher,parent}");
    }

    @Test
    void textAndIntegerArraysKeepOrderNullElementsAndTheDifferenceBetweenNullAndEmpty() {
        DoubtSubmissionsRecord first = doubt(null);
        DoubtSubmissionsRecord empty = doubt(List.of());
        DoubtSubmissionsRecord related = doubt(List.of(first.getId(), empty.getId()));
        related.setFollowUpQuestions(Arrays.asList("why?", null, "how?"));
        related.store();

        assertThat(dsl.fetchSingle(DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.ID.eq(first.getId())).getRelatedDoubts())
                .isNull();
        assertThat(dsl.fetchSingle(DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.ID.eq(empty.getId())).getRelatedDoubts())
                .isNotNull().isEmpty();
        DoubtSubmissionsRecord read = dsl.fetchSingle(DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.ID.eq(related.getId()));
        assertThat(read.getRelatedDoubts()).containsExactly(first.getId(), empty.getId());
        assertThat(read.getFollowUpQuestions()).containsExactly("why?", null, "how?");
        assertThat(read.getStatus()).isEqualTo(DoubtStatus.PENDING);
        assertThat(read.getPriorityLevel()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void listsReadFromTheDatabaseCannotBeModified() {
        var workspace = dsl.newRecord(WORKSPACES)
                .setCreatedBy("teacher-1").setName("w").setMembers(List.of("teacher-1", "student-1"));
        workspace.store();

        List<String> members = dsl.fetchSingle(WORKSPACES, WORKSPACES.ID.eq(workspace.getId())).getMembers();

        assertThatThrownBy(() -> members.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonbIsReadWithTheHostsObjectMapper() throws Exception {
        JsonMapper bigDecimals = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        var workspace = dsl.newRecord(WORKSPACES).setCreatedBy("teacher-1").setName("feed")
                .setMembers(List.of("teacher-1")).setActivityFeed(bigDecimals.readTree("{\"ratio\":0.1}"));
        workspace.store();

        try (EduDatabase custom = EduDatabase.builder().dataSource(database.postgres().dataSource())
                .objectMapper(bigDecimals).build()) {
            JsonNode withHostMapper = custom.dsl().fetchSingle(WORKSPACES, WORKSPACES.ID.eq(workspace.getId()))
                    .getActivityFeed();
            JsonNode withDefault = dsl.fetchSingle(WORKSPACES, WORKSPACES.ID.eq(workspace.getId()))
                    .getActivityFeed();

            assertThat(withHostMapper.get("ratio").isBigDecimal()).isTrue();
            assertThat(withHostMapper.get("ratio").decimalValue()).isEqualByComparingTo(new BigDecimal("0.1"));
            assertThat(withDefault.get("ratio").isDouble()).isTrue();
        }
    }

    @Test
    void anInetNetworkValueIsRefusedOnReadRatherThanTruncated() {
        dsl.execute("insert into user_sessions (user_id, ip_address) values ('student-1', '10.0.0.0/8')");

        assertThatThrownBy(() -> dsl.fetch(USER_SESSIONS, USER_SESSIONS.USER_ID.eq("student-1")))
                .isInstanceOf(EduDataException.class)
                .hasMessageContaining("user_sessions\".\"ip_address\"")
                .hasMessageContaining("10.0.0.0/8 is a network, not a host address");
        dsl.execute("delete from user_sessions where ip_address = '10.0.0.0/8'");
    }

    private static DoubtSubmissionsRecord doubt(List<Integer> relatedDoubts) {
        DoubtSubmissionsRecord doubt = dsl.newRecord(DOUBT_SUBMISSIONS)
                .setStudentId("student-1").setGrade("8").setSubject("mathematics").setTopic("fractions")
                .setDoubtText("Why is 1/2 + 1/3 not 2/5?")
                .setRelatedDoubts(relatedDoubts);
        doubt.store();
        return doubt;
    }
}
