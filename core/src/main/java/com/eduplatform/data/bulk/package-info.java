/**
 * Bulk ingestion: rows of the generated POJO records written through PostgreSQL's COPY, in one transaction, with
 * the library's validation and typed errors. Start at {@link com.eduplatform.data.bulk.BulkLoader}, reached as
 * {@code db.bulk()}.
 */
package com.eduplatform.data.bulk;
