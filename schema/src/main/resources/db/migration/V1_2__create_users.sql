-- Phase 1, core foundation: the enhanced users table.
--
-- Deviations from the seed, beyond the conventions of V1_1:
--   * role and roles could disagree (DESIGN point 6): roles holds only the four roles, at least one of them, and
--     role, when set, is one of roles.
--   * usage_quota cannot be negative.
--   * Indexes the seed leaves out but its performance section asks for: school_id (tenant queries, later row-level
--     security), a partial index of active users per school, and GIN on roles (role membership queries).
CREATE TABLE users (
    id                varchar      NOT NULL,
    auth0_id          varchar      NOT NULL,
    email             varchar(255) NOT NULL,
    name              varchar(255),
    role              varchar(50),
    roles             text[]       NOT NULL,
    first_name        varchar(255),
    last_name         varchar(255),
    profile_image_url varchar(255),
    school_id         varchar(255),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    last_login_at     timestamptz,
    is_active         boolean      NOT NULL DEFAULT true,
    subscription_tier varchar(20)  NOT NULL DEFAULT 'free',
    usage_quota       integer      NOT NULL DEFAULT 100,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_auth0_id_key UNIQUE (auth0_id),
    CONSTRAINT users_role_check CHECK (role IN ('student', 'teacher', 'parent', 'admin')),
    CONSTRAINT users_roles_check
        CHECK (cardinality(roles) > 0 AND roles <@ ARRAY ['student', 'teacher', 'parent', 'admin']::text[]),
    CONSTRAINT users_role_in_roles_check CHECK (role IS NULL OR role = ANY (roles)),
    CONSTRAINT users_usage_quota_check CHECK (usage_quota >= 0)
);

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE INDEX idx_users_school_id ON users (school_id);
CREATE INDEX idx_users_active_by_school ON users (school_id) WHERE is_active;
CREATE INDEX idx_users_roles ON users USING gin (roles);
