package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.PRIVACY_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.types.PrivacyRequestKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export: one JSON document, a section per table, every row about the user and none about anyone else. */
class PrivacyExportTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static PrivacyWorld world;
    private static PrivacyWorld neighbours;

    @BeforeAll
    static void build() {
        world = PrivacyWorld.build(database.db(), "x");
        neighbours = PrivacyWorld.build(database.db(), "n");
    }

    @Test
    void theExportHasASectionForEveryTableThatCanHoldAUsersRowsTheArchiveIncluded() {
        ObjectNode export = database.db().privacy().export(world.student());

        List<String> expected = new ArrayList<>();
        for (var table : UserColumns.SCHEMA.tables()) {
            if (UserColumns.SCHEMA.about(table, world.student()) != null) {
                expected.add("public." + table.getName());
            }
        }
        expected.add("archive.user_activity_logs");
        List<String> sections = new ArrayList<>();
        export.get("tables").fieldNames().forEachRemaining(sections::add);

        assertThat(export.get("subject").asText()).isEqualTo(world.student());
        assertThat(export.get("exportedAt").asText()).isNotBlank();
        assertThat(sections).containsExactlyInAnyOrderElementsOf(expected)
                .contains("public.users", "public.parental_consents", "public.exam_questions",
                        "public.content_generation_versions");
    }

    @Test
    void theExportHoldsTheUsersOwnRowsTheRowsNamingThemInArraysAndTheirArchivedLogs() {
        JsonNode tables = database.db().privacy().export(world.student()).get("tables");

        assertThat(tables.get("public.users")).singleElement()
                .satisfies(user -> assertThat(user.get("email").asText()).isEqualTo(world.student() + "@school.example"));
        assertThat(tables.get("public.student_profiles")).singleElement()
                .satisfies(profile -> assertThat(profile.get("parent_id").asText()).isEqualTo(world.parent()));
        assertThat(tables.get("public.user_sessions")).singleElement()
                .satisfies(session -> assertThat(session.get("ip_address").asText()).isEqualTo("10.0.0.8"));
        assertThat(tables.get("public.user_activity_logs")).hasSize(1);
        assertThat(tables.get("archive.user_activity_logs")).singleElement()
                .satisfies(log -> assertThat(log.get("timestamp").asText()).startsWith("2023-03-15"));
        assertThat(tables.get("public.generated_exams")).as("the exam the student attempted (used_by_students)")
                .hasSize(1);
        assertThat(tables.get("public.communication_logs")).as("sent by and to the student").hasSize(3);
        assertThat(tables.get("public.workspaces")).as("a member").hasSize(1);
        assertThat(tables.get("public.parent_profiles")).as("their parent's profile lists them").hasSize(1);
        assertThat(tables.get("public.content_generations")).as("their own, and the exam shared with them")
                .extracting(row -> row.get("id").asInt()).containsExactlyInAnyOrder(world.practice(), world.exam());
        assertThat(tables.get("public.content_generation_versions")).as("a detail of their own generation")
                .singleElement().satisfies(version ->
                        assertThat(version.get("content_generation_id").asInt()).isEqualTo(world.practice()));
        assertThat(tables.get("public.doubt_submissions")).singleElement()
                .satisfies(doubt -> assertThat(doubt.get("student_id").asText()).isEqualTo(world.student()));
        assertThat(tables.get("public.parental_consents")).hasSize(1);
    }

    @Test
    void theExportHoldsNothingAboutAnyoneElse() {
        ObjectNode export = database.db().privacy().export(world.student());
        String text = export.toString();

        assertThat(text).doesNotContain(neighbours.student()).doesNotContain(neighbours.teacher());
        assertThat(export.at("/tables/public.exam_questions/0/student_responses").fieldNames())
                .as("only the student's own answer of the exam's responses")
                .toIterable().containsExactly(world.student());
        assertThat(export.at("/tables/public.exam_questions/0/student_responses/" + world.student() + "/answer")
                .asText()).isEqualTo("4");
        assertThat(export.get("tables").get("public.generated_lessons")).as("the teacher's lesson is not theirs")
                .isEmpty();
    }

    @Test
    void aTeachersExportHoldsTheDetailsOfTheirContent() {
        JsonNode tables = database.db().privacy().export(world.teacher()).get("tables");

        assertThat(tables.get("public.generated_lessons")).hasSize(1);
        assertThat(tables.get("public.generated_exams")).hasSize(1);
        assertThat(tables.get("public.exam_questions")).singleElement().satisfies(question ->
                assertThat(question.get("student_responses").size()).as("no student's answers").isZero());
        assertThat(tables.get("public.content_curriculum_alignment")).hasSize(1);
        assertThat(tables.get("public.doubt_submissions")).as("the doubts they resolved").hasSize(2);
    }

    @Test
    void everyExportIsRecordedUnderTheHashOfTheSubject() {
        EduDatabase db = database.db();
        int before = db.dsl().fetchCount(PRIVACY_REQUESTS, PRIVACY_REQUESTS.SUBJECT_HASH.eq(Privacy.hash(world.other()))
                .and(PRIVACY_REQUESTS.KIND.eq(PrivacyRequestKind.EXPORT)));

        db.privacy().export(world.other());

        assertThat(db.dsl().fetchCount(PRIVACY_REQUESTS, PRIVACY_REQUESTS.SUBJECT_HASH.eq(Privacy.hash(world.other()))
                .and(PRIVACY_REQUESTS.KIND.eq(PrivacyRequestKind.EXPORT)).and(PRIVACY_REQUESTS.COMPLETED_AT.isNotNull())))
                .isEqualTo(before + 1);
    }

    @Test
    void exportingAnUnknownOrBlankUserIsRefused() {
        assertThatThrownBy(() -> database.db().privacy().export("nobody-here")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> database.db().privacy().export(" "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("userId"));
    }
}
