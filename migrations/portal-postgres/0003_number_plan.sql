ALTER TABLE pbx_connections ADD COLUMN number_range_start BIGINT NOT NULL DEFAULT 1000;
ALTER TABLE pbx_connections ADD COLUMN number_range_end BIGINT NOT NULL DEFAULT 1999;

CREATE TABLE extension_profiles (
    pbx_connection_id BIGINT NOT NULL REFERENCES pbx_connections (id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    number TEXT NOT NULL,
    email TEXT NOT NULL COLLATE nocase,
    PRIMARY KEY (pbx_connection_id, number)
);
CREATE UNIQUE INDEX extension_profiles_email ON extension_profiles (tenant_id, email);
