-- Undoes V1_1__create_shared_functions.sql: its four functions go. Every table whose triggers use them went with the
-- rollbacks before this one.
DROP FUNCTION create_monthly_partitions(regclass, date, integer);
DROP FUNCTION remove_deleted_array_references();
DROP FUNCTION enforce_array_references();
DROP FUNCTION set_updated_at();
