package com.eduplatform.data.partitions;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.TableImpl;

/**
 * The archive table of a live table, typed as the live table: {@code archive.<name>} with the live table's fields
 * (data types, converters and bindings included) and its record type, so rows read from the archive come back as the
 * generated records and POJOs. The archive table has the live table's shape by construction (V9_1), and moving a
 * month between the two fails if it ever drifts.
 */
final class ArchiveTable<R extends Record> extends TableImpl<R> {

    private static final long serialVersionUID = 1L;

    private final Class<? extends R> recordType;

    ArchiveTable(Table<R> live) {
        super(DSL.name(live.getName()), DSL.schema(DSL.name(PartitionCatalog.ARCHIVE_SCHEMA)));
        this.recordType = live.getRecordType();
        for (Field<?> field : live.fields()) {
            createField(field.getUnqualifiedName(), field.getDataType(), this);
        }
    }

    @Override
    public Class<? extends R> getRecordType() {
        return recordType;
    }
}
