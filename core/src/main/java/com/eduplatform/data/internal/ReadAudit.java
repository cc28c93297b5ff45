package com.eduplatform.data.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.ConnectionProvider;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.Result;

/**
 * Records the library's reads of the sensitive tables in the audit trail (V12_1 {@code audit.record_read}): after a
 * SELECT that names one of {@link #SENSITIVE_TABLES} has been fetched, one call in the same transaction, on the same
 * connection (outside a transaction, in one of its own on the primary), with the statement's digest (SHA-256 of its SQL, bind values left out) and the number of rows fetched
 * (unknown, NULL, for a lazy fetch). Triggers cannot see reads, so this is the only place they are seen: statements
 * the host runs on {@code dataSource()} with plain JDBC are not recorded. In a read-only transaction (the read
 * replica, a standby) the function records nothing and the read goes on, and with a replica configured the
 * {@code analytics()} reads outside a transaction are not recorded ({@link #onReplica()}). A failure to record fails
 * the read.
 */
public final class ReadAudit implements ExecuteListener {

    /** The key under which the primary configuration carries this listener, for contexts derived from it. */
    public static final String CONFIGURATION_KEY = "com.eduplatform.data.internal.ReadAudit";

    /**
     * Personal data and assessment data, as the seed names them: the users and their profiles, sessions (IP
     * addresses and devices), and students' answers, doubts, tutoring conversations and performance.
     */
    public static final List<String> SENSITIVE_TABLES = List.of("users", "student_profiles", "parent_profiles",
            "teacher_profiles", "admin_profiles", "user_sessions", "practice_sessions", "doubt_submissions",
            "tutoring_sessions", "exam_questions", "user_performance_metrics");

    /** A sensitive table after FROM, JOIN, a comma of a FROM list, or qualified by schema public. */
    private static final Pattern TABLE = Pattern.compile("(?:\"?public\"?\\.|\\bfrom\\s+|\\bjoin\\s+|,\\s*)\"?("
            + String.join("|", SENSITIVE_TABLES) + ")\"?(?=[\\s,)]|$)");

    private static final String RECORD = "select audit.record_read(?, ?, ?)";

    private final ErrorTranslator errors;
    private final ConnectionProvider primary;

    /**
     * @param primary where a read made outside a transaction records its entry: the library's own provider (the
     *                statement's provider, seen from a listener, only hands back the connection already released)
     */
    public ReadAudit(ErrorTranslator errors, ConnectionProvider primary) {
        this.errors = errors;
        this.primary = primary;
    }

    @Override
    public void fetchEnd(ExecuteContext context) {
        if (context.type() != ExecuteType.READ || context.sql() == null || context.connection() == null) {
            return;
        }
        Set<String> tables = sensitiveTables(context.sql());
        if (tables.isEmpty()) {
            return;
        }
        Result<?> result = context.result();
        Long rows = result == null ? null : (long) result.size();
        Connection connection = context.connection();
        if (!isClosed(connection)) {
            record(connection, tables, digest(context.sql()), rows);
            return;
        }
        // Outside a transaction jOOQ has already handed the statement's connection back to the pool by the time
        // the fetch ends: the read was its own autocommitted transaction, so its entry gets one of its own too, on
        // the primary. Not for a read the replica may have served (onReplica()): that records nothing.
        if (primary == null) {
            return;
        }
        Connection own = primary.acquire();
        try {
            record(own, tables, digest(context.sql()), rows);
        } finally {
            primary.release(own);
        }
    }

    /**
     * This listener for the contexts whose reads a read replica may serve: a read outside a transaction records
     * nothing, rather than writing its entry on the primary (which would take a primary connection per replica read
     * and fail the read whenever the primary is down).
     */
    public ReadAudit onReplica() {
        return new ReadAudit(errors, null);
    }

    private boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
    }

    /** The sensitive tables a statement names, in order of appearance. */
    static Set<String> sensitiveTables(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        // The pattern can only match where a sensitive name occurs: most reads name none, and for them these few
        // substring searches cost a fraction of running the pattern over the whole statement.
        if (SENSITIVE_TABLES.stream().noneMatch(lower::contains)) {
            return Set.of();
        }
        Set<String> tables = new LinkedHashSet<>();
        Matcher matcher = TABLE.matcher(lower);
        while (matcher.find()) {
            tables.add(matcher.group(1));
        }
        return tables;
    }

    private void record(Connection connection, Set<String> tables, String digest, Long rows) {
        try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
            Array names = connection.createArrayOf("text", tables.toArray());
            statement.setArray(1, names);
            statement.setString(2, digest);
            if (rows == null) {
                statement.setNull(3, Types.BIGINT);
            } else {
                statement.setLong(3, rows);
            }
            statement.execute();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
    }

    private static String digest(String sql) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
