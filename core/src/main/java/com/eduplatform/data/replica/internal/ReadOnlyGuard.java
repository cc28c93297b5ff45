package com.eduplatform.data.replica.internal;

import com.eduplatform.data.error.EduDataException;
import com.eduplatform.data.error.ReadOnlyException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.Query;
import org.jooq.impl.QOM;

/**
 * Keeps the analytics context to reads, whatever server serves it: a statement jOOQ does not see as a read (an
 * INSERT, UPDATE, DELETE, MERGE, DDL, batch or routine, DML with RETURNING included) is refused before it takes a
 * connection, so a write fails the same way with or without a replica. A write that looks like a read (plain SQL,
 * {@code SELECT ... FOR UPDATE}) and reaches the standby comes back as SQLSTATE 25006, turned into the same
 * {@link ReadOnlyException}. Installed after the error translator, whose exception it refines.
 */
final class ReadOnlyGuard implements ExecuteListener {

    @Override
    public void start(ExecuteContext context) {
        if (!isRead(context)) {
            throw new ReadOnlyException("analytics() only reads, and this statement writes (" + context.type()
                    + "): send it through dsl() or a repository", null, null);
        }
    }

    @Override
    public void exception(ExecuteContext context) {
        if (context.exception() instanceof EduDataException failure && "25006".equals(failure.sqlState())
                && !(failure instanceof ReadOnlyException)) {
            context.exception(new ReadOnlyException("A read-only server refused this analytics statement, which "
                    + "writes: send it through dsl() or a repository (" + failure.getMessage() + ")",
                    failure.sqlState(), failure));
        }
    }

    private static boolean isRead(ExecuteContext context) {
        Query query = context.query();
        return context.type() == ExecuteType.READ
                && !(query instanceof QOM.InsertReturning<?> || query instanceof QOM.UpdateReturning<?>
                        || query instanceof QOM.DeleteReturning<?>);
    }
}
