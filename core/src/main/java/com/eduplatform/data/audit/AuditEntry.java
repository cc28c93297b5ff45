package com.eduplatform.data.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * One entry of the audit trail: a row inserted, updated or deleted, a table truncated, or a library read of a
 * sensitive table.
 *
 * @param id            the entry's number (increasing, not gapless)
 * @param loggedAt      when the statement ran
 * @param transactionId the writing transaction's id ({@code pg_current_xact_id()})
 * @param actorId       the acting user of the transaction ({@code edudata.user_id}), or {@code null}
 * @param loginRole     the database login ({@code session_user})
 * @param actingRole    the role in effect ({@code SET ROLE}), else the login
 * @param table         the table of schema public
 * @param operation     {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code TRUNCATE} or {@code SELECT}
 * @param rowKey        the row's primary key as {@code {"column": value}}, {@code null} for TRUNCATE and SELECT
 * @param oldValues     before the change: the whole row for a DELETE, the changed columns for an UPDATE
 * @param newValues     after it: the whole row for an INSERT, the changed columns for an UPDATE; personal data
 *                      columns hold {@code "[redacted]"} (see docs/audit.md)
 * @param detail        for a read, {@code {"statement_digest": ..., "rows": ...}}
 */
public record AuditEntry(long id, OffsetDateTime loggedAt, long transactionId, String actorId, String loginRole,
        String actingRole, String table, String operation, JsonNode rowKey, JsonNode oldValues, JsonNode newValues,
        JsonNode detail) {
}
