-- The call history's count index: the start with every column a filter
-- compares, so a count over a date range reads this index only, never the
-- rows (src/server/realtime/cdr.rs, CdrTable::wanted_indexes).
CREATE INDEX IF NOT EXISTS cdr_search ON cdr (start, disposition, duration, src, dst);
