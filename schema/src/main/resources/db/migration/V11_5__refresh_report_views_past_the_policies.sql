-- Group 11, security: the report views of V9_2 see every tenant's rows.
--
-- REFRESH MATERIALIZED VIEW runs the view's query as the view's owner. Under FORCE ROW LEVEL SECURITY (V11_3) the
-- owner, edudata_owner, is filtered like everyone else and, acting as nobody, sees no row: every refresh would
-- empty the views. So the views belong to edudata_definer (BYPASSRLS, NOLOGIN, no members), which may read the
-- raw tables they aggregate and nothing more, and are refreshed through one SECURITY DEFINER function that accepts
-- only a materialized view of schema public. Who may call it: edudata_owner (the migrating and maintenance
-- account, which a scheduler's login joins); not edudata_analytics, which stays read-only, and never edudata_app,
-- whose users must not see across tenants nor start full-table work. A superuser may also refresh directly.

GRANT SELECT ON user_activity_logs, ai_usage_tracking, practice_sessions TO edudata_definer;

DO
$$
DECLARE
    report regclass;
BEGIN
    FOR report IN
        SELECT c.oid::regclass FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'm'
    LOOP
        EXECUTE format('ALTER MATERIALIZED VIEW %s OWNER TO edudata_definer', report);
    END LOOP;
END
$$;

CREATE FUNCTION edudata_rls.refresh_report_view(view_name text, concurrent boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    report regclass;
BEGIN
    SELECT c.oid::regclass INTO report FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'm' AND c.relname = view_name;
    IF report IS NULL THEN
        RAISE EXCEPTION 'no report view named %', view_name USING ERRCODE = 'undefined_table';
    END IF;
    IF concurrent THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', report);
    ELSE
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', report);
    END IF;
END
$$;

ALTER FUNCTION edudata_rls.refresh_report_view(text, boolean) OWNER TO edudata_definer;
REVOKE EXECUTE ON FUNCTION edudata_rls.refresh_report_view(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION edudata_rls.refresh_report_view(text, boolean) TO edudata_owner;
