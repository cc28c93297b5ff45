-- Undoes V14_2__require_parental_consent_under_13.sql: the consent triggers, their function, the consents and the
-- birth dates go. The definer role's grants go with the column and the table.
DO
$$
DECLARE
    guarded text;
BEGIN
    FOREACH guarded IN ARRAY ARRAY ['content_generations', 'doubt_submissions', 'tutoring_sessions',
                                    'practice_sessions', 'content_feedback', 'content_usage_stats',
                                    'communication_logs', 'educational_resources']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', guarded || '_require_parental_consent', guarded);
    END LOOP;
END
$$;
DROP FUNCTION require_parental_consent();
DROP TABLE parental_consents;
ALTER TABLE student_profiles DROP COLUMN date_of_birth;
