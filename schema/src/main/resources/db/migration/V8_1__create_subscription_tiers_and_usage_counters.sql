-- Group 8, the platform's workflows: AI usage quotas per subscription tier and period.
--
-- users.subscription_tier ('free' by default) and users.usage_quota (100 by default) are the seed's. A tier now
-- says over which period the quota runs, and users.subscription_tier must name a known tier. usage_counters keeps
-- how many AI requests (and tokens) a user has used in each period; admitting a request is one atomic
-- "increment if below the quota" on the user's row for the period, so concurrent requests can never overshoot.
CREATE TABLE subscription_tiers (
    tier          varchar(20) NOT NULL,
    quota_period  varchar(10) NOT NULL,
    default_quota integer     NOT NULL,
    description   text,
    CONSTRAINT subscription_tiers_pkey PRIMARY KEY (tier),
    CONSTRAINT subscription_tiers_quota_period_check CHECK (quota_period IN ('day', 'week', 'month')),
    CONSTRAINT subscription_tiers_default_quota_check CHECK (default_quota >= 0)
);

INSERT INTO subscription_tiers (tier, quota_period, default_quota, description) VALUES
    ('free', 'month', 100, 'The default tier'),
    ('basic', 'month', 500, 'Individual paid plan'),
    ('premium', 'month', 2000, 'Individual plan for heavy use'),
    ('school', 'day', 1000, 'School-wide plan, metered daily');

ALTER TABLE users ADD CONSTRAINT users_subscription_tier_fkey
    FOREIGN KEY (subscription_tier) REFERENCES subscription_tiers (tier);

CREATE TABLE usage_counters (
    user_id      varchar     NOT NULL,
    period_start date        NOT NULL,
    requests     integer     NOT NULL DEFAULT 0,
    tokens       bigint      NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_counters_pkey PRIMARY KEY (user_id, period_start),
    CONSTRAINT usage_counters_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT usage_counters_requests_check CHECK (requests >= 0),
    CONSTRAINT usage_counters_tokens_check CHECK (tokens >= 0)
);

CREATE TRIGGER usage_counters_set_updated_at
    BEFORE UPDATE ON usage_counters
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
