package com.eduplatform.data.examples;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.CONTENT_SHARES;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;
import static com.eduplatform.data.jooq.Tables.WORKSPACES;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.jooq.tables.records.ContentGenerationsRecord;
import com.eduplatform.data.testing.PostgresServer;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.DeviceInfo;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ShareType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The zero-set-up demo: starts a real PostgreSQL (embedded unless {@code EDUDATA_DB_URL} names one), lets the
 * library migrate it, writes a teacher, a student, a login session, an exam generation shared with the student and
 * a workspace through the generated jOOQ classes, reads them back, prints them, and shuts everything down.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) {
        try (PostgresServer server = PostgresServer.start()) {
            System.out.println("PostgreSQL: " + server.source() + ", major version " + server.majorVersion());
            String database = server.createDatabase();
            run(server.jdbcUrl(database), server.user(), server.password(), System.out);
        }
        System.out.println("Shut down cleanly.");
    }

    /** Runs the demo against an empty (or already migrated) database and returns what it read back. */
    public static Summary run(String jdbcUrl, String user, String password, PrintStream out) {
        try (EduDatabase db = EduDatabase.builder()
                .jdbcUrl(jdbcUrl).user(user).password(password)
                .maximumPoolSize(2)
                .migrateOnStart(true)
                .build()) {
            return writeAndRead(db, out);
        }
    }

    private static Summary writeAndRead(EduDatabase db, PrintStream out) {
        DSLContext dsl = db.dsl();
        ObjectNode exam = db.objectMapper().createObjectNode()
                .put("grade", "8").put("subject", "mathematics").put("difficulty", "medium");

        int contentId = dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            t.insertInto(USERS)
                    .set(USERS.ID, "teacher-1").set(USERS.AUTH0_ID, "auth0|teacher-1")
                    .set(USERS.EMAIL, "ada@school.example").set(USERS.NAME, "Ada Lovelace")
                    .set(USERS.ROLE, Role.TEACHER).set(USERS.ROLES, List.of(Role.TEACHER, Role.ADMIN))
                    .set(USERS.SCHOOL_ID, "school-1")
                    .execute();
            t.insertInto(USERS)
                    .set(USERS.ID, "student-1").set(USERS.AUTH0_ID, "auth0|student-1")
                    .set(USERS.EMAIL, "grace@school.example").set(USERS.NAME, "Grace Hopper")
                    .set(USERS.ROLE, Role.STUDENT).set(USERS.ROLES, List.of(Role.STUDENT))
                    .set(USERS.SCHOOL_ID, "school-1")
                    .execute();
            t.insertInto(USER_SESSIONS)
                    .set(USER_SESSIONS.USER_ID, "student-1")
                    .set(USER_SESSIONS.IP_ADDRESS, address("203.0.113.7"))
                    .set(USER_SESSIONS.DEVICE_INFO,
                            new DeviceInfo("phone", "Android", "15", "Chrome", null, null, null))
                    .execute();
            ContentGenerationsRecord generation = t.insertInto(CONTENT_GENERATIONS)
                    .set(CONTENT_GENERATIONS.USER_ID, "teacher-1")
                    .set(CONTENT_GENERATIONS.CONTENT_TYPE, ContentType.EXAM)
                    .set(CONTENT_GENERATIONS.TITLE, "Fractions, week 3")
                    .set(CONTENT_GENERATIONS.INPUT_PARAMETERS, exam)
                    .set(CONTENT_GENERATIONS.STATUS, GenerationStatus.COMPLETED)
                    .returning()
                    .fetchOne();
            t.insertInto(CONTENT_SHARES)
                    .set(CONTENT_SHARES.CONTENT_GENERATION_ID, generation.getId())
                    .set(CONTENT_SHARES.SHARED_BY, "teacher-1")
                    .set(CONTENT_SHARES.SHARED_WITH, "student-1")
                    .set(CONTENT_SHARES.SHARE_TYPE, ShareType.VIEW_ONLY)
                    .execute();
            t.insertInto(WORKSPACES)
                    .set(WORKSPACES.CREATED_BY, "teacher-1")
                    .set(WORKSPACES.NAME, "8B mathematics")
                    .set(WORKSPACES.MEMBERS, List.of("teacher-1", "student-1"))
                    .set(WORKSPACES.SHARED_CONTENT, List.of(generation.getId()))
                    .execute();
            return generation.getId();
        });

        out.println("Users:");
        dsl.selectFrom(USERS).orderBy(USERS.ID).forEach(u ->
                out.printf("  %-10s %-14s role=%-8s roles=%s%n", u.getId(), u.getName(), u.getRole(), u.getRoles()));

        var session = dsl.selectFrom(USER_SESSIONS).fetchSingle();
        out.printf("Session of %s from %s on %s%n", session.getUserId(),
                session.getIpAddress().getHostAddress(), session.getDeviceInfo());

        var generation = dsl.selectFrom(CONTENT_GENERATIONS).where(CONTENT_GENERATIONS.ID.eq(contentId)).fetchSingle();
        JsonNode parameters = generation.getInputParameters();
        out.printf("Generation %d: %s (%s, %s) for grade %s, shared with %s%n", generation.getId(),
                generation.getTitle(), generation.getContentType(), generation.getStatus(),
                parameters.get("grade").asText(), generation.getSharedWith());

        var workspace = dsl.selectFrom(WORKSPACES).fetchSingle();
        out.printf("Workspace '%s': members %s, content %s%n", workspace.getName(), workspace.getMembers(),
                workspace.getSharedContent());

        List<String> sharedWithStudent = dsl.select(CONTENT_GENERATIONS.TITLE)
                .from(CONTENT_GENERATIONS)
                .where(CONTENT_GENERATIONS.SHARED_WITH.contains(List.of("student-1")))
                .fetch(CONTENT_GENERATIONS.TITLE);
        out.println("Shared with student-1: " + sharedWithStudent);

        return new Summary(dsl.fetchCount(USERS), session.getIpAddress(), generation.getSharedWith(),
                workspace.getSharedContent(), sharedWithStudent);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** What the demo read back, for its test to check. */
    public record Summary(int users, InetAddress sessionAddress, List<String> sharedWith,
                          List<Integer> workspaceContent, List<String> titlesSharedWithStudent) {
    }
}
