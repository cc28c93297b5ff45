-- The platform's schema before this library, the seed's "current schema" (its users, student_profiles and
-- teacher_profiles without the fields its "(Enhanced)" tables add), in the seed's own style (SERIAL, TIMESTAMP
-- without time zone, unnamed constraints), holding data: a few hand-made rows for the mapping's edge cases and
-- generated students and teachers for volume. LegacySchemaTest adopts it.
CREATE TABLE users (
    id         VARCHAR PRIMARY KEY,
    auth0_id   VARCHAR UNIQUE NOT NULL,
    email      VARCHAR(255) NOT NULL,
    name       VARCHAR(255),
    role       VARCHAR(50) CHECK (role IN ('student', 'teacher', 'parent', 'admin')),
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE student_profiles (
    id          SERIAL PRIMARY KEY,
    user_id     VARCHAR REFERENCES users (id) UNIQUE,
    grade_level VARCHAR(10) NOT NULL,
    subjects    TEXT[] NOT NULL,
    created_at  TIMESTAMP DEFAULT NOW(),
    updated_at  TIMESTAMP DEFAULT NOW()
);

CREATE TABLE teacher_profiles (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR REFERENCES users (id) UNIQUE,
    subjects   TEXT[] NOT NULL,
    grades     TEXT[] NOT NULL,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

INSERT INTO users (id, auth0_id, email, name, role, created_at, updated_at) VALUES
    ('t-ada', 'auth0|t-ada', 'ada@school.example', 'Ada King Lovelace', 'teacher', '2024-01-02 03:04:05', '2024-02-03 04:05:06'),
    ('s-bo', 'auth0|s-bo', 'bo@school.example', 'Bo', NULL, '2024-03-01 00:00:00', NULL),
    ('t-cy', 'auth0|t-cy', 'cy@school.example', NULL, NULL, NULL, '2024-04-01 12:00:00'),
    ('p-di', 'auth0|p-di', 'di@home.example', '  Di  Parent ', 'parent', '2024-05-05 05:05:05', '2024-05-05 05:05:05'),
    ('a-ed', 'auth0|a-ed', 'ed@school.example', 'Ed Admin', 'admin', '2023-12-31 23:59:59.123456', '2024-01-01 00:00:00');

INSERT INTO users (id, auth0_id, email, name, role, created_at, updated_at)
SELECT 's-' || i, 'auth0|s-' || i, 's' || i || '@school.example', 'Student ' || i, 'student',
       TIMESTAMP '2024-09-01' + i * INTERVAL '1 minute', TIMESTAMP '2024-09-02' + i * INTERVAL '1 minute'
FROM generate_series(1, 2000) i;

INSERT INTO users (id, auth0_id, email, name, role)
SELECT 't-' || i, 'auth0|t-' || i, 't' || i || '@school.example', 'Teacher ' || i, 'teacher'
FROM generate_series(1, 100) i;

INSERT INTO student_profiles (user_id, grade_level, subjects, created_at, updated_at) VALUES
    ('s-bo', '8', ARRAY ['math', 'physics'], '2024-03-01 00:00:00', NULL);
INSERT INTO student_profiles (user_id, grade_level, subjects)
SELECT 's-' || i, (6 + i % 7)::text, ARRAY ['math', 'english']
FROM generate_series(1, 2000) i;
-- A gap in the ids, as deletions leave: ids are kept, and new rows continue after the largest.
DELETE FROM student_profiles WHERE user_id = 's-7';

INSERT INTO teacher_profiles (user_id, subjects, grades, created_at, updated_at) VALUES
    ('t-ada', ARRAY ['math'], ARRAY ['8', '9'], '2024-01-02 03:04:05', '2024-02-03 04:05:06'),
    ('t-cy', ARRAY ['history'], ARRAY ['10'], NULL, '2024-04-01 12:00:00');
INSERT INTO teacher_profiles (user_id, subjects, grades)
SELECT 't-' || i, ARRAY ['science'], ARRAY ['7']
FROM generate_series(1, 100) i;
