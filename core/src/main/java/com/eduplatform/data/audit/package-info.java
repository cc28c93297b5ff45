/**
 * The audit trail: who changed or read what and when, append-only, sealed into a hash chain
 * ({@link com.eduplatform.data.audit.AuditTrail}, reached through {@code EduDatabase.audit()}). See docs/audit.md.
 */
package com.eduplatform.data.audit;
