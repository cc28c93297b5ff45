-- Group 11, security: the database roles (the seed's "role-based access control at database level"), and the
-- schema objects handed to their owner.
--
-- Five group roles, none of them LOGIN: a host grants membership to the login roles it connects with
-- (GRANT edudata_app TO my_service), so passwords and authentication stay the host's business.
--   edudata_owner     owns the tables, sequences and functions of schema public and the schema edudata_rls. Row-level
--                     security is FORCEd on its tables (V11_3) and no policy names it, so it reads no row of them:
--                     it is for DDL only.
--   edudata_app       the application: DML on the application tables, filtered by the policies of V11_3 to what the
--                     acting user may see and write; not the owner, no BYPASSRLS, no DDL, nothing on
--                     flyway_schema_history (V11_4).
--   edudata_analytics read-only, across tenants, on the analytics tables and the pseudonymous columns of the others,
--                     and on materialized views (V11_4).
--   edudata_auditor   reads audit data only: flyway_schema_history today, the audit schema when it comes (V11_4).
--   edudata_definer   BYPASSRLS, owns only the SECURITY DEFINER functions that must see past the policies (the
--                     policies' own helpers, the derived arrays, the foreign keys of arrays; V11_2) and holds only
--                     the privileges those need. FORCE filters the owner too, so they cannot run as the owner; and
--                     nobody is a member of this role.
--
-- Roles are cluster-wide while everything granted below is per database: every database of a cluster (tests create
-- many, CI reuses its cluster) shares the roles, so they are created only where missing, and a migration running at
-- the same time in another database of the cluster may create them first. A role that exists with SUPERUSER, or with
-- BYPASSRLS where it must not have it (or without it where it must), stops the migration rather than being altered:
-- row-level security would not hold for it, and changing a shared role is a decision for the cluster's
-- administrator. Creating the roles needs CREATEROLE (and superuser for BYPASSRLS on PostgreSQL 15); run this
-- migration as a superuser, or have the administrator create the five roles beforehand.
--
-- Ownership: the migrations so far ran as the migrating user, who owns what they created. Everything of schema
-- public except flyway_schema_history (Flyway writes it as the migrating user) goes to edudata_owner; objects that
-- later migrations create are owned by whoever runs them and need the same ALTER ... OWNER TO edudata_owner (see
-- docs/security.md). edudata_owner may create in schema public, so migrations can also run as a member of it.
DO
$$
DECLARE
    wanted   record;
    existing record;
BEGIN
    FOR wanted IN
        SELECT * FROM (VALUES ('edudata_owner', false), ('edudata_app', false), ('edudata_analytics', false),
                              ('edudata_auditor', false), ('edudata_definer', true)) AS r (name, bypass)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted.name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION %s',
                               wanted.name, CASE WHEN wanted.bypass THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created meanwhile by a migration of another database of this cluster
            END;
        END IF;
        SELECT rolsuper, rolbypassrls INTO existing FROM pg_roles WHERE rolname = wanted.name;
        IF existing.rolsuper OR existing.rolbypassrls <> wanted.bypass THEN
            RAISE EXCEPTION 'role % exists with SUPERUSER or with BYPASSRLS %, but must be NOSUPERUSER % BYPASSRLS',
                wanted.name, existing.rolbypassrls, CASE WHEN wanted.bypass THEN 'with' ELSE 'without' END
                USING ERRCODE = 'invalid_role_specification',
                      HINT = 'Alter or drop the role as the cluster administrator, then migrate again.';
        END IF;
    END LOOP;
END
$$;

GRANT USAGE, CREATE ON SCHEMA public TO edudata_owner;

-- The policies' helper functions live apart from schema public: they are no part of the generated API, and only the
-- roles that evaluate policies get USAGE on it (V11_2).
CREATE SCHEMA edudata_rls AUTHORIZATION edudata_owner;

DO
$$
DECLARE
    object record;
BEGIN
    FOR object IN
        SELECT c.oid::regclass AS name,
               CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                              WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND c.relname <> 'flyway_schema_history'
          -- identity and serial sequences follow their table; extension members stay the extension's
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
        ORDER BY c.oid
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO edudata_owner', object.kind, object.name);
    END LOOP;
    FOR object IN
        SELECT p.oid::regprocedure AS name
        FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY p.oid
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO edudata_owner', object.name);
    END LOOP;
END
$$;
