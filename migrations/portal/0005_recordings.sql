-- Call recordings found on each PBX over ARI, one row per stored recording
-- (name and format as ARI names them). Rows are never duplicated: a sync
-- inserts what it has not seen and marks what the PBX no longer lists.
CREATE TABLE recordings (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    pbx_connection_id INTEGER NOT NULL REFERENCES pbx_connections(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    -- From the audio header; NULL when the format has none we can read.
    duration_ms INTEGER,
    -- 'YYYY-MM-DD HH:MM:SS' in the PBX's local time, as its CDR writes it.
    started_at TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    destination TEXT NOT NULL DEFAULT '',
    uniqueid TEXT NOT NULL DEFAULT '',
    linkedid TEXT NOT NULL DEFAULT '',
    -- Where the call data came from: 'cdr' (the matching CDR row) or 'file_name'.
    matched_by TEXT NOT NULL,
    -- 'freepbx' or 'asterisk': the PBX's CDR schema.
    origin TEXT NOT NULL,
    empty INTEGER NOT NULL DEFAULT 0,
    found_at INTEGER NOT NULL,
    gone_at INTEGER,
    deleted_at INTEGER,
    UNIQUE (pbx_connection_id, name, format)
);
CREATE INDEX recordings_by_start ON recordings (tenant_id, pbx_connection_id, started_at DESC, id DESC);
CREATE INDEX recordings_by_call ON recordings (pbx_connection_id, uniqueid);

-- The last sync of each connection, what it found, and when to try again.
CREATE TABLE recording_syncs (
    pbx_connection_id INTEGER PRIMARY KEY REFERENCES pbx_connections(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    found INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    gone INTEGER NOT NULL DEFAULT 0,
    -- The last error, as JSON of a CheckProblem; NULL after a clean run.
    error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_run_at INTEGER NOT NULL
);

-- Days a tenant keeps recordings; NULL keeps them for ever (the default).
ALTER TABLE tenants ADD COLUMN recording_retention_days INTEGER;
