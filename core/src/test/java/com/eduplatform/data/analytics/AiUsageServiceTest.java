package com.eduplatform.data.analytics;

import static com.eduplatform.data.jooq.Tables.AI_USAGE_TRACKING;
import static com.eduplatform.data.jooq.Tables.CONTENT_GENERATIONS;
import static com.eduplatform.data.jooq.Tables.SUBSCRIPTION_TIERS;
import static com.eduplatform.data.jooq.Tables.USAGE_COUNTERS;
import static com.eduplatform.data.jooq.Tables.USERS;
import static com.eduplatform.data.jooq.Tables.USER_ACTIVITY_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.analytics.AiUsageService.CostLine;
import com.eduplatform.data.analytics.AiUsageService.DailyCost;
import com.eduplatform.data.analytics.AiUsageService.QuotaStatus;
import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.error.NotFoundException;
import com.eduplatform.data.error.QuotaExceededException;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.records.AiUsageTrackingRecord;
import com.eduplatform.data.support.EduDatabaseExtension;
import com.eduplatform.data.support.Race;
import com.eduplatform.data.support.TestRows;
import com.eduplatform.data.types.ContentType;
import com.eduplatform.data.types.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AiUsageServiceTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static EduDatabase db;
    private static AiUsageService aiUsage;

    @BeforeAll
    static void connect() {
        db = database.db();
        aiUsage = db.workflows().aiUsage();
        db.dsl().insertInto(SUBSCRIPTION_TIERS, SUBSCRIPTION_TIERS.TIER, SUBSCRIPTION_TIERS.QUOTA_PERIOD,
                SUBSCRIPTION_TIERS.DEFAULT_QUOTA).values("weekly-test", "week", 50).execute();
    }

    @Test
    void fiftyRequestsAtOnceAgainstAQuotaOfTenAdmitExactlyTen() throws Exception {
        String user = user("quota-10", "free", 10);

        List<String> outcomes = race(50, () -> {
            try {
                return "admitted " + aiUsage.admit(user).requestsUsed();
            } catch (QuotaExceededException refused) {
                return "refused at quota " + refused.quota();
            }
        });

        assertThat(outcomes.stream().filter(o -> o.startsWith("admitted"))).hasSize(10);
        assertThat(outcomes.stream().filter(o -> o.equals("refused at quota 10"))).hasSize(40);
        // Each admission saw its own count: 1 to 10, each once.
        assertThat(outcomes.stream().filter(o -> o.startsWith("admitted")))
                .containsExactlyInAnyOrder("admitted 1", "admitted 2", "admitted 3", "admitted 4", "admitted 5",
                        "admitted 6", "admitted 7", "admitted 8", "admitted 9", "admitted 10");
        assertThat(db.dsl().select(USAGE_COUNTERS.REQUESTS).from(USAGE_COUNTERS)
                .where(USAGE_COUNTERS.USER_ID.eq(user)).fetch(USAGE_COUNTERS.REQUESTS)).containsExactly(10);
        assertThat(activityCount(user, "ai.request_admitted")).isEqualTo(10);
        assertThat(aiUsage.quota(user).remaining()).isZero();
    }

    @Test
    void aQuotaOfZeroRefusesTheFirstRequestAndWritesNothing() {
        String user = user("quota-0", "free", 0);

        assertThatThrownBy(() -> aiUsage.admit(user))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.quota()).isZero();
                    assertThat(e.userId()).isEqualTo(user);
                });

        assertThat(db.dsl().fetchCount(USAGE_COUNTERS, USAGE_COUNTERS.USER_ID.eq(user))).isZero();
        assertThat(activityCount(user, "ai.request_admitted")).isZero();
    }

    @Test
    void theQuotaPeriodFollowsTheUsersTierAndStartsInTheDatabase() {
        LocalDate today = db.dsl().select(DSL.field("(now() at time zone 'UTC')::date", LocalDate.class))
                .fetchSingle().value1();

        QuotaStatus monthly = aiUsage.admit(user("tier-free", "free", 5));
        QuotaStatus daily = aiUsage.admit(user("tier-school", "school", 5));
        QuotaStatus weekly = aiUsage.admit(user("tier-weekly", "weekly-test", 5));

        assertThat(monthly.quotaPeriod()).isEqualTo("month");
        assertThat(monthly.periodStart()).isEqualTo(today.withDayOfMonth(1));
        assertThat(daily.periodStart()).isEqualTo(today);
        assertThat(weekly.periodStart()).isEqualTo(today.minusDays(today.getDayOfWeek().getValue() - 1L));
        assertThat(monthly).isEqualTo(new QuotaStatus("tier-free", "month", today.withDayOfMonth(1), 5, 1, 0));
        assertThat(aiUsage.quota("tier-free").remaining()).isEqualTo(4);
    }

    @Test
    void admittingForAnUnknownOrMissingUserIsRefused() {
        assertThatThrownBy(() -> aiUsage.admit("nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> aiUsage.admit(" "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("userId"));
    }

    @Test
    void aRecordedCallRollsItsTokensUpToItsGenerationAndTheUsersPeriod() {
        String user = user("recorder", "free", 100);
        int generation = TestRows.generation(db.dsl(), user, ContentType.LESSON);

        AiUsageTracking stored = aiUsage.record(call(user, "openai", "text_generation", 1234, "0.012345")
                .setResponseTimeMs(850).setContentGenerationId(generation));

        assertThat(stored.costUsd()).isEqualTo(new BigDecimal("0.012345"));
        assertThat(stored.responseTimeMs()).isEqualTo(850);
        assertThat(tokenUsage(generation)).isEqualTo(1234);
        assertThat(aiUsage.quota(user).tokensUsed()).isEqualTo(1234);
        assertThat(aiUsage.quota(user).requestsUsed()).isZero();
        assertThat(activityCount(user, "ai.call_recorded")).isEqualTo(1);
    }

    @Test
    void fortyCallsRecordedAtOnceRollUpEveryToken() throws Exception {
        String user = user("parallel-recorder", "free", 100);
        int generation = TestRows.generation(db.dsl(), user, ContentType.EXAM);
        List<Integer> tokens = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            tokens.add(i * 7);
        }
        int expected = tokens.stream().mapToInt(Integer::intValue).sum();

        race(tokens.size(), index -> aiUsage.record(call(user, "openai", "text_generation", tokens.get(index),
                "0.000001").setContentGenerationId(generation)));

        assertThat(tokenUsage(generation)).isEqualTo(expected);
        assertThat(aiUsage.quota(user).tokensUsed()).isEqualTo(expected);
        assertThat(db.aiUsageTracking().count(AI_USAGE_TRACKING.CONTENT_GENERATION_ID.eq(generation))).isEqualTo(40);
    }

    @Test
    void costReportsSumExactlyToSixDecimalsByUserServiceAndDay() {
        String alice = user("cost-alice", "free", 100);
        String bob = user("cost-bob", "free", 100);
        recordAt(alice, "openai", 100, "0.100001", "2021-03-01T08:00:00Z");
        recordAt(alice, "openai", 200, "0.200002", "2021-03-01T23:59:59.999999Z");
        recordAt(alice, "anthropic", 300, "0.000001", "2021-03-02T00:00:00Z");
        recordAt(bob, "openai", 50, "1.5", "2021-03-02T12:00:00Z");
        recordAt(bob, "anthropic", 10, "0.333333", "2021-03-02T23:59:59.999999Z");
        recordAt(bob, "openai", 999, "9.999999", "2021-03-03T00:00:00Z");
        recordAt(bob, "openai", 999, "9.999999", "2021-02-28T23:59:59.999999Z");
        LocalDate from = LocalDate.parse("2021-03-01");
        LocalDate to = LocalDate.parse("2021-03-02");

        List<CostLine> byUser = aiUsage.costByUser(from, to);
        List<CostLine> byService = aiUsage.costByService(from, to);
        List<DailyCost> byDay = aiUsage.costByDay(from, to);

        assertThat(byUser).containsExactly(
                new CostLine(bob, 2, 60, new BigDecimal("1.833333")),
                new CostLine(alice, 3, 600, new BigDecimal("0.300004")));
        assertThat(byService).containsExactly(
                new CostLine("openai", 3, 350, new BigDecimal("1.800003")),
                new CostLine("anthropic", 2, 310, new BigDecimal("0.333334")));
        assertThat(byDay).containsExactly(
                new DailyCost(from, 2, 300, new BigDecimal("0.300003")),
                new DailyCost(to, 3, 360, new BigDecimal("1.833334")));
        assertThat(aiUsage.costByDay(to, to)).containsExactly(new DailyCost(to, 3, 360, new BigDecimal("1.833334")));
    }

    @Test
    void aReportOverAnEmptyOrBackwardRangeIsEmptyOrRefused() {
        assertThat(aiUsage.costByService(LocalDate.parse("1999-01-01"), LocalDate.parse("1999-12-31"))).isEmpty();
        assertThatThrownBy(() -> aiUsage.costByUser(LocalDate.parse("2021-03-02"), LocalDate.parse("2021-03-01")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void badCallsAreRefusedNamingTheFieldAndNothingIsWritten() {
        String user = user("bad-input", "free", 100);
        int generation = TestRows.generation(db.dsl(), user, ContentType.LESSON);

        assertRefused(call(user, "openai", "text_generation", 10, "0.0000001").setContentGenerationId(generation),
                "ai_usage_tracking.cost_usd");
        assertRefused(call(user, "openai", "text_generation", 10, "-0.000001").setContentGenerationId(generation),
                "ai_usage_tracking.cost_usd");
        assertRefused(call(user, "openai", "text_generation", 10, "10000.000000"), "ai_usage_tracking.cost_usd");
        assertRefused(call(user, "openai", "text_generation", -1, "0.1").setContentGenerationId(generation),
                "ai_usage_tracking.tokens_used");
        assertRefused(call(user, "openai", "text_generation", 10, "0.1").setResponseTimeMs(-3),
                "ai_usage_tracking.response_time_ms");
        assertRefused(db.aiUsageTracking().newRecord().setUserId(user).setOperationType("text_generation")
                .setTokensUsed(10).setCostUsd(new BigDecimal("0.1")), "ai_usage_tracking.ai_service");

        assertThat(db.aiUsageTracking().count(AI_USAGE_TRACKING.USER_ID.eq(user))).isZero();
        assertThat(tokenUsage(generation)).isZero();
        assertThat(db.dsl().fetchCount(USAGE_COUNTERS, USAGE_COUNTERS.USER_ID.eq(user))).isZero();
        assertThat(activityCount(user, "ai.call_recorded")).isZero();
    }

    @Test
    void aCostWithTrailingZerosBeyondSixDecimalsIsNotMorePrecise() {
        String user = user("trailing-zeros", "free", 100);

        AiUsageTracking stored = aiUsage.record(call(user, "openai", "analysis", 1, "0.25000000"));

        assertThat(stored.costUsd()).isEqualTo(new BigDecimal("0.250000"));
    }

    private static void assertRefused(AiUsageTrackingRecord call, String field) {
        assertThatThrownBy(() -> aiUsage.record(call))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static String user(String id, String tier, int quota) {
        TestRows.user(db.dsl(), id, Role.TEACHER);
        db.dsl().update(USERS).set(USERS.SUBSCRIPTION_TIER, tier).set(USERS.USAGE_QUOTA, quota)
                .where(USERS.ID.eq(id)).execute();
        return id;
    }

    private static AiUsageTrackingRecord call(String user, String service, String operation, int tokens,
                                              String cost) {
        return db.aiUsageTracking().newRecord().setUserId(user).setAiService(service).setOperationType(operation)
                .setTokensUsed(tokens).setCostUsd(new BigDecimal(cost));
    }

    private static void recordAt(String user, String service, int tokens, String cost, String at) {
        aiUsage.record(call(user, service, "text_generation", tokens, cost)
                .setTimestamp(OffsetDateTime.parse(at).withOffsetSameInstant(ZoneOffset.UTC)));
    }

    private static int tokenUsage(int generation) {
        return db.dsl().select(CONTENT_GENERATIONS.TOKEN_USAGE).from(CONTENT_GENERATIONS)
                .where(CONTENT_GENERATIONS.ID.eq(generation)).fetchSingle(CONTENT_GENERATIONS.TOKEN_USAGE);
    }

    private static int activityCount(String user, String type) {
        return db.dsl().fetchCount(USER_ACTIVITY_LOGS,
                USER_ACTIVITY_LOGS.USER_ID.eq(user).and(USER_ACTIVITY_LOGS.ACTIVITY_TYPE.eq(type)));
    }

    /** Runs {@code threads} tasks released together by a latch; returns their results in task order. */
    private static <T> List<T> race(int threads, Callable<T> work) throws Exception {
        return Race.run(threads, index -> work.call());
    }

    /** As {@link #race(int, Callable)}, for tasks that take their index and return nothing. */
    private static void race(int threads, Consumer<Integer> work) throws Exception {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            indexes.add(i);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        race(threads, () -> {
            work.accept(indexes.get(next.getAndIncrement()));
            return null;
        });
    }
}
