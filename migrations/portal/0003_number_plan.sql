-- The number range new extensions and queues are allocated from, per PBX.
ALTER TABLE pbx_connections ADD COLUMN number_range_start INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE pbx_connections ADD COLUMN number_range_end INTEGER NOT NULL DEFAULT 1999;

-- What we know of an extension that Asterisk's tables have no column for.
-- The extension itself lives in the PBX's Realtime database.
CREATE TABLE extension_profiles (
    pbx_connection_id INTEGER NOT NULL REFERENCES pbx_connections (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    number TEXT NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (pbx_connection_id, number)
);
-- "Email 'x' is already in use" within a tenant, whichever PBX.
CREATE UNIQUE INDEX extension_profiles_email ON extension_profiles (tenant_id, email);
