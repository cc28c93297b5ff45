package com.eduplatform.data.privacy;

import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.partitions.PartitionedTable;
import java.time.YearMonth;
import java.util.List;
import org.jooq.DSLContext;

/**
 * A school where a teacher, two students, a parent and an admin left rows in every table that can hold a user's
 * data, the arrays and the archive included; ids start with a prefix, so several worlds share one database.
 *
 * <p>The teacher made an exam (shared with both students, attempted by both, in a workspace with both, aligned to a
 * standard), a lesson nobody else has, an approved and an unapproved resource, and resolved a doubt of each student.
 * The student has a profile (the parent's child), sessions, live and archived activity logs, a practice generation
 * with its practice session and an earlier version, tutoring, feedback, usage, metrics, AI usage, a quota counter,
 * a notification, a parental consent, messages from and to them (one to them alone), and asked for an export.
 */
record PrivacyWorld(String teacher, String student, String other, String parent, String admin, String school,
                    int exam, int lesson, int practice) {

    /** The archived month the student's and teacher's old activity logs are in. */
    static final YearMonth ARCHIVED_MONTH = YearMonth.of(2023, 3);

    List<String> people() {
        return List.of(teacher, student, other, parent, admin);
    }

    static PrivacyWorld build(EduDatabase db, String prefix) {
        DSLContext dsl = db.dsl();
        String teacher = prefix + "-teacher";
        String student = prefix + "-student";
        String other = prefix + "-other";
        String parent = prefix + "-parent";
        String admin = prefix + "-admin";
        String school = prefix + "-school";
        user(dsl, teacher, "teacher", school);
        user(dsl, student, "student", school);
        user(dsl, other, "student", school);
        user(dsl, parent, "parent", school);
        user(dsl, admin, "admin", school);

        dsl.execute("insert into teacher_profiles (user_id, subjects, grades, school_id) values (?, '{maths}', '{8}', ?)",
                teacher, school);
        dsl.execute("insert into parent_profiles (user_id) values (?)", parent);
        dsl.execute("insert into admin_profiles (user_id, permissions, managed_schools) values (?, '{all}', ARRAY[?])",
                admin, school);
        dsl.execute("insert into student_profiles (user_id, grade_level, subjects, parent_id) values (?, '8', '{maths}', ?)",
                student, parent);
        dsl.execute("insert into student_profiles (user_id, grade_level, subjects, parent_id) values (?, '8', '{maths}', ?)",
                other, parent);
        dsl.execute("insert into parental_consents (student_id, parent_id, method, evidence_reference) "
                + "values (?, ?, 'signed_form', 'form-1')", student, parent);

        int exam = generation(dsl, teacher, "exam");
        dsl.execute("insert into generated_exams (content_generation_id, exam_config, questions, total_marks, "
                + "estimated_time, used_by_students) values (?, '{}', '[]', 10, 30, ARRAY[?, ?])", exam, student, other);
        dsl.execute("insert into exam_questions (generated_exam_id, question_number, question_type, question_text, "
                + "marks_allocated, student_responses) select id, 1, 'short', 'Two plus two?', 10, "
                + "jsonb_build_object(?::text, jsonb_build_object('answer', '4', 'marks', 10), "
                + "?::text, jsonb_build_object('answer', '5', 'marks', 0)) "
                + "from generated_exams where content_generation_id = ?", student, other, exam);
        int standard = dsl.resultQuery("insert into curriculum_standards (board, grade, subject, topic) "
                + "values ('CBSE', '8', 'maths', ?) returning id", prefix).fetchSingle(0, Integer.class);
        dsl.execute("insert into content_curriculum_alignment (content_generation_id, curriculum_standard_id) values (?, ?)",
                exam, standard);
        dsl.execute("insert into content_shares (content_generation_id, shared_by, shared_with, share_type) "
                + "values (?, ?, ?, 'view_only'), (?, ?, ?, 'view_only')", exam, teacher, student, exam, teacher, other);
        dsl.execute("insert into workspaces (created_by, name, members, shared_content) values (?, 'Class 8', "
                + "ARRAY[?, ?, ?], ARRAY[?])", teacher, teacher, student, other, exam);
        int lesson = generation(dsl, teacher, "lesson");
        dsl.execute("insert into generated_lessons (content_generation_id, lesson_config, lesson_content, key_concepts) "
                + "values (?, '{}', 'Fractions', '{fractions}')", lesson);
        dsl.execute("insert into educational_resources (uploaded_by, resource_type, title, subject, grade, topic, "
                + "is_approved) values (?, 'pdf', 'Approved', 'maths', '8', 't', true), "
                + "(?, 'pdf', 'Draft', 'maths', '8', 't', false)", teacher, teacher);
        dsl.execute("insert into ai_usage_tracking (user_id, ai_service, operation_type, tokens_used, cost_usd, "
                + "content_generation_id) values (?, 'llm', 'exam', 100, 0.01, ?)", teacher, exam);

        for (String someone : List.of(student, other)) {
            dsl.execute("insert into doubt_submissions (student_id, resolver_id, grade, subject, topic, doubt_text, "
                    + "status, resolution_text, resolved_at) values (?, ?, '8', 'maths', 't', 'Why?', 'resolved', "
                    + "'Because.', now())", someone, teacher);
        }
        int practice = generation(dsl, student, "practice_analysis");
        dsl.execute("insert into practice_sessions (content_generation_id, student_id, practice_type, subject, topic, "
                + "grade, student_responses, ideal_answers, score_awarded, total_marks) "
                + "values (?, ?, 'quiz', 'maths', 't', '8', 'mine', 'ideal', 5, 10)", practice, student);
        dsl.execute("insert into content_generation_versions (content_generation_id, version_number, status, "
                + "token_usage) values (?, 1, 'completed', 10)", practice);
        dsl.execute("insert into ai_usage_tracking (user_id, ai_service, operation_type, tokens_used, cost_usd, "
                + "content_generation_id) values (?, 'llm', 'practice', 50, 0.02, ?)", student, practice);
        dsl.execute("insert into tutoring_sessions (student_id, session_type) values (?, 'chat')", student);
        dsl.execute("insert into content_feedback (content_generation_id, user_id, feedback_type, rating) "
                + "values (?, ?, 'rating', 5)", exam, student);
        dsl.execute("insert into content_usage_stats (content_generation_id, user_id, access_type) values (?, ?, 'view')",
                exam, student);
        dsl.execute("insert into user_performance_metrics (user_id, metric_type, metric_value, time_period) "
                + "values (?, 'score', 50, 'daily')", student);
        dsl.execute("insert into usage_counters (user_id, period_start) values (?, current_date)", student);
        dsl.execute("insert into user_sessions (user_id, ip_address) values (?, '10.0.0.8')", student);
        dsl.execute("insert into notifications (user_id, notification_type, title, message) "
                + "values (?, 'doubt_resolved', 'Resolved', 'Your doubt is resolved'), "
                + "(?, 'exam_ready', 'Ready', 'Your exam is ready')", student, teacher);
        dsl.execute("insert into communication_logs (from_user_id, to_user_ids, communication_type, message) "
                + "values (?, ARRAY[?], 'in_app', 'To the student alone'), "
                + "(?, ARRAY[?, ?], 'in_app', 'To both students'), "
                + "(?, ARRAY[?], 'in_app', 'From the student')", teacher, student, teacher, student, other, student,
                teacher);
        dsl.execute("insert into privacy_requests (kind, subject_hash, requested_by) values ('export', ?, ?)",
                Privacy.hash(student), student);

        for (String someone : List.of(student, teacher)) {
            dsl.execute("insert into user_activity_logs (user_id, activity_type) values (?, 'login')", someone);
            dsl.execute("insert into user_activity_logs (user_id, activity_type, \"timestamp\") "
                    + "values (?, 'login', '2023-03-15 10:00+00')", someone);
        }
        PartitionedTable<?> logs = db.partitions().of(USER_ACTIVITY_LOGS);
        logs.drainDefault();
        logs.archive(ARCHIVED_MONTH);
        return new PrivacyWorld(teacher, student, other, parent, admin, school, exam, lesson, practice);
    }

    private static void user(DSLContext dsl, String id, String role, String school) {
        dsl.execute("insert into users (id, auth0_id, email, name, role, roles, school_id) "
                + "values (?, ?, ?, ?, ?, ARRAY[?], ?)", id, "auth0|" + id, id + "@school.example", "Name of " + id,
                role, role, school);
    }

    private static int generation(DSLContext dsl, String owner, String type) {
        return dsl.resultQuery("insert into content_generations (user_id, content_type, input_parameters, title, "
                + "generated_content) values (?, ?, '{}', 'Title', 'Generated text') returning id", owner, type)
                .fetchSingle(0, Integer.class);
    }
}
