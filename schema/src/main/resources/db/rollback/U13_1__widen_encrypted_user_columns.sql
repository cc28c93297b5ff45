-- Undoes V13_1: the personal columns of users go back to the seed's varchar(255). Fails, changing nothing, while a
-- value is longer than that, as ciphertext is: run db.encryption().decryptAll() first.
ALTER TABLE users
    ALTER COLUMN email TYPE varchar(255),
    ALTER COLUMN name TYPE varchar(255),
    ALTER COLUMN first_name TYPE varchar(255),
    ALTER COLUMN last_name TYPE varchar(255);
