package com.eduplatform.data.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.val;

import com.eduplatform.data.support.EduDatabaseExtension;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * archive.user_activity_logs has the shape of public.user_activity_logs, read from the catalog: what ATTACH needs to
 * move a month either way without a copy, a scan or an index build. A migration that changes the live table and
 * forgets the archive fails here, before any month fails to move.
 */
class PartitionArchiveShapeTest {

    @RegisterExtension
    static final EduDatabaseExtension database = new EduDatabaseExtension();

    private static final String COLUMNS = """
            SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL'
                   ELSE '' END
            FROM pg_attribute a WHERE a.attrelid = to_regclass({0}) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    private static final String CONSTRAINTS = """
            SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = to_regclass({0}) AND contype IN ('p', 'u', 'c', 'f', 'x')
            ORDER BY conname""";

    /** Index definitions with the table's qualified name taken out. */
    private static final String INDEXES = """
            SELECT regexp_replace(pg_get_indexdef(x.indexrelid), ' ON (ONLY )?\\S+ ', ' ON <table> ')
            FROM pg_index x WHERE x.indrelid = to_regclass({0})
            ORDER BY 1""";

    private static final String PARTITION_KEY = "SELECT pg_get_partkeydef(to_regclass({0}))";

    @Test
    void theArchiveTableHasTheLiveTablesColumnsKeysChecksForeignKeysIndexesAndPartitionKey() {
        DSLContext dsl = database.db().dsl();

        for (String aspect : List.of(COLUMNS, CONSTRAINTS, INDEXES, PARTITION_KEY)) {
            List<String> live = strings(dsl, aspect, "public.user_activity_logs");
            assertThat(live).as(aspect).isNotEmpty();
            assertThat(strings(dsl, aspect, "archive.user_activity_logs")).as(aspect).isEqualTo(live);
        }
        assertThat(strings(dsl, CONSTRAINTS, "archive.user_activity_logs"))
                .as("the foreign key to users is kept in the archive")
                .anyMatch(constraint -> constraint.startsWith("user_activity_logs_user_id_fkey FOREIGN KEY"));
    }

    @Test
    void theArchiveTableHasNoDefaultPartitionAndNoIdentity() {
        DSLContext dsl = database.db().dsl();

        assertThat(dsl.fetchSingle("""
                SELECT partdefid FROM pg_partitioned_table
                WHERE partrelid = 'archive.user_activity_logs'::regclass""").get(0, Long.class))
                .as("a row of a month that is not archived has nowhere to go: it is refused, never kept by mistake")
                .isZero();
        assertThat(strings(dsl, """
                SELECT attname FROM pg_attribute
                WHERE attrelid = to_regclass({0}) AND attidentity <> ''""", "archive.user_activity_logs"))
                .as("ids come from the live table's sequence only").isEmpty();
    }

    private static List<String> strings(DSLContext dsl, String sql, String table) {
        return dsl.fetch(sql, val(table)).map(row -> row.get(0, String.class));
    }
}
