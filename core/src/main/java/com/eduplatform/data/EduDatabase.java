package com.eduplatform.data;

import com.eduplatform.data.bulk.BulkLoader;
import com.eduplatform.data.analytics.Reports;
import com.eduplatform.data.encryption.FieldEncryption;
import com.eduplatform.data.encryption.KeyProvider;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.TransactionConflictException;
import com.eduplatform.data.internal.CursorCodec;
import com.eduplatform.data.internal.ErrorTranslator;
import com.eduplatform.data.internal.ReadAudit;
import com.eduplatform.data.internal.TableMeta;
import com.eduplatform.data.internal.Transactions;
import com.eduplatform.data.internal.jooq.FieldCipher;
import com.eduplatform.data.internal.jooq.JsonbConverter;
import com.eduplatform.data.jooq.DefaultSchema;
import com.eduplatform.data.jooq.Tables;
import com.eduplatform.data.jooq.tables.pojos.AdminProfiles;
import com.eduplatform.data.jooq.tables.pojos.AiUsageTracking;
import com.eduplatform.data.jooq.tables.pojos.CommunicationLogs;
import com.eduplatform.data.jooq.tables.pojos.ContentCurriculumAlignment;
import com.eduplatform.data.jooq.tables.pojos.ContentFeedback;
import com.eduplatform.data.jooq.tables.pojos.ContentGenerations;
import com.eduplatform.data.jooq.tables.pojos.ContentShares;
import com.eduplatform.data.jooq.tables.pojos.ContentUsageStats;
import com.eduplatform.data.jooq.tables.pojos.CurriculumStandards;
import com.eduplatform.data.jooq.tables.pojos.DoubtSubmissions;
import com.eduplatform.data.jooq.tables.pojos.EducationalResources;
import com.eduplatform.data.jooq.tables.pojos.ExamQuestions;
import com.eduplatform.data.jooq.tables.pojos.GeneratedExams;
import com.eduplatform.data.jooq.tables.pojos.GeneratedLessons;
import com.eduplatform.data.jooq.tables.pojos.Notifications;
import com.eduplatform.data.jooq.tables.pojos.ParentProfiles;
import com.eduplatform.data.jooq.tables.pojos.PracticeSessions;
import com.eduplatform.data.jooq.tables.pojos.StudentProfiles;
import com.eduplatform.data.jooq.tables.pojos.TeacherProfiles;
import com.eduplatform.data.jooq.tables.pojos.TutoringSessions;
import com.eduplatform.data.jooq.tables.pojos.UserActivityLogs;
import com.eduplatform.data.jooq.tables.pojos.UserPerformanceMetrics;
import com.eduplatform.data.jooq.tables.pojos.UserSessions;
import com.eduplatform.data.jooq.tables.pojos.Users;
import com.eduplatform.data.jooq.tables.pojos.Workspaces;
import com.eduplatform.data.jooq.tables.records.AdminProfilesRecord;
import com.eduplatform.data.jooq.tables.records.AiUsageTrackingRecord;
import com.eduplatform.data.jooq.tables.records.CommunicationLogsRecord;
import com.eduplatform.data.jooq.tables.records.ContentCurriculumAlignmentRecord;
import com.eduplatform.data.jooq.tables.records.ContentFeedbackRecord;
import com.eduplatform.data.jooq.tables.records.ContentGenerationsRecord;
import com.eduplatform.data.jooq.tables.records.ContentSharesRecord;
import com.eduplatform.data.jooq.tables.records.ContentUsageStatsRecord;
import com.eduplatform.data.jooq.tables.records.CurriculumStandardsRecord;
import com.eduplatform.data.jooq.tables.records.DoubtSubmissionsRecord;
import com.eduplatform.data.jooq.tables.records.EducationalResourcesRecord;
import com.eduplatform.data.jooq.tables.records.ExamQuestionsRecord;
import com.eduplatform.data.jooq.tables.records.GeneratedExamsRecord;
import com.eduplatform.data.jooq.tables.records.GeneratedLessonsRecord;
import com.eduplatform.data.jooq.tables.records.NotificationsRecord;
import com.eduplatform.data.jooq.tables.records.ParentProfilesRecord;
import com.eduplatform.data.jooq.tables.records.PracticeSessionsRecord;
import com.eduplatform.data.jooq.tables.records.StudentProfilesRecord;
import com.eduplatform.data.jooq.tables.records.TeacherProfilesRecord;
import com.eduplatform.data.jooq.tables.records.TutoringSessionsRecord;
import com.eduplatform.data.jooq.tables.records.UserActivityLogsRecord;
import com.eduplatform.data.jooq.tables.records.UserPerformanceMetricsRecord;
import com.eduplatform.data.jooq.tables.records.UserSessionsRecord;
import com.eduplatform.data.jooq.tables.records.UsersRecord;
import com.eduplatform.data.jooq.tables.records.WorkspacesRecord;
import com.eduplatform.data.jooq.tables.pojos.ContentGenerationVersions;
import com.eduplatform.data.jooq.tables.pojos.SubscriptionTiers;
import com.eduplatform.data.jooq.tables.pojos.UsageCounters;
import com.eduplatform.data.jooq.tables.records.ContentGenerationVersionsRecord;
import com.eduplatform.data.jooq.tables.records.SubscriptionTiersRecord;
import com.eduplatform.data.jooq.tables.records.UsageCountersRecord;
import com.eduplatform.data.monitoring.HealthReport;
import com.eduplatform.data.monitoring.Maintenance;
import com.eduplatform.data.monitoring.SlowQuery;
import com.eduplatform.data.monitoring.internal.HealthQueries;
import com.eduplatform.data.monitoring.internal.MicrometerMetrics;
import com.eduplatform.data.monitoring.internal.QueryMonitor;
import com.eduplatform.data.monitoring.internal.QueryTimer;
import com.eduplatform.data.partitions.Partitions;
import com.eduplatform.data.privacy.Privacy;
import com.eduplatform.data.jooq.tables.pojos.ParentalConsents;
import com.eduplatform.data.jooq.tables.pojos.PrivacyRequests;
import com.eduplatform.data.jooq.tables.records.ParentalConsentsRecord;
import com.eduplatform.data.jooq.tables.records.PrivacyRequestsRecord;
import com.eduplatform.data.audit.AuditTrail;
import com.eduplatform.data.replica.ReplicaStatus;
import com.eduplatform.data.replica.WalPosition;
import com.eduplatform.data.replica.internal.ReplicaRouter;
import com.eduplatform.data.schema.SchemaMigrations;
import com.eduplatform.data.security.Actor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.UpdatableRecord;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The entry point of the library: one per database, shared by the whole host, safe for concurrent use.
 *
 * <pre>{@code
 * try (EduDatabase db = EduDatabase.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/edu")
 *         .user("app").password(secret)
 *         .migrateOnStart(true)
 *         .build()) {
 *     db.dsl().selectFrom(USERS).where(USERS.AUTH0_ID.eq(auth0Id)).fetchOptional();
 * }
 * }</pre>
 *
 * <p>Each table has its typed {@link Repository} ({@link #users()}, {@link #contentGenerations()}, ...); {@link
 * #dsl()} is jOOQ over the generated classes for queries of your own; {@link #inTransaction} groups both into one
 * transaction.
 *
 * <p>Built from a JDBC URL (a HikariCP pool is created and owned) or from the host's own {@link DataSource} (used
 * as given, never closed here). JSONB columns are read and written with the host's {@link ObjectMapper} when one is
 * given.
 */
public final class EduDatabase implements AutoCloseable {

    static {
        // jOOQ prints a banner and a "tip of the day" into the host's log unless told not to; a host that wants
        // them can still set these properties to false before first use.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final ObjectMapper objectMapper;
    private final DSLContext dsl;
    private final Transactions transactions;
    private final ErrorTranslator errors;
    private final ReplicaRouter replicas;
    private final DSLContext analytics;
    private final Map<Table<?>, Repository<?, ?, ?>> repositories = new HashMap<>();
    private final Workflows workflows;
    private final BulkLoader bulk;
    private final QueryMonitor monitor;
    /** The Micrometer binding, typed loosely so that no Micrometer class loads without a registry. */
    private final AutoCloseable metrics;
    private final AuditTrail audit;
    private final FieldEncryption encryption;

    private EduDatabase(Builder builder) {
        this.ownedPool = builder.dataSource == null ? createPool(builder) : null;
        this.dataSource = ownedPool != null ? ownedPool : builder.dataSource;
        this.objectMapper = builder.objectMapper != null ? builder.objectMapper : JsonbConverter.defaultObjectMapper();
        try {
            prepareSchema(builder);
        } catch (RuntimeException e) {
            if (ownedPool != null) {
                ownedPool.close();
            }
            throw e;
        }
        this.errors = new ErrorTranslator(DefaultSchema.DEFAULT_SCHEMA, this::actingUserId);
        this.replicas = replicaRouter(builder, dataSource);
        QueryTimer timer = null;
        if (builder.meterRegistry != null) {
            MicrometerMetrics micrometer = new MicrometerMetrics(builder.meterRegistry);
            if (replicas.configured()) {
                micrometer.replicaLag(replicas::status);
            }
            timer = micrometer;
            this.metrics = micrometer;
        } else {
            this.metrics = null;
        }
        this.monitor = new QueryMonitor(builder.slowQueryThreshold, builder.slowQueryListener, timer);
        this.transactions = new Transactions(dataSource, errors, builder.transactionAttempts,
                replicas.commitObserver());
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(transactions);
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(new Settings().withExecuteLogging(false));
        List<ExecuteListener> listeners = new ArrayList<>(List.of(errors));
        if (replicas.configured()) {
            listeners.add(replicas.writeTracker());
        }
        listeners.add(monitor);
        if (builder.auditReads) {
            ReadAudit readAudit = new ReadAudit(errors, transactions);
            listeners.add(readAudit);
            configuration.data(ReadAudit.CONFIGURATION_KEY, readAudit);
        }
        configuration.set(listeners.toArray(ExecuteListener[]::new));
        configuration.data(JsonbConverter.OBJECT_MAPPER, objectMapper);
        configuration.data(JsonbConverter.LIMITS, new JsonbConverter.Limits(builder.maxJsonLength, builder.maxJsonDepth));
        configuration.data(FieldCipher.KEY, builder.keyProvider == null ? FieldCipher.disabled()
                : FieldCipher.of(builder.keyProvider));
        this.dsl = DSL.using(configuration);
        this.analytics = monitored(replicas.analytics(configuration, transactions, errors, null));
        RepositoryContext context = new RepositoryContext(dsl, transactions, errors,
                new CursorCodec(builder.cursorSecret.getBytes(StandardCharsets.UTF_8)));
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (table.getPrimaryKey() != null) {
                repositories.put(table, repository(context, table));
            }
        }
        this.workflows = new Workflows(this);
        this.bulk = new BulkLoader(this);
        this.audit = new AuditTrail(this);
        this.encryption = new FieldEncryption(this);
    }

    /** Starts the configuration of an {@code EduDatabase}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The jOOQ context for typed queries of your own over the generated classes in
     * {@code com.eduplatform.data.jooq}. Each query borrows a connection from the pool and returns it.
     */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * The platform's flows (content generation, AI usage and quotas, doubts, exams, sharing, families,
     * notifications, ...) as typed, transactional operations built on the repositories.
     */
    public Workflows workflows() {
        return workflows;
    }

    /**
     * Runs {@code work} in one transaction and returns its result: committed when it returns, rolled back when it
     * throws. Every call on this thread inside it (repositories and {@link #dsl()} alike) joins it; a transaction
     * started inside another is a savepoint of it, rolled back alone when its work throws. The argument is this
     * same instance.
     */
    public <T> T inTransaction(Function<EduDatabase, T> work) {
        return transactions.inTransaction(() -> work.apply(this));
    }

    /** As {@link #inTransaction(Function)}, for work that returns nothing. */
    public void useTransaction(Consumer<EduDatabase> work) {
        transactions.inTransaction(() -> {
            work.accept(this);
            return null;
        });
    }

    /**
     * As {@link #inTransaction(Function)}, running the whole transaction again when it fails with a serialization
     * failure or a deadlock (SQLSTATE 40001, 40P01), and for nothing else, up to
     * {@link Builder#transactionAttempts(int)} attempts with a growing, jittered pause between them. The last
     * failure is thrown as a {@link TransactionConflictException}. {@code work} must be safe to run again.
     */
    public <T> T inRetryingTransaction(Function<EduDatabase, T> work) {
        return transactions.inRetryingTransaction(() -> work.apply(this));
    }

    /**
     * As {@link #inTransaction(Function)}, on behalf of {@code actor}: the transaction begins by handing the acting
     * user and school to the database for this transaction only, and the schema's row-level security policies then
     * show and let change only what that user may (a student their own rows, a teacher their school's, a parent their
     * children's, an admin their schools'). Everything in {@code work} on this thread (repositories, {@link #dsl()},
     * {@link #workflows()}) runs in that transaction; a write the policies refuse is an
     * {@link com.eduplatform.data.error.AccessDeniedException}. When the transaction ends, the pooled connection
     * carries no identity into its next use.
     *
     * <p>Inside a transaction acting as the same actor this is a savepoint of it; inside a transaction acting as
     * anyone else (or nobody) it throws {@link IllegalStateException}: a transaction's actor is set where it begins.
     * Connect as a member of the application role ({@code edudata_app}) for the policies to apply: a superuser or a
     * {@code BYPASSRLS} role is not filtered. See {@code docs/security.md}.
     */
    public <T> T inTransaction(Actor actor, Function<EduDatabase, T> work) {
        return transactions.inTransaction(actor, () -> work.apply(this));
    }

    /** As {@link #inTransaction(Actor, Function)}, for work that returns nothing. */
    public void useTransaction(Actor actor, Consumer<EduDatabase> work) {
        transactions.inTransaction(actor, () -> {
            work.accept(this);
            return null;
        });
    }

    /**
     * As {@link #inRetryingTransaction(Function)}, on behalf of {@code actor} as in
     * {@link #inTransaction(Actor, Function)}; every attempt begins acting as {@code actor}.
     */
    public <T> T inRetryingTransaction(Actor actor, Function<EduDatabase, T> work) {
        return transactions.inRetryingTransaction(actor, () -> work.apply(this));
    }

    /** The repository of {@code users}. */
    public Repository<UsersRecord, Users, String> users() {
        return repository(Tables.USERS);
    }

    /** The repository of {@code user_sessions}. */
    public Repository<UserSessionsRecord, UserSessions, Long> userSessions() {
        return repository(Tables.USER_SESSIONS);
    }

    /** The repository of {@code student_profiles}. */
    public Repository<StudentProfilesRecord, StudentProfiles, Integer> studentProfiles() {
        return repository(Tables.STUDENT_PROFILES);
    }

    /** The repository of {@code teacher_profiles}. */
    public Repository<TeacherProfilesRecord, TeacherProfiles, Integer> teacherProfiles() {
        return repository(Tables.TEACHER_PROFILES);
    }

    /** The repository of {@code parent_profiles}. */
    public Repository<ParentProfilesRecord, ParentProfiles, Integer> parentProfiles() {
        return repository(Tables.PARENT_PROFILES);
    }

    /** The repository of {@code admin_profiles}. */
    public Repository<AdminProfilesRecord, AdminProfiles, Integer> adminProfiles() {
        return repository(Tables.ADMIN_PROFILES);
    }

    /** The repository of {@code content_generations}. */
    public Repository<ContentGenerationsRecord, ContentGenerations, Integer> contentGenerations() {
        return repository(Tables.CONTENT_GENERATIONS);
    }

    /** The repository of {@code generated_exams}. */
    public Repository<GeneratedExamsRecord, GeneratedExams, Integer> generatedExams() {
        return repository(Tables.GENERATED_EXAMS);
    }

    /** The repository of {@code exam_questions}. */
    public Repository<ExamQuestionsRecord, ExamQuestions, Integer> examQuestions() {
        return repository(Tables.EXAM_QUESTIONS);
    }

    /** The repository of {@code generated_lessons}. */
    public Repository<GeneratedLessonsRecord, GeneratedLessons, Integer> generatedLessons() {
        return repository(Tables.GENERATED_LESSONS);
    }

    /** The repository of {@code tutoring_sessions}. */
    public Repository<TutoringSessionsRecord, TutoringSessions, Integer> tutoringSessions() {
        return repository(Tables.TUTORING_SESSIONS);
    }

    /** The repository of {@code doubt_submissions}. */
    public Repository<DoubtSubmissionsRecord, DoubtSubmissions, Integer> doubtSubmissions() {
        return repository(Tables.DOUBT_SUBMISSIONS);
    }

    /** The repository of {@code practice_sessions}. */
    public Repository<PracticeSessionsRecord, PracticeSessions, Integer> practiceSessions() {
        return repository(Tables.PRACTICE_SESSIONS);
    }

    /** The repository of {@code user_activity_logs}, keyed by (id, "timestamp"): the partition key is part of the primary key. */
    public Repository<UserActivityLogsRecord, UserActivityLogs, Record2<Long, OffsetDateTime>> userActivityLogs() {
        return repository(Tables.USER_ACTIVITY_LOGS);
    }

    /** The repository of {@code content_usage_stats}. */
    public Repository<ContentUsageStatsRecord, ContentUsageStats, Long> contentUsageStats() {
        return repository(Tables.CONTENT_USAGE_STATS);
    }

    /** The repository of {@code user_performance_metrics}. */
    public Repository<UserPerformanceMetricsRecord, UserPerformanceMetrics, Integer> userPerformanceMetrics() {
        return repository(Tables.USER_PERFORMANCE_METRICS);
    }

    /** The repository of {@code ai_usage_tracking}. */
    public Repository<AiUsageTrackingRecord, AiUsageTracking, Long> aiUsageTracking() {
        return repository(Tables.AI_USAGE_TRACKING);
    }

    /** The repository of {@code curriculum_standards}. */
    public Repository<CurriculumStandardsRecord, CurriculumStandards, Integer> curriculumStandards() {
        return repository(Tables.CURRICULUM_STANDARDS);
    }

    /** The repository of {@code content_curriculum_alignment}. */
    public Repository<ContentCurriculumAlignmentRecord, ContentCurriculumAlignment, Integer> contentCurriculumAlignment() {
        return repository(Tables.CONTENT_CURRICULUM_ALIGNMENT);
    }

    /** The repository of {@code educational_resources}. */
    public Repository<EducationalResourcesRecord, EducationalResources, Integer> educationalResources() {
        return repository(Tables.EDUCATIONAL_RESOURCES);
    }

    /** The repository of {@code content_shares}. */
    public Repository<ContentSharesRecord, ContentShares, Integer> contentShares() {
        return repository(Tables.CONTENT_SHARES);
    }

    /** The repository of {@code workspaces}. */
    public Repository<WorkspacesRecord, Workspaces, Integer> workspaces() {
        return repository(Tables.WORKSPACES);
    }

    /** The repository of {@code content_feedback}. */
    public Repository<ContentFeedbackRecord, ContentFeedback, Integer> contentFeedback() {
        return repository(Tables.CONTENT_FEEDBACK);
    }

    /** The repository of {@code notifications}. */
    public Repository<NotificationsRecord, Notifications, Long> notifications() {
        return repository(Tables.NOTIFICATIONS);
    }

    /** The repository of {@code communication_logs}. */
    public Repository<CommunicationLogsRecord, CommunicationLogs, Long> communicationLogs() {
        return repository(Tables.COMMUNICATION_LOGS);
    }

    /** The repository of {@code subscription_tiers}: the quota period and default quota of each tier. */
    public Repository<SubscriptionTiersRecord, SubscriptionTiers, String> subscriptionTiers() {
        return repository(Tables.SUBSCRIPTION_TIERS);
    }

    /** The repository of {@code usage_counters}, keyed by (user_id, period_start). */
    public Repository<UsageCountersRecord, UsageCounters, Record2<String, LocalDate>> usageCounters() {
        return repository(Tables.USAGE_COUNTERS);
    }

    /** The repository of {@code content_generation_versions}, keyed by (content_generation_id, version_number). */
    public Repository<ContentGenerationVersionsRecord, ContentGenerationVersions, Record2<Integer, Integer>>
            contentGenerationVersions() {
        return repository(Tables.CONTENT_GENERATION_VERSIONS);
    }

    /**
     * The partition lifecycle of the tables partitioned by month ({@code user_activity_logs}): partitions created
     * ahead, the DEFAULT partition drained, months past their retention archived to schema {@code archive} and
     * attached back on demand; {@code apply(PartitionPolicy)} does it all for a scheduler.
     */
    public Partitions partitions() {
        return new Partitions(this);
    }

    /**
     * The jOOQ context for analytics reads: the same generated classes, converters and error translation as
     * {@link #dsl()}, for reads only, served by the read replica when one is configured
     * ({@link Builder#replicaJdbcUrl(String)}), reachable and within {@link Builder#maxReplicaLag(Duration)};
     * otherwise by the primary, so a read never fails because the replica is down or behind. Without a replica it
     * is the primary.
     *
     * <ul>
     *   <li>Inside {@link #inTransaction} it reads on the transaction's connection, seeing its uncommitted rows.
     *   <li>After this thread committed a write, a read waits (up to {@link Builder#readYourWritesTimeout(Duration)})
     *       until the replica has replayed it, else goes to the primary: a thread reads its own writes.
     *   <li>Anything but a read (INSERT, UPDATE, DELETE, DDL, ..., with or without RETURNING) is refused with a
     *       {@link com.eduplatform.data.error.ReadOnlyException}, replica or not.
     * </ul>
     */
    public DSLContext analytics() {
        return analytics;
    }

    /**
     * As {@link #analytics()}, reading from the replica only once it has replayed at least {@code atLeast}: a
     * {@link #lastCommitPosition()} carried from another thread or request (say, in the user's session), so a
     * user reads their own writes wherever they made them. Without a replica it is {@link #analytics()}.
     */
    public DSLContext analytics(WalPosition atLeast) {
        Objects.requireNonNull(atLeast, "atLeast");
        return replicas.configured()
                ? monitored(replicas.analytics(dsl.configuration(), transactions, errors, atLeast)) : analytics;
    }

    /**
     * Where this thread's last committed write ends in the primary's WAL: the token to pass to
     * {@link #analytics(WalPosition)} from elsewhere. Empty when this thread has not written, and always without a
     * replica (positions are only taken when one is configured, so commits cost nothing extra otherwise).
     */
    public Optional<WalPosition> lastCommitPosition() {
        return Optional.ofNullable(replicas.lastCommit());
    }

    /**
     * The read replica as last checked (state, lag, bytes behind), for health endpoints and metrics. Checks run in
     * the background at most once per {@link Builder#replicaCheckInterval(Duration)}; asking starts one when the
     * last is older. {@link ReplicaStatus.State#NOT_CONFIGURED} without a replica.
     */
    public ReplicaStatus replicaStatus() {
        return replicas.status();
    }

    /**
     * Bulk ingestion through PostgreSQL's COPY: a stream of the generated POJO records of one table written in one
     * transaction (or in the current one), validated row by row, for loads far faster than inserts.
     */
    public BulkLoader bulk() {
        return bulk;
    }

    /** The repository of {@code parental_consents} (COPPA; {@link #privacy()} records and revokes them). */
    public Repository<ParentalConsentsRecord, ParentalConsents, Integer> parentalConsents() {
        return repository(Tables.PARENTAL_CONSENTS);
    }

    /** The repository of {@code privacy_requests}: the pseudonymous record of every export and erasure. */
    public Repository<PrivacyRequestsRecord, PrivacyRequests, Long> privacyRequests() {
        return repository(Tables.PRIVACY_REQUESTS);
    }

    /**
     * GDPR and COPPA: export or erase everything about a user, enforce retention periods, record parental consents.
     * Cheap to call: it holds nothing but this instance. See {@code docs/privacy.md}.
     */
    public Privacy privacy() {
        return new Privacy(this);
    }

    /**
     * The platform's reports: refreshing the materialized report views (read them through {@link #dsl()} and
     * {@code Tables.DAILY_ACTIVE_USERS}, ...), and computing {@code user_performance_metrics}. Cheap to call: it
     * holds nothing but this instance.
     */
    public Reports reports() {
        return new Reports(this);
    }

    /**
     * The database's health as of now, for a health endpoint or an operator: connections (this database's and
     * the pool's), each table's and index's size, indexes never scanned, dead rows and the last (auto)vacuum and
     * (auto)analyze per table, the cache hit ratio, the standbys streaming from the primary and the configured
     * replica's lag. About a dozen catalog reads; meant for seconds-apart polling, not per request. See
     * {@code docs/monitoring.md}.
     */
    public HealthReport health() {
        return HealthQueries.report(dsl, dataSource, replicas.status());
    }

    /**
     * ANALYZE, VACUUM and REINDEX CONCURRENTLY of the library's tables and indexes, on demand. Cheap to call: it
     * holds nothing but this instance's jOOQ context.
     */
    public Maintenance maintenance() {
        return new Maintenance(this);
    }

    /**
     * The audit trail: sealing and verifying its hash chain, and reading its entries (which needs a login in
     * {@code edudata_auditor}). Every change to schema public is recorded by triggers; the reads of the sensitive
     * tables through this instance's jOOQ contexts are recorded unless {@link Builder#auditReads(boolean)} turned
     * that off. See docs/audit.md.
     */
    public AuditTrail audit() {
        return audit;
    }

    /**
     * Field encryption: the seed's sensitive text (names and e-mail addresses of users, doubts and their
     * resolutions, practice answers) is stored AES-GCM encrypted when {@link Builder#keyProvider(KeyProvider)} is
     * set, and read and written as plaintext everywhere else. From here: the exact-match lookup by e-mail address,
     * key rotation, and turning encryption off. See {@code docs/encryption.md}.
     */
    public FieldEncryption encryption() {
        return encryption;
    }

    /** The DataSource every query runs on: the owned pool, or the host's DataSource. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The ObjectMapper JSONB columns are read and written with. */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** Closes the connection pools this instance created; a host's DataSources are left open. */
    @Override
    public void close() {
        try {
            if (metrics != null) {
                metrics.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Unregistering the metrics failed", e);
        } finally {
            closePools();
        }
    }

    private void closePools() {
        try {
            replicas.close();
        } finally {
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }

    /** {@code context} with the slow-query log and query timers added to its listeners. */
    private DSLContext monitored(DSLContext context) {
        return DSL.using(context.configuration().deriveAppending(monitor));
    }

    private static ReplicaRouter replicaRouter(Builder builder, DataSource primary) {
        if (builder.replicaJdbcUrl == null && builder.replicaDataSource == null) {
            return new ReplicaRouter();
        }
        DataSource replica = builder.replicaDataSource != null ? builder.replicaDataSource
                : ReplicaRouter.replicaPool(builder.replicaJdbcUrl,
                        builder.replicaUser != null ? builder.replicaUser : builder.user,
                        builder.replicaPassword != null ? builder.replicaPassword : builder.password,
                        builder.maximumPoolSize, builder.poolName + "-replica");
        return new ReplicaRouter(primary, replica, builder.replicaDataSource == null, builder.maxReplicaLag,
                builder.readYourWritesTimeout, builder.replicaCheckInterval);
    }

    private static HikariDataSource createPool(Builder builder) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(builder.poolName);
        config.setJdbcUrl(builder.jdbcUrl);
        config.setUsername(builder.user);
        config.setPassword(builder.password);
        config.setMaximumPoolSize(builder.maximumPoolSize);
        if (builder.meterRegistry != null) {
            config.setMetricsTrackerFactory(MicrometerMetrics.poolMetrics(builder.meterRegistry));
        }
        return new HikariDataSource(config);
    }

    /** The user this thread's transaction acts for, named in the errors of the statements it runs. */
    private String actingUserId() {
        return transactions.actingUserId();
    }

    @SuppressWarnings("unchecked")
    private <R extends UpdatableRecord<R>, P, K> Repository<R, P, K> repository(Table<R> table) {
        return (Repository<R, P, K>) repositories.get(table);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Repository<?, ?, ?> repository(RepositoryContext context, Table<?> table) {
        String valueType = Tables.class.getPackageName() + ".tables.pojos." + table.getClass().getSimpleName();
        try {
            return new Repository(context, new TableMeta(table, Class.forName(valueType)));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No generated value type " + valueType + ": regenerate the jOOQ classes", e);
        }
    }

    private void prepareSchema(Builder builder) {
        if (!builder.migrateOnStart && !builder.validateOnStart) {
            return;
        }
        try {
            // With a URL, Flyway opens connections of its own: it needs two at once, more than a small pool may have.
            Flyway flyway = (ownedPool != null
                    ? SchemaMigrations.configure(builder.jdbcUrl, builder.user, builder.password)
                    : SchemaMigrations.configure(dataSource)).load();
            if (builder.migrateOnStart) {
                flyway.migrate();
            }
            flyway.validate();
        } catch (FlywayException e) {
            throw new EduDataException((builder.migrateOnStart ? "Migrating" : "Validating")
                    + " the schema failed: " + e.getMessage(), null, e);
        }
    }

    /**
     * Settings of an {@link EduDatabase}, checked once by {@link #build()}. Give either {@link #jdbcUrl(String)}
     * or {@link #dataSource(DataSource)}.
     *
     * <p>Monitoring: {@link #slowQueryThreshold(Duration)} and {@link #slowQueryListener(Consumer)} for the
     * slow-query log, {@link #meterRegistry} for Micrometer metrics; {@link EduDatabase#health()} and
     * {@link EduDatabase#maintenance()} need no setting (see {@code docs/monitoring.md}).
     */
    public static final class Builder {

        private String jdbcUrl;
        private String user;
        private String password;
        private DataSource dataSource;
        private ObjectMapper objectMapper;
        private int maximumPoolSize = 10;
        private String poolName = "edu-data";
        private boolean migrateOnStart;
        private boolean validateOnStart = true;
        private int transactionAttempts = 5;
        private String cursorSecret = "edu-data keyset cursors";
        private int maxJsonLength = JsonbConverter.Limits.DEFAULT.maxLength();
        private int maxJsonDepth = JsonbConverter.Limits.DEFAULT.maxDepth();
        private boolean auditReads = true;
        private String replicaJdbcUrl;
        private String replicaUser;
        private String replicaPassword;
        private DataSource replicaDataSource;
        private Duration maxReplicaLag = Duration.ofSeconds(2);
        private Duration readYourWritesTimeout = Duration.ofSeconds(1);
        private Duration replicaCheckInterval = Duration.ofSeconds(1);
        private Duration slowQueryThreshold = Duration.ofMillis(500);
        private Consumer<SlowQuery> slowQueryListener;
        /** A {@code MeterRegistry}, typed loosely so that hosts without Micrometer never load its classes. */
        private Object meterRegistry;
        private KeyProvider keyProvider;

        private Builder() {
        }

        /** The PostgreSQL JDBC URL to pool connections to (no default). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user for {@link #jdbcUrl(String)} (default: the driver's, from the URL or the OS user). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password for {@link #jdbcUrl(String)} (default: none). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The host's own DataSource, used as given and never closed by the library (no default). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * The ObjectMapper for JSONB columns (default: a mapper with java.time support writing ISO-8601 dates).
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = objectMapper;
            return this;
        }

        /** The size of the pool created for {@link #jdbcUrl(String)}, at least 1 (default: 10). */
        public Builder maximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** The name of the pool created for {@link #jdbcUrl(String)}, seen in its metrics (default: edu-data). */
        public Builder poolName(String poolName) {
            this.poolName = poolName;
            return this;
        }

        /** Whether {@link #build()} applies pending migrations, then validates (default: false). */
        public Builder migrateOnStart(boolean migrateOnStart) {
            this.migrateOnStart = migrateOnStart;
            return this;
        }

        /**
         * Whether {@link #build()} checks that the database holds exactly this library's migrations, failing
         * fast on a missing or altered one (default: true). Flyway needs two connections at once for it: with
         * {@link #jdbcUrl(String)} it opens its own, with a host {@link #dataSource(DataSource)} it takes them from
         * there.
         */
        public Builder validateOnStart(boolean validateOnStart) {
            this.validateOnStart = validateOnStart;
            return this;
        }

        /**
         * How many times {@link EduDatabase#inRetryingTransaction} runs a transaction that keeps failing with a
         * serialization failure or deadlock, at least 1 (default: 5).
         */
        public Builder transactionAttempts(int transactionAttempts) {
            this.transactionAttempts = transactionAttempts;
            return this;
        }

        /**
         * The secret keyset cursors are signed with, at least 16 characters (default: a fixed library-wide value,
         * which detects altered or corrupted cursors; set your own so nobody can forge one).
         */
        public Builder cursorSecret(String cursorSecret) {
            this.cursorSecret = cursorSecret;
            return this;
        }

        /**
         * The JDBC URL of a read replica (a hot standby streaming from the primary) for {@link
         * EduDatabase#analytics()}; a pool of {@link #maximumPoolSize(int)} read-only connections is created for it
         * and waits at most a second for a connection before a read goes to the primary (no default: no replica).
         */
        public Builder replicaJdbcUrl(String replicaJdbcUrl) {
            this.replicaJdbcUrl = replicaJdbcUrl;
            return this;
        }

        /** The user for {@link #replicaJdbcUrl(String)} (default: {@link #user(String)}). */
        public Builder replicaUser(String replicaUser) {
            this.replicaUser = replicaUser;
            return this;
        }

        /** The password for {@link #replicaJdbcUrl(String)} (default: {@link #password(String)}). */
        public Builder replicaPassword(String replicaPassword) {
            this.replicaPassword = replicaPassword;
            return this;
        }

        /**
         * The host's own DataSource for a read replica, used as given and never closed by the library; give it a
         * short connection timeout, since a read waits that long before going to the primary (no default).
         */
        public Builder replicaDataSource(DataSource replicaDataSource) {
            this.replicaDataSource = replicaDataSource;
            return this;
        }

        /**
         * How far behind the primary the replica may be for {@link EduDatabase#analytics()} to read from it, zero
         * or more; further behind, reads go to the primary until it catches up (default: 2 seconds).
         */
        public Builder maxReplicaLag(Duration maxReplicaLag) {
            this.maxReplicaLag = maxReplicaLag;
            return this;
        }

        /**
         * How long an analytics read after this thread's own write waits for the replica to replay that write
         * before it reads from the primary instead, zero or more (default: 1 second).
         */
        public Builder readYourWritesTimeout(Duration readYourWritesTimeout) {
            this.readYourWritesTimeout = readYourWritesTimeout;
            return this;
        }

        /**
         * How often, at most, the replica's reachability and lag are checked, at least 10 ms; between checks
         * routing trusts the last result (default: 1 second).
         */
        public Builder replicaCheckInterval(Duration replicaCheckInterval) {
            this.replicaCheckInterval = replicaCheckInterval;
            return this;
        }

        /**
         * The largest JSONB document written, in characters of its JSON text (default: 1 MiB). A larger one is
         * refused with an {@link com.eduplatform.data.error.InvalidInputException} before it reaches the database.
         */
        public Builder maxJsonLength(int maxJsonLength) {
            this.maxJsonLength = maxJsonLength;
            return this;
        }

        /**
         * The deepest nesting of objects and arrays in a JSONB document written (default: 32). A deeper one is
         * refused with an {@link com.eduplatform.data.error.InvalidInputException} before it reaches the database.
         */
        public Builder maxJsonDepth(int maxJsonDepth) {
            this.maxJsonDepth = maxJsonDepth;
            return this;
        }

        /**
         * How long a statement through {@link EduDatabase#dsl()}, {@link EduDatabase#analytics()} or a repository
         * may take before it is reported as slow: logged at WARN on the SLF4J logger
         * {@code com.eduplatform.data.monitoring.SlowQuery} with its SQL, its bind values (shortened, secrets
         * masked; see {@link SlowQuery}), tables and operation, and handed to {@link #slowQueryListener(Consumer)}.
         * Zero reports every statement (default: 500 ms).
         */
        public Builder slowQueryThreshold(Duration slowQueryThreshold) {
            this.slowQueryThreshold = slowQueryThreshold;
            return this;
        }

        /**
         * The host's callback for each slow statement (see {@link #slowQueryThreshold(Duration)}), called on the
         * thread that ran it, after it ended; what it throws is logged and ignored (default: none, the log only).
         */
        public Builder slowQueryListener(Consumer<SlowQuery> slowQueryListener) {
            this.slowQueryListener = slowQueryListener;
            return this;
        }

        /**
         * The Micrometer registry to publish to (default: none, no metrics; Micrometer is an optional dependency
         * the host brings). With it: a timer {@code edudata.query} of every statement, tagged {@code table} (the
         * first table it names, {@code none} without one) and {@code operation} ({@code select}, {@code insert},
         * {@code update}, {@code delete}, {@code other}); HikariCP's pool metrics ({@code hikaricp.connections...})
         * for the pool created from {@link #jdbcUrl(String)}; and with a replica, a gauge
         * {@code edudata.replica.lag} in seconds (NaN when unknown). {@link EduDatabase#close()} removes the gauge.
         *
         * <p>Typed {@code Object}, as HikariCP's {@code setMetricRegistry} is, so that this class names no
         * Micrometer type and hosts without Micrometer can still reflect over it; {@link #build()} refuses anything
         * but an {@code io.micrometer.core.instrument.MeterRegistry}.
         */
        public Builder meterRegistry(Object meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** Whether {@code candidate} is a Micrometer registry; false when Micrometer is not on the classpath. */
        private static boolean isMeterRegistry(Object candidate) {
            try {
                return MicrometerMetrics.isRegistry(candidate);
            } catch (NoClassDefFoundError e) {
                return false;
            }
        }

        /**
         * Whether SELECTs of the sensitive tables (users and profiles, sessions, practice, doubts, tutoring, exam
         * answers, performance metrics) run through this instance's jOOQ contexts are recorded in the audit trail,
         * one small insert in the reading transaction per statement (default true). Turn it off only where another
         * layer records reads: the audit of changes does not depend on it.
         */
        public Builder auditReads(boolean auditReads) {
            this.auditReads = auditReads;
            return this;
        }

        /**
         * The keys of field encryption (default: none). With a provider, the encrypted columns
         * ({@link FieldEncryption#columns()}) are written AES-256-GCM encrypted under its current key and read under
         * the key each value names; without one they are written as plaintext, and an encrypted value read is a
         * {@link com.eduplatform.data.error.DecryptionException}. Plaintext values are read as they are either way,
         * so a key can be introduced on a database in use, then {@link FieldEncryption#rotate()} encrypts the rest.
         */
        public Builder keyProvider(KeyProvider keyProvider) {
            this.keyProvider = keyProvider;
            return this;
        }

        /** Checks the settings, connects, and applies the schema options. */
        public EduDatabase build() {
            if ((jdbcUrl == null) == (dataSource == null)) {
                throw new IllegalStateException("Give exactly one of jdbcUrl and dataSource");
            }
            if (dataSource != null && (user != null || password != null)) {
                throw new IllegalStateException("user and password go with jdbcUrl; the dataSource carries its own");
            }
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql:...), was "
                        + jdbcUrl);
            }
            if (maximumPoolSize < 1) {
                throw new IllegalStateException("maximumPoolSize cannot be less than 1, was " + maximumPoolSize);
            }
            if (transactionAttempts < 1) {
                throw new IllegalStateException("transactionAttempts cannot be less than 1, was " + transactionAttempts);
            }
            if (cursorSecret == null || cursorSecret.length() < 16) {
                throw new IllegalStateException("cursorSecret must have at least 16 characters");
            }
            if (maxJsonLength < 2 || maxJsonDepth < 1) {
                throw new IllegalStateException("maxJsonLength must be at least 2 and maxJsonDepth at least 1, were "
                        + maxJsonLength + " and " + maxJsonDepth);
            }
            Objects.requireNonNull(poolName, "poolName");
            if (replicaJdbcUrl != null && replicaDataSource != null) {
                throw new IllegalStateException("Give at most one of replicaJdbcUrl and replicaDataSource");
            }
            if (replicaJdbcUrl == null && (replicaUser != null || replicaPassword != null)) {
                throw new IllegalStateException("replicaUser and replicaPassword go with replicaJdbcUrl");
            }
            if (replicaJdbcUrl != null && !replicaJdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("replicaJdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql:...), "
                        + "was " + replicaJdbcUrl);
            }
            if (maxReplicaLag == null || maxReplicaLag.isNegative()) {
                throw new IllegalStateException("maxReplicaLag cannot be negative or null, was " + maxReplicaLag);
            }
            if (readYourWritesTimeout == null || readYourWritesTimeout.isNegative()) {
                throw new IllegalStateException("readYourWritesTimeout cannot be negative or null, was "
                        + readYourWritesTimeout);
            }
            if (replicaCheckInterval == null || replicaCheckInterval.toMillis() < 10) {
                throw new IllegalStateException("replicaCheckInterval cannot be less than 10 ms, was "
                        + replicaCheckInterval);
            }
            if (meterRegistry != null && !isMeterRegistry(meterRegistry)) {
                throw new IllegalStateException("meterRegistry must be an io.micrometer.core.instrument.MeterRegistry, "
                        + "was " + meterRegistry.getClass().getName());
            }
            if (slowQueryThreshold == null || slowQueryThreshold.isNegative()) {
                throw new IllegalStateException("slowQueryThreshold cannot be negative or null, was "
                        + slowQueryThreshold);
            }
            return new EduDatabase(this);
        }
    }
}
