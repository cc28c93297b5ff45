package com.eduplatform.data.internal;

import com.eduplatform.data.error.InvalidInputException;
import com.eduplatform.data.internal.jooq.EncryptedTextConverter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Check;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Refuses, before any SQL, what the schema would refuse and the generated metadata can tell: a missing required
 * column, NULL in a NOT NULL column, a string longer than its varchar(n), a number with more digits than its
 * numeric(p,s) or outside a CHECK's bounds, an empty array where a CHECK wants one, a column the schema maintains
 * itself. CHECK bounds are read from the CHECK constraints' own SQL, so the migrations stay the single source.
 * What it cannot judge (a foreign key, a uniqueness, a rule across columns) is left to PostgreSQL.
 */
public final class InputValidator {

    /** A conjunct of a CHECK such as {@code (score >= (0)::numeric)}. */
    private static final Pattern BOUND = Pattern.compile(
            "\\((\\w+) (>=|>|<=|<) \\(?(-?\\d+(?:\\.\\d+)?)\\)?(?:::numeric)?\\)");
    /** A conjunct of a CHECK such as {@code (cardinality(roles) > 0)}. */
    private static final Pattern NOT_EMPTY = Pattern.compile("\\(cardinality\\((\\w+)\\) > 0\\)");

    private final String table;
    private final Field<?>[] fields;
    private final Map<Field<?>, List<Bound>> bounds = new HashMap<>();
    private final Set<String> nonEmpty;
    private final Set<String> maintained;
    private final EntityRules.Rule rule;

    /** The validator of {@code table}, with the rules of its entity. */
    public static InputValidator of(Table<?> table) {
        return new InputValidator(table, EntityRules.maintainedColumns(table), EntityRules.rule(table));
    }

    private InputValidator(Table<?> table, Set<String> maintained, EntityRules.Rule rule) {
        this.table = table.getName();
        this.fields = table.fields();
        this.maintained = maintained;
        this.rule = rule;
        Set<String> notEmpty = new java.util.HashSet<>();
        for (Check<?> check : table.getChecks()) {
            String sql = check.condition().toString();
            if (sql.contains(" OR ")) {
                continue;
            }
            Matcher bound = BOUND.matcher(sql);
            while (bound.find()) {
                Field<?> field = table.field(bound.group(1));
                if (field != null) {
                    bounds.computeIfAbsent(field, f -> new ArrayList<>())
                            .add(new Bound(bound.group(2), new BigDecimal(bound.group(3)), check.getName()));
                }
            }
            Matcher cardinality = NOT_EMPTY.matcher(sql);
            while (cardinality.find()) {
                notEmpty.add(cardinality.group(1));
            }
        }
        this.nonEmpty = Set.copyOf(notEmpty);
    }

    /** Checks a row about to be inserted: only the fields it sets are written, the rest take their defaults. */
    public void checkInsert(Record row) {
        for (Field<?> field : fields) {
            boolean set = row.changed(field);
            Object value = row.get(field);
            if (set && maintained.contains(field.getName()) && !isEmpty(value)) {
                refuse(field, "is maintained by the schema and cannot be written");
            }
            if (!set || value == null) {
                DataType<?> type = field.getDataType();
                if (!type.nullable() && !type.defaulted() && !type.identity()) {
                    refuse(field, "is required");
                }
                continue;
            }
            checkValue(field, value);
        }
        rule.check(row, true);
    }

    /** Checks the changed fields of an update. */
    public void checkUpdate(Record changes, Collection<? extends Field<?>> unchangeable) {
        for (Field<?> field : fields) {
            if (!changes.changed(field)) {
                continue;
            }
            if (unchangeable.contains(field)) {
                refuse(field, "cannot be changed by an update");
            }
            if (maintained.contains(field.getName())) {
                refuse(field, "is maintained by the schema and cannot be written");
            }
            Object value = changes.get(field);
            if (value == null) {
                if (!field.getDataType().nullable()) {
                    refuse(field, "cannot be null");
                }
                continue;
            }
            checkValue(field, value);
        }
        rule.check(changes, false);
    }

    private void checkValue(Field<?> field, Object value) {
        DataType<?> type = field.getDataType();
        // An encrypted column is wider than its plaintext may be (V13_1): the converter knows the plaintext's limit.
        int limit = field.getConverter() instanceof EncryptedTextConverter encrypted ? encrypted.maxLength()
                : type.hasLength() ? type.length() : 0;
        if (value instanceof String text && limit > 0) {
            int length = text.codePointCount(0, text.length());
            if (length > limit) {
                refuse(field, "is longer than " + limit + " characters (was " + length + ")");
            }
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (type.hasPrecision() && type.hasScale() && type.precision() > 0) {
                int integerDigits = decimal.precision() - decimal.scale();
                if (integerDigits > type.precision() - type.scale()) {
                    refuse(field, "has more digits than numeric(" + type.precision() + "," + type.scale()
                            + ") holds (was " + decimal.toPlainString() + ")");
                }
            }
            for (Bound bound : bounds.getOrDefault(field, List.of())) {
                if (!bound.admits(decimal)) {
                    refuse(field, "must be " + bound.operator + " " + bound.value.toPlainString() + " (was "
                            + decimal.toPlainString() + "; " + bound.constraint + ")");
                }
            }
        }
        if (value instanceof Collection<?> list && list.isEmpty() && nonEmpty.contains(field.getName())) {
            refuse(field, "must hold at least one element");
        }
    }

    private void refuse(Field<?> field, String reason) {
        throw new InvalidInputException(table + "." + field.getName(), reason);
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof Collection<?> c && c.isEmpty();
    }

    private record Bound(String operator, BigDecimal value, String constraint) {
        boolean admits(BigDecimal candidate) {
            int comparison = candidate.compareTo(value);
            return switch (operator) {
                case ">=" -> comparison >= 0;
                case ">" -> comparison > 0;
                case "<=" -> comparison <= 0;
                default -> comparison < 0;
            };
        }
    }
}
