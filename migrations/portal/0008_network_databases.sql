-- A PBX connection's databases may be on the network (PostgreSQL,
-- MySQL/MariaDB), and its call history (CDR) may be a database of its own:
-- FreePBX keeps it in asteriskcdrdb, apart from the configuration. Until
-- now the call history was read from the Realtime file, so existing
-- connections keep exactly that. The passwords are sealed like the AMI
-- secret (NULL: none); the CA certificate (PEM, not a secret) is the one
-- both databases' TLS certificates are checked against when the URL asks
-- for verification.
ALTER TABLE pbx_connections ADD COLUMN realtime_db_password_sealed BLOB;
ALTER TABLE pbx_connections ADD COLUMN cdr_db_url TEXT NOT NULL DEFAULT '';
ALTER TABLE pbx_connections ADD COLUMN cdr_db_password_sealed BLOB;
ALTER TABLE pbx_connections ADD COLUMN db_ca_pem TEXT NOT NULL DEFAULT '';
UPDATE pbx_connections SET cdr_db_url = realtime_db_url;

-- A connection's call history database is claimed like its Realtime one
-- (kind 'cdr'), and the two kinds are checked against each other: a CDR
-- table inside another tenant's Realtime database is that tenant's.
INSERT OR IGNORE INTO pbx_claims (connection_id, tenant_id, kind, value, claimed_at)
    SELECT connection_id, tenant_id, 'cdr', value, claimed_at FROM pbx_claims WHERE kind = 'realtime';
