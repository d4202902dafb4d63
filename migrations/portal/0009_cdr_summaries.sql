-- Daily summaries of each PBX's call history, which Switchboard keeps so
-- that the statistics of weeks and months add up days instead of grouping
-- every CDR row of the range by call (a month of FreePBX's CDR at 30 M rows
-- on MariaDB: docs/figures.md). One summary per connection, of the CDR
-- database it was made from: when the connection's CDR URL changes, its
-- days were another database's and go.
CREATE TABLE cdr_summaries (
    id INTEGER PRIMARY KEY,
    pbx_connection_id INTEGER NOT NULL UNIQUE REFERENCES pbx_connections(id) ON DELETE CASCADE,
    cdr_db_url TEXT NOT NULL
);

-- A summarised day ('YYYY-MM-DD' in the PBX's timestamps): how many CDR
-- rows it had then (a later count that differs summarises it again), and
-- the calls of the last busiest number kept of each role when the day had
-- more than were kept (0: the list is whole).
CREATE TABLE cdr_summary_days (
    summary_id INTEGER NOT NULL REFERENCES cdr_summaries(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    cdr_rows INTEGER NOT NULL,
    source_cutoff INTEGER NOT NULL,
    destination_cutoff INTEGER NOT NULL,
    summarised_at INTEGER NOT NULL,
    PRIMARY KEY (summary_id, day)
);

-- Calls, answered calls and talk time per hour ('YYYY-MM-DD HH') of a day.
CREATE TABLE cdr_summary_hours (
    summary_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    hour TEXT NOT NULL,
    calls INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    talk_seconds INTEGER NOT NULL,
    PRIMARY KEY (summary_id, day, hour),
    FOREIGN KEY (summary_id, day) REFERENCES cdr_summary_days(summary_id, day) ON DELETE CASCADE
);

-- A day's busiest numbers by role ('src', 'dst'), with their calls.
CREATE TABLE cdr_summary_numbers (
    summary_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    role TEXT NOT NULL,
    number TEXT NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (summary_id, day, role, number),
    FOREIGN KEY (summary_id, day) REFERENCES cdr_summary_days(summary_id, day) ON DELETE CASCADE
);
