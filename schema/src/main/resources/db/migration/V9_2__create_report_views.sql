-- Group 9, operations: the platform's reports as materialized views (the seed's optimization tips: "use
-- materialized views for complex aggregations", over the analytics tables of phase 3).
--
-- Each view aggregates raw tables by UTC day (the day a timestamptz falls on in UTC, as the AI cost reports of
-- AiUsageService count days) and has a UNIQUE index over exactly its grouping key, named <view>_key: REFRESH
-- MATERIALIZED VIEW CONCURRENTLY needs one (on plain columns, without a WHERE), and it tells a reader what one row
-- is. A unique index treats NULLs as distinct, so no key column may be NULL: every key column below is NOT NULL in
-- its source or coalesced (users.role falls back to the user's first role, which V1_2 guarantees exists).
--
-- Soft-deleted rows (deleted_at, V7_2) are left out: content_generations and doubt_submissions by their own
-- deleted_at, practice_sessions by the deleted_at of the practice analysis generation they belong to, if any.
--
-- The views are created WITH DATA, so they can be read at once (on an empty database that costs nothing). The
-- library refreshes them through EduDatabase.reports() (docs/reporting.md): CONCURRENTLY once populated, so reads
-- never wait for a refresh. Rollback: DROP MATERIALIZED VIEW of the five views below; nothing else depends on them.

-- Daily active users per role: the users who left at least one activity log row on a UTC day, counted once each
-- under their primary role (users.role, or their first role when role is not set).
CREATE MATERIALIZED VIEW daily_active_users AS
SELECT (l."timestamp" AT TIME ZONE 'UTC')::date           AS activity_date,
       coalesce(u.role, u.roles[1])::varchar(50)          AS role,
       count(DISTINCT l.user_id)                          AS active_users,
       count(*)                                           AS activities
FROM user_activity_logs l
JOIN users u ON u.id = l.user_id
GROUP BY 1, 2
WITH DATA;

CREATE UNIQUE INDEX daily_active_users_key ON daily_active_users (activity_date, role);

-- Content generations per content type and UTC day of creation, with how many are in each status now.
CREATE MATERIALIZED VIEW daily_content_generation_stats AS
SELECT (created_at AT TIME ZONE 'UTC')::date                  AS generation_date,
       content_type,
       count(*)                                               AS generations,
       count(*) FILTER (WHERE status = 'generating')          AS generating,
       count(*) FILTER (WHERE status = 'completed')           AS completed,
       count(*) FILTER (WHERE status = 'failed')              AS failed,
       count(*) FILTER (WHERE status = 'archived')            AS archived,
       count(DISTINCT user_id)                                AS creators,
       sum(token_usage)                                       AS tokens_used,
       round(avg(generation_time_ms), 2)                      AS avg_generation_time_ms
FROM content_generations
WHERE deleted_at IS NULL
GROUP BY 1, 2
WITH DATA;

CREATE UNIQUE INDEX daily_content_generation_stats_key
    ON daily_content_generation_stats (generation_date, content_type);

-- AI calls and their cost per user, AI service and UTC day, summed exactly (cost_usd keeps its 6 decimals).
CREATE MATERIALIZED VIEW daily_ai_usage_costs AS
SELECT ("timestamp" AT TIME ZONE 'UTC')::date  AS usage_date,
       user_id,
       ai_service,
       count(*)                                AS calls,
       sum(tokens_used)                        AS tokens_used,
       sum(cost_usd)                           AS cost_usd,
       round(avg(response_time_ms), 2)         AS avg_response_time_ms
FROM ai_usage_tracking
GROUP BY 1, 2, 3
WITH DATA;

CREATE UNIQUE INDEX daily_ai_usage_costs_key ON daily_ai_usage_costs (usage_date, user_id, ai_service);

-- How long doubts took to resolve, per subject and UTC day of resolution: minutes from created_at to resolved_at
-- (not the free time_to_resolve column), as count, mean, median (p50), 90th percentile (p90, interpolated) and
-- maximum, each rounded to 2 decimals. Only resolved doubts (resolved_at set) count.
CREATE MATERIALIZED VIEW doubt_resolution_stats AS
SELECT subject,
       resolved_date,
       count(*)                                                                             AS resolved_doubts,
       round(avg(minutes), 2)                                                               AS avg_minutes,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes::double precision))::numeric, 2) AS p50_minutes,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes::double precision))::numeric, 2) AS p90_minutes,
       round(max(minutes), 2)                                                               AS max_minutes
FROM (SELECT subject,
             (resolved_at AT TIME ZONE 'UTC')::date                       AS resolved_date,
             (extract(epoch FROM resolved_at - created_at) / 60)::numeric AS minutes
      FROM doubt_submissions
      WHERE resolved_at IS NOT NULL
        AND deleted_at IS NULL) resolved
GROUP BY 1, 2
WITH DATA;

CREATE UNIQUE INDEX doubt_resolution_stats_key ON doubt_resolution_stats (subject, resolved_date);

-- Each student's practice per subject, all time: sessions, marks scored out of marks available, accuracy as the
-- percentage of all marks available that were scored (so a long paper weighs more than a short quiz), minutes
-- spent, and the first and last session. Exams are not included: exam_questions keeps each student's raw answers,
-- not the marks awarded for them.
CREATE MATERIALIZED VIEW student_subject_performance AS
SELECT p.student_id,
       p.subject,
       count(*)                                                     AS sessions,
       sum(p.score_awarded)                                         AS score_awarded,
       sum(p.total_marks)                                           AS total_marks,
       round(100.0 * sum(p.score_awarded) / sum(p.total_marks), 2)  AS accuracy_pct,
       coalesce(sum(p.time_spent_minutes), 0)                       AS time_spent_minutes,
       min(p.created_at)                                            AS first_practiced_at,
       max(p.created_at)                                            AS last_practiced_at
FROM practice_sessions p
LEFT JOIN content_generations g ON g.id = p.content_generation_id
WHERE g.deleted_at IS NULL
GROUP BY 1, 2
WITH DATA;

CREATE UNIQUE INDEX student_subject_performance_key ON student_subject_performance (student_id, subject);
