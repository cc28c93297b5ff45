-- Group 7, the repository facade: optimistic locking.
--
-- content_generations has the seed's version_number. The rows below are also edited by more than one actor at a
-- time (a user and an admin; a student and the teacher resolving a doubt; a teacher publishing an exam while
-- attempts are recorded; members joining a workspace; moderators approving a resource), so they gain the same
-- column: the facade writes "WHERE version_number = <the version read>" and increments it, and a stale update
-- changes nothing and is reported as a conflict. Existing rows start at version 1.
ALTER TABLE users ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT users_version_number_check CHECK (version_number >= 1);
ALTER TABLE student_profiles ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT student_profiles_version_number_check CHECK (version_number >= 1);
ALTER TABLE teacher_profiles ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT teacher_profiles_version_number_check CHECK (version_number >= 1);
ALTER TABLE parent_profiles ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT parent_profiles_version_number_check CHECK (version_number >= 1);
ALTER TABLE admin_profiles ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT admin_profiles_version_number_check CHECK (version_number >= 1);
ALTER TABLE doubt_submissions ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT doubt_submissions_version_number_check CHECK (version_number >= 1);
ALTER TABLE generated_exams ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT generated_exams_version_number_check CHECK (version_number >= 1);
ALTER TABLE workspaces ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT workspaces_version_number_check CHECK (version_number >= 1);
ALTER TABLE educational_resources ADD COLUMN version_number integer NOT NULL DEFAULT 1
    CONSTRAINT educational_resources_version_number_check CHECK (version_number >= 1);
