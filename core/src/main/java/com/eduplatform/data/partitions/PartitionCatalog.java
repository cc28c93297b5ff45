package com.eduplatform.data.partitions;

import com.eduplatform.data.partitions.Partition.Location;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * What the lifecycle knows of a partitioned table, read from PostgreSQL's catalog (never from names or a cache): its
 * partition key, the tables its foreign keys reference, and its partitions, live and archived. Every read binds its
 * values; names come back from the catalog and are only ever used through {@link DSL#name}.
 */
final class PartitionCatalog {

    /** The schema of the cold storage: one partitioned table there per live table, of the same name and shape. */
    static final String ARCHIVE_SCHEMA = "archive";

    /** The tables of the current schema range-partitioned on a single timestamptz column: name and key column. */
    private static final String MONTHLY_PARENTS = """
            SELECT c.relname AS name, n.nspname AS schema, a.attname AS key_column
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE n.nspname = current_schema() AND NOT c.relispartition
              AND p.partstrat = 'r' AND p.partnatts = 1 AND a.atttypid = 'timestamptz'::regtype
            ORDER BY c.relname
            """;

    /**
     * The partitions of the live table and of its archive table. The bounds come back through the partition's own
     * bound expression, whose timestamptz literals carry their offset, so casting them back is exact in any
     * session time zone; a bound that is not a literal pair (MINVALUE, DEFAULT) gives nulls.
     */
    private static final String PARTITIONS = """
            SELECT n.nspname AS schema, c.relname AS name, c.oid = pt.partdefid AS is_default,
                   b.bound[1]::timestamptz AS lower_bound, b.bound[2]::timestamptz AS upper_bound,
                   c.reltuples::bigint AS estimated_rows
            FROM pg_inherits i
            JOIN pg_class parent ON parent.oid = i.inhparent
            JOIN pg_namespace pn ON pn.oid = parent.relnamespace
            JOIN pg_partitioned_table pt ON pt.partrelid = parent.oid
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                           'FROM \\(''([^'']*)''\\) TO \\(''([^'']*)''\\)') AS b(bound) ON true
            WHERE parent.relname = {0} AND pn.nspname IN ({1}, {2})
            """;

    /** The tables the live table's own foreign keys reference, in a fixed order (schema, name). */
    private static final String REFERENCED_TABLES = """
            SELECT DISTINCT fn.nspname AS schema, f.relname AS name
            FROM pg_constraint k
            JOIN pg_class f ON f.oid = k.confrelid
            JOIN pg_namespace fn ON fn.oid = f.relnamespace
            WHERE k.conrelid = to_regclass(format('%I.%I', {0}, {1})) AND k.contype = 'f'
              AND k.confrelid <> k.conrelid
            ORDER BY 1, 2
            """;

    private static final String ARCHIVE_TABLE_EXISTS = """
            SELECT EXISTS (SELECT 1 FROM pg_partitioned_table
                           WHERE partrelid = to_regclass(format('%I.%I', {0}, {1})))
            """;

    private static final String BOUNDS_CONSTRAINT = """
            SELECT k.convalidated FROM pg_constraint k
            WHERE k.conrelid = to_regclass(format('%I.%I', {0}, {1})) AND k.conname = {2} AND k.contype = 'c'
            """;

    private PartitionCatalog() {
    }

    /** A live table range-partitioned on one timestamptz column, as the catalog names it. */
    record Parent(String schema, String name, String keyColumn) {
    }

    /** Every table of the current schema range-partitioned on one timestamptz column. */
    static List<Parent> monthlyParents(DSLContext dsl) {
        return dsl.fetch(MONTHLY_PARENTS).map(row -> new Parent(
                row.get("schema", String.class), row.get("name", String.class), row.get("key_column", String.class)));
    }

    /** The live table {@code name} when it is range-partitioned on one timestamptz column. */
    static Optional<Parent> monthlyParent(DSLContext dsl, String name) {
        return monthlyParents(dsl).stream().filter(parent -> parent.name().equals(name)).findFirst();
    }

    /** The partitions of {@code parent} and of its archive table: live months, the DEFAULT, archived months. */
    static List<Partition> partitions(DSLContext dsl, Parent parent) {
        List<Partition> partitions = new ArrayList<>();
        for (Record row : dsl.fetch(PARTITIONS,
                DSL.val(parent.name()), DSL.val(parent.schema()), DSL.val(ARCHIVE_SCHEMA))) {
            String schema = row.get("schema", String.class);
            boolean isDefault = row.get("is_default", Boolean.class);
            OffsetDateTime from = utc(row.get("lower_bound", OffsetDateTime.class));
            OffsetDateTime to = utc(row.get("upper_bound", OffsetDateTime.class));
            Location location = isDefault ? Location.DEFAULT
                    : schema.equals(ARCHIVE_SCHEMA) ? Location.ARCHIVE : Location.LIVE;
            partitions.add(new Partition(schema, row.get("name", String.class), location, month(from, to), from, to,
                    row.get("estimated_rows", Long.class)));
        }
        partitions.sort(Comparator.comparing(Partition::location)
                .thenComparing(Partition::from, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Partition::name));
        return List.copyOf(partitions);
    }

    /** The tables {@code parent}'s foreign keys reference, in (schema, name) order: the order they are locked in. */
    static List<Name> referencedTables(DSLContext dsl, Parent parent) {
        return dsl.fetch(REFERENCED_TABLES, DSL.val(parent.schema()), DSL.val(parent.name()))
                .map(row -> DSL.name(row.get("schema", String.class), row.get("name", String.class)));
    }

    /** Whether {@code archive.<name>} exists as a partitioned table. */
    static boolean archiveTableExists(DSLContext dsl, Parent parent) {
        return dsl.fetchSingle(ARCHIVE_TABLE_EXISTS, DSL.val(ARCHIVE_SCHEMA), DSL.val(parent.name()))
                .get(0, Boolean.class);
    }

    /** Whether the CHECK {@code constraint} of a partition is missing, not yet validated, or validated. */
    static Optional<Boolean> constraintValidated(DSLContext dsl, Partition partition, String constraint) {
        return dsl.fetchOptional(BOUNDS_CONSTRAINT,
                        DSL.val(partition.schema()), DSL.val(partition.name()), DSL.val(constraint))
                .map(row -> row.get(0, Boolean.class));
    }

    /** The UTC month a partition holds, when its bounds are exactly that month's first instants. */
    private static YearMonth month(OffsetDateTime from, OffsetDateTime to) {
        if (from == null || to == null) {
            return null;
        }
        YearMonth month = YearMonth.from(from);
        return from.equals(start(month)) && to.equals(start(month.plusMonths(1))) ? month : null;
    }

    /** The first instant of {@code month} in UTC: a monthly partition's lower bound. */
    static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(OffsetDateTime value) {
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
