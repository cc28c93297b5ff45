-- Undoes V14_3: the CHECK goes back to NOT VALID, as V14_2 left it (PostgreSQL cannot un-validate in place).
ALTER TABLE student_profiles DROP CONSTRAINT student_profiles_date_of_birth_check;
ALTER TABLE student_profiles ADD CONSTRAINT student_profiles_date_of_birth_check
    CHECK (date_of_birth >= DATE '1900-01-01') NOT VALID;
