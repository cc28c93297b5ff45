-- Group 8, the platform's workflows: AI calls made for a content generation point at it, so their tokens roll up
-- to content_generations.token_usage and cost can be reported per generation. A call outlives its generation.
ALTER TABLE ai_usage_tracking ADD COLUMN content_generation_id integer;
ALTER TABLE ai_usage_tracking ADD CONSTRAINT ai_usage_tracking_content_generation_id_fkey
    FOREIGN KEY (content_generation_id) REFERENCES content_generations (id) ON DELETE SET NULL;
CREATE INDEX idx_ai_usage_tracking_content_generation_id ON ai_usage_tracking (content_generation_id);
