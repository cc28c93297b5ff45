-- Undoes V9_1__create_archive_schema.sql: the archive table and its schema go. Refused while the archive holds a
-- month: move every archived partition back to the live table first (db.partitions(), docs/partitions.md), so
-- rolling back never drops archived rows.
DO
$$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'archive.user_activity_logs'::regclass) THEN
        RAISE EXCEPTION 'archive.user_activity_logs still holds partitions: attach them back to user_activity_logs first'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$$;

DROP TABLE archive.user_activity_logs;
DROP SCHEMA archive;
