package com.eduplatform.data.monitoring;

import java.time.Duration;
import java.util.List;

/**
 * One statement that took at least {@link com.eduplatform.data.EduDatabase.Builder#slowQueryThreshold(Duration)},
 * as logged and handed to {@link com.eduplatform.data.EduDatabase.Builder#slowQueryListener}. Made safe to log: the
 * SQL is cut to {@link #MAX_SQL_LENGTH} characters, each bind value to {@link #MAX_BIND_LENGTH}, at most
 * {@link #MAX_BINDS} of them are kept, and a value bound to a column whose name looks like a secret (password,
 * token, secret, hash, key, credential) is replaced by {@code ***}.
 *
 * @param sql the statement as sent, with {@code ?} where values are bound, shortened
 * @param bindValues the bound values in order, rendered and shortened (strings quoted, byte arrays as their length)
 * @param duration from the statement's start to the end of reading its results
 * @param tables the tables it names first (FROM, INSERT INTO, UPDATE, DELETE FROM), without schema; empty when
 *     none was found (plain SQL without one, a function call)
 * @param operation {@code select}, {@code insert}, {@code update}, {@code delete} or {@code other}
 * @param failed whether the statement threw
 */
public record SlowQuery(String sql, List<String> bindValues, Duration duration, List<String> tables,
        String operation, boolean failed) {

    /** The longest SQL text kept, in characters. */
    public static final int MAX_SQL_LENGTH = 1000;
    /** The longest rendering of one bind value kept, in characters. */
    public static final int MAX_BIND_LENGTH = 32;
    /** How many bind values are kept at most. */
    public static final int MAX_BINDS = 50;

    public SlowQuery {
        bindValues = List.copyOf(bindValues);
        tables = List.copyOf(tables);
    }
}
