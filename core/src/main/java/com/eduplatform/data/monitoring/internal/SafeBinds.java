package com.eduplatform.data.monitoring.internal;

import com.eduplatform.data.monitoring.SlowQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bind values made safe to log: each rendered and cut to {@link SlowQuery#MAX_BIND_LENGTH}, and {@code ***} for a
 * value bound to a column whose name looks like a secret. The column of a value is read off the SQL around its
 * {@code ?}: {@code "col" = ?} (WHERE, SET, and the like) and the column list of {@code INSERT ... VALUES}. When an
 * INSERT names a secret column but its values cannot be matched to columns, every string value is masked. Numbers
 * and booleans are never masked.
 */
final class SafeBinds {

    static final String MASK = "***";
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(password|passwd|secret|token|hash|api_?key|private_?key|credential).*");
    /** A column, an operator and an optional cast opening, ending right before a {@code ?}. */
    private static final Pattern COMPARED = Pattern.compile(
            "(?i)\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*(?:=|<>|!=|<=|>=|<|>|\\blike|\\bilike|\\bin\\s*\\()\\s*"
                    + "(?:cast\\s*\\(\\s*)?$");
    private static final Pattern INSERT = Pattern.compile(
            "(?is)^\\s*insert\\s+into\\s+\\S+\\s*\\(([^)]*)\\)\\s*values\\s*");

    private SafeBinds() {
    }

    static List<String> render(String sql, List<Object> values) {
        int[] placeholders = placeholders(sql == null ? "" : sql);
        String[] columns = new String[values.size()];
        boolean maskAllStrings = false;
        if (placeholders.length == values.size()) {
            for (int i = 0; i < placeholders.length; i++) {
                int from = Math.max(0, placeholders[i] - 120);
                Matcher matcher = COMPARED.matcher(sql.substring(from, placeholders[i]));
                if (matcher.find()) {
                    columns[i] = matcher.group(1);
                }
            }
        }
        Matcher insert = INSERT.matcher(sql == null ? "" : sql);
        if (insert.find()) {
            String[] insertColumns = Arrays.stream(insert.group(1).split(","))
                    .map(c -> c.trim().replace("\"", "")).toArray(String[]::new);
            boolean secretColumn = Arrays.stream(insertColumns).anyMatch(c -> SECRET.matcher(c).matches());
            int firstValue = 0;
            while (firstValue < placeholders.length && placeholders[firstValue] < insert.end()) {
                firstValue++;
            }
            int inValues = placeholders.length - firstValue;
            if (placeholders.length == values.size() && inValues > 0 && inValues % insertColumns.length == 0
                    && onlyPlaceholders(sql, insert.end())) {
                for (int i = firstValue; i < placeholders.length; i++) {
                    columns[i] = insertColumns[(i - firstValue) % insertColumns.length];
                }
            } else {
                maskAllStrings = secretColumn;
            }
        }
        List<String> rendered = new ArrayList<>(Math.min(values.size(), SlowQuery.MAX_BINDS));
        for (int i = 0; i < values.size() && i < SlowQuery.MAX_BINDS; i++) {
            Object value = values.get(i);
            boolean secret = columns[i] != null && SECRET.matcher(columns[i]).matches()
                    || maskAllStrings && value instanceof CharSequence;
            // Counts such as tokens_used are no secret: numbers and booleans are shown whatever their column.
            boolean maskable = value != null && !(value instanceof Number) && !(value instanceof Boolean);
            rendered.add(secret && maskable ? MASK : render(value));
        }
        if (values.size() > SlowQuery.MAX_BINDS) {
            rendered.add("... " + (values.size() - SlowQuery.MAX_BINDS) + " more");
        }
        return rendered;
    }

    /** Whether the VALUES rows from {@code start} hold nothing but {@code ?}, commas, casts and parentheses. */
    private static boolean onlyPlaceholders(String sql, int start) {
        int end = sql.toLowerCase().indexOf(" on conflict", start);
        int returning = sql.toLowerCase().indexOf(" returning ", start);
        int stop = end >= 0 ? end : returning >= 0 ? returning : sql.length();
        return sql.substring(start, stop).replaceAll("\\s|\\?|,|\\(|\\)|::[A-Za-z_ ]+", "").isEmpty();
    }

    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
        String quoted = value instanceof CharSequence ? "'" + text + "'" : text;
        return shorten(quoted, SlowQuery.MAX_BIND_LENGTH);
    }

    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    /** The offsets of the {@code ?} placeholders outside string literals, quoted names and comments. */
    private static int[] placeholders(String sql) {
        List<Integer> found = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? sql.length() : newline;
            } else if (c == '?') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '?') {
                    i++;
                } else {
                    found.add(i);
                }
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
