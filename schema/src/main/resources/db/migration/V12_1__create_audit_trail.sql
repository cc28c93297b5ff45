-- Group 12, audit trail (issue 6 item 3): who changed or read what, when, with the old and new values, in an
-- append-only table the application cannot alter, sealed into a hash chain so that tampering is detectable.
--
-- Schema audit, owned by edudata_owner (DDL only, like schema public):
--   audit.entries     one row per changed row (INSERT, UPDATE, DELETE), per TRUNCATE, and per sensitive table a
--                     library SELECT read. Range-partitioned by month on logged_at, with a DEFAULT partition and
--                     monthly partitions from the month before this migration to a year ahead, as
--                     user_activity_logs (V1_6, docs/partitions.md); create_monthly_partitions('audit.entries', ...)
--                     adds more and drains the DEFAULT partition.
--   audit.seals       the hash chain: seal number, the entry it seals, sha256(previous hash || canonical entry).
--   audit.seal_runs   one row per audit.seal() that sealed something: the xid bound below which every entry is
--                     sealed. Entries are inserted unsealed so writers never queue on one lock; seal() chains the
--                     entries of transactions certainly finished (xid below the snapshot's xmin).
--   audit.redacted_columns  the personal data (PII) and free-text columns whose values are never copied into the
--                     audit: a change to them is recorded as "[redacted]" (NULL stays NULL), so erasing a user
--                     (GDPR) leaves no second copy of what was erased. docs/audit.md says why each is listed.
--
-- Privileges: edudata_app holds nothing on the tables (no INSERT, UPDATE, DELETE, TRUNCATE, SELECT); it has USAGE on
-- the schema only to EXECUTE three functions: record_read (the library's read entries), seal and verify.
-- edudata_auditor reads everything of the schema and executes seal and verify. The writing functions are SECURITY
-- DEFINER owned by edudata_definer, which may only INSERT and SELECT here (never UPDATE, DELETE or TRUNCATE). The
-- row triggers of V12_2 call audit.record_change.

CREATE SCHEMA audit AUTHORIZATION edudata_owner;

CREATE TABLE audit.entries (
    id          bigint       GENERATED ALWAYS AS IDENTITY,
    logged_at   timestamptz  NOT NULL DEFAULT statement_timestamp(),
    xid         xid8         NOT NULL DEFAULT pg_current_xact_id(),
    -- the acting user the library set for the transaction (docs/security.md), NULL when nobody acts
    actor_id    varchar      DEFAULT nullif(current_setting('edudata.user_id', true), ''),
    -- the login role, and the role set with SET ROLE if any (a SECURITY DEFINER function hides the caller's
    -- current_user; this is the role that called it)
    login_role  text         NOT NULL DEFAULT session_user,
    acting_role text         NOT NULL DEFAULT coalesce(nullif(current_setting('role'), 'none'), session_user),
    table_name  text         NOT NULL,
    operation   text         NOT NULL,
    row_key     jsonb,
    old_values  jsonb,
    new_values  jsonb,
    detail      jsonb,
    CONSTRAINT entries_pkey PRIMARY KEY (id, logged_at),
    CONSTRAINT entries_operation_check CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'SELECT'))
) PARTITION BY RANGE (logged_at);

CREATE INDEX entries_xid_idx ON audit.entries (xid);
CREATE INDEX entries_row_idx ON audit.entries (table_name, row_key, logged_at) WHERE row_key IS NOT NULL;
CREATE INDEX entries_actor_idx ON audit.entries (actor_id, logged_at) WHERE actor_id IS NOT NULL;

CREATE TABLE audit.entries_default PARTITION OF audit.entries DEFAULT;
SELECT create_monthly_partitions('audit.entries', (now() - interval '1 month')::date, 14);

CREATE TABLE audit.seals (
    seq             bigint      NOT NULL,
    entry_id        bigint      NOT NULL,
    entry_logged_at timestamptz NOT NULL,
    hash            bytea       NOT NULL,
    CONSTRAINT seals_pkey PRIMARY KEY (seq),
    CONSTRAINT seals_entry_key UNIQUE (entry_id)
);

CREATE TABLE audit.seal_runs (
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    sealed_at timestamptz NOT NULL DEFAULT now(),
    xid_bound xid8        NOT NULL,
    entries   integer     NOT NULL,
    last_seq  bigint      NOT NULL,
    CONSTRAINT seal_runs_pkey PRIMARY KEY (id)
);

CREATE TABLE audit.redacted_columns (
    table_name  text NOT NULL,
    column_name text NOT NULL,
    CONSTRAINT redacted_columns_pkey PRIMARY KEY (table_name, column_name)
);

