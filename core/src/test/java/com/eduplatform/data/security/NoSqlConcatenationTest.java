package com.eduplatform.data.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No SQL text in the library is built from values: every statement handed to JDBC or to jOOQ's plain-SQL API is a
 * constant (literals, possibly split over lines with {@code +}), with values bound and identifiers passed as jOOQ
 * query parts ({@code {0}} placeholders). A source scan, so a concatenation added later fails the build where it
 * is written.
 */
class NoSqlConcatenationTest {

    /** Calls whose first argument, when it is text, is SQL: JDBC's and jOOQ's plain-SQL entry points. */
    private static final Pattern SQL_CALL = Pattern.compile("\\b(execute|executeQuery|executeUpdate|executeLargeUpdate"
            + "|addBatch|prepareStatement|prepareCall|nativeSQL|fetch|fetchOne|fetchSingle|fetchOptional|fetchValue"
            + "|fetchLazy|fetchStream|fetchMany|resultQuery|query|sql|field|condition|table|keyword)\\s*\\(");

    private static final List<Path> SOURCE_ROOTS = List.of(
            Path.of("src/main/java"), Path.of("../schema/src/main/java"), Path.of("../testing/src/main/java"),
            Path.of("../codegen/src/main/java"));

    @Test
    void noLibrarySourceBuildsSqlTextFromValues() {
        List<String> violations = new ArrayList<>();
        int calls = 0;
        for (Path root : SOURCE_ROOTS) {
            for (Path file : javaFiles(root)) {
                String source = withoutComments(read(file));
                Matcher call = SQL_CALL.matcher(source);
                while (call.find()) {
                    calls++;
                    String argument = firstArgument(source, call.end());
                    if (buildsTextFromValues(argument)) {
                        violations.add(file + ":" + line(source, call.start()) + ": " + argument.strip());
                    }
                }
            }
        }
        assertThat(calls).as("SQL call sites scanned").isGreaterThan(50);
        assertThat(violations).as("SQL text built from values").isEmpty();
    }

    @Test
    void theScanFindsConcatenatedAndFormattedSql() {
        assertThat(buildsTextFromValues("\"SELECT * FROM \" + table")).isTrue();
        assertThat(buildsTextFromValues("\"SELECT \" + column + \" FROM users\"")).isTrue();
        assertThat(buildsTextFromValues("\"DELETE FROM %s\".formatted(table)")).isTrue();
        assertThat(buildsTextFromValues("String.format(\"VACUUM %s\", table)")).isTrue();
        assertThat(buildsTextFromValues("\"SELECT {0} FROM {1} \"\n + \"WHERE id = {2}\"")).isFalse();
        assertThat(buildsTextFromValues("\"SELECT pg_current_wal_lsn()::text\"")).isFalse();
        assertThat(buildsTextFromValues("USERS.ID")).isFalse();
        assertThat(buildsTextFromValues("\"CREATE DATABASE \" + quoteIdentifier(name)")).isFalse();
        assertThat(buildsTextFromValues("val(lockTimeout.toMillis() + \"ms\")")).isFalse();
        assertThat(firstArgument("x(\"a, b\" + \"c(\", 1)", 2)).isEqualTo("\"a, b\" + \"c(\"");
    }

    /**
     * True when the argument joins a string literal with something that is not one, at its own level, or formats
     * one. A {@code +} inside a nested call (a bound value such as {@code val(n + "ms")}) is that call's business.
     */
    static boolean buildsTextFromValues(String argument) {
        List<String> operands = splitTopLevel(argument.strip(), '+');
        boolean anyLiteral = operands.stream().anyMatch(NoSqlConcatenationTest::isStringLiteral);
        if (operands.size() > 1 && anyLiteral
                && !operands.stream().allMatch(o -> isStringLiteral(o) || isQuotedIdentifier(o))) {
            return true;
        }
        String compact = argument.strip();
        return (compact.startsWith("\"") && compact.contains(".formatted("))
                || compact.startsWith("String.format(");
    }

    /**
     * The one exception: identifiers where SQL takes no parameter and jOOQ is not at hand ({@code CREATE DATABASE}
     * in the test server, Flyway's history table in the rollback runner), each through a function that quotes or
     * checks it: {@code quoteIdentifier(...)} or {@code quote(...)}.
     */
    private static boolean isQuotedIdentifier(String operand) {
        String s = operand.strip();
        return s.startsWith("quoteIdentifier(") || s.startsWith("quote(");
    }

    private static boolean isStringLiteral(String operand) {
        String s = operand.strip();
        if (s.startsWith("\"\"\"")) {
            return s.endsWith("\"\"\"") && s.length() >= 6;
        }
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") && closingQuote(s, 0) == s.length() - 1;
    }

    /** The text of the first argument of a call whose opening parenthesis ends just before {@code from}. */
    static String firstArgument(String source, int from) {
        int depth = 0;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                i = closingQuote(source, i);
            } else if (c == '\'') {
                i = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return source.substring(from, i);
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return source.substring(from, i);
            }
        }
        return source.substring(from);
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = closingQuote(text, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The index of the quote closing the string literal or text block opening at {@code open}. */
    private static int closingQuote(String text, int open) {
        if (text.startsWith("\"\"\"", open)) {
            int end = text.indexOf("\"\"\"", open + 3);
            return end < 0 ? text.length() - 1 : end + 2;
        }
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return text.length() - 1;
    }

    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = closingQuote(source, i);
                out.append(source, i, end + 1);
                i = end;
            } else if (c == '\'') {
                int end = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
                out.append(source, i, end + 1);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = (end < 0 ? source.length() : end) - 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                String comment = source.substring(i, end < 0 ? source.length() : end + 2);
                out.append("\n".repeat((int) comment.chars().filter(ch -> ch == '\n').count()));
                i = (end < 0 ? source.length() : end + 2) - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int line(String source, int index) {
        return (int) source.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
