package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSONB input beyond the configured size or nesting is refused before SQL, and nothing of it is stored. */
class JsonLimitsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase strict;

    @BeforeAll
    static void connect() {
        TestRows.user(database.db().dsl(), "student-1", Role.STUDENT);
        strict = EduDatabase.builder()
                .jdbcUrl(database.postgres().jdbcUrl())
                .user(database.postgres().user()).password(database.postgres().password())
                .maximumPoolSize(2)
                .maxJsonLength(200)
                .maxJsonDepth(4)
                .build();
    }

    @AfterAll
    static void close() {
        strict.close();
    }

    @Test
    void aDocumentNestedDeeperThanTheLimitIsRefusedAndNothingIsStored() {
        long before = strict.dsl().fetchCount(USER_ACTIVITY_LOGS);
        assertThatThrownBy(() -> logActivity(strict, nested(5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nests 5 levels")
                .hasMessageContaining("limit of 4");
        assertThat(strict.dsl().fetchCount(USER_ACTIVITY_LOGS)).isEqualTo(before);
    }

    @Test
    void aDocumentAtTheLimitIsStoredAndReadBack() {
        JsonNode document = nested(4);
        long id = logActivity(strict, document);
        assertThat(strict.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_DETAILS).from(USER_ACTIVITY_LOGS)
                .where(USER_ACTIVITY_LOGS.ID.eq(id)).fetchSingle().value1()).isEqualTo(document);
    }

    @Test
    void aDocumentLongerThanTheLimitIsRefusedBeforeSql() {
        ObjectNode large = JsonNodeFactory.instance.objectNode().put("text", "x".repeat(300));
        long before = strict.dsl().fetchCount(USER_ACTIVITY_LOGS);
        assertThatThrownBy(() -> logActivity(strict, large))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("characters of JSON")
                .hasMessageContaining("limit of 200");
        assertThat(strict.dsl().fetchCount(USER_ACTIVITY_LOGS)).isEqualTo(before);
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        ObjectNode flat = JsonNodeFactory.instance.objectNode().put("note", "[[[[[{{{{{\\\"");
        long id = logActivity(strict, flat);
        assertThat(strict.dsl().fetchExists(USER_ACTIVITY_LOGS, USER_ACTIVITY_LOGS.ID.eq(id))).isTrue();
    }

    @Test
    void theDefaultLimitsLeaveOrdinaryDocumentsAlone() {
        assertThat(logActivity(database.db(), nested(20))).isPositive();
        assertThatThrownBy(() -> logActivity(database.db(), nested(40)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit of 32");
    }

    @Test
    void limitsThatAllowNoDocumentAreRefusedByTheBuilder() {
        assertThatThrownBy(() -> EduDatabase.builder().jdbcUrl(database.postgres().jdbcUrl()).maxJsonDepth(0).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxJsonDepth");
    }

    private static long logActivity(EduDatabase db, JsonNode details) {
        return db.dsl().insertInto(USER_ACTIVITY_LOGS)
                .set(USER_ACTIVITY_LOGS.USER_ID, "student-1")
                .set(USER_ACTIVITY_LOGS.ACTIVITY_TYPE, "page_view")
                .set(USER_ACTIVITY_LOGS.ACTIVITY_DETAILS, details)
                .returning(USER_ACTIVITY_LOGS.ID)
                .fetchSingle(USER_ACTIVITY_LOGS.ID);
    }

    /** An object holding an object ... {@code depth} levels of objects in all. */
    private static JsonNode nested(int depth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int level = 1; level < depth; level++) {
            current = current.putObject("level" + level);
        }
        current.put("leaf", true);
        return root;
    }
}
