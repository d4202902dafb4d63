-- What each PBX connection points at, so that one PBX belongs to one
-- tenant: the Realtime database (a SQLite file by device and inode, so two
-- spellings or a hard link are the same file), the AMI socket address, and
-- Asterisk's own entity id (learned over AMI and ARI at every connect). A
-- value claimed by a connection of one tenant cannot be claimed by another
-- tenant's connection; the first to claim keeps it.
CREATE TABLE pbx_claims (
    connection_id INTEGER NOT NULL REFERENCES pbx_connections(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    -- 'realtime', 'ami' or 'asterisk'
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (connection_id, kind, value)
);
CREATE INDEX pbx_claims_by_value ON pbx_claims (kind, value, tenant_id);

-- A session remembers the epoch it was opened in; changing one's password
-- moves the epoch on, which ends every other session of that user.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
