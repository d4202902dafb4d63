-- The tenant's IANA time zone: what "today" is in its call history.
ALTER TABLE tenants ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
