/**
 * A real PostgreSQL for codegen, tests and examples: {@link com.eduplatform.data.testing.PostgresServer} finds
 * one (a JDBC URL, else Testcontainers, else an embedded server) and hands out throwaway, migrated databases;
 * {@link com.eduplatform.data.testing.PostgresExtension} gives each JUnit 5 test class its own.
 * {@link com.eduplatform.data.testing.StreamingReplica} is a primary with a streaming hot standby, always embedded,
 * for tests of read-replica routing.
 */
package com.eduplatform.data.testing;
