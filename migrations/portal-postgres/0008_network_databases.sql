ALTER TABLE pbx_connections ADD COLUMN realtime_db_password_sealed BYTEA;
ALTER TABLE pbx_connections ADD COLUMN cdr_db_url TEXT NOT NULL DEFAULT '';
ALTER TABLE pbx_connections ADD COLUMN cdr_db_password_sealed BYTEA;
ALTER TABLE pbx_connections ADD COLUMN db_ca_pem TEXT NOT NULL DEFAULT '';
