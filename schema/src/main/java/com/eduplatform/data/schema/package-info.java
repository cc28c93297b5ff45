/**
 * The platform's schema: Flyway migrations under {@code db/migration}, one group per phase of the seed design
 * ({@code V1_*} core foundation through {@code V6_*} communication), and {@link
 * com.eduplatform.data.schema.SchemaMigrations} to apply them.
 */
package com.eduplatform.data.schema;
