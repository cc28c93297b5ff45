-- Undoes V13_2: the keyed hash of users.email, its trigger, function and index go.
DROP TRIGGER users_set_email_hash ON users;
DROP FUNCTION users_set_email_hash();
ALTER TABLE users DROP COLUMN email_hash;
