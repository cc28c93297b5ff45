-- Undoes V11_3__enable_row_level_security.sql: the policies for edudata_app go, and row-level security is no longer
-- forced nor enabled on the tables it was enabled on. Run U11_4 first (its analytics policies sit on these tables).
DO
$$
DECLARE
    tenant_table text;
    verb         text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY [
        'users', 'user_sessions', 'student_profiles', 'teacher_profiles', 'parent_profiles', 'admin_profiles',
        'content_generations', 'generated_exams', 'exam_questions', 'generated_lessons', 'tutoring_sessions',
        'doubt_submissions', 'practice_sessions', 'user_activity_logs', 'content_usage_stats',
        'user_performance_metrics', 'ai_usage_tracking', 'content_curriculum_alignment', 'educational_resources',
        'content_shares', 'workspaces', 'content_feedback', 'notifications', 'communication_logs', 'usage_counters',
        'content_generation_versions']
    LOOP
        FOREACH verb IN ARRAY ARRAY ['select', 'insert', 'update', 'delete']
        LOOP
            EXECUTE format('DROP POLICY IF EXISTS %I ON %I', tenant_table || '_' || verb, tenant_table);
        END LOOP;
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', tenant_table);
    END LOOP;
END
$$;