INSERT INTO audit.redacted_columns (table_name, column_name)
VALUES ('users', 'email'), ('users', 'name'), ('users', 'first_name'), ('users', 'last_name'),
       ('users', 'profile_image_url'), ('users', 'auth0_id'),
       ('user_sessions', 'ip_address'), ('user_sessions', 'device_info'),
       ('user_activity_logs', 'ip_address'), ('user_activity_logs', 'user_agent'),
       ('user_activity_logs', 'activity_details'),
       ('doubt_submissions', 'doubt_text'), ('doubt_submissions', 'resolution_text'),
       ('doubt_submissions', 'follow_up_questions'),
       ('tutoring_sessions', 'messages'),
       ('practice_sessions', 'student_responses'),
       ('exam_questions', 'student_responses'),
       ('content_feedback', 'feedback_text'),
       ('notifications', 'title'), ('notifications', 'message'),
       ('communication_logs', 'subject'), ('communication_logs', 'message');

-- The values of `doc` kept in the audit: listed columns as "[redacted]" (a NULL stays NULL, so clearing is seen).
CREATE FUNCTION audit.redact(doc jsonb, redacted text[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
SELECT CASE WHEN doc IS NULL OR cardinality(redacted) = 0 THEN doc
            ELSE (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (redacted) AND e.value <> 'null'
                                                      THEN '"[redacted]"'::jsonb ELSE e.value END)
                  FROM jsonb_each(doc) e) END
$$;

-- The columns of `new` whose value differs from `old`.
CREATE FUNCTION audit.changed(old jsonb, new jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}') FROM jsonb_each(new) n
WHERE old -> n.key IS DISTINCT FROM n.value
$$;

-- The primary key of a row, as {"column": value, ...}.
CREATE FUNCTION audit.row_key(doc jsonb, key_columns text[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
SELECT jsonb_object_agg(k, doc -> k) FROM unnest(key_columns) k
$$;

-- The statement-level AFTER triggers of V12_2 (one per event, since a trigger with transition tables takes one
-- event): one call per statement, whatever the number of rows (COPY included), running one INSERT ... SELECT over
-- the statement's transition table. That statement is written for the table by audit.attach (V12_2) and given as
-- the trigger's argument: the table's own columns, no per-row function call for the key or the redaction, which
-- made a generic version four times slower on bulk loads. An UPDATE pairs old and new rows on the primary key; a
-- row whose key changed is recorded as its old row (new_values NULL) and its new row (old_values NULL), both as
-- UPDATE.
CREATE FUNCTION audit.record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO audit.entries (table_name, operation) VALUES (TG_TABLE_NAME, 'TRUNCATE');
    ELSE
        EXECUTE TG_ARGV[0];
    END IF;
    RETURN NULL;
END
$$;

-- Reads the library saw (a SELECT on a sensitive table): one entry per table, with the statement's digest and the
-- number of rows fetched (NULL when not known). In a read-only transaction (a read replica, a hot standby,
-- SET TRANSACTION READ ONLY) nothing can be written: it records nothing and returns false, never failing the read.
CREATE FUNCTION audit.record_read(tables text[], statement_digest text, row_count bigint) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF current_setting('transaction_read_only') = 'on' THEN
        RETURN false;
    END IF;
    INSERT INTO audit.entries (table_name, operation, detail)
    SELECT left(t, 63), 'SELECT',
           jsonb_build_object('statement_digest', left(statement_digest, 128), 'rows', row_count)
    FROM (SELECT DISTINCT t FROM unnest(tables) t WHERE t IS NOT NULL) s;
    RETURN true;
END
$$;

-- The text of an entry that the hash covers: every column, times as microseconds since the epoch (independent of
-- the session's TimeZone), as a JSON array (jsonb's text form is canonical: key order and spacing fixed).
CREATE FUNCTION audit.canonical(e audit.entries) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$
SELECT jsonb_build_array(e.id, (extract(epoch FROM e.logged_at) * 1000000)::bigint, e.xid::text, e.actor_id,
                         e.login_role, e.acting_role, e.table_name, e.operation, e.row_key, e.old_values,
                         e.new_values, e.detail)::text
$$;

-- Chains the entries of every transaction certainly finished (xid below the xmin of the current snapshot) and not
-- sealed yet, in (xid, id) order, and returns how many it sealed. Seals queue on one advisory lock; writers never
-- wait for it.
CREATE FUNCTION audit.seal() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    lower_bound xid8;
    upper_bound xid8;
    previous    bytea;
    next_seq    bigint;
    sealed      integer := 0;
    e           audit.entries;
BEGIN
    IF current_setting('transaction_read_only') = 'on' THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('edudata.audit.seal'));
    upper_bound := pg_snapshot_xmin(pg_current_snapshot());
    SELECT coalesce(max(xid_bound), '0'::xid8) INTO lower_bound FROM audit.seal_runs;
    IF upper_bound <= lower_bound THEN
        RETURN 0;
    END IF;
    SELECT s.seq, s.hash INTO next_seq, previous FROM audit.seals s ORDER BY s.seq DESC LIMIT 1;
    next_seq := coalesce(next_seq, 0);
    previous := coalesce(previous, ''::bytea);
    FOR e IN SELECT * FROM audit.entries x WHERE x.xid >= lower_bound AND x.xid < upper_bound ORDER BY x.xid, x.id
    LOOP
        next_seq := next_seq + 1;
        previous := sha256(previous || convert_to(audit.canonical(e), 'UTF8'));
        INSERT INTO audit.seals (seq, entry_id, entry_logged_at, hash) VALUES (next_seq, e.id, e.logged_at, previous);
        sealed := sealed + 1;
    END LOOP;
    INSERT INTO audit.seal_runs (xid_bound, entries, last_seq) VALUES (upper_bound, sealed, next_seq);
    RETURN sealed;
END
$$;

-- Recomputes the chain from its first seal. Returns how many seals it checked, the last seal's number and hash
-- (an anchor to keep outside the database), and the first problem found, if any: a seal missing from the sequence,
-- a sealed entry deleted, a sealed entry whose content no longer matches its hash, or an entry of a sealed range
-- left unsealed (inserted afterwards with a past transaction id).
CREATE FUNCTION audit.verify(OUT checked bigint, OUT last_seq bigint, OUT last_hash bytea, OUT problem text,
                             OUT problem_seq bigint, OUT problem_entry bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    previous bytea := ''::bytea;
    s        record;
BEGIN
    checked := 0;
    last_seq := 0;
    FOR s IN SELECT x.seq, x.entry_id, x.hash, e AS entry, e.id IS NOT NULL AS present
             FROM audit.seals x LEFT JOIN audit.entries e ON e.id = x.entry_id AND e.logged_at = x.entry_logged_at
             ORDER BY x.seq
    LOOP
        IF s.seq <> last_seq + 1 THEN
            problem := 'seal missing'; problem_seq := last_seq + 1;
            RETURN;
        END IF;
        IF NOT s.present THEN
            problem := 'entry deleted'; problem_seq := s.seq; problem_entry := s.entry_id;
            RETURN;
        END IF;
        previous := sha256(previous || convert_to(audit.canonical(s.entry), 'UTF8'));
        IF previous <> s.hash THEN
            problem := 'entry altered'; problem_seq := s.seq; problem_entry := s.entry_id;
            RETURN;
        END IF;
        checked := checked + 1;
        last_seq := s.seq;
        last_hash := s.hash;
    END LOOP;
    SELECT 'entry unsealed in a sealed range', e.id INTO problem, problem_entry
    FROM audit.entries e
    WHERE e.xid < (SELECT max(r.xid_bound) FROM audit.seal_runs r)
      AND NOT EXISTS (SELECT 1 FROM audit.seals x WHERE x.entry_id = e.id)
    ORDER BY e.id LIMIT 1;
END
$$;

ALTER TABLE audit.entries OWNER TO edudata_owner;
ALTER TABLE audit.seals OWNER TO edudata_owner;
ALTER TABLE audit.seal_runs OWNER TO edudata_owner;
ALTER TABLE audit.redacted_columns OWNER TO edudata_owner;
DO
$$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'audit.entries'::regclass LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO edudata_owner', part);
    END LOOP;
END
$$;
ALTER FUNCTION audit.redact(jsonb, text[]) OWNER TO edudata_owner;
ALTER FUNCTION audit.changed(jsonb, jsonb) OWNER TO edudata_owner;
ALTER FUNCTION audit.row_key(jsonb, text[]) OWNER TO edudata_owner;
ALTER FUNCTION audit.canonical(audit.entries) OWNER TO edudata_owner;
ALTER FUNCTION audit.record_change() OWNER TO edudata_definer;
ALTER FUNCTION audit.record_read(text[], text, bigint) OWNER TO edudata_definer;
ALTER FUNCTION audit.seal() OWNER TO edudata_definer;
ALTER FUNCTION audit.verify() OWNER TO edudata_definer;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA audit FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.redact(jsonb, text[]), audit.changed(jsonb, jsonb), audit.row_key(jsonb, text[]),
    audit.canonical(audit.entries) TO edudata_definer, edudata_auditor;
GRANT USAGE ON SCHEMA audit TO edudata_definer, edudata_auditor, edudata_app;
GRANT SELECT, INSERT ON audit.entries, audit.seals, audit.seal_runs TO edudata_definer;
GRANT SELECT ON audit.redacted_columns TO edudata_definer;
GRANT SELECT ON ALL TABLES IN SCHEMA audit TO edudata_auditor;
GRANT EXECUTE ON FUNCTION audit.record_read(text[], text, bigint) TO edudata_app;
GRANT EXECUTE ON FUNCTION audit.seal(), audit.verify() TO edudata_app, edudata_auditor;
