-- Undoes V12_1__create_audit_trail.sql: schema audit goes with everything in it (its entries included: export them
-- first if they must be kept) and the privileges granted on it. The roles stay (see U11_1).
DROP SCHEMA audit CASCADE;
