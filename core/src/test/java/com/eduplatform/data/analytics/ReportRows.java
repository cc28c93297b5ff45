package com.eduplatform.data.analytics;

import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.PRACTICE_SESSIONS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.GenerationStatus;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/** Raw rows of the tables the reports aggregate, written at the instants a test chooses. */
final class ReportRows {

    private final DSLContext dsl;

    ReportRows(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A user whose {@code role} is unset and whose {@code roles} are {@code roles}, in that order. */
    String userWithoutRole(String id, Role... roles) {
        dsl.insertInto(USERS)
                .set(USERS.ID, id)
                .set(USERS.AUTH0_ID, "auth0|" + id)
                .set(USERS.EMAIL, id + "@school.example")
                .set(USERS.ROLES, List.of(roles))
                .execute();
        return id;
    }

    void activity(String userId, OffsetDateTime at) {
        dsl.insertInto(USER_ACTIVITY_LOGS)
                .set(USER_ACTIVITY_LOGS.USER_ID, userId)
                .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, "test.activity")
                .set(USER_ACTIVITY_LOGS.TIMESTAMP, at)
                .execute();
    }

    /** A generation created at {@code at}; {@code subject} goes into its input parameters when not null. */
    int generation(String userId, ContentType type, GenerationStatus status, OffsetDateTime at, Integer timeMs,
                   int tokens, String subject) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("grade", "8");
        if (subject != null) {
            parameters.put("subject", subject);
        }
        return dsl.insertInto(CONTENT_GENERATIONS)
                .set(CONTENT_GENERATIONS.USER_ID, userId)
                .set(CONTENT_GENERATIONS.CONTENT_TYPE, type)
                .set(CONTENT_GENERATIONS.STATUS, status)
                .set(CONTENT_GENERATIONS.INPUT_PARAMETERS, parameters)
                .set(CONTENT_GENERATIONS.CREATED_AT, at)
                .set(CONTENT_GENERATIONS.GENERATION_TIME_MS, timeMs)
                .set(CONTENT_GENERATIONS.TOKEN_USAGE, tokens)
                .returning(CONTENT_GENERATIONS.ID)
                .fetchSingle(CONTENT_GENERATIONS.ID);
    }

    void softDeleteGeneration(int id) {
        dsl.update(CONTENT_GENERATIONS).set(CONTENT_GENERATIONS.DELETED_AT, OffsetDateTime.now())
                .where(CONTENT_GENERATIONS.ID.eq(id)).execute();
    }

    void aiCall(String userId, String service, OffsetDateTime at, int tokens, String costUsd, Integer responseMs) {
        dsl.insertInto(AI_USAGE_TRACKING)
                .set(AI_USAGE_TRACKING.USER_ID, userId)
                .set(AI_USAGE_TRACKING.AI_SERVICE, service)
                .set(AI_USAGE_TRACKING.OPERATION_TYPE, "text_generation")
                .set(AI_USAGE_TRACKING.TOKENS_USED, tokens)
                .set(AI_USAGE_TRACKING.COST_USD, new BigDecimal(costUsd))
                .set(AI_USAGE_TRACKING.RESPONSE_TIME_MS, responseMs)
                .set(AI_USAGE_TRACKING.TIMESTAMP, at)
                .execute();
    }

    /** A doubt submitted at {@code createdAt}, resolved by {@code resolverId} at {@code resolvedAt} unless null. */
    int doubt(String studentId, String subject, String grade, OffsetDateTime createdAt, String resolverId,
              OffsetDateTime resolvedAt) {
        return dsl.insertInto(DOUBT_SUBMISSIONS)
                .set(DOUBT_SUBMISSIONS.STUDENT_ID, studentId)
                .set(DOUBT_SUBMISSIONS.SUBJECT, subject)
                .set(DOUBT_SUBMISSIONS.GRADE, grade)
                .set(DOUBT_SUBMISSIONS.TOPIC, "a topic")
                .set(DOUBT_SUBMISSIONS.DOUBT_TEXT, "Why?")
                .set(DOUBT_SUBMISSIONS.CREATED_AT, createdAt)
                .set(DOUBT_SUBMISSIONS.RESOLVER_ID, resolverId)
                .set(DOUBT_SUBMISSIONS.RESOLVED_AT, resolvedAt)
                .returning(DOUBT_SUBMISSIONS.ID)
                .fetchSingle(DOUBT_SUBMISSIONS.ID);
    }

    void softDeleteDoubt(int id) {
        dsl.update(DOUBT_SUBMISSIONS).set(DOUBT_SUBMISSIONS.DELETED_AT, OffsetDateTime.now())
                .where(DOUBT_SUBMISSIONS.ID.eq(id)).execute();
    }

    /** A practice session at {@code at}, optionally for a practice analysis generation. */
    int practice(String studentId, String subject, String grade, OffsetDateTime at, int score, int total,
                 Integer minutes, Integer generationId) {
        return dsl.insertInto(PRACTICE_SESSIONS)
                .set(PRACTICE_SESSIONS.STUDENT_ID, studentId)
                .set(PRACTICE_SESSIONS.PRACTICE_TYPE, "quiz")
                .set(PRACTICE_SESSIONS.SUBJECT, subject)
                .set(PRACTICE_SESSIONS.TOPIC, "a topic")
                .set(PRACTICE_SESSIONS.GRADE, grade)
                .set(PRACTICE_SESSIONS.STUDENT_RESPONSES, "answers")
                .set(PRACTICE_SESSIONS.IDEAL_ANSWERS, "ideal answers")
                .set(PRACTICE_SESSIONS.SCORE_AWARDED, score)
                .set(PRACTICE_SESSIONS.TOTAL_MARKS, total)
                .set(PRACTICE_SESSIONS.TIME_SPENT_MINUTES, minutes)
                .set(PRACTICE_SESSIONS.CREATED_AT, at)
                .set(PRACTICE_SESSIONS.CONTENT_GENERATION_ID, generationId)
                .returning(PRACTICE_SESSIONS.ID)
                .fetchSingle(PRACTICE_SESSIONS.ID);
    }
}
