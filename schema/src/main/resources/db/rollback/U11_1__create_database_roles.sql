-- Undoes V11_1__create_database_roles.sql in this database: what edudata_owner owns in schema public goes back to
-- the user running this script (the migrating user, who owned it before V11_1), the schema edudata_rls goes (U11_2
-- emptied it), and edudata_owner loses USAGE and CREATE on schema public. Run U11_2 first.
--
-- The roles are not dropped. They are cluster-wide: every other database of the cluster migrated with V11_1 uses
-- them, DROP ROLE fails while any database still holds an object or a privilege of theirs, and the login roles of the
-- host are members of them. Revoking what this database granted them is the whole undo here; a cluster's
-- administrator drops the roles once no database uses them (DROP OWNED BY ... in each database, then DROP ROLE).
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
          AND c.relowner = 'edudata_owner'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
        ORDER BY c.oid
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO CURRENT_USER', object.kind, object.name);
    END LOOP;
    FOR object IN
        SELECT p.oid::regprocedure AS name
        FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = 'edudata_owner'::regrole
        ORDER BY p.oid
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO CURRENT_USER', object.name);
    END LOOP;
END
$$;

DROP SCHEMA edudata_rls;
REVOKE USAGE, CREATE ON SCHEMA public FROM edudata_owner;
