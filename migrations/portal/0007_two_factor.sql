-- Two-factor sign-in (TOTP, RFC 6238).
-- The user's TOTP secret, sealed with the keyring like the PBX secrets
-- (NULL: not enrolled), and the last time step a code was accepted for: a
-- code is accepted once, and never one of an earlier step.
ALTER TABLE users ADD COLUMN totp_secret_sealed BLOB;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- Ten single-use recovery codes per enrolment, kept as SHA-256 hashes
-- (each is 60 random bits: a slow hash would add nothing).
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id, code_hash);

-- Who must use it: a tenant's users, or everyone (one row of settings).
ALTER TABLE tenants ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0;
CREATE TABLE portal_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    require_two_factor INTEGER NOT NULL DEFAULT 0
);
INSERT INTO portal_settings (id) VALUES (1);
