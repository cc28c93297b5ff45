package com.eduplatform.data.bulk;

/**
 * What a {@link BulkLoader#load} wrote.
 *
 * @param table the table loaded
 * @param rows the rows written, all of the input
 * @param copyStatements the COPY statements the rows went through: one per 10,000 rows, and
 *     one more each time a row leaves a different set of columns to their defaults than the row before it
 */
public record LoadResult(String table, long rows, int copyStatements) {
}
