-- Group 13, field encryption: an exact-match lookup of users by e-mail address once email holds ciphertext.
--
-- AES-GCM with a random IV gives a different ciphertext every time, so email can no longer be compared in SQL.
-- The library appends to each encrypted address its keyed hash (HMAC-SHA256 under a lookup key the database never
-- sees, 64 hex digits): "ev1:<key id>:<ciphertext>:<hash>". email_hash is that hash, copied out of email by a trigger
-- on every insert and update, so every writer that goes through the library (repositories, dsl(), the bulk loader's
-- COPY) fills it, nothing can set it to disagree with email, and it is null where email is plaintext (written
-- before a key was configured, or by raw SQL). db.encryption().emailEquals(address) looks a user up by it.
--
-- Why not UNIQUE: the seed does not make users.email unique (auth0_id is the identity; V1_2 has no such
-- constraint), and two accounts sharing one address (a parent and a young child) are legitimate. A plain index
-- serves the lookup.
ALTER TABLE users ADD COLUMN email_hash varchar(64);

CREATE FUNCTION users_set_email_hash() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.email_hash := CASE WHEN NEW.email ~ '^ev1:[^:]+:[^:]+:[0-9a-f]{64}$' THEN split_part(NEW.email, ':', 4) END;
    RETURN NEW;
END
$$;

ALTER FUNCTION users_set_email_hash() OWNER TO edudata_owner;

CREATE TRIGGER users_set_email_hash
    BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_set_email_hash();

-- Its index is built CONCURRENTLY by V13_3, outside this migration's transaction (docs/migrations.md).
