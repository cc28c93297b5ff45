-- Group 11, security: who is acting, as the row-level security policies of V11_3 read it, and the functions that
-- must see past those policies.
--
-- The acting user. The library sets two settings at the start of every transaction it runs for an acting user
-- (set_config(..., true), so they end with the transaction and a pooled connection never carries them into the next
-- one): edudata.user_id and edudata.school_id. The functions below turn them into the sets the policies compare
-- against. Each fails closed: a missing or empty setting, an unknown or inactive user, means nobody, and every set
-- is then empty. The school is a claim the database verifies: it counts only when it is the user's own
-- users.school_id, or, for an admin, one of admin_profiles.managed_schools; otherwise the user acts without a school.
-- Roles come from users.roles, so a user holding two roles (a teacher who is also a parent) gets the union.
--
--   readable_users   whose rows the user reads: themselves; a parent their children (student_profiles.parent_id);
--                    a teacher every user of their school; an admin every user of the schools they manage.
--   writable_users   whose rows the user writes: themselves; a teacher every user of their school (doubts they
--                    resolve, resources they approve, children they link); an admin every user of their schools.
--   tenant_users     whom the user may address (notifications, messages, shares, workspace members, a student's
--                    parent): everyone of their school, the schools they manage, and their children.
--   readable_schools schools whose users rows the user reads (teacher: their school; admin: the managed ones);
--   tenant_schools   their school and the managed ones.
-- Each is a STABLE SECURITY DEFINER SQL function with a fixed search_path; the policies call them as
-- (SELECT edudata_rls.f()), an InitPlan, so each is computed once per statement, and compare with = ANY, which an
-- index on the compared column serves.
--
-- The trust model: edudata_app can set any user id. Row-level security here keeps the host's code (a forgotten
-- WHERE, a query of its own through dsl()) inside the acting user's tenant; it does not defend against a host that
-- sets a user it did not authenticate. See docs/security.md.
--
-- Functions that must see past the policies. FORCE ROW LEVEL SECURITY (V11_3) filters the owner too, so a function
-- that has to read or write across tenants runs as edudata_definer (BYPASSRLS) instead, holding only the privileges
-- it needs:
--   * the helpers below (they read users, admin_profiles, student_profiles, workspaces, content_shares: reading them
--     under their own policies would recurse);
--   * the derived arrays (V1_3 children_ids, V5_1 shared_with): the trigger a teacher fires by linking a child
--     recomputes the parent's children_ids from every student row, and must update the parent's profile even where
--     the acting user could not;
--   * the foreign keys of arrays (V1_1): like a real foreign key, which PostgreSQL checks without row-level
--     security, a members array may name a user the acting user cannot read; and deleting a user removes it from
--     every array, whoever's row it is.
-- children_of and shares_of, which now answer across tenants, are no longer executable by PUBLIC.

GRANT USAGE ON SCHEMA edudata_rls TO edudata_app, edudata_definer;

-- The acting user's verified identity: one row, all NULL when nobody acts.
CREATE FUNCTION edudata_rls.identity(OUT user_id varchar, OUT roles text[], OUT school_id varchar,
                                     OUT managed_schools text[])
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT u.id,
       u.roles,
       CASE WHEN claim.school = u.school_id OR claim.school = ANY (a.managed_schools) THEN claim.school END,
       coalesce(a.managed_schools, '{}')
FROM (SELECT nullif(current_setting('edudata.user_id', true), '') AS id,
             nullif(current_setting('edudata.school_id', true), '') AS school) AS claim
JOIN public.users u ON u.id = claim.id AND u.is_active
LEFT JOIN public.admin_profiles a ON a.user_id = u.id AND 'admin' = ANY (u.roles)
$$;

CREATE FUNCTION edudata_rls.acting_user_id() RETURNS varchar
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT user_id FROM edudata_rls.identity()
$$;

CREATE FUNCTION edudata_rls.acting_school_id() RETURNS varchar
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT school_id FROM edudata_rls.identity()
$$;

CREATE FUNCTION edudata_rls.managed_schools() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT coalesce(managed_schools, '{}') FROM edudata_rls.identity()
$$;

CREATE FUNCTION edudata_rls.readable_schools() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT coalesce(array_agg(DISTINCT s), '{}')
FROM edudata_rls.identity() i,
     unnest(CASE WHEN 'teacher' = ANY (i.roles) THEN ARRAY [i.school_id::text] END || i.managed_schools) AS s
WHERE s IS NOT NULL
$$;

CREATE FUNCTION edudata_rls.tenant_schools() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT coalesce(array_agg(DISTINCT s), '{}')
FROM edudata_rls.identity() i,
     unnest(ARRAY [i.school_id::text] || i.managed_schools) AS s
WHERE s IS NOT NULL
$$;

CREATE FUNCTION edudata_rls.readable_users() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH i AS (SELECT * FROM edudata_rls.identity() WHERE user_id IS NOT NULL)
SELECT coalesce(array_agg(DISTINCT v.id), '{}')
FROM (SELECT i.user_id::text AS id FROM i
      UNION ALL
      SELECT s.user_id::text FROM i JOIN public.student_profiles s ON s.parent_id = i.user_id
      WHERE 'parent' = ANY (i.roles) AND s.user_id IS NOT NULL
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = i.school_id
      WHERE 'teacher' = ANY (i.roles)
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = ANY (i.managed_schools)) AS v
$$;

CREATE FUNCTION edudata_rls.writable_users() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH i AS (SELECT * FROM edudata_rls.identity() WHERE user_id IS NOT NULL)
SELECT coalesce(array_agg(DISTINCT v.id), '{}')
FROM (SELECT i.user_id::text AS id FROM i
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = i.school_id
      WHERE 'teacher' = ANY (i.roles)
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = ANY (i.managed_schools)) AS v
$$;

