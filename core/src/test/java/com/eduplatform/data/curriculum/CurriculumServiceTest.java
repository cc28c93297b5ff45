package com.eduplatform.data.curriculum;

import static com.eduplatform.data.jooq.Tables.CONTENT_CURRICULUM_ALIGNMENT;
import static com.eduplatform.data.jooq.Tables.CURRICULUM_STANDARDS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.jooq.tables.pojos.ContentCurriculumAlignment;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.util.Arrays;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CurriculumServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static CurriculumService curriculum;
    private static int fractions;
    private static int decimals;

    @BeforeAll
    static void connect() {
        db = database.db();
        curriculum = db.workflows().curriculum();
        TestRows.user(db.dsl(), "owner", Role.STUDENT);
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
        TestRows.user(db.dsl(), "student-2", Role.STUDENT);
        fractions = standard("Fractions");
        decimals = standard("Decimals");
    }

    @Test
    void aligningStoresScoreConceptsAndGapsUnverified() {
        int content = content();

        ContentCurriculumAlignment aligned = curriculum.align(content, fractions, "owner", 72,
                List.of("equivalent fractions"), List.of("mixed numbers"));

        assertThat(aligned.contentGenerationId()).isEqualTo(content);
        assertThat(aligned.curriculumStandardId()).isEqualTo(fractions);
        assertThat(aligned.alignmentScore()).isEqualTo(72);
        assertThat(aligned.alignedConcepts()).containsExactly("equivalent fractions");
        assertThat(aligned.gapsIdentified()).containsExactly("mixed numbers");
        assertThat(aligned.verifiedByTeacher()).isFalse();
        assertThat(activities(aligned.id())).containsExactly("curriculum.aligned");
    }

    @Test
    void aligningAgainUpdatesTheOneAlignmentAndClearsItsVerification() {
        int content = content();
        ContentCurriculumAlignment first = curriculum.align(content, fractions, "owner", 40, List.of(), List.of("a"));
        curriculum.verify(first.id(), "teacher-1");

        ContentCurriculumAlignment again = curriculum.align(content, fractions, "teacher-1", 90, List.of("b"), null);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.alignmentScore()).isEqualTo(90);
        assertThat(again.gapsIdentified()).isEmpty();
        assertThat(again.verifiedByTeacher()).isFalse();
        assertThat(db.contentCurriculumAlignment().count(
                CONTENT_CURRICULUM_ALIGNMENT.CONTENT_GENERATION_ID.eq(content))).isEqualTo(1);
        curriculum.align(content, decimals, "owner", 10, List.of(), List.of());
        assertThat(curriculum.alignments(content)).extracting(ContentCurriculumAlignment::alignmentScore)
                .containsExactly(90, 10);
    }

    @Test
    void scoresOutsideZeroToHundredAndBlankEntriesAreRefusedNamingTheFieldAndWriteNothing() {
        int content = content();

        for (int score : new int[] {-1, 101}) {
            assertThatThrownBy(() -> curriculum.align(content, fractions, "owner", score, List.of(), List.of()))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("content_curriculum_alignment.alignment_score"));
        }
        assertThatThrownBy(() -> curriculum.align(content, fractions, "owner", 50, List.of(" "), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("content_curriculum_alignment.aligned_concepts"));
        assertThatThrownBy(() -> curriculum.align(content, fractions, "owner", 50, List.of(),
                Arrays.asList("gap", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("content_curriculum_alignment.gaps_identified"));
        assertThatThrownBy(() -> curriculum.align(content, 999_999, "owner", 50, List.of(), List.of()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> curriculum.align(999_999, fractions, "owner", 50, List.of(), List.of()))
                .isInstanceOf(NotFoundException.class);

        assertThat(curriculum.alignments(content)).isEmpty();
        assertThat(curriculum.align(content, fractions, "owner", 0, List.of(), List.of()).alignmentScore()).isZero();
        assertThat(curriculum.align(content, fractions, "owner", 100, List.of(), List.of()).alignmentScore())
                .isEqualTo(100);
    }

    @Test
    void onlyTheOwnerATeacherOrAnAdminAligns() {
        int content = content();

        assertThatThrownBy(() -> curriculum.align(content, fractions, "student-2", 50, List.of(), List.of()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(curriculum.alignments(content)).isEmpty();
    }

    @Test
    void onlyATeacherVerifiesAnAlignment() {
        ContentCurriculumAlignment aligned = curriculum.align(content(), fractions, "owner", 60, List.of(), List.of());

        assertThatThrownBy(() -> curriculum.verify(aligned.id(), "owner")).isInstanceOf(AccessDeniedException.class);
        assertThat(db.contentCurriculumAlignment().getById(aligned.id()).verifiedByTeacher()).isFalse();

        assertThat(curriculum.verify(aligned.id(), "teacher-1").verifiedByTeacher()).isTrue();
        assertThat(curriculum.verify(aligned.id(), "teacher-1").verifiedByTeacher()).isTrue();
        assertThat(activities(aligned.id())).containsExactly("curriculum.aligned", "curriculum.verified");
        assertThatThrownBy(() -> curriculum.verify(999_999, "teacher-1")).isInstanceOf(NotFoundException.class);
    }

    private static int content() {
        return TestRows.generation(db.dsl(), "owner", ContentType.LESSON);
    }

    private static int standard(String topic) {
        return db.dsl().insertInto(CURRICULUM_STANDARDS)
                .set(CURRICULUM_STANDARDS.BOARD, "CBSE")
                .set(CURRICULUM_STANDARDS.GRADE, "8")
                .set(CURRICULUM_STANDARDS.SUBJECT, "mathematics")
                .set(CURRICULUM_STANDARDS.TOPIC, topic)
                .returning(CURRICULUM_STANDARDS.ID)
                .fetchSingle(CURRICULUM_STANDARDS.ID);
    }

    private static List<String> activities(int alignmentId) {
        return db.dsl().select(USER_ACTIVITY_LOGS.ACTIVITY_TYPE).from(USER_ACTIVITY_LOGS)
                .where(DSL.field("{0}->>'alignment_id'", String.class, USER_ACTIVITY_LOGS.ACTIVITY_DETAILS)
                        .eq(String.valueOf(alignmentId)))
                .orderBy(USER_ACTIVITY_LOGS.ID)
                .fetch(USER_ACTIVITY_LOGS.ACTIVITY_TYPE);
    }
}
