-- Undoes V15_2__check_parental_consent_once_per_statement.sql: V14_2's row trigger on INSERT and UPDATE OF the user
-- column again, and the per-table statement functions go. The tables are those of V15_2's _on_move triggers.
DO
$$
DECLARE
    guarded record;
BEGIN
    FOR guarded IN
        SELECT c.relname AS name, a.attname AS user_column
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = t.tgattr[0]
        WHERE t.tgfoid = 'public.require_parental_consent()'::regprocedure
          AND c.relnamespace = 'public'::regnamespace
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', guarded.name || '_require_parental_consent_on_move', guarded.name);
        EXECUTE format('DROP TRIGGER %I ON %I', guarded.name || '_require_parental_consent', guarded.name);
        EXECUTE format('DROP FUNCTION %I()', guarded.name || '_require_parental_consent');
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF %I ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION require_parental_consent(%L)',
                       guarded.name || '_require_parental_consent', guarded.user_column, guarded.name,
                       guarded.user_column);
    END LOOP;
END
$$;
