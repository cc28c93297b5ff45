-- Undoes V13_3__index_users_email_hash.sql.
DROP INDEX CONCURRENTLY IF EXISTS idx_users_email_hash;
