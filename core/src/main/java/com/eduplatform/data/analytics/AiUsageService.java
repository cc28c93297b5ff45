package com.eduplatform.data.analytics;

import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.SUBSCRIPTION_TIERS;
import static com.eduplatform.data.jooq.Tables.USAGE_COUNTERS;
import static com.eduplatform.data.jooq.Tables.USERS;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.error.QuotaExceededException;
import com.eduplatform.data.internal.ActivityLog;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.records.AiUsageTrackingRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * AI usage, cost and quotas. Before an AI call the host {@linkplain #admit admits} it: one request is counted
 * against the user's {@code usage_quota} for the current period of their subscription tier (a day, week or month,
 * per {@code subscription_tiers.quota_period}), atomically, so concurrent requests never overshoot the quota.
 * After the call the host {@linkplain #record records} it in {@code ai_usage_tracking} (service, operation,
 * tokens, cost in USD to 6 decimals, latency); its tokens roll up to the generation it served and to the user's
 * period counter. The {@code costBy...} reports sum the recorded cost exactly, by user, service or day.
 *
 * <p>Periods and report days are UTC days, computed by PostgreSQL: a monthly period starts on the 1st, a weekly
 * one on Monday. Each step is one transaction that writes the activity log ({@code ai.<verb>}); bad input is an
 * {@link InvalidInputException} naming the field, and then nothing is written.
 */
public final class AiUsageService {

    /** The most decimals {@code ai_usage_tracking.cost_usd} (numeric(10,6)) holds. */
    private static final int COST_SCALE = 6;

    private final EduDatabase db;

    /** Use {@link EduDatabase#workflows()}{@code .aiUsage()}. */
    public AiUsageService(EduDatabase db) {
        this.db = db;
    }

    /**
     * Where a user stands against their quota in the current period, so a host can show it or decide before asking.
     *
     * @param userId        the user
     * @param quotaPeriod   the period of their tier: {@code day}, {@code week} or {@code month}
     * @param periodStart   the first (UTC) day of the current period
     * @param quota         the requests the period allows ({@code users.usage_quota})
     * @param requestsUsed  the requests admitted in the period so far
     * @param tokensUsed    the tokens recorded in the period so far
     */
    public record QuotaStatus(String userId, String quotaPeriod, LocalDate periodStart, int quota, int requestsUsed,
                              long tokensUsed) {

        /** The requests still admitted in this period, never negative. */
        public int remaining() {
            return Math.max(quota - requestsUsed, 0);
        }
    }

    /**
     * One line of a cost report: the recorded AI calls of one user or one service in the reported days.
     *
     * @param key     the user id or the AI service
     * @param calls   how many calls were recorded
     * @param tokens  the tokens they used
     * @param costUsd what they cost, summed exactly, to 6 decimals
     */
    public record CostLine(String key, long calls, long tokens, BigDecimal costUsd) {
    }

    /**
     * One day of a cost report: the AI calls recorded on that UTC day.
     *
     * @param day     the UTC day
     * @param calls   how many calls were recorded
     * @param tokens  the tokens they used
     * @param costUsd what they cost, summed exactly, to 6 decimals
     */
    public record DailyCost(LocalDate day, long calls, long tokens, BigDecimal costUsd) {
    }

    /**
     * Counts one AI request of {@code userId} against their quota for the current period, or refuses it with a
     * {@link QuotaExceededException} once the period's quota is used (at once for a quota of 0), counting nothing.
     * Concurrent requests are counted one at a time: of any number at once, exactly as many as the quota has left
     * are admitted.
     *
     * @return where the user stands after this request was counted
     */
    public QuotaStatus admit(String userId) {
        requireUser(userId);
        return db.inTransaction(tx -> {
            // One statement: insert the period's counter at 1, or add 1 to it only while it is below the quota.
            Field<LocalDate> periodStart = periodStart(SUBSCRIPTION_TIERS.QUOTA_PERIOD, DSL.currentOffsetDateTime());
            Record4<Integer, LocalDate, Long, Integer> admitted = tx.dsl()
                    .insertInto(USAGE_COUNTERS, USAGE_COUNTERS.USER_ID, USAGE_COUNTERS.PERIOD_START,
                            USAGE_COUNTERS.REQUESTS)
                    .select(DSL.select(USERS.ID, periodStart, DSL.inline(1))
                            .from(USERS).join(SUBSCRIPTION_TIERS).on(SUBSCRIPTION_TIERS.TIER.eq(USERS.SUBSCRIPTION_TIER))
                            .where(USERS.ID.eq(userId)).and(USERS.USAGE_QUOTA.gt(0)))
                    .onConflict(USAGE_COUNTERS.USER_ID, USAGE_COUNTERS.PERIOD_START)
                    .doUpdate()
                    .set(USAGE_COUNTERS.REQUESTS, USAGE_COUNTERS.REQUESTS.plus(1))
                    .where(USAGE_COUNTERS.REQUESTS.lt(quotaOf(USAGE_COUNTERS.USER_ID)))
                    .returningResult(USAGE_COUNTERS.REQUESTS, USAGE_COUNTERS.PERIOD_START, USAGE_COUNTERS.TOKENS,
                            quotaOf(USAGE_COUNTERS.USER_ID))
                    .fetchOne();
            if (admitted == null) {
                QuotaStatus refused = quota(userId);
                throw new QuotaExceededException(userId, refused.quota(), refused.periodStart());
            }
            String period = tx.dsl().select(SUBSCRIPTION_TIERS.QUOTA_PERIOD).from(USERS)
                    .join(SUBSCRIPTION_TIERS).on(SUBSCRIPTION_TIERS.TIER.eq(USERS.SUBSCRIPTION_TIER))
                    .where(USERS.ID.eq(userId)).fetchSingle(SUBSCRIPTION_TIERS.QUOTA_PERIOD);
            QuotaStatus status = new QuotaStatus(userId, period, admitted.value2(), admitted.value4(),
                    admitted.value1(), admitted.value3());
            ActivityLog.record(tx, userId, "ai.request_admitted", Map.of("period_start",
                    status.periodStart().toString(), "requests_used", status.requestsUsed(), "quota", status.quota()));
            return status;
        });
    }

