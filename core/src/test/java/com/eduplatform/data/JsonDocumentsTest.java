package com.eduplatform.data;

import static com.eduplatform.data.jooq.Tables.GENERATED_EXAMS;
import static com.eduplatform.data.jooq.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.jooq.tables.pojos.UserSessions;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.DeviceInfo;
import com.eduplatform.data.types.ExamConfig;
import com.eduplatform.data.types.ExamQuestion;
import com.eduplatform.data.types.QuestionDistribution;
import com.eduplatform.data.types.Role;
import com.eduplatform.data.types.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSONB documents as typed records: nothing another writer put there is lost, and a misfit is a clear error. */
class JsonDocumentsTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;

    @BeforeAll
    static void connect() {
        db = database.db();
        TestRows.user(db.dsl(), "student-1", Role.STUDENT);
        TestRows.user(db.dsl(), "teacher-1", Role.TEACHER);
    }

    @Test
    void aFieldTheRecordDoesNotKnowSurvivesReadAndUpdate() throws Exception {
        long id = db.dsl().insertInto(USER_SESSIONS).set(USER_SESSIONS.USER_ID, "student-1")
                .returning(USER_SESSIONS.ID).fetchSingle(USER_SESSIONS.ID);
        db.dsl().execute("update user_sessions set device_info = "
                + "'{\"os\": \"Android\", \"battery\": {\"level\": 0.4}, \"carrier\": \"Acme\"}' where id = ?", id);

        UserSessions read = db.userSessions().getById(id);
        DeviceInfo device = read.deviceInfo();
        DeviceInfo upgraded = new DeviceInfo(device.deviceType(), device.os(), "15", device.browser(),
                device.browserVersion(), device.appVersion(), device.otherFields());
        db.userSessions().update(id, db.userSessions().newRecord().setDeviceInfo(upgraded));

        JsonNode stored = db.objectMapper().readTree(
                db.dsl().fetchValue("select device_info::text from user_sessions where id = ?", id).toString());
        assertThat(device.os()).isEqualTo("Android");
        assertThat(device.otherFields()).containsOnlyKeys("battery", "carrier");
        assertThat(stored.get("os_version").asText()).isEqualTo("15");
        assertThat(stored.get("carrier").asText()).isEqualTo("Acme");
        assertThat(stored.at("/battery/level").asDouble()).isEqualTo(0.4);
    }

    @Test
    void documentsWithListsAndMapsRoundTripEqual() {
        int content = TestRows.generation(db.dsl(), "teacher-1", ContentType.EXAM);
        List<ExamQuestion> questions = List.of(
                new ExamQuestion(1, "mcq", "1/2 + 1/4 = ?", List.of("3/4", "2/6"), "3/4", 2, "easy", Map.of()),
                new ExamQuestion(2, "short", "Why?", null, null, 3, null, Map.of("rubric", "clarity")));

        var exam = db.generatedExams().insert(db.generatedExams().newRecord().setContentGenerationId(content)
                .setExamConfig(new ExamConfig("8", "mathematics", "CBSE", "easy", List.of("fractions"), 2, 20, null))
                .setQuestions(questions)
                .setQuestionDistribution(new QuestionDistribution(Map.of("mcq", 1, "short", 1)))
                .setTotalMarks(5).setEstimatedTime(20));

        var read = db.generatedExams().getById(exam.id());
        assertThat(read.questions()).isEqualTo(questions);
        assertThat(read.examConfig().topics()).containsExactly("fractions");
        assertThat(read.questionDistribution().total()).isEqualTo(2);
        assertThat(db.dsl().fetchValue("select questions->1->>'rubric' from generated_exams where id = ?", exam.id()))
                .isEqualTo("clarity");
    }

    @Test
    void aDocumentThatDoesNotFitItsRecordIsAClearError() {
        int content = TestRows.generation(db.dsl(), "teacher-1", ContentType.EXAM);
        db.dsl().execute("insert into generated_exams (content_generation_id, exam_config, questions, total_marks, "
                + "estimated_time) values (?, '{\"question_count\": \"many\"}', '[]', 1, 1)", content);

        assertThatThrownBy(() -> db.generatedExams().find(GENERATED_EXAMS.CONTENT_GENERATION_ID.eq(content)))
                .isInstanceOf(EduDataException.class)
                .hasMessageContaining("exam_config")
                .hasMessageContaining("ExamConfig");
    }
}
