-- Undoes V11_4__grant_role_privileges.sql: the analytics policies go, and edudata_app, edudata_analytics and
-- edudata_auditor lose every privilege on the tables, views and sequences of schema public of this database (V11_4
-- granted them all they had there; their EXECUTE on the policies' helpers goes with U11_2).
-- The roles themselves stay (see U11_1).
DO
$$
DECLARE
    object record;
BEGIN
    FOR object IN
        SELECT p.polname, c.relname
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        WHERE c.relnamespace = 'public'::regnamespace AND p.polname = 'analytics_select'
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP POLICY %I ON %I', object.polname, object.relname);
    END LOOP;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM edudata_app, edudata_analytics, edudata_auditor;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM edudata_app, edudata_analytics, edudata_auditor;
