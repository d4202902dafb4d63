-- Switchboard's own database: tenants, users, PBX connections, sign-in
-- throttling, the first-run setup token. (Sessions: tower-sessions' store
-- creates its own table.)

CREATE TABLE tenants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tenants_name ON tenants (name COLLATE NOCASE);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL only for SUPER_ADMIN, who sees every tenant.
    tenant_id INTEGER REFERENCES tenants (id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('SUPER_ADMIN', 'TENANT_ADMIN', 'READ_ONLY')),
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    CHECK ((role = 'SUPER_ADMIN') = (tenant_id IS NULL))
);
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE pbx_connections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    host TEXT NOT NULL,
    ami_port INTEGER NOT NULL,
    ami_username TEXT NOT NULL,
    -- AES-256-GCM: [key version][nonce][ciphertext+tag], bound to the row.
    ami_secret_sealed BLOB,
    ari_scheme TEXT NOT NULL CHECK (ari_scheme IN ('http', 'https')),
    ari_port INTEGER NOT NULL,
    ari_username TEXT NOT NULL,
    ari_password_sealed BLOB,
    ari_trust_cert INTEGER NOT NULL DEFAULT 0,
    realtime_db_url TEXT NOT NULL,
    sync_interval_minutes INTEGER NOT NULL DEFAULT 10,
    saved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pbx_connections_tenant ON pbx_connections (tenant_id);
CREATE UNIQUE INDEX pbx_connections_name ON pbx_connections (tenant_id, name COLLATE NOCASE);

-- Failed sign-ins, by email and by client address, for throttling.
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE NOCASE,
    client_ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (client_ip, at);

-- The one-time first-run token (argon2 hash), present only until the first
-- user exists.
CREATE TABLE setup_token (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
