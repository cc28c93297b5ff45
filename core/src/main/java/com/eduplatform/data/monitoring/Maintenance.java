package com.eduplatform.data.monitoring;

import com.eduplatform.data.EduDatabase;
import com.eduplatform.data.error.AccessDeniedException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Index;
import org.jooq.Name;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * PostgreSQL's upkeep on demand, for a scheduler or an operator: ANALYZE, VACUUM and REINDEX CONCURRENTLY of the
 * library's tables and indexes (the generated {@code Tables.X} and {@code Indexes.X}). Names go to PostgreSQL as
 * quoted identifiers, never as text. On a partitioned table (say {@code user_activity_logs}) each operation covers
 * every partition.
 *
 * <p>VACUUM and REINDEX CONCURRENTLY cannot run inside a transaction: called inside
 * {@link EduDatabase#inTransaction} they throw {@link IllegalStateException} before sending anything. Each takes a
 * pooled connection of its own and may run long. They need the table's owner (or, on PostgreSQL 17 and later, the
 * {@code MAINTAIN} privilege); PostgreSQL merely warns and skips a table the role may not maintain, which is
 * thrown here as an {@link AccessDeniedException}.
 */
public final class Maintenance {

    private final DSLContext dsl;

    /** The maintenance of {@code db}'s database; {@link EduDatabase#maintenance()} is the usual way to get one. */
    public Maintenance(EduDatabase db) {
        this.dsl = db.dsl();
    }

    /**
     * Refreshes the planner's statistics of {@code table} ({@code ANALYZE}); on a partitioned table, of the whole
     * table and of each partition. Inside a transaction it runs in it.
     */
    public void analyze(Table<?> table) {
        run("analyze {0}", name(table), table.getName());
    }

    /**
     * Reclaims the space of dead rows of {@code table} for reuse ({@code VACUUM}), then refreshes its statistics
     * when {@code analyze} is true ({@code VACUUM (ANALYZE)}). Never rewrites the table and takes no lock that
     * blocks reads or writes.
     *
     * @throws IllegalStateException inside a transaction
     */
    public void vacuum(Table<?> table, boolean analyze) {
        outsideTransaction("VACUUM");
        run(analyze ? "vacuum (analyze) {0}" : "vacuum {0}", name(table), table.getName());
    }

    /**
     * Rebuilds {@code index} without blocking writes ({@code REINDEX INDEX CONCURRENTLY}), to shed bloat or
     * repair it. If it fails, PostgreSQL may leave an invalid copy named {@code <index>_ccnew} to drop.
     *
     * @throws IllegalStateException inside a transaction
     */
    public void reindexConcurrently(Index index) {
        Objects.requireNonNull(index, "index");
        outsideTransaction("REINDEX CONCURRENTLY");
        Table<?> table = index.getTable();
        Name name = table != null && table.getSchema() != null && !table.getSchema().getName().isEmpty()
                ? DSL.name(table.getSchema().getName(), index.getName()) : DSL.name(index.getName());
        run("reindex index concurrently {0}", name, table == null ? null : table.getName());
    }

    /**
     * Rebuilds every index of {@code table} without blocking writes ({@code REINDEX TABLE CONCURRENTLY}); on a
     * partitioned table, those of every partition.
     *
     * @throws IllegalStateException inside a transaction
     */
    public void reindexConcurrently(Table<?> table) {
        outsideTransaction("REINDEX CONCURRENTLY");
        run("reindex table concurrently {0}", name(table), table.getName());
    }

    private static Name name(Table<?> table) {
        Objects.requireNonNull(table, "table");
        return table.getSchema() != null && !table.getSchema().getName().isEmpty()
                ? DSL.name(table.getSchema().getName(), table.getName()) : DSL.name(table.getName());
    }

    private void outsideTransaction(String operation) {
        Boolean inTransaction = dsl.connectionResult(connection -> !connection.getAutoCommit());
        if (Boolean.TRUE.equals(inTransaction)) {
            throw new IllegalStateException(operation + " cannot run inside a transaction: call it outside "
                    + "inTransaction/useTransaction");
        }
    }

    /** Runs {@code query}, turning PostgreSQL's "skipping ... only owner can" warnings into a refusal. */
    private void run(String template, Name name, String table) {
        List<String> skipped = new ArrayList<>();
        ExecuteListener warnings = new ExecuteListener() {
            @Override
            public void warning(ExecuteContext ctx) {
                for (SQLWarning w = ctx.sqlWarning(); w != null; w = w.getNextWarning()) {
                    if (w.getMessage() != null && w.getMessage().contains("skipping")) {
                        skipped.add(w.getMessage());
                    }
                }
            }
        };
        DSL.using(dsl.configuration().deriveAppending(warnings)).execute(template, name);
        if (!skipped.isEmpty()) {
            throw new AccessDeniedException(null, "PostgreSQL skipped the operation: " + String.join("; ", skipped),
                    "42501", table, null);
        }
    }
}
