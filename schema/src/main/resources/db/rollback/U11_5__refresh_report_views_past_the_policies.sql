-- Undoes V11_5: the report views go back to edudata_owner, the refresh function and the grants it needed go.
DROP FUNCTION edudata_rls.refresh_report_view(text, boolean);

DO
$$
DECLARE
    report regclass;
BEGIN
    FOR report IN
        SELECT c.oid::regclass FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'm'
    LOOP
        EXECUTE format('ALTER MATERIALIZED VIEW %s OWNER TO edudata_owner', report);
    END LOOP;
END
$$;

REVOKE SELECT ON user_activity_logs, ai_usage_tracking, practice_sessions FROM edudata_definer;
