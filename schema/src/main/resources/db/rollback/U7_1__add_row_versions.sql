-- Undoes V7_1__add_row_versions.sql: version_number goes, with its CHECK, in reverse order. Dropping a column only
-- changes the catalog (the values stay on disk, invisible, until rows are rewritten).
ALTER TABLE educational_resources DROP COLUMN version_number;
ALTER TABLE workspaces DROP COLUMN version_number;
ALTER TABLE generated_exams DROP COLUMN version_number;
ALTER TABLE doubt_submissions DROP COLUMN version_number;
ALTER TABLE admin_profiles DROP COLUMN version_number;
ALTER TABLE parent_profiles DROP COLUMN version_number;
ALTER TABLE teacher_profiles DROP COLUMN version_number;
ALTER TABLE student_profiles DROP COLUMN version_number;
ALTER TABLE users DROP COLUMN version_number;
