-- Who changed what, when, with the object before and after (secrets are
-- never in these JSON documents: they are built from the public types).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    -- The tenant the object belongs to; NULL for objects of no tenant
    -- (super administrators).
    tenant_id INTEGER REFERENCES tenants (id),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_email TEXT NOT NULL,
    pbx_connection_id INTEGER,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    object_label TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_object ON audit_log (object_type, at DESC);
