-- Legacy adoption, step 3 of 3 (LegacySchema.adopt, docs/migrations.md), run in one transaction once the migrations
-- up to V1_3 have created users, student_profiles and teacher_profiles: every row of the parked tables is copied,
-- keeping its id, then the counts are compared and the parked tables dropped. Any failure rolls the whole copy back,
-- leaving the parked tables as they were, and adopting again resumes here.
--
-- Mapping (legacy -> new):
--   * TIMESTAMP values are read as UTC instants (timestamptz); a NULL created_at becomes updated_at, else now();
--     a NULL updated_at becomes created_at.
--   * users.roles (new, NOT NULL, at least one role) is {role}; a user with no role gets 'teacher' if they have a
--     teacher profile, else 'student' if they have a student profile. A user with neither is refused, by id.
--   * users.first_name and last_name (new) are name split at its first space; name itself is kept.
--   * Every other new column takes its default (is_active true, subscription_tier 'free', usage_quota 100) or NULL.
--   * Profile ids are kept; the identity sequences continue after the largest.
DO
$$
DECLARE
    roleless text;
BEGIN
    SELECT string_agg(u.id, ', ' ORDER BY u.id) INTO roleless
    FROM edudata_legacy.users u
    WHERE u.role IS NULL
      AND NOT EXISTS (SELECT 1 FROM edudata_legacy.teacher_profiles t WHERE t.user_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM edudata_legacy.student_profiles s WHERE s.user_id = u.id);
    IF roleless IS NOT NULL THEN
        RAISE EXCEPTION 'legacy users without a role nor a profile to derive one from: %', roleless
            USING ERRCODE = 'check_violation', CONSTRAINT = 'users_roles_check',
                  HINT = 'Set edudata_legacy.users.role for them, then adopt again.';
    END IF;
END
$$;

INSERT INTO public.users (id, auth0_id, email, name, role, roles, first_name, last_name, created_at, updated_at)
SELECT u.id, u.auth0_id, u.email, u.name, u.role,
       ARRAY [coalesce(u.role,
                       CASE WHEN EXISTS (SELECT 1 FROM edudata_legacy.teacher_profiles t WHERE t.user_id = u.id)
                                THEN 'teacher' ELSE 'student' END)]::text[],
       nullif(split_part(btrim(u.name), ' ', 1), ''),
       nullif(btrim(substr(btrim(u.name), length(split_part(btrim(u.name), ' ', 1)) + 1)), ''),
       coalesce(u.created_at AT TIME ZONE 'UTC', u.updated_at AT TIME ZONE 'UTC', now()),
       coalesce(u.updated_at AT TIME ZONE 'UTC', u.created_at AT TIME ZONE 'UTC', now())
FROM edudata_legacy.users u;

INSERT INTO public.student_profiles (id, user_id, grade_level, subjects, created_at, updated_at)
SELECT s.id, s.user_id, s.grade_level, s.subjects,
       coalesce(s.created_at AT TIME ZONE 'UTC', s.updated_at AT TIME ZONE 'UTC', now()),
       coalesce(s.updated_at AT TIME ZONE 'UTC', s.created_at AT TIME ZONE 'UTC', now())
FROM edudata_legacy.student_profiles s;

INSERT INTO public.teacher_profiles (id, user_id, subjects, grades, created_at, updated_at)
SELECT t.id, t.user_id, t.subjects, t.grades,
       coalesce(t.created_at AT TIME ZONE 'UTC', t.updated_at AT TIME ZONE 'UTC', now()),
       coalesce(t.updated_at AT TIME ZONE 'UTC', t.created_at AT TIME ZONE 'UTC', now())
FROM edudata_legacy.teacher_profiles t;

SELECT setval(pg_get_serial_sequence('public.student_profiles', 'id'),
              coalesce((SELECT max(id) FROM public.student_profiles), 1),
              (SELECT max(id) FROM public.student_profiles) IS NOT NULL);
SELECT setval(pg_get_serial_sequence('public.teacher_profiles', 'id'),
              coalesce((SELECT max(id) FROM public.teacher_profiles), 1),
              (SELECT max(id) FROM public.teacher_profiles) IS NOT NULL);

DO
$$
DECLARE
    legacy_count bigint;
    new_count    bigint;
    tbl          text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY ['users', 'student_profiles', 'teacher_profiles']
    LOOP
        EXECUTE format('SELECT count(*) FROM edudata_legacy.%I', tbl) INTO legacy_count;
        EXECUTE format('SELECT count(*) FROM public.%I', tbl) INTO new_count;
        IF legacy_count <> new_count THEN
            RAISE EXCEPTION 'legacy % holds % rows but % were copied', tbl, legacy_count, new_count;
        END IF;
    END LOOP;
END
$$;

DROP TABLE edudata_legacy.teacher_profiles;
DROP TABLE edudata_legacy.student_profiles;
DROP TABLE edudata_legacy.users;
DROP SCHEMA edudata_legacy;
