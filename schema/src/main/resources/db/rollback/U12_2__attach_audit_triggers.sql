-- Undoes V12_2__attach_audit_triggers.sql: the audit triggers of every table of schema public go, and
-- audit.attach with them.
DO
$$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT tg.tgname, tg.tgrelid::regclass AS relation
        FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
        WHERE p.oid = 'audit.record_change()'::regprocedure AND NOT tg.tgisinternal
        ORDER BY 2, 1
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.relation);
    END LOOP;
END
$$;

DROP FUNCTION audit.attach(regclass);
