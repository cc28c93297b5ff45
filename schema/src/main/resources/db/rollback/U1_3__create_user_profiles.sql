-- Undoes V1_3__create_user_profiles.sql: the four profile tables go with their triggers, constraints and indexes (and
-- their rows), then the functions that derived parent_profiles.children_ids.
DROP TABLE admin_profiles;
DROP TABLE parent_profiles;
DROP TABLE teacher_profiles;
DROP TABLE student_profiles;
DROP FUNCTION student_profiles_sync_children_ids();
DROP FUNCTION parent_profiles_check_children_ids();
DROP FUNCTION children_of(varchar);