    /** Where {@code userId} stands against their quota in the current period, without counting a request. */
    public QuotaStatus quota(String userId) {
        requireUser(userId);
        Field<LocalDate> periodStart = periodStart(SUBSCRIPTION_TIERS.QUOTA_PERIOD, DSL.currentOffsetDateTime())
                .as("period_start");
        return db.dsl()
                .select(SUBSCRIPTION_TIERS.QUOTA_PERIOD, periodStart, USERS.USAGE_QUOTA,
                        DSL.coalesce(USAGE_COUNTERS.REQUESTS, 0), DSL.coalesce(USAGE_COUNTERS.TOKENS, 0L))
                .from(USERS)
                .join(SUBSCRIPTION_TIERS).on(SUBSCRIPTION_TIERS.TIER.eq(USERS.SUBSCRIPTION_TIER))
                .leftJoin(USAGE_COUNTERS).on(USAGE_COUNTERS.USER_ID.eq(USERS.ID)
                        .and(USAGE_COUNTERS.PERIOD_START.eq(
                                periodStart(SUBSCRIPTION_TIERS.QUOTA_PERIOD, DSL.currentOffsetDateTime()))))
                .where(USERS.ID.eq(userId))
                .fetchOptional(row -> new QuotaStatus(userId, row.value1(), row.value2(), row.value3(), row.value4(),
                        row.value5()))
                .orElseThrow(() -> new NotFoundException(USERS.getName(), userId));
    }

