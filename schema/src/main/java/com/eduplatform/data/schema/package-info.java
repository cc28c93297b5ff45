/**
 * The platform's schema: Flyway migrations under {@code db/migration}, one group per phase of the seed design
 * ({@code V1_*} core foundation through {@code V6_*} communication), and {@link
 * com.eduplatform.data.schema.SchemaMigrations} to apply them; a rollback script per migration under
 * {@code db/rollback} and {@link com.eduplatform.data.schema.SchemaRollback} to apply those; {@link
 * com.eduplatform.data.schema.LegacySchema} to upgrade a database of the platform's schema before this library.
 */
package com.eduplatform.data.schema;