CREATE FUNCTION edudata_rls.tenant_users() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH i AS (SELECT * FROM edudata_rls.identity() WHERE user_id IS NOT NULL)
SELECT coalesce(array_agg(DISTINCT v.id), '{}')
FROM (SELECT i.user_id::text AS id FROM i
      UNION ALL
      SELECT s.user_id::text FROM i JOIN public.student_profiles s ON s.parent_id = i.user_id
      WHERE 'parent' = ANY (i.roles) AND s.user_id IS NOT NULL
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = i.school_id
      UNION ALL
      SELECT u.id::text FROM i JOIN public.users u ON u.school_id = ANY (i.managed_schools)) AS v
$$;

-- The content in the shared_content of the live, active workspaces the acting user is a member of.
CREATE FUNCTION edudata_rls.workspace_content() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT coalesce(array_agg(DISTINCT c), '{}')
FROM public.workspaces w, unnest(w.shared_content) AS c
WHERE w.members @> ARRAY [(SELECT user_id FROM edudata_rls.identity())::text]
  AND w.is_active AND w.deleted_at IS NULL AND c IS NOT NULL
$$;

-- Whether content has an unexpired public share and its owner belongs to one of `schools` (the acting user's
-- tenant_schools): a public share makes content visible to its owner's tenant, not to every tenant.
CREATE FUNCTION edudata_rls.publicly_shared(content integer, owner varchar, schools text[]) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT EXISTS (SELECT 1 FROM public.content_shares s
               WHERE s.content_generation_id = content AND s.is_public
                 AND (s.expires_at IS NULL OR s.expires_at > now()))
   AND EXISTS (SELECT 1 FROM public.users u WHERE u.id = owner AND u.school_id = ANY (schools))
$$;

-- Whether an update of users row `id` keeps the columns that grant access (its identity, roles, school, status and
-- plan) as they are stored: the statement's snapshot does not see its own change, so this reads the row as it was.
-- A user may edit their own row, but only an admin of the school may change these.
CREATE FUNCTION edudata_rls.keeps_user_privileges(id varchar, auth0_id varchar, role varchar, roles text[],
                                                  school_id varchar, is_active boolean,
                                                  subscription_tier varchar, usage_quota integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
SELECT EXISTS (SELECT 1 FROM public.users u
               WHERE u.id = keeps_user_privileges.id
                 AND (u.auth0_id, u.role, u.roles, u.school_id, u.is_active, u.subscription_tier, u.usage_quota)
                     IS NOT DISTINCT FROM
                     (keeps_user_privileges.auth0_id, keeps_user_privileges.role, keeps_user_privileges.roles,
                      keeps_user_privileges.school_id, keeps_user_privileges.is_active,
                      keeps_user_privileges.subscription_tier, keeps_user_privileges.usage_quota))
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA edudata_rls FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA edudata_rls TO edudata_app;

-- What the helpers and the cross-tenant triggers read and write, and nothing else. Locking a referenced row
-- (SELECT ... FOR KEY SHARE in enforce_array_references) needs UPDATE on some column of its table: nothing updates
-- users.id through it.
GRANT SELECT ON users, admin_profiles, student_profiles, content_shares TO edudata_definer;
GRANT UPDATE (id) ON users TO edudata_definer;
GRANT SELECT, UPDATE (children_ids) ON parent_profiles TO edudata_definer;
GRANT SELECT, UPDATE (shared_with) ON content_generations TO edudata_definer;
GRANT SELECT, UPDATE (related_doubts) ON doubt_submissions TO edudata_definer;
GRANT SELECT, UPDATE (used_by_students) ON generated_exams TO edudata_definer;
GRANT SELECT, UPDATE (members, shared_content) ON workspaces TO edudata_definer;
GRANT SELECT, UPDATE (to_user_ids) ON communication_logs TO edudata_definer;

ALTER FUNCTION edudata_rls.identity() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.acting_user_id() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.acting_school_id() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.managed_schools() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.readable_schools() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.tenant_schools() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.readable_users() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.writable_users() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.tenant_users() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.workspace_content() OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.publicly_shared(integer, varchar, text[]) OWNER TO edudata_definer;
ALTER FUNCTION edudata_rls.keeps_user_privileges(varchar, varchar, varchar, text[], varchar, boolean, varchar, integer)
    OWNER TO edudata_definer;

-- The derived arrays and the foreign keys of arrays, now run as edudata_definer. Their bodies are unchanged; the
-- fixed search_path is what a SECURITY DEFINER function needs so no caller can redirect its unqualified names.
ALTER FUNCTION children_of(varchar) OWNER TO edudata_definer;
ALTER FUNCTION children_of(varchar) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION parent_profiles_check_children_ids() OWNER TO edudata_definer;
ALTER FUNCTION parent_profiles_check_children_ids() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION student_profiles_sync_children_ids() OWNER TO edudata_definer;
ALTER FUNCTION student_profiles_sync_children_ids() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION shares_of(integer) OWNER TO edudata_definer;
ALTER FUNCTION shares_of(integer) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION content_shares_sync_shared_with() OWNER TO edudata_definer;
ALTER FUNCTION content_shares_sync_shared_with() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION content_generations_check_shared_with() OWNER TO edudata_definer;
ALTER FUNCTION content_generations_check_shared_with() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION enforce_array_references() OWNER TO edudata_definer;
ALTER FUNCTION enforce_array_references() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION remove_deleted_array_references() OWNER TO edudata_definer;
ALTER FUNCTION remove_deleted_array_references() SECURITY DEFINER SET search_path = public, pg_temp;

REVOKE EXECUTE ON FUNCTION children_of(varchar), shares_of(integer) FROM PUBLIC;
