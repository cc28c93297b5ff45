-- Group 15, analytics at scale (issue 5, bulk ingestion): the audit entry of an inserted or deleted row is written
-- in one pass. audit.attach (V12_2) wrote a row of a table with redacted columns as to_jsonb(n) ||
-- jsonb_build_object('email', CASE ... END, ...): the whole row turned into JSONB (its JSONB documents, addresses
-- and free text included), then a second object built and merged over it. It now turns the row with its redacted
-- columns already replaced into JSONB: the same entries, key for key and value for value (docs/audit.md), for less
-- work a row; docs/benchmarks.md has the numbers. Tables without redacted columns keep to_jsonb(n) of the row
-- itself; UPDATE entries are unchanged.
--
-- Every table of schema public is attached again, as V12_2 did. CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on
-- each table for a moment: reads go on, writes wait for the migration's commit.
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
    -- CROSS JOIN LATERAL (SELECT %1$s.a, CASE WHEN %1$s.b IS NOT NULL THEN '[redacted]' END AS b, ...) r: the row
    -- with its redacted columns replaced, every column in table order, so that to_jsonb(r) writes the entry's
    -- values in one pass (V15_1).
    IF cardinality(redacted) > 0 THEN
        SELECT ' CROSS JOIN LATERAL (SELECT '
                   || string_agg(CASE WHEN a.attname = ANY (redacted)
                                      THEN format('CASE WHEN %%1$s.%I IS NOT NULL THEN %L END AS %I',
                                                  a.attname, '[redacted]', a.attname)
                                      ELSE format('%%1$s.%I', a.attname) END, ', ' ORDER BY a.attnum)
                   || ') r'
        INTO redaction
        FROM pg_attribute a
        WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped;
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
                                                     'new_values) SELECT %L, %L, %s, to_jsonb(%s) FROM new_rows n%s',
                                                     relation, 'INSERT', format(key_of, 'n'),
                                                     CASE WHEN redaction = '' THEN 'n' ELSE 'r' END,
                                                     format(redaction, 'n'))
                           WHEN 'delete' THEN format('INSERT INTO audit.entries (table_name, operation, row_key, '
                                                     'old_values) SELECT %L, %L, %s, to_jsonb(%s) FROM old_rows o%s',
                                                     relation, 'DELETE', format(key_of, 'o'),
                                                     CASE WHEN redaction = '' THEN 'o' ELSE 'r' END,
                                                     format(redaction, 'o'))
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
