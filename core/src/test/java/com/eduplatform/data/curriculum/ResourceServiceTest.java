package com.eduplatform.data.curriculum;

import static com.eduplatform.data.jooq.Tables.CONTENT_FEEDBACK;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.InvalidTransitionException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.EducationalResources;
import com.eduplatform.data.jooq.tables.records.EducationalResourcesRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.util.List;
import java.util.function.IntFunction;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceServiceTest {

    private static final int THREADS = 40;

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static ResourceService resources;

    @BeforeAll
    static void connect() {
        db = database.db();
        resources = db.workflows().resources();
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "teacher-2", Role.TEACHER);
        TestRows.user(db.dsl(), "admin-1", Role.ADMIN);
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
    }

    @Test
    void anUploadedResourceStartsUnapprovedUnusedAndUnlisted() {
        EducationalResources uploaded = resources.upload(resource("teacher-1", "science", "7"));

        assertThat(uploaded.isApproved()).isFalse();
        assertThat(uploaded.usageCount()).isZero();
        assertThat(resources.listApproved("science", "7")).isEmpty();
        assertThat(activities("resource_id", uploaded.id())).containsExactly("resource.uploaded");
    }

    @Test
    void anUploadClaimingApprovalOrUsageOrMissingFieldsIsRefusedAndWritesNothing() {
        long before = db.educationalResources().count();

        assertThatThrownBy(() -> resources.upload(resource("teacher-1", "science", "7").setIsApproved(true)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("educational_resources.is_approved"));
        assertThatThrownBy(() -> resources.upload(resource("teacher-1", "science", "7").setUsageCount(5)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("educational_resources.usage_count"));
        assertThatThrownBy(() -> resources.upload(resource("teacher-1", "science", "7").setTitle(null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("educational_resources.title"));
        assertThatThrownBy(() -> resources.upload(resource("ghost", "science", "7")))
                .isInstanceOf(ForeignKeyViolationException.class);

        assertThat(db.educationalResources().count()).isEqualTo(before);
    }

    @Test
    void onlyAnAdminOrAnotherTeacherApprovesAndOnlyApprovedLiveResourcesAreListed() {
        EducationalResources mine = resources.upload(resource("teacher-1", "history", "9"));
        EducationalResources other = resources.upload(resource("teacher-1", "history", "9"));
        EducationalResources deleted = resources.upload(resource("teacher-1", "history", "9"));
        resources.upload(resource("teacher-1", "history", "9"));

        assertThatThrownBy(() -> resources.approve(mine.id(), "student-1")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> resources.approve(mine.id(), "teacher-1")).isInstanceOf(AccessDeniedException.class);
        assertThat(resources.approve(mine.id(), "teacher-2").isApproved()).isTrue();
        assertThat(resources.approve(other.id(), "admin-1").isApproved()).isTrue();
        resources.approve(deleted.id(), "admin-1");
        db.educationalResources().delete(deleted.id());
        assertThatThrownBy(() -> resources.approve(mine.id(), "admin-1"))
                .isInstanceOf(InvalidTransitionException.class);

        assertThat(resources.listApproved("history", "9")).extracting(EducationalResources::id)
                .containsExactly(mine.id(), other.id());
        assertThat(resources.listApproved("history", "10")).isEmpty();
        assertThat(activities("resource_id", mine.id())).containsExactly("resource.uploaded", "resource.approved");
    }

    @Test
    void anUnapprovedOrDeletedResourceCannotBeUsed() {
        EducationalResources unapproved = resources.upload(resource("teacher-1", "art", "5"));
        EducationalResources deleted = resources.upload(resource("teacher-1", "art", "5"));
        resources.approve(deleted.id(), "admin-1");
        db.educationalResources().delete(deleted.id());

        assertThatThrownBy(() -> resources.recordUse(unapproved.id(), "student-1"))
                .isInstanceOfSatisfying(InvalidTransitionException.class,
                        e -> assertThat(e.currentState()).isEqualTo("unapproved"));
        assertThatThrownBy(() -> resources.recordUse(deleted.id(), "student-1"))
                .isInstanceOf(NotFoundException.class);
        assertThat(db.educationalResources().getById(unapproved.id()).usageCount()).isZero();
        assertThat(activities("resource_id", unapproved.id())).containsExactly("resource.uploaded");
    }

    @Test
    void concurrentUsesAreAllCountedAndTheMostUsedIsListedFirst() throws Exception {
        EducationalResources quiet = approved("geography", "6");
        EducationalResources popular = approved("geography", "6");
        int versionBefore = db.educationalResources().getById(popular.id()).versionNumber();

        List<Integer> counts = runTogether(THREADS, i -> resources.recordUse(popular.id(), "student-1"));

        assertThat(counts).doesNotHaveDuplicates().hasSize(THREADS);
        EducationalResources after = db.educationalResources().getById(popular.id());
        assertThat(after.usageCount()).isEqualTo(THREADS);
        assertThat(after.versionNumber()).isEqualTo(versionBefore);
        assertThat(resources.listApproved("geography", "6")).extracting(EducationalResources::id)
                .containsExactly(popular.id(), quiet.id());
    }

    @Test
    void concurrentHelpfulVotesAreAllCounted() throws Exception {
        int feedback = feedback("teacher-1");

        List<Integer> counts = runTogether(THREADS, i -> resources.voteHelpful(feedback, "student-1"));

        assertThat(counts).doesNotHaveDuplicates().hasSize(THREADS);
        assertThat(db.contentFeedback().getById(feedback).isHelpfulVoteCount()).isEqualTo(THREADS);
        assertThat(activities("feedback_id", feedback)).hasSize(THREADS);
    }

    @Test
    void nobodyVotesForTheirOwnOrDeletedFeedback() {
        int feedback = feedback("teacher-1");
        int deleted = feedback("teacher-1");
        db.contentFeedback().delete(deleted);

        assertThatThrownBy(() -> resources.voteHelpful(feedback, "teacher-1"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> resources.voteHelpful(deleted, "student-1")).isInstanceOf(NotFoundException.class);
        assertThat(db.contentFeedback().getById(feedback).isHelpfulVoteCount()).isZero();
    }

    private static EducationalResourcesRecord resource(String uploader, String subject, String grade) {
        return db.educationalResources().newRecord().setUploadedBy(uploader).setResourceType("worksheet")
                .setTitle("Worksheet").setSubject(subject).setGrade(grade).setTopic("basics");
    }

    private static EducationalResources approved(String subject, String grade) {
        EducationalResources uploaded = resources.upload(resource("teacher-1", subject, grade));
        return resources.approve(uploaded.id(), "admin-1");
    }

    private static int feedback(String author) {
        int content = TestRows.generation(db.dsl(), "teacher-2", ContentType.LESSON);
        return db.dsl().insertInto(CONTENT_FEEDBACK)
                .set(CONTENT_FEEDBACK.CONTENT_GENERATION_ID, content)
                .set(CONTENT_FEEDBACK.USER_ID, author)
                .set(CONTENT_FEEDBACK.FEEDBACK_TYPE, "comment")
                .set(CONTENT_FEEDBACK.FEEDBACK_TEXT, "Clear explanation")
                .returning(CONTENT_FEEDBACK.ID)
                .fetchSingle(CONTENT_FEEDBACK.ID);
    }

    private static List<String> activities(String key, int id) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>{1}", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS, DSL.inline(key))
                        .eq(String.valueOf(id)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }

    /** Runs {@code task(i)} for i in 0..n-1 on n threads released together by a latch; returns the results. */
    private static <T> List<T> runTogether(int n, IntFunction<T> task) throws Exception {
        return Race.run(n, task::apply);
    }
}
