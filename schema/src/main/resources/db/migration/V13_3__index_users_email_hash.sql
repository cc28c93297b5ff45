-- The exact-match lookup by e-mail address (db.encryption().emailEquals) reads users.email_hash (V13_2). Built
-- CONCURRENTLY, so writes to users go on while it builds; alone in its migration, which Flyway then runs outside a
-- transaction (as V9_4). Not unique: users.email never was (the seed's identity is auth0_id).
CREATE INDEX CONCURRENTLY idx_users_email_hash ON users (email_hash);
