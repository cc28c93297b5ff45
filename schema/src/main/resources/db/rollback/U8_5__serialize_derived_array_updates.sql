-- Undoes V8_5__serialize_derived_array_updates.sql: the two trigger functions get back the bodies V5_1 and V1_3 gave
-- them (copied from there unchanged), newest first. CREATE OR REPLACE keeps their owner, privileges and triggers.
CREATE OR REPLACE FUNCTION content_shares_sync_shared_with() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE content_generations SET shared_with = shares_of(id)
        WHERE id = OLD.content_generation_id AND shared_with IS DISTINCT FROM shares_of(id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE content_generations SET shared_with = shares_of(id)
        WHERE id = NEW.content_generation_id AND shared_with IS DISTINCT FROM shares_of(id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION student_profiles_sync_children_ids() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NOT NULL THEN
        UPDATE parent_profiles SET children_ids = children_of(OLD.parent_id) WHERE user_id = OLD.parent_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NOT NULL THEN
        UPDATE parent_profiles SET children_ids = children_of(NEW.parent_id) WHERE user_id = NEW.parent_id;
    END IF;
    RETURN NULL;
END
$$;
