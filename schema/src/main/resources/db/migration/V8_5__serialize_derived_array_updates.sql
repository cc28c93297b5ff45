-- Group 8, the platform's workflows: concurrent writes to content_shares (or to student_profiles.parent_id) for
-- the same content (or parent) no longer fail.
--
-- The triggers of V1_3 and V5_1 recomputed the derived array in the same statement that updated it. Two
-- transactions sharing one piece of content at once each computed it from a snapshot without the other's share;
-- the second then waited for the first's row lock and wrote an array the guard rightly refused
-- (content_generations_shared_with_check). Each trigger now first locks the row it will update, and only then, in
-- a statement of its own (so with a snapshot taken after the lock was granted), recomputes the array.
CREATE OR REPLACE FUNCTION content_shares_sync_shared_with() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    content integer;
BEGIN
    FOR content IN
        SELECT DISTINCT c FROM unnest(ARRAY[
            CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN OLD.content_generation_id END,
            CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN NEW.content_generation_id END]) AS c
        WHERE c IS NOT NULL
        ORDER BY c
    LOOP
        PERFORM 1 FROM content_generations WHERE id = content FOR NO KEY UPDATE;
        UPDATE content_generations SET shared_with = shares_of(id)
        WHERE id = content AND shared_with IS DISTINCT FROM shares_of(id);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION student_profiles_sync_children_ids() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    parent varchar;
BEGIN
    FOR parent IN
        SELECT DISTINCT p FROM unnest(ARRAY[
            CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN OLD.parent_id END,
            CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN NEW.parent_id END]) AS p
        WHERE p IS NOT NULL
        ORDER BY p
    LOOP
        PERFORM 1 FROM parent_profiles WHERE user_id = parent FOR NO KEY UPDATE;
        UPDATE parent_profiles SET children_ids = children_of(parent) WHERE user_id = parent;
    END LOOP;
    RETURN NULL;
END
$$;
