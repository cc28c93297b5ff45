-- Undoes V14_1__create_privacy_requests.sql: the erasure and export records go (with their policies and grants), and
-- the column marks of the user id arrays. Run U14_2 first.
DROP TABLE privacy_requests;

COMMENT ON COLUMN parent_profiles.children_ids IS NULL;
COMMENT ON COLUMN content_generations.shared_with IS NULL;
COMMENT ON COLUMN generated_exams.used_by_students IS NULL;
COMMENT ON COLUMN workspaces.members IS NULL;
COMMENT ON COLUMN communication_logs.to_user_ids IS NULL;
COMMENT ON COLUMN exam_questions.student_responses IS NULL;
