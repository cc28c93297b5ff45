package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.DOUBT_SUBMISSIONS;
import static com.eduplatform.data.jooq.Tables.EDUCATIONAL_RESOURCES;
import static com.eduplatform.data.jooq.Tables.PRIVACY_REQUESTS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.PrivacyRequests;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.types.PrivacyRequestKind;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erasure reaches every table, array, JSON object, archived log and report view, in one transaction, and leaves
 * only a pseudonymous record: after it, no row anywhere contains the erased id.
 */
class PrivacyErasureTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    @Test
    void erasingAStudentLeavesNoRowAnywhereThatContainsTheirId() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "es");
        db.reports().refreshAll();
        assertThat(Traces.of(db.dsl(), world.student())).as("the fixture leaves the student everywhere")
                .containsKeys("public.users", "public.generated_exams", "public.exam_questions",
                        "public.workspaces", "public.communication_logs", "public.parent_profiles",
                        "public.content_generations", "archive.user_activity_logs", "public.daily_ai_usage_costs");

        ErasureReceipt receipt = db.privacy().erase(world.student(), world.admin());

        assertThat(Traces.of(db.dsl(), world.student())).as("rows that still contain the erased id").isEmpty();
        assertThat(receipt.replacementUser()).as("a student's data is nobody else's to rely on").isNull();
        assertThat(receipt.deleted()).containsEntry("users", 1).containsEntry("student_profiles", 1)
                .containsEntry("content_generations", 1).containsEntry("archive.user_activity_logs", 1)
                .containsEntry("parental_consents", 1).containsEntry("communication_logs", 2);
        assertThat(db.dsl().fetchCount(CONTENT_GENERATIONS, CONTENT_GENERATIONS.ID.eq(world.practice())))
                .as("their practice generation, and with it (cascading) its practice session and versions").isZero();
        assertThat(receipt.anonymised()).containsEntry("exam_questions", 1).containsEntry("generated_exams", 1)
                .containsEntry("workspaces", 1).containsEntry("privacy_requests", 1);
    }

    @Test
    void erasingAStudentKeepsEveryoneElsesData() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "ek");
        DSLContext dsl = db.dsl();

        db.privacy().erase(world.student(), world.admin());

        assertThat(dsl.fetchValue("select used_by_students from generated_exams where content_generation_id = ?",
                world.exam())).isEqualTo(new String[] {world.other()});
        assertThat(dsl.fetchValue("select student_responses::text from exam_questions q join generated_exams e "
                + "on e.id = q.generated_exam_id where e.content_generation_id = ?", world.exam()))
                .isEqualTo("{\"" + world.other() + "\": {\"marks\": 0, \"answer\": \"5\"}}");
        assertThat(dsl.fetchValue("select members from workspaces where created_by = ?", world.teacher()))
                .isEqualTo(new String[] {world.teacher(), world.other()});
        assertThat(dsl.fetchValue("select children_ids from parent_profiles where user_id = ?", world.parent()))
                .isEqualTo(new String[] {world.other()});
        assertThat(dsl.fetchValue("select to_user_ids from communication_logs where message = 'To both students' "
                + "and from_user_id = ?", world.teacher())).isEqualTo(new String[] {world.other()});
        assertThat(dsl.fetchCount(DOUBT_SUBMISSIONS, DOUBT_SUBMISSIONS.STUDENT_ID.eq(world.other()))).isEqualTo(1);
        assertThat(dsl.fetchCount(USERS, USERS.SCHOOL_ID.eq(world.school()))).isEqualTo(4);
    }

    @Test
    void erasingATeacherKeepsWhatOthersRelyOnUnderAPseudonymousUserAndDeletesTheRest() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "et");
        db.reports().refreshAll();
        DSLContext dsl = db.dsl();

        ErasureReceipt receipt = db.privacy().erase(world.teacher(), world.admin());

        assertThat(Traces.of(dsl, world.teacher())).as("rows that still contain the erased id").isEmpty();
        String replacement = receipt.replacementUser();
        assertThat(replacement).startsWith("erased-").doesNotContain(world.teacher());
        assertThat(db.users().getById(replacement)).satisfies(user -> {
            assertThat(user.isActive()).isFalse();
            assertThat(user.name()).isNull();
            assertThat(user.schoolId()).isEqualTo(world.school());
        });
        assertThat(dsl.fetchValue(CONTENT_GENERATIONS.USER_ID, CONTENT_GENERATIONS.ID.eq(world.exam())))
                .as("the exam both students were given stays, owned by the replacement").isEqualTo(replacement);
        assertThat(dsl.fetchExists(CONTENT_GENERATIONS, CONTENT_GENERATIONS.ID.eq(world.lesson())))
                .as("the lesson nobody else has is deleted").isFalse();
        assertThat(dsl.select(EDUCATIONAL_RESOURCES.TITLE).from(EDUCATIONAL_RESOURCES).where(EDUCATIONAL_RESOURCES.UPLOADED_BY.eq(replacement)).fetch(EDUCATIONAL_RESOURCES.TITLE))
                .as("the approved resource stays, the draft goes").containsExactly("Approved");
        assertThat(dsl.select(DOUBT_SUBMISSIONS.RESOLVER_ID, DOUBT_SUBMISSIONS.RESOLUTION_TEXT).from(DOUBT_SUBMISSIONS)
                .where(DOUBT_SUBMISSIONS.STUDENT_ID.in(world.student(), world.other())).fetch())
                .as("the students' doubts keep their resolution, without the resolver")
                .hasSize(2).allSatisfy(doubt -> {
                    assertThat(doubt.value1()).isNull();
                    assertThat(doubt.value2()).isEqualTo("Because.");
                });
        assertThat(dsl.fetchValue("select created_by || ' ' || array_to_string(members, ',') from workspaces "
                + "where ? = any(members)", world.student()))
                .isEqualTo(replacement + " " + world.student() + "," + world.other());
        assertThat(dsl.resultQuery("select unnest(shared_with) from content_generations where id = ?", world.exam())
                .fetch(0, String.class)).as("still shared with both students")
                .containsExactlyInAnyOrder(world.student(), world.other());
        assertThat(receipt.anonymised()).containsEntry("content_generations", 1).containsEntry("content_shares", 2)
                .containsEntry("doubt_submissions", 2).containsEntry("educational_resources", 1);
    }

    @Test
    void everyTableThatCanHoldAUsersRowsHoldsOneOfTheWorldBeforeAndNoneOfTheErasedAfter() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "ev");
        DSLContext dsl = db.dsl();
        List<String> erased = List.of(world.student(), world.teacher(), world.parent(), world.admin());

        for (var table : UserColumns.SCHEMA.tables()) {
            var about = erased.stream().map(id -> UserColumns.SCHEMA.about(table, id)).toList();
            if (about.get(0) != null) {
                assertThat(dsl.fetchCount(dsl.selectOne().from(table.getName()).where(org.jooq.impl.DSL.or(about))))
                        .as("rows of %s about the world's people: the fixture must cover every such table",
                                table.getName()).isPositive();
            }
        }
        for (String id : erased) {
            db.privacy().erase(id, null);
        }

        for (String id : erased) {
            assertThat(Traces.of(dsl, id)).as("rows that still contain %s", id).isEmpty();
        }
        assertThat(dsl.fetchCount(USERS, USERS.SCHOOL_ID.eq(world.school())))
                .as("the other student and the teacher's replacement").isEqualTo(2);
    }

    @Test
    void theErasureRecordNamesTheSubjectOnlyByTheHashOfTheirId() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "er");

        ErasureReceipt receipt = db.privacy().erase(world.student(), world.admin());

        PrivacyRequests record = db.privacyRequests().findOne(PRIVACY_REQUESTS.REQUEST_ID.eq(receipt.requestId()))
                .orElseThrow();
        assertThat(record.kind()).isEqualTo(PrivacyRequestKind.ERASURE);
        assertThat(record.subjectHash()).isEqualTo(Privacy.hash(world.student())).isEqualTo(receipt.subjectHash())
                .hasSize(64);
        assertThat(record.requestedBy()).isEqualTo(world.admin());
        assertThat(record.completedAt()).isEqualTo(receipt.completedAt()).isAfterOrEqualTo(record.requestedAt());
        assertThat(record.details().get("deleted").get("users").asInt()).isEqualTo(1);
        assertThat(db.privacyRequests().find(PRIVACY_REQUESTS.REQUESTED_BY.eq("sha256:" + receipt.subjectHash())))
                .as("the export the student asked for earlier, now in their pseudonymous name").hasSize(1);
    }

    @Test
    void anErasureThatFailsHalfwayChangesNothing() {
        EduDatabase db = database.db();
        PrivacyWorld world = PrivacyWorld.build(db, "ef");
        DSLContext dsl = db.dsl();
        // A table the erasure deletes from late refuses: everything done before it must roll back.
        dsl.execute("create function refuse_ef() returns trigger language plpgsql as "
                + "$$ begin if old.student_id = 'ef-student' then raise exception 'refused'; end if; return old; end $$");
        dsl.execute("create trigger refuse_ef before delete on parental_consents for each row execute function refuse_ef()");
        var before = Traces.of(dsl, world.student());

        try {
            assertThatThrownBy(() -> db.privacy().erase(world.student(), world.admin()))
                    .isInstanceOf(EduDataException.class).hasMessageContaining("refused");
            assertThat(Traces.of(dsl, world.student())).isEqualTo(before);
            assertThat(dsl.fetchCount(PRIVACY_REQUESTS, PRIVACY_REQUESTS.KIND.eq(PrivacyRequestKind.ERASURE)
                    .and(PRIVACY_REQUESTS.SUBJECT_HASH.eq(Privacy.hash(world.student()))))).isZero();
        } finally {
            dsl.execute("drop trigger refuse_ef on parental_consents");
            dsl.execute("drop function refuse_ef()");
        }
    }

    @Test
    void erasingAnUnknownUserIsNotFoundAndRecordsNothing() {
        EduDatabase db = database.db();
        int requests = db.dsl().fetchCount(PRIVACY_REQUESTS);

        assertThatThrownBy(() -> db.privacy().erase("nobody-at-all", null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.key()).isEqualTo("nobody-at-all"));
        assertThat(db.dsl().fetchCount(PRIVACY_REQUESTS)).isEqualTo(requests);
    }
}
