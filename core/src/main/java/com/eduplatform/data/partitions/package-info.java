/**
 * The partition lifecycle of the monthly range-partitioned tables ({@code user_activity_logs}): partitions created
 * ahead of time, the DEFAULT partition drained into its months, and months older than a retention period moved to
 * the {@code archive} schema, where they stay queryable and can be attached back. Reach it from
 * {@link com.eduplatform.data.EduDatabase#partitions()}; {@code docs/partitions.md} describes the locks it takes.
 */
package com.eduplatform.data.partitions;
