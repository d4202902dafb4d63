-- Pages sorted by duration, source or destination walk one of these and
-- stop after their rows; the start breaks ties (newest first), so the
-- index's own order is the page's (src/server/realtime/cdr.rs).
CREATE INDEX IF NOT EXISTS cdr_duration ON cdr (duration, start);
CREATE INDEX IF NOT EXISTS cdr_src ON cdr (src, start);
CREATE INDEX IF NOT EXISTS cdr_dst ON cdr (dst, start);
