-- Group 11, security: least-privilege grants to the roles of V11_1.
--
-- edudata_app: SELECT, INSERT, UPDATE, DELETE on the application tables, which the policies of V11_3 filter; SELECT
--   only on the reference data; EXECUTE on the policies' helpers (V11_2). No TRUNCATE (it would bypass row-level
--   security), no REFERENCES or TRIGGER, nothing on flyway_schema_history, on partitions or on materialized views
--   (which have no row-level security), no CREATE on any schema.
-- edudata_analytics: SELECT across tenants (a policy of its own, USING (true), on each table with row-level
--   security) on what analytics needs and no more: the analytics tables whole, the reference data, and of the other
--   tables the pseudonymous columns (ids, types, statuses, scores, counts, times), never names, e-mail addresses,
--   IP addresses, free text or message bodies. Also every materialized view: they cannot be filtered per tenant, so
--   they are for this role alone. Nothing else, and no writes.
-- edudata_auditor: the audit data, which today is the schema's own history (flyway_schema_history). The audit schema
--   of a later migration grants USAGE on it and SELECT on its tables to this role (docs/security.md).
-- edudata_owner owns everything already; edudata_definer got its few grants with its functions (V11_2).
--
-- Column grants are deliberate: a column added later is not readable by edudata_analytics until a migration says so.

GRANT SELECT, INSERT, UPDATE, DELETE ON
    users, user_sessions, student_profiles, teacher_profiles, parent_profiles, admin_profiles,
    content_generations, generated_exams, exam_questions, generated_lessons, tutoring_sessions, doubt_submissions,
    practice_sessions, user_activity_logs, content_usage_stats, user_performance_metrics, ai_usage_tracking,
    content_curriculum_alignment, educational_resources, content_shares, workspaces, content_feedback, notifications,
    communication_logs, usage_counters, content_generation_versions
    TO edudata_app;
GRANT SELECT ON curriculum_standards, subscription_tiers TO edudata_app;

-- Analytics: whole tables.
GRANT SELECT ON content_usage_stats, user_performance_metrics, ai_usage_tracking, usage_counters,
    content_curriculum_alignment, curriculum_standards, subscription_tiers
    TO edudata_analytics;
-- Analytics: the pseudonymous columns of the others.
GRANT SELECT (id, role, roles, school_id, created_at, updated_at, last_login_at, is_active, subscription_tier,
              usage_quota)
    ON users TO edudata_analytics;
GRANT SELECT (id, user_id, login_time, logout_time, session_duration, activities_count)
    ON user_sessions TO edudata_analytics;
GRANT SELECT (id, user_id, activity_type, "timestamp", session_id, processing_time_ms)
    ON user_activity_logs TO edudata_analytics;
GRANT SELECT (id, user_id, content_type, status, generation_time_ms, token_usage, created_at, updated_at,
              is_favorite, version_number, deleted_at)
    ON content_generations TO edudata_analytics;
GRANT SELECT (id, content_generation_id, total_marks, estimated_time, curriculum_aligned, is_published,
              performance_stats, created_at)
    ON generated_exams TO edudata_analytics;
GRANT SELECT (id, content_generation_id, student_id, resolver_id, grade, subject, topic, resolution_type,
              doubt_category, priority_level, status, quality_score, student_satisfaction_rating, time_to_resolve,
              ai_generated, created_at, resolved_at, deleted_at)
    ON doubt_submissions TO edudata_analytics;
GRANT SELECT (id, content_generation_id, student_id, session_type, teaching_style, session_duration,
              student_engagement_score, created_at)
    ON tutoring_sessions TO edudata_analytics;
GRANT SELECT (id, content_generation_id, student_id, practice_type, subject, topic, grade, score_awarded, total_marks,
              time_spent_minutes, retry_count, performance_trend, created_at)
    ON practice_sessions TO edudata_analytics;
GRANT SELECT (id, content_generation_id, user_id, feedback_type, rating, is_helpful_vote_count, created_at,
              deleted_at)
    ON content_feedback TO edudata_analytics;
GRANT SELECT (id, content_generation_id, shared_by, shared_with, share_type, shared_at, access_count, expires_at,
              is_public)
    ON content_shares TO edudata_analytics;
GRANT SELECT (id, uploaded_by, resource_type, subject, grade, topic, usage_count, quality_rating, is_approved,
              created_at, deleted_at)
    ON educational_resources TO edudata_analytics;

DO
$$
DECLARE
    object record;
BEGIN
    -- Across tenants: a policy of its own on every table above that has row-level security.
    FOR object IN
        SELECT c.relname
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity
          AND c.relname IN ('content_usage_stats', 'user_performance_metrics', 'ai_usage_tracking', 'usage_counters',
                            'content_curriculum_alignment', 'users', 'user_sessions', 'user_activity_logs',
                            'content_generations', 'generated_exams', 'doubt_submissions', 'tutoring_sessions',
                            'practice_sessions', 'content_feedback', 'content_shares', 'educational_resources')
        ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE POLICY analytics_select ON %I FOR SELECT TO edudata_analytics USING (true)',
                       object.relname);
    END LOOP;
    -- Every materialized view, for analytics alone.
    FOR object IN
        SELECT m.oid::regclass AS name FROM pg_class m
        WHERE m.relnamespace = 'public'::regnamespace AND m.relkind = 'm'
    LOOP
        EXECUTE format('GRANT SELECT ON %s TO edudata_analytics', object.name);
    END LOOP;
    -- The schema's history, for the auditor (absent only where Flyway was told to keep it elsewhere).
    IF to_regclass('public.flyway_schema_history') IS NOT NULL THEN
        GRANT SELECT ON public.flyway_schema_history TO edudata_auditor;
    END IF;
END
$$;
