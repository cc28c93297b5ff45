package com.eduplatform.data;

import com.eduplatform.data.internal.CursorCodec;
import com.eduplatform.data.internal.ErrorTranslator;
import com.eduplatform.data.internal.Transactions;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.Configuration;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DefaultConnectionProvider;

/** What every repository of one {@link EduDatabase} shares. */
record RepositoryContext(DSLContext dsl, Transactions transactions, ErrorTranslator errors, CursorCodec cursors) {

    /**
     * Runs a lazy query on a leased connection and returns its rows as a stream that gives the connection back
     * when closed.
     */
    <R extends Record> Stream<R> stream(Function<Configuration, Cursor<R>> query) {
        Transactions.Lease lease = transactions.lease();
        try {
            Configuration configuration = dsl.configuration().derive(new DefaultConnectionProvider(lease.connection()));
            Cursor<R> cursor = query.apply(configuration);
            return cursor.stream().onClose(() -> {
                try {
                    cursor.close();
                } finally {
                    lease.close();
                }
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }
}
