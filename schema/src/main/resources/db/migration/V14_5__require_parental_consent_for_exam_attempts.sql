-- COPPA (V14_2), continued: an exam attempt stores a student's answers (exam_questions.student_responses, keyed by
-- student id) and adds the student to generated_exams.used_by_students. Neither row names the student in a column
-- of its own, so V14_2's trigger cannot guard them: this one checks every student a write ADDS to those documents
-- and arrays (a key or an element that was not there before), and refuses an under-13 student without a verified and
-- unrevoked parental consent with SQLSTATE ED013 (ConsentRequiredException), as V14_2 does. Removing a student
-- (erasure) and rewriting what is already there are not refused.
CREATE FUNCTION require_parental_consent_of_added_students() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    user_column text;
    added       text[];
    subject     text;
BEGIN
    IF TG_TABLE_NAME = 'exam_questions' THEN
        user_column := 'student_responses';
        -- Keyed by student id, or its students could not be told: any other document is refused.
        IF NEW.student_responses IS NOT NULL AND jsonb_typeof(NEW.student_responses) <> 'object' THEN
            RAISE EXCEPTION 'exam_questions.student_responses must be a JSON object keyed by student id'
                USING ERRCODE = '22023', TABLE = TG_TABLE_NAME, COLUMN = user_column;
        END IF;
        SELECT coalesce(array_agg(k), '{}') INTO added
        FROM jsonb_object_keys(CASE WHEN jsonb_typeof(NEW.student_responses) = 'object'
                                    THEN NEW.student_responses ELSE '{}'::jsonb END) AS k
        WHERE TG_OP = 'INSERT' OR jsonb_typeof(OLD.student_responses) IS DISTINCT FROM 'object'
           OR NOT OLD.student_responses ? k;
    ELSE
        user_column := 'used_by_students';
        SELECT coalesce(array_agg(u), '{}') INTO added
        FROM unnest(coalesce(NEW.used_by_students, '{}')) AS u
        WHERE TG_OP = 'INSERT' OR NOT coalesce(u = ANY (OLD.used_by_students), false);
    END IF;
    FOREACH subject IN ARRAY added LOOP
        IF EXISTS (SELECT 1 FROM public.student_profiles s
                   WHERE s.user_id = subject AND s.date_of_birth > (current_date - interval '13 years')::date)
           AND NOT EXISTS (SELECT 1 FROM public.parental_consents c
                           WHERE c.student_id = subject AND c.revoked_at IS NULL AND c.verified_at <= now()) THEN
            RAISE EXCEPTION 'student % is under 13 and has no verified parental consent', subject
                USING ERRCODE = 'ED013', TABLE = TG_TABLE_NAME, COLUMN = user_column,
                      DETAIL = format('Key (%s)=(%s) has no active parental consent.', user_column, subject),
                      HINT = 'Record a verified parental consent first (db.privacy().recordConsent).';
        END IF;
    END LOOP;
    RETURN NEW;
END
$$;
ALTER FUNCTION require_parental_consent_of_added_students() OWNER TO edudata_definer;

CREATE TRIGGER exam_questions_require_parental_consent
    BEFORE INSERT OR UPDATE OF student_responses ON exam_questions
    FOR EACH ROW EXECUTE FUNCTION require_parental_consent_of_added_students();
CREATE TRIGGER generated_exams_require_parental_consent
    BEFORE INSERT OR UPDATE OF used_by_students ON generated_exams
    FOR EACH ROW EXECUTE FUNCTION require_parental_consent_of_added_students();
