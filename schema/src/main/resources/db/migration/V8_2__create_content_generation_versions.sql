-- Group 8, the platform's workflows: the history of regenerated content.
--
-- Regenerating content starts a new version of the same content_generations row (its version_number moves on);
-- what the previous version produced is kept here, so the history stays readable.
CREATE TABLE content_generation_versions (
    content_generation_id integer     NOT NULL,
    version_number        integer     NOT NULL,
    status                varchar(20) NOT NULL,
    generated_content     text,
    metadata              jsonb,
    token_usage           integer     NOT NULL,
    generation_time_ms    integer,
    superseded_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_generation_versions_pkey PRIMARY KEY (content_generation_id, version_number),
    CONSTRAINT content_generation_versions_content_generation_id_fkey
        FOREIGN KEY (content_generation_id) REFERENCES content_generations (id) ON DELETE CASCADE
);
