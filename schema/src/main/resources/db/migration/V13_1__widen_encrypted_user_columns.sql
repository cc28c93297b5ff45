-- Group 13, field encryption (docs/encryption.md): the personal columns of users hold ciphertext once the host
-- configures a key provider, and ciphertext is longer than the text it hides.
--
-- The library writes "ev1:<key id>:<base64 of IV, ciphertext and tag>" (plus ":<64 hex digits>" on email, its
-- keyed hash for exact-match lookups, V13_2). For the seed's 255 characters of plaintext, at most 4 bytes each in
-- UTF-8, that is 4 + 32 (longest key id) + 1 + 1400 (base64 of 12 + 1020 + 16 bytes) + 1 + 64 = 1502 characters:
-- varchar(1536) holds it. The seed's limit of 255 characters of plaintext stays, enforced by the library before
-- encrypting (the converter of each column knows it), so the contract a host sees does not change.
--
-- Roll back only when every value is plaintext again (db.encryption().decryptAll()): U13_1 narrows the columns back
-- and fails, leaving everything as it was, on any longer value.
ALTER TABLE users
    ALTER COLUMN email TYPE varchar(1536),
    ALTER COLUMN name TYPE varchar(1536),
    ALTER COLUMN first_name TYPE varchar(1536),
    ALTER COLUMN last_name TYPE varchar(1536);
