-- Group 12, audit trail: every table of schema public (but flyway_schema_history, Flyway's own) records its changes
-- through audit.record_change (V12_1).
--
-- Four statement-level AFTER triggers per table, named audit_insert, audit_update, audit_delete, audit_truncate:
-- statement-level with transition tables, so a COPY or an UPDATE of a million rows costs one trigger call, one
-- INSERT ... SELECT into audit.entries, not a call per row. A partitioned table gets them on its parent, which sees
-- the rows of every partition a statement on the parent touches (a statement naming a partition directly is not
-- recorded: only the owner and the partition maintenance of V1_1 do that, and edudata_app holds no privilege on
-- partitions).
--
-- audit.attach(table) (re)creates the four triggers with the table's primary key and its redacted columns
-- (audit.redacted_columns) as arguments; a later migration that creates a table, changes its primary key or lists
-- a new redacted column calls it again (docs/audit.md). AuditCatalogTest fails for a table without them.
CREATE FUNCTION audit.attach(target regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    key_columns text[];
    redacted    text[];
    relation    text;
    event       text;
BEGIN
    SELECT c.relname INTO relation FROM pg_class c WHERE c.oid = target;
    SELECT coalesce(array_agg(a.attname::text ORDER BY k.ordinality), '{}') INTO key_columns
    FROM pg_index i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ordinality)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = target AND i.indisprimary;
    SELECT coalesce(array_agg(r.column_name ORDER BY r.column_name), '{}') INTO redacted
    FROM audit.redacted_columns r WHERE r.table_name = relation;
    FOREACH event IN ARRAY ARRAY ['insert', 'update', 'delete', 'truncate'] LOOP
        IF EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = target AND t.tgname = 'audit_' || event) THEN
            EXECUTE format('DROP TRIGGER %I ON %s', 'audit_' || event, target);
        END IF;
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION audit.record_change(%L, %L)',
                       'audit_' || event, upper(event), target,
                       CASE event WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
                                  WHEN 'update' THEN 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                                  WHEN 'delete' THEN 'REFERENCING OLD TABLE AS old_rows'
                                  ELSE '' END,
                       key_columns, redacted);
    END LOOP;
END
$$;

ALTER FUNCTION audit.attach(regclass) OWNER TO edudata_owner;
REVOKE ALL ON FUNCTION audit.attach(regclass) FROM PUBLIC;

SELECT audit.attach(c.oid)
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relname <> 'flyway_schema_history'
ORDER BY c.relname;
