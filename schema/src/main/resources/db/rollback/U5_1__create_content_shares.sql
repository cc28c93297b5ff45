-- Undoes V5_1__create_content_shares.sql: the guard it put on content_generations, the table, then its functions.
DROP TRIGGER content_generations_shared_with_check ON content_generations;
DROP TABLE content_shares;
DROP FUNCTION content_generations_check_shared_with();
DROP FUNCTION content_shares_sync_shared_with();
DROP FUNCTION shares_of(integer);
