-- Group 7, the repository facade: soft deletion, the seed's archival strategy ("mark records as deleted rather
-- than hard delete").
--
-- The entities users delete get deleted_at: NULL while the row is live, the moment of deletion once deleted. The
-- facade hides deleted rows from every default read, restores them on request, and lists them on purpose; raw SQL
-- sees every row. Deleting a row this way keeps its foreign keys and its 1:1 specifics intact, so a restore is
-- complete. A partial index per table serves the default reads' "deleted_at IS NULL" in time order.
ALTER TABLE content_generations ADD COLUMN deleted_at timestamptz;
ALTER TABLE doubt_submissions ADD COLUMN deleted_at timestamptz;
ALTER TABLE educational_resources ADD COLUMN deleted_at timestamptz;
ALTER TABLE workspaces ADD COLUMN deleted_at timestamptz;
ALTER TABLE content_feedback ADD COLUMN deleted_at timestamptz;
ALTER TABLE notifications ADD COLUMN deleted_at timestamptz;

CREATE INDEX idx_content_generations_live ON content_generations (user_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_doubt_submissions_live ON doubt_submissions (student_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_educational_resources_live ON educational_resources (subject, grade) WHERE deleted_at IS NULL;
CREATE INDEX idx_workspaces_live ON workspaces (created_by) WHERE deleted_at IS NULL;
CREATE INDEX idx_content_feedback_live ON content_feedback (content_generation_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_notifications_live ON notifications (user_id, created_at) WHERE deleted_at IS NULL;
