-- COPPA (V14_2), made cheaper: the consent of the students new rows name is checked once per INSERT statement, over
-- all of its rows, instead of by a row trigger for every row.
--
-- V14_2's row trigger read the user column with a dynamic EXECUTE for every row, and a BEFORE INSERT row trigger
-- also makes PostgreSQL insert a COPY's rows one at a time instead of in batches. Measured with psql on
-- PostgreSQL 15 (docs/privacy.md): \copy of 50,000 content_usage_stats rows 1.9-2.7 s with the row trigger,
-- 1.0-1.3 s with this statement trigger; 5,000 single-row INSERTs in one transaction 1.4-1.7 s with either.
--
-- For each table V14_2 guarded (found by its trigger, whose UPDATE OF column is the user column):
-- * <table>_require_parental_consent(): AFTER INSERT, FOR EACH STATEMENT, with the statement's new rows as a
--   transition table. It looks up each distinct user the rows name and refuses the statement when one is a student
--   under 13 with no verified and unrevoked consent, with V14_2's error (SQLSTATE ED013, TABLE, COLUMN, DETAIL
--   "Key (column)=(id) has no active parental consent.": ConsentRequiredException). A function per table, written
--   here from one template, because the user column is named in the function's SQL itself: static SQL is planned
--   once per session, where V14_2's one function had to build its query for every row. The refused statement is
--   undone whole, audit entries included, as before.
-- * <table>_require_parental_consent_on_move: V14_2's row trigger kept for UPDATE OF the user column, now only when
--   the value changes (WHEN), so an update that moves a row to another user is checked as before.
-- Runs as edudata_definer (it reads profiles and consents past row-level security), as V14_2's does.
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
        EXECUTE format($template$
            CREATE FUNCTION %1$I() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
            $body$
            DECLARE
                subject text;
            BEGIN
                SELECT n.subject INTO subject
                FROM (SELECT DISTINCT r.%2$I::text AS subject FROM new_rows r) n
                WHERE n.subject IS NOT NULL
                  AND EXISTS (SELECT 1 FROM public.student_profiles s
                              WHERE s.user_id = n.subject
                                AND s.date_of_birth > (current_date - interval '13 years')::date)
                  AND NOT EXISTS (SELECT 1 FROM public.parental_consents c
                                  WHERE c.student_id = n.subject AND c.revoked_at IS NULL AND c.verified_at <= now())
                LIMIT 1;
                IF subject IS NOT NULL THEN
                    RAISE EXCEPTION 'student %% is under 13 and has no verified parental consent', subject
                        USING ERRCODE = 'ED013', TABLE = TG_TABLE_NAME, COLUMN = %3$L,
                              DETAIL = format('Key (%%s)=(%%s) has no active parental consent.', %3$L, subject),
                              HINT = 'Record a verified parental consent first (db.privacy().recordConsent).';
                END IF;
                RETURN NULL;
            END
            $body$
            $template$, guarded.name || '_require_parental_consent', guarded.user_column, guarded.user_column);
        EXECUTE format('ALTER FUNCTION %I() OWNER TO edudata_definer', guarded.name || '_require_parental_consent');
        EXECUTE format('DROP TRIGGER %I ON %I', guarded.name || '_require_parental_consent', guarded.name);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                       guarded.name || '_require_parental_consent', guarded.name,
                       guarded.name || '_require_parental_consent');
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF %I ON %I FOR EACH ROW '
                       'WHEN (OLD.%I IS DISTINCT FROM NEW.%I) EXECUTE FUNCTION require_parental_consent(%L)',
                       guarded.name || '_require_parental_consent_on_move', guarded.user_column, guarded.name,
                       guarded.user_column, guarded.user_column, guarded.user_column);
    END LOOP;
END
$$;
