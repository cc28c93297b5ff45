package com.eduplatform.data.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds DDL that would lock a large, existing table while it scans or rewrites it, in migrations given in version
 * order. A table is existing when an earlier migration created it; one created in the same migration is empty, so
 * anything goes there. The rules (docs/migrations.md, "Non-blocking forms"):
 *
 * <ul>
 *   <li>CREATE INDEX needs CONCURRENTLY (a plain build blocks writes for its whole duration);
 *   <li>ADD COLUMN may not be NOT NULL without a DEFAULT, nor have a volatile DEFAULT, a stored generated or identity
 *       value (a rewrite), nor an inline CHECK, REFERENCES, UNIQUE or PRIMARY KEY (a scan or build under the lock);
 *   <li>ADD CONSTRAINT CHECK / FOREIGN KEY needs NOT VALID, and a VALIDATE CONSTRAINT in a later migration (in the
 *       same one the ADD's lock is still held while it validates); UNIQUE / PRIMARY KEY need USING INDEX;
 *   <li>SET NOT NULL needs a CHECK (col IS NOT NULL) validated by an earlier migration (PostgreSQL 12+ then skips
 *       the scan);
 *   <li>ALTER COLUMN ... TYPE is refused (most type changes rewrite the table), except to {@code varchar(n)} or
 *       {@code text}: from a shorter varchar PostgreSQL changes only the catalog (binary coercible, no rewrite, no
 *       index rebuild). Such a change must widen; {@code NonBlockingMigrationsTest} proves V13_1's did not rewrite.
 * </ul>
 *
 * <p>A textual reading of the SQL, not a parser: it knows the forms these migrations use, and each rule has a test.
 */
final class BlockingDdl {

    /** One migration: its script name and SQL. */
    record Migration(String script, String sql) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String NAME = "((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:UNLOGGED\\s+)?(?:TABLE|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME, FLAGS);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + NAME
                    + "\\s+)?ON\\s+(?:ONLY\\s+)?" + NAME, FLAGS);
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + NAME + "\\s+(.*)$", FLAGS);
    private static final Pattern ADD_CONSTRAINT = Pattern.compile(
            "^ADD\\s+(?:CONSTRAINT\\s+" + NAME + "\\s+)?(CHECK|FOREIGN\\s+KEY|UNIQUE|PRIMARY\\s+KEY|EXCLUDE)\\b(.*)$",
            FLAGS);
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+(.*)$", FLAGS);
    private static final Pattern SET_NOT_NULL = Pattern.compile(
            "^ALTER\\s+(?:COLUMN\\s+)?" + NAME + "\\s+SET\\s+NOT\\s+NULL$", FLAGS);
    private static final Pattern ALTER_TYPE = Pattern.compile(
            "^ALTER\\s+(?:COLUMN\\s+)?" + NAME + "\\s+(?:SET\\s+DATA\\s+)?TYPE\\b", FLAGS);
    private static final Pattern VALIDATE = Pattern.compile("^VALIDATE\\s+CONSTRAINT\\s+" + NAME + "$", FLAGS);
    private static final Pattern VOLATILE_DEFAULT = Pattern.compile(
            "\\bDEFAULT\\b.*\\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v\\w*|nextval)\\s*\\(",
            FLAGS);

    private BlockingDdl() {
    }

    /** Each offending statement as "script: what is wrong", in order. */
    static List<String> offenders(List<Migration> migrations) {
        List<String> offenders = new ArrayList<>();
        Map<String, String> notValid = new HashMap<>();      // table.constraint -> script that added it NOT VALID
        Map<String, String> notNullChecks = new HashMap<>(); // table.constraint -> column it proves NOT NULL
        Set<String> validatedNotNull = new HashSet<>();      // table.column proven NOT NULL by a validated CHECK
        for (Migration migration : migrations) {
            Set<String> createdHere = new HashSet<>();
            for (String statement : statements(migration.sql())) {
                Matcher m;
                if ((m = CREATE_TABLE.matcher(statement)).find()) {
                    createdHere.add(table(m.group(1)));
                } else if ((m = CREATE_INDEX.matcher(statement)).find()) {
                    String table = table(m.group(3));
                    if (m.group(1) == null && !createdHere.contains(table)) {
                        offenders.add(migration.script() + ": CREATE INDEX on existing table " + table
                                + " without CONCURRENTLY");
                    }
                } else if ((m = ALTER_TABLE.matcher(statement)).find()) {
                    String table = table(m.group(1));
                    boolean existing = !createdHere.contains(table);
                    for (String action : actions(m.group(2))) {
                        String problem = check(table, action, existing, migration.script(), notValid, notNullChecks,
                                validatedNotNull);
                        if (problem != null) {
                            offenders.add(migration.script() + ": " + problem);
                        }
                    }
                }
            }
        }
        notValid.forEach((constraint, script) -> offenders.add(script + ": constraint " + constraint
                + " added NOT VALID is never validated by a later migration"));
        return offenders;
    }

    private static String check(String table, String action, boolean existing, String script,
                                Map<String, String> notValid, Map<String, String> notNullChecks,
                                Set<String> validatedNotNull) {
        Matcher m;
        if ((m = VALIDATE.matcher(action)).find()) {
            String key = table + "." + unquote(m.group(1));
            String addedBy = notValid.remove(key);
            if (addedBy != null && addedBy.equals(script)) {
                return "VALIDATE CONSTRAINT " + key + " in the migration that added it NOT VALID: its lock is "
                        + "still held, validate in a later migration";
            }
            if (notNullChecks.containsKey(key)) {
                validatedNotNull.add(table + "." + notNullChecks.get(key));
            }
            return null;
        }
        if (!existing) {
            return null;
        }
        if ((m = ADD_CONSTRAINT.matcher(action)).find()) {
            String name = m.group(1) == null ? "(unnamed)" : unquote(m.group(1));
            String kind = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String rest = m.group(3);
            if (kind.equals("CHECK") || kind.equals("FOREIGN KEY")) {
                if (!rest.matches("(?is).*\\bNOT\\s+VALID\\s*$")) {
                    return "ADD CONSTRAINT " + name + " " + kind + " on existing table " + table
                            + " without NOT VALID (and VALIDATE CONSTRAINT in a later migration)";
                }
                notValid.put(table + "." + name, script);
                Matcher notNull = Pattern.compile("^\\s*\\(\\s*" + NAME + "\\s+IS\\s+NOT\\s+NULL\\s*\\)", FLAGS)
                        .matcher(rest);
                if (kind.equals("CHECK") && notNull.find()) {
                    notNullChecks.put(table + "." + name, unquote(notNull.group(1)));
                }
                return null;
            }
            if (!rest.matches("(?is)^\\s*USING\\s+INDEX\\b.*")) {
                return "ADD CONSTRAINT " + name + " " + kind + " on existing table " + table
                        + " builds its index under the lock: build it CONCURRENTLY, then ADD ... USING INDEX";
            }
            return null;
        }
        if ((m = SET_NOT_NULL.matcher(action)).find()) {
            String column = unquote(m.group(1));
            return validatedNotNull.contains(table + "." + column) ? null
                    : "SET NOT NULL on " + table + "." + column + " without a CHECK (" + column
                            + " IS NOT NULL) validated by an earlier migration";
        }
        if ((m = ALTER_TYPE.matcher(action)).find()
                && !action.substring(m.end()).strip().matches("(?is)^(varchar\\s*\\(\\s*\\d+\\s*\\)|text)(\\s.*)?$")) {
            return "ALTER COLUMN " + unquote(m.group(1)) + " TYPE on existing table " + table + " rewrites it";
        }
        if ((m = ADD_COLUMN.matcher(action)).find() && !action.matches("(?is)^ADD\\s+CONSTRAINT\\b.*")) {
            String column = unquote(m.group(1));
            String definition = m.group(2);
            String where = " on existing table " + table;
            if (definition.matches("(?is).*\\bNOT\\s+NULL\\b.*") && !definition.matches("(?is).*\\bDEFAULT\\b.*")) {
                return "ADD COLUMN " + column + " NOT NULL without a DEFAULT" + where;
            }
            if (VOLATILE_DEFAULT.matcher(definition).find()) {
                return "ADD COLUMN " + column + " with a volatile DEFAULT" + where + " rewrites it";
            }
            if (definition.matches("(?is).*\\bGENERATED\\b.*")) {
                return "ADD COLUMN " + column + " GENERATED" + where + " rewrites it";
            }
            if (definition.matches("(?is).*\\b(CHECK|REFERENCES|UNIQUE|PRIMARY\\s+KEY)\\b.*")) {
                return "ADD COLUMN " + column + " with an inline constraint" + where
                        + " checks or indexes every row under the lock: add the constraint on its own";
            }
        }
        return null;
    }

    /** The statements of a script: comments removed, split at semicolons outside quotes and dollar quotes. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? sql.length() : end + 1;
                current.append(sql, i, end);
                i = end;
            } else if (c == '$' && sql.substring(i).matches("(?s)^\\$\\w*\\$.*")) {
                String tag = sql.substring(i, sql.indexOf('$', i + 1) + 1);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? sql.length() : end + tag.length();
                current.append(sql, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().trim().replaceAll("\\s+", " ");
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    /** The actions of an ALTER TABLE, split at commas outside parentheses and quotes. */
    private static List<String> actions(String actions) {
        List<String> result = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < actions.length(); i++) {
            char c = actions.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                result.add(actions.substring(start, i).trim());
                start = i + 1;
            }
        }
        result.add(actions.substring(start).trim());
        return result;
    }

    private static String table(String name) {
        String unquoted = unquote(name);
        return unquoted.startsWith("public.") ? unquoted.substring("public.".length()) : unquoted;
    }

    private static String unquote(String name) {
        return name.replace("\"", "").toLowerCase(Locale.ROOT);
    }
}
