-- Undoes V8_1__create_subscription_tiers_and_usage_counters.sql: usage_counters, the foreign key from
-- users.subscription_tier, then subscription_tiers (with the tiers V8_1 inserted and any added since).
DROP TABLE usage_counters;
ALTER TABLE users DROP CONSTRAINT users_subscription_tier_fkey;
DROP TABLE subscription_tiers;
