package com.eduplatform.data.monitoring.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

/** The operation and the tables of one statement: from jOOQ's query model, else from its SQL text. */
record QueryShape(String operation, List<String> tables) {

    private static final Pattern IDENTIFIER = Pattern.compile("^\\s*\"?([A-Za-z_][A-Za-z0-9_$]{0,62})");
    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*\\(*\\s*([A-Za-z]+)");
    private static final Pattern SQL_TABLE = Pattern.compile(
            "(?i)\\b(?:from|into|update|join)\\s+(?:(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)\\.)?"
                    + "(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)");

    static QueryShape of(Query query, String sql) {
        Set<String> tables = new LinkedHashSet<>();
        String operation;
        if (query instanceof QOM.InsertReturning<?> returning) {
            query = returning.$insert();
        } else if (query instanceof QOM.UpdateReturning<?> returning) {
            query = returning.$update();
        } else if (query instanceof QOM.DeleteReturning<?> returning) {
            query = returning.$delete();
        }
        if (query instanceof QOM.Insert<?> insert) {
            operation = "insert";
            add(tables, insert.$into());
        } else if (query instanceof QOM.Update<?> update) {
            operation = "update";
            add(tables, update.$table());
        } else if (query instanceof QOM.Delete<?> delete) {
            operation = "delete";
            add(tables, delete.$from());
        } else if (query instanceof Select<?> select) {
            operation = "select";
            select.$from().forEach(table -> add(tables, table));
        } else {
            operation = operation(sql);
            if (sql != null) {
                Matcher matcher = SQL_TABLE.matcher(sql);
                if (matcher.find()) {
                    tables.add(matcher.group(1).replace("\"", ""));
                }
            }
        }
        return new QueryShape(operation, new ArrayList<>(tables));
    }

    /** The table tag of a timer: the first table, or {@code none}. */
    String table() {
        return tables.isEmpty() ? "none" : tables.get(0);
    }

    private static void add(Set<String> tables, Table<?> table) {
        if (table == null) {
            return;
        }
        if (table instanceof QOM.JoinTable<?, ?> join) {
            add(tables, join.$table1());
            add(tables, join.$table2());
        } else if (table instanceof QOM.TableAlias<?> alias) {
            add(tables, alias.$table());
        } else if (table instanceof TableImpl<?> impl && impl.$aliased() != null && impl.$aliased() != impl) {
            add(tables, impl.$aliased());
        } else {
            // A plain SQL table ("users u join ...") is named by its text: keep its first identifier only, so a
            // metric tag never carries SQL.
            Matcher identifier = IDENTIFIER.matcher(table.getName());
            if (identifier.find()) {
                tables.add(identifier.group(1));
            }
        }
    }

    private static String operation(String sql) {
        if (sql == null) {
            return "other";
        }
        Matcher matcher = FIRST_WORD.matcher(sql);
        if (!matcher.find()) {
            return "other";
        }
        String word = matcher.group(1).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "select", "values", "table" -> "select";
            case "insert", "update", "delete" -> word;
            default -> "other";
        };
    }
}
