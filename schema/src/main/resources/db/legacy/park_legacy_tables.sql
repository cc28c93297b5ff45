-- Legacy adoption, step 1 of 3 (LegacySchema.adopt, docs/migrations.md): the tables of the platform's schema before
-- this library (the seed's "current schema": users, student_profiles and teacher_profiles without the fields the
-- seed's enhanced tables add) move out of the way, unchanged, into schema edudata_legacy. SET SCHEMA only changes the
-- catalog: no row is read or written, and their indexes, constraints and serial sequences move with them. Schema
-- public is then empty, and the migrations create the tables anew (step 2).
CREATE SCHEMA edudata_legacy;
COMMENT ON SCHEMA edudata_legacy IS 'The pre-migration tables, parked while their rows are copied (docs/migrations.md).';
ALTER TABLE public.teacher_profiles SET SCHEMA edudata_legacy;
ALTER TABLE public.student_profiles SET SCHEMA edudata_legacy;
ALTER TABLE public.users SET SCHEMA edudata_legacy;
