package com.eduplatform.data.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Where a string still appears: every table, partitioned parent and materialized view of public and archive. */
final class Traces {

    private Traces() {
    }

    /** Rows, by relation, whose text (every column, arrays and JSON included) contains {@code id}. */
    static Map<String, Integer> of(DSLContext dsl, String id) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (var relation : dsl.resultQuery("""
                select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in ('public', 'archive') and c.relkind in ('r', 'p', 'm') and not c.relispartition
                  and (c.relkind <> 'm' or c.relispopulated)
                  and c.relname <> 'flyway_schema_history'
                order by 1, 2""").fetch()) {
            String schema = relation.get(0, String.class);
            String name = relation.get(1, String.class);
            int rows = dsl.fetchCount(DSL.selectOne().from(DSL.table(DSL.name(schema, name)).as("t"))
                    .where(DSL.condition("strpos(t::text, {0}) > 0", DSL.val(id))));
            if (rows > 0) {
                found.put(schema + "." + name, rows);
            }
        }
        return found;
    }
}
