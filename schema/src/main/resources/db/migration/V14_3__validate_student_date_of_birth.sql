-- Validates the birth date CHECK that V14_2 added NOT VALID. VALIDATE CONSTRAINT takes only a SHARE UPDATE EXCLUSIVE
-- lock on student_profiles, so reads and writes go on while it scans the existing rows; new rows were checked from
-- V14_2 on.
ALTER TABLE student_profiles VALIDATE CONSTRAINT student_profiles_date_of_birth_check;
