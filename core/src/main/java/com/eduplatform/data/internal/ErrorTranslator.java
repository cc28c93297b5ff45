package com.eduplatform.data.internal;

import com.eduplatform.data.error.AccessDeniedException;
import com.eduplatform.data.error.CheckViolationException;
import com.eduplatform.data.error.ConsentRequiredException;
import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.ForeignKeyViolationException;
import com.eduplatform.data.error.NotNullViolationException;
import com.eduplatform.data.error.TransactionConflictException;
import com.eduplatform.data.error.UniqueViolationException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Check;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Key;
import org.jooq.Schema;
import org.jooq.Table;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns whatever a statement or a transaction threw into the library's exceptions, naming the constraint and its
 * columns. The columns of each named constraint come from the generated metadata, worked out once. Installed as a
 * jOOQ {@link ExecuteListener}, so typed queries of the host's own through {@code dsl()} get the same exceptions.
 */
public final class ErrorTranslator implements ExecuteListener {

    private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern KEY_DETAIL = Pattern.compile("Key \\(([^)]*)\\)");
    /** The value in a "Key (column)=(value) ..." detail. */
    private static final Pattern KEY_VALUE = Pattern.compile("Key \\([^)]*\\)=\\((.*)\\) has no active parental consent");
    /**
     * The table in "new row violates row-level security policy for table "x"", "permission denied for table x" and
     * "must be owner of table x".
     */
    private static final Pattern DENIED_TABLE =
            Pattern.compile("(?:for|of) (?:table|relation) \"?([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, List<String>> columnsByConstraint;
    private final Supplier<String> actingUserId;

    public ErrorTranslator(Schema schema) {
        this(schema, () -> null);
    }

    /** {@code actingUserId} names the user a refused statement acted for (SQLSTATE 42501), or null for nobody. */
    public ErrorTranslator(Schema schema, Supplier<String> actingUserId) {
        this.columnsByConstraint = constraintColumns(schema);
        this.actingUserId = actingUserId;
    }

    @Override
    public void exception(ExecuteContext context) {
        if (context.exception() != null) {
            context.exception(translate(context.exception()));
        }
    }

    /** The library exception for {@code failure}; one of ours is returned as it is. */
    public EduDataException translate(Throwable failure) {
        if (failure instanceof EduDataException ours) {
            return ours;
        }
        // One of ours thrown inside jOOQ (a converter reading a field, binding a value) comes back wrapped.
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            if (cause instanceof EduDataException ours) {
                return ours;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        SQLException sql = sqlCause(failure);
        String state = sql == null ? null : sql.getSQLState();
        if (state == null) {
            return new EduDataException(message(failure), null, failure);
        }
        ServerErrorMessage server = sql instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String table = server == null ? null : server.getTable();
        String constraint = server == null ? null : server.getConstraint();
        String message = sql.getMessage();
        return switch (state) {
            case "23505" -> new UniqueViolationException(message, state, table, constraint,
                    columns(constraint, server), failure);
            case "23503" -> new ForeignKeyViolationException(message, state, table, constraint,
                    columns(constraint, server), failure);
            case "23514" -> new CheckViolationException(message, state, table, constraint,
                    columns(constraint, server), failure);
            case "23502" -> new NotNullViolationException(message, state, table, null,
                    columns(null, server), failure);
            case "40001", "40P01" -> new TransactionConflictException(message, state, failure);
            case "42501" -> new AccessDeniedException(actingUserId.get(), message, state,
                    table != null ? table : deniedTable(message), failure);
            case ConsentRequiredException.SQL_STATE -> new ConsentRequiredException(
                    keyValue(server), table, message, failure);
            default -> new EduDataException(message, state, failure);
        };
    }

    private List<String> columns(String constraint, ServerErrorMessage server) {
        if (server != null && server.getColumn() != null) {
            return List.of(server.getColumn());
        }
        List<String> known = constraint == null ? null : columnsByConstraint.get(constraint);
        if (known != null) {
            return known;
        }
        if (server != null && server.getDetail() != null) {
            Matcher key = KEY_DETAIL.matcher(server.getDetail());
            if (key.find()) {
                return List.of(key.group(1).split(",\\s*"));
            }
        }
        return List.of();
    }

    private static Map<String, List<String>> constraintColumns(Schema schema) {
        Map<String, List<String>> columns = new HashMap<>();
        for (Table<?> table : schema.getTables()) {
            for (Key<?> key : table.getKeys()) {
                columns.put(key.getName(), names(key.getFields()));
            }
            for (Key<?> reference : table.getReferences()) {
                columns.put(reference.getName(), names(reference.getFields()));
            }
            for (Check<?> check : table.getChecks()) {
                columns.put(check.getName(), mentionedColumns(table, check));
            }
        }
        return Map.copyOf(columns);
    }

    /** The table's columns that a CHECK's SQL mentions, in table order. */
    static List<String> mentionedColumns(Table<?> table, Check<?> check) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(check.condition().toString());
        while (matcher.find()) {
            words.add(matcher.group());
        }
        List<String> mentioned = new ArrayList<>();
        for (Field<?> field : table.fields()) {
            if (words.contains(field.getName())) {
                mentioned.add(field.getName());
            }
        }
        return List.copyOf(mentioned);
    }

    private static String keyValue(ServerErrorMessage server) {
        Matcher matcher = server == null || server.getDetail() == null ? null : KEY_VALUE.matcher(server.getDetail());
        return matcher != null && matcher.find() ? matcher.group(1) : null;
    }

    private static String deniedTable(String message) {
        Matcher matcher = message == null ? null : DENIED_TABLE.matcher(message);
        return matcher != null && matcher.find() ? matcher.group(1) : null;
    }

    private static List<String> names(List<? extends Field<?>> fields) {
        return fields.stream().map(Field::getName).toList();
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String message(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + ": " + deepest.getMessage();
    }
}
