package com.eduplatform.data.analytics;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.analytics.Reports.PeriodOutcome;
import com.eduplatform.data.error.EduDataException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;

/**
 * Computes {@code user_performance_metrics} for each period of a range, one transaction per period. The metrics and
 * their definitions are in {@link Reports#computePerformanceMetrics}; this class holds the statement.
 */
final class PerformanceMetricsJob {

    /**
     * One period in one statement, so every part of it reads the same snapshot of the raw tables. Bind values: the
     * time_period literal, the first day of the period, that day again and the first day of the next period.
     *
     * <p>{@code events} holds one row per source row: practice sessions, doubts submitted (counted for the
     * student), doubts resolved (counted for the resolver), content generations, activity log rows.
     * {@code metrics} maps each source to the metrics it feeds; {@code totals} and {@code by_subject} aggregate the
     * events per user and source, and per subject. The insert only rewrites rows whose value changed (so a re-run
     * of unchanged data writes nothing), in key order (so concurrent runs lock rows in the same order); the delete
     * removes this period's rows of these metrics that nothing produces any more. Both count what they did.
     */
    private static final String COMPUTE_PERIOD = """
            WITH bounds AS (
                SELECT CAST(? AS varchar(20)) AS time_period,
                       CAST(? AS date) AS period_start,
                       CAST(? AS date)::timestamp AT TIME ZONE 'UTC' AS lo,
                       CAST(? AS date)::timestamp AT TIME ZONE 'UTC' AS hi
            ),
            metrics (source, metric_type) AS (
                VALUES ('practice', 'practice_accuracy'),
                       ('practice', 'practice_minutes'),
                       ('doubts_submitted', 'doubts_submitted'),
                       ('doubts_resolved', 'doubts_resolved'),
                       ('generations', 'generations_created'),
                       ('activity', 'active_days')
            ),
            events (user_id, source, subject, grade, score, marks, minutes, day) AS (
                SELECT p.student_id, 'practice', p.subject, p.grade, p.score_awarded, p.total_marks,
                       coalesce(p.time_spent_minutes, 0), NULL::date
                FROM practice_sessions p
                CROSS JOIN bounds b
                LEFT JOIN content_generations g ON g.id = p.content_generation_id
                WHERE p.created_at >= b.lo AND p.created_at < b.hi AND g.deleted_at IS NULL
                UNION ALL
                SELECT d.student_id, 'doubts_submitted', d.subject, d.grade, NULL, NULL, NULL, NULL
                FROM doubt_submissions d
                CROSS JOIN bounds b
                WHERE d.created_at >= b.lo AND d.created_at < b.hi AND d.deleted_at IS NULL
                UNION ALL
                SELECT d.resolver_id, 'doubts_resolved', d.subject, d.grade, NULL, NULL, NULL, NULL
                FROM doubt_submissions d
                CROSS JOIN bounds b
                WHERE d.resolved_at >= b.lo AND d.resolved_at < b.hi AND d.deleted_at IS NULL
                  AND d.resolver_id IS NOT NULL
                UNION ALL
                SELECT g.user_id, 'generations', g.input_parameters ->> 'subject', NULL, NULL, NULL, NULL, NULL
                FROM content_generations g
                CROSS JOIN bounds b
                WHERE g.created_at >= b.lo AND g.created_at < b.hi AND g.deleted_at IS NULL
                UNION ALL
                SELECT l.user_id, 'activity', NULL, NULL, NULL, NULL, NULL, (l."timestamp" AT TIME ZONE 'UTC')::date
                FROM user_activity_logs l
                CROSS JOIN bounds b
                WHERE l."timestamp" >= b.lo AND l."timestamp" < b.hi
            ),
            totals AS (
                SELECT user_id, source, count(*) AS n, sum(score) AS score, sum(marks) AS marks,
                       sum(minutes) AS minutes, count(DISTINCT day) AS days,
                       mode() WITHIN GROUP (ORDER BY grade) AS grade
                FROM events
                GROUP BY user_id, source
            ),
            by_subject AS (
                SELECT user_id, source, subject, count(*) AS n, sum(score) AS score, sum(marks) AS marks,
                       sum(minutes) AS minutes
                FROM events
                WHERE subject IS NOT NULL
                GROUP BY user_id, source, subject
            ),
            breakdowns AS (
                SELECT s.user_id, m.metric_type,
                       jsonb_object_agg(s.subject, CASE m.metric_type
                           WHEN 'practice_accuracy' THEN round(100.0 * s.score / s.marks, 2)
                           WHEN 'practice_minutes' THEN s.minutes
                           ELSE s.n END) AS subject_breakdown
                FROM by_subject s
                JOIN metrics m ON m.source = s.source
                GROUP BY s.user_id, m.metric_type
            ),
            computed AS (
                SELECT t.user_id, m.metric_type,
                       CASE m.metric_type
                           WHEN 'practice_accuracy' THEN round(100.0 * t.score / t.marks, 2)
                           WHEN 'practice_minutes' THEN t.minutes
                           WHEN 'active_days' THEN t.days
                           ELSE t.n END AS metric_value,
                       bd.subject_breakdown, t.grade AS grade_level
                FROM totals t
                JOIN metrics m ON m.source = t.source
                LEFT JOIN breakdowns bd ON bd.user_id = t.user_id AND bd.metric_type = m.metric_type
            ),
            written AS (
                INSERT INTO user_performance_metrics AS m
                    (user_id, metric_type, metric_value, time_period, period_start, subject_breakdown, grade_level)
                SELECT c.user_id, c.metric_type, c.metric_value, b.time_period, b.period_start, c.subject_breakdown,
                       c.grade_level
                FROM computed c
                CROSS JOIN bounds b
                ORDER BY c.metric_type, c.user_id
                ON CONFLICT (time_period, period_start, metric_type, user_id) DO UPDATE
                    SET metric_value = excluded.metric_value,
                        subject_breakdown = excluded.subject_breakdown,
                        grade_level = excluded.grade_level,
                        calculated_at = now()
                    WHERE (m.metric_value, m.subject_breakdown, m.grade_level)
                          IS DISTINCT FROM (excluded.metric_value, excluded.subject_breakdown, excluded.grade_level)
                RETURNING 1
            ),
            removed AS (
                DELETE FROM user_performance_metrics m
                USING bounds b
                WHERE m.time_period = b.time_period
                  AND m.period_start = b.period_start
                  AND m.metric_type IN (SELECT metric_type FROM metrics)
                  AND NOT EXISTS (SELECT 1 FROM computed c
                                  WHERE c.user_id = m.user_id AND c.metric_type = m.metric_type)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM written) AS written, (SELECT count(*) FROM removed) AS removed
            """;

    private final EduDatabase db;

    PerformanceMetricsJob(EduDatabase db) {
        this.db = db;
    }

    /** Every period of {@code period} from the one holding {@code from} to the one holding {@code toInclusive}. */
    List<PeriodOutcome> run(TimePeriod period, LocalDate from, LocalDate toInclusive) {
        List<PeriodOutcome> outcomes = new ArrayList<>();
        for (LocalDate start = period.startOf(from); !start.isAfter(toInclusive); start = period.next(start)) {
            outcomes.add(runPeriod(period, start));
        }
        return List.copyOf(outcomes);
    }

    private PeriodOutcome runPeriod(TimePeriod period, LocalDate start) {
        LocalDate end = period.next(start);
        try {
            Record counts = db.inRetryingTransaction(tx -> tx.dsl()
                    .resultQuery(COMPUTE_PERIOD, period.literal(), start, start, end)
                    .fetchSingle());
            return new PeriodOutcome(period, start, counts.get(0, Integer.class), counts.get(1, Integer.class), null);
        } catch (EduDataException failure) {
            return new PeriodOutcome(period, start, 0, 0, failure);
        }
    }
}
