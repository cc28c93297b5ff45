-- Undoes V15_1__write_audit_entries_in_one_pass.sql: audit.attach as V12_2 wrote it, and every table attached again
-- with it.
CREATE OR REPLACE FUNCTION audit.attach(target regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    relation  text;
    key_of    text := 'NULL::jsonb';
    redacted  text[];
    redaction text := '';
    changes   text;
    event     text;
BEGIN
    SELECT c.relname INTO relation FROM pg_class c WHERE c.oid = target;
    -- jsonb_build_object('id', %1$s.id, ...) over the primary key; %1$s is the alias of the transition table.
    SELECT 'jsonb_build_object(' || string_agg(format('%L, %%1$s.%I', a.attname, a.attname), ', '
                                               ORDER BY k.ordinality) || ')'
    INTO key_of
    FROM pg_index i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ordinality)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = target AND i.indisprimary;
    key_of := coalesce(key_of, 'NULL::jsonb');
    SELECT coalesce(array_agg(a.attname::text ORDER BY a.attname), '{}') INTO redacted
    FROM audit.redacted_columns r
    JOIN pg_attribute a ON a.attrelid = target AND a.attname = r.column_name AND a.attnum > 0 AND NOT a.attisdropped
    WHERE r.table_name = relation;
    IF cardinality(redacted) > 0 THEN
        SELECT ' || jsonb_build_object(' || string_agg(format('%L, CASE WHEN %%1$s.%I IS NOT NULL THEN %L END',
                                                              c, c, '[redacted]'), ', ') || ')'
        INTO redaction FROM unnest(redacted) c;
    END IF;
    changes := format('INSERT INTO audit.entries (table_name, operation, row_key, old_values, new_values) '
                      'SELECT %L, %L, coalesce(n.k, o.k), '
                      'CASE WHEN n.k IS NULL THEN audit.redact(o.r, %L) '
                      'WHEN o.k IS NOT NULL THEN audit.redact(audit.changed(n.r, o.r), %L) END, '
                      'CASE WHEN o.k IS NULL THEN audit.redact(n.r, %L) '
                      'WHEN n.k IS NOT NULL THEN audit.redact(audit.changed(o.r, n.r), %L) END '
                      'FROM (SELECT %s AS k, to_jsonb(x) AS r FROM old_rows x OFFSET 0) o '
                      'FULL JOIN (SELECT %s AS k, to_jsonb(x) AS r FROM new_rows x OFFSET 0) n ON n.k = o.k',
                      relation, 'UPDATE', redacted, redacted, redacted, redacted,
                      format(key_of, 'x'), format(key_of, 'x'));
    FOREACH event IN ARRAY ARRAY ['insert', 'update', 'delete', 'truncate'] LOOP
        IF EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = target AND t.tgname = 'audit_' || event) THEN
            EXECUTE format('DROP TRIGGER %I ON %s', 'audit_' || event, target);
        END IF;
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT EXECUTE FUNCTION audit.record_change(%L)',
                       'audit_' || event, upper(event), target,
                       CASE event WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
                                  WHEN 'update' THEN 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                                  WHEN 'delete' THEN 'REFERENCING OLD TABLE AS old_rows'
                                  ELSE '' END,
                       CASE event
                           WHEN 'insert' THEN format('INSERT INTO audit.entries (table_name, operation, row_key, '
                                                     'new_values) SELECT %L, %L, %s, to_jsonb(n)%s FROM new_rows n',
                                                     relation, 'INSERT', format(key_of, 'n'), format(redaction, 'n'))
                           WHEN 'delete' THEN format('INSERT INTO audit.entries (table_name, operation, row_key, '
                                                     'old_values) SELECT %L, %L, %s, to_jsonb(o)%s FROM old_rows o',
                                                     relation, 'DELETE', format(key_of, 'o'), format(redaction, 'o'))
                           WHEN 'update' THEN changes
                           ELSE '' END);
    END LOOP;
END
$$;

SELECT audit.attach(c.oid)
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relname <> 'flyway_schema_history'
ORDER BY c.relname;
