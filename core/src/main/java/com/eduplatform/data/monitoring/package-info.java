/**
 * Watching and looking after the database the library runs on: the slow-query log
 * ({@link com.eduplatform.data.EduDatabase.Builder#slowQueryThreshold(java.time.Duration)}, {@link SlowQuery}),
 * Micrometer metrics ({@link com.eduplatform.data.EduDatabase.Builder#meterRegistry}), the health report
 * ({@link com.eduplatform.data.EduDatabase#health()}, {@link HealthReport}) and maintenance operations
 * ({@link com.eduplatform.data.EduDatabase#maintenance()}, {@link Maintenance}). See {@code docs/monitoring.md}.
 */
package com.eduplatform.data.monitoring;
