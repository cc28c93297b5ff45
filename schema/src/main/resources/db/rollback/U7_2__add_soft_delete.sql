-- Undoes V7_2__add_soft_delete.sql: the partial indexes, then deleted_at. Rows marked deleted become ordinary rows
-- again: purge them first if they must not come back.
DROP INDEX idx_notifications_live;
DROP INDEX idx_content_feedback_live;
DROP INDEX idx_workspaces_live;
DROP INDEX idx_educational_resources_live;
DROP INDEX idx_doubt_submissions_live;
DROP INDEX idx_content_generations_live;

ALTER TABLE notifications DROP COLUMN deleted_at;
ALTER TABLE content_feedback DROP COLUMN deleted_at;
ALTER TABLE workspaces DROP COLUMN deleted_at;
ALTER TABLE educational_resources DROP COLUMN deleted_at;
ALTER TABLE doubt_submissions DROP COLUMN deleted_at;
ALTER TABLE content_generations DROP COLUMN deleted_at;
