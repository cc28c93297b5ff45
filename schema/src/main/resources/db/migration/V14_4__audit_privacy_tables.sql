-- Group 14 after group 12: the two tables of group 14 record their changes in the audit trail like every other table
-- of schema public (V12_2, docs/audit.md). A consent's evidence reference (a document or call reference that may
-- name the parent) is redacted in the audit; privacy_requests names its subject only by a hash already.
INSERT INTO audit.redacted_columns (table_name, column_name)
VALUES ('parental_consents', 'evidence_reference');

SELECT audit.attach('parental_consents'::regclass);
SELECT audit.attach('privacy_requests'::regclass);
