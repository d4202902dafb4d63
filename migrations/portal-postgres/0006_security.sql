-- What each PBX connection points at, so that one PBX belongs to one
-- tenant (see migrations/portal/0006_security.sql).
CREATE TABLE pbx_claims (
    connection_id BIGINT NOT NULL REFERENCES pbx_connections(id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    -- 'realtime', 'cdr', 'ami' or 'asterisk'
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    PRIMARY KEY (connection_id, kind, value)
);
CREATE INDEX pbx_claims_by_value ON pbx_claims (kind, value, tenant_id);

-- A session remembers the epoch it was opened in; changing one's password
-- moves the epoch on, which ends every other session of that user.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