    /**
     * Records one AI call ({@code user_id}, {@code ai_service}, {@code operation_type}, {@code tokens_used} and
     * {@code cost_usd} required; {@code response_time_ms}, {@code quality_rating}, {@code content_generation_id}
     * and {@code timestamp}, default now, optional). Its tokens are added to the generation's
     * {@code token_usage} when it names one, and to the user's counter for the period of its timestamp. A cost
     * with more than 6 decimals is refused rather than rounded, so the reports stay exact.
     *
     * @return the stored call
     */
    public AiUsageTracking record(AiUsageTrackingRecord call) {
        Integer tokens = call.getTokensUsed();
        if (tokens == null) {
            throw new InvalidInputException("ai_usage_tracking.tokens_used", "is required");
        }
        if (tokens < 0) {
            throw new InvalidInputException("ai_usage_tracking.tokens_used", "must be >= 0 (was " + tokens + ")");
        }
        BigDecimal cost = call.getCostUsd();
        if (cost == null) {
            throw new InvalidInputException("ai_usage_tracking.cost_usd", "is required");
        }
        if (cost.signum() < 0) {
            throw new InvalidInputException("ai_usage_tracking.cost_usd",
                    "must be >= 0 (was " + cost.toPlainString() + ")");
        }
        if (cost.stripTrailingZeros().scale() > COST_SCALE) {
            throw new InvalidInputException("ai_usage_tracking.cost_usd", "has more than " + COST_SCALE
                    + " decimals (was " + cost.toPlainString() + "); round it before recording");
        }
        return db.inTransaction(tx -> {
            AiUsageTracking stored = tx.aiUsageTracking().insert(call);
            if (stored.tokensUsed() > 0) {
                if (stored.contentGenerationId() != null) {
                    tx.dsl().update(CONTENT_GENERATIONS)
                            .set(CONTENT_GENERATIONS.TOKEN_USAGE,
                                    CONTENT_GENERATIONS.TOKEN_USAGE.plus(stored.tokensUsed()))
                            .where(CONTENT_GENERATIONS.ID.eq(stored.contentGenerationId()))
                            .execute();
                }
                tx.dsl().insertInto(USAGE_COUNTERS, USAGE_COUNTERS.USER_ID, USAGE_COUNTERS.PERIOD_START,
                                USAGE_COUNTERS.TOKENS)
                        .select(DSL.select(USERS.ID,
                                        periodStart(SUBSCRIPTION_TIERS.QUOTA_PERIOD, DSL.val(stored.timestamp())),
                                        DSL.val(stored.tokensUsed().longValue()))
                                .from(USERS).join(SUBSCRIPTION_TIERS)
                                .on(SUBSCRIPTION_TIERS.TIER.eq(USERS.SUBSCRIPTION_TIER))
                                .where(USERS.ID.eq(stored.userId())))
                        .onConflict(USAGE_COUNTERS.USER_ID, USAGE_COUNTERS.PERIOD_START)
                        .doUpdate()
                        .set(USAGE_COUNTERS.TOKENS, USAGE_COUNTERS.TOKENS.plus(DSL.excluded(USAGE_COUNTERS.TOKENS)))
                        .execute();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ai_usage_id", stored.id());
            details.put("ai_service", stored.aiService());
            details.put("operation_type", stored.operationType());
            details.put("tokens_used", stored.tokensUsed());
            details.put("cost_usd", stored.costUsd().toPlainString());
            if (stored.contentGenerationId() != null) {
                details.put("generation_id", stored.contentGenerationId());
            }
            ActivityLog.record(tx, stored.userId(), "ai.call_recorded", details);
            return stored;
        });
    }

    /** The cost of the AI calls recorded from UTC day {@code from} to {@code to}, both included, per user, costliest first. */
    public List<CostLine> costByUser(LocalDate from, LocalDate to) {
        return costBy(AI_USAGE_TRACKING.USER_ID, from, to);
    }

    /** The cost of the AI calls recorded from UTC day {@code from} to {@code to}, both included, per service, costliest first. */
    public List<CostLine> costByService(LocalDate from, LocalDate to) {
        return costBy(AI_USAGE_TRACKING.AI_SERVICE, from, to);
    }

    /** The cost of the AI calls recorded on each UTC day from {@code from} to {@code to}, both included, in day order; days without calls are left out. */
    public List<DailyCost> costByDay(LocalDate from, LocalDate to) {
        Condition inRange = inDays(from, to);
        Field<LocalDate> day = DSL.field("({0} at time zone 'UTC')::date", SQLDataType.LOCALDATE,
                AI_USAGE_TRACKING.TIMESTAMP);
        return db.dsl()
                .select(day, DSL.count(), DSL.sum(AI_USAGE_TRACKING.TOKENS_USED), DSL.sum(AI_USAGE_TRACKING.COST_USD))
                .from(AI_USAGE_TRACKING)
                .where(inRange)
                .groupBy(day)
                .orderBy(day)
                .fetch(row -> new DailyCost(row.value1(), row.value2(), row.value3().longValueExact(),
                        row.value4().setScale(COST_SCALE)));
    }

    private List<CostLine> costBy(Field<String> key, LocalDate from, LocalDate to) {
        Condition inRange = inDays(from, to);
        Field<BigDecimal> cost = DSL.sum(AI_USAGE_TRACKING.COST_USD);
        return db.dsl()
                .select(key, DSL.count(), DSL.sum(AI_USAGE_TRACKING.TOKENS_USED), cost)
                .from(AI_USAGE_TRACKING)
                .where(inRange)
                .groupBy(key)
                .orderBy(cost.desc(), key)
                .fetch(row -> new CostLine(row.value1(), row.value2(), row.value3().longValueExact(),
                        row.value4().setScale(COST_SCALE)));
    }

    private static Condition inDays(LocalDate from, LocalDate to) {
        if (from == null) {
            throw new InvalidInputException("from", "is required");
        }
        if (to == null) {
            throw new InvalidInputException("to", "is required");
        }
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "must not be before from (" + from + "), was " + to);
        }
        OffsetDateTime start = from.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return AI_USAGE_TRACKING.TIMESTAMP.ge(start).and(AI_USAGE_TRACKING.TIMESTAMP.lt(end));
    }

    /** The first UTC day of the period ({@code day}, {@code week} or {@code month}) holding the moment {@code at}. */
    private static Field<LocalDate> periodStart(Field<String> period, Field<OffsetDateTime> at) {
        return DSL.field("date_trunc({0}, {1} at time zone 'UTC')::date", SQLDataType.LOCALDATE, period, at);
    }

    /** The quota of the user {@code userId} names, read in the statement itself. */
    private static Field<Integer> quotaOf(Field<String> userId) {
        return DSL.field(DSL.select(USERS.USAGE_QUOTA).from(USERS).where(USERS.ID.eq(userId)));
    }

    private static void requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "is required");
        }
    }
}
