-- Undoes V9_2__create_report_views.sql: the five report views go with their unique indexes, newest first.
DROP MATERIALIZED VIEW student_subject_performance;
DROP MATERIALIZED VIEW doubt_resolution_stats;
DROP MATERIALIZED VIEW daily_ai_usage_costs;
DROP MATERIALIZED VIEW daily_content_generation_stats;
DROP MATERIALIZED VIEW daily_active_users;
