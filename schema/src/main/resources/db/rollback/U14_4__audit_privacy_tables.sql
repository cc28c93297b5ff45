-- Undoes V14_4__audit_privacy_tables.sql: the audit triggers of group 14's tables go, and their redacted column.
DROP TRIGGER audit_insert ON privacy_requests;
DROP TRIGGER audit_update ON privacy_requests;
DROP TRIGGER audit_delete ON privacy_requests;
DROP TRIGGER audit_truncate ON privacy_requests;
DROP TRIGGER audit_insert ON parental_consents;
DROP TRIGGER audit_update ON parental_consents;
DROP TRIGGER audit_delete ON parental_consents;
DROP TRIGGER audit_truncate ON parental_consents;

DELETE FROM audit.redacted_columns WHERE table_name = 'parental_consents' AND column_name = 'evidence_reference';
