-- Asterisk Realtime schema for SQLite: the tables Switchboard manages on a PBX.
-- Table and column names follow Asterisk's own schema (contrib/ast-db-manage,
-- as rendered in contrib/realtime/*/..._config.sql for Asterisk 22); only the
-- columns Switchboard reads or writes are listed: Asterisk's sorcery ignores
-- columns that are absent and uses its defaults for them.
-- This file is applied to the PBX's database, never to the portal database.

CREATE TABLE IF NOT EXISTS ps_endpoints (
    id VARCHAR(40) NOT NULL PRIMARY KEY,
    transport VARCHAR(40),
    aors VARCHAR(200),
    auth VARCHAR(40),
    context VARCHAR(40),
    disallow VARCHAR(200),
    allow VARCHAR(200),
    direct_media VARCHAR(3),
    dtmf_mode VARCHAR(10),
    force_rport VARCHAR(3),
    rewrite_contact VARCHAR(3),
    rtp_symmetric VARCHAR(3),
    ice_support VARCHAR(3),
    identify_by VARCHAR(80),
    outbound_auth VARCHAR(40),
    outbound_proxy VARCHAR(40),
    from_domain VARCHAR(40),
    from_user VARCHAR(40),
    callerid VARCHAR(40),
    mailboxes VARCHAR(40),
    language VARCHAR(40),
    accountcode VARCHAR(80),
    set_var TEXT,
    device_state_busy_at INTEGER,
    send_pai VARCHAR(3),
    trust_id_inbound VARCHAR(3),
    trust_id_outbound VARCHAR(3)
);

CREATE TABLE IF NOT EXISTS ps_auths (
    id VARCHAR(40) NOT NULL PRIMARY KEY,
    auth_type VARCHAR(20),
    nonce_lifetime INTEGER,
    md5_cred VARCHAR(40),
    password VARCHAR(80),
    realm VARCHAR(40),
    username VARCHAR(40)
);

CREATE TABLE IF NOT EXISTS ps_aors (
    id VARCHAR(40) NOT NULL PRIMARY KEY,
    contact VARCHAR(255),
    default_expiration INTEGER,
    mailboxes VARCHAR(80),
    max_contacts INTEGER,
    minimum_expiration INTEGER,
    maximum_expiration INTEGER,
    remove_existing VARCHAR(3),
    qualify_frequency INTEGER,
    qualify_timeout FLOAT,
    authenticate_qualify VARCHAR(3),
    support_path VARCHAR(3)
);

CREATE TABLE IF NOT EXISTS ps_registrations (
    id VARCHAR(40) NOT NULL PRIMARY KEY,
    auth_rejection_permanent VARCHAR(3),
    client_uri VARCHAR(255),
    contact_user VARCHAR(40),
    expiration INTEGER,
    max_retries INTEGER,
    outbound_auth VARCHAR(40),
    outbound_proxy VARCHAR(40),
    retry_interval INTEGER,
    forbidden_retry_interval INTEGER,
    fatal_retry_interval INTEGER,
    server_uri VARCHAR(255),
    transport VARCHAR(40),
    support_path VARCHAR(3),
    line VARCHAR(3),
    endpoint VARCHAR(40),
    max_random_initial_delay INTEGER
);

CREATE TABLE IF NOT EXISTS ps_endpoint_id_ips (
    id VARCHAR(40) NOT NULL PRIMARY KEY,
    endpoint VARCHAR(40),
    match VARCHAR(80),
    srv_lookups VARCHAR(3),
    match_header VARCHAR(255)
);

CREATE TABLE IF NOT EXISTS queues (
    name VARCHAR(128) NOT NULL PRIMARY KEY,
    musiconhold VARCHAR(128),
    announce VARCHAR(128),
    context VARCHAR(128),
    timeout INTEGER,
    ringinuse VARCHAR(3),
    setinterfacevar VARCHAR(3),
    setqueuevar VARCHAR(3),
    setqueueentryvar VARCHAR(3),
    retry INTEGER,
    wrapuptime INTEGER,
    maxlen INTEGER,
    servicelevel INTEGER,
    strategy VARCHAR(20),
    joinempty VARCHAR(128),
    leavewhenempty VARCHAR(128),
    reportholdtime VARCHAR(3),
    memberdelay INTEGER,
    weight INTEGER,
    timeoutrestart VARCHAR(3),
    autopause VARCHAR(3),
    autofill VARCHAR(3)
);

CREATE TABLE IF NOT EXISTS queue_members (
    queue_name VARCHAR(80) NOT NULL,
    interface VARCHAR(80) NOT NULL,
    membername VARCHAR(80),
    state_interface VARCHAR(80),
    penalty INTEGER,
    paused INTEGER,
    uniqueid INTEGER NOT NULL UNIQUE,
    wrapuptime INTEGER,
    ringinuse VARCHAR(5),
    reason_paused TEXT,
    PRIMARY KEY (queue_name, interface)
);

CREATE TABLE IF NOT EXISTS extensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    context VARCHAR(40) NOT NULL,
    exten VARCHAR(40) NOT NULL,
    priority INTEGER NOT NULL,
    app VARCHAR(40) NOT NULL,
    appdata VARCHAR(256) NOT NULL,
    UNIQUE (context, exten, priority)
);

-- Asterisk's CDR schema (contrib/ast-db-manage/cdr): start/answer/end, no calldate.
-- cdr_sqlite3_custom inserts positionally as (NULL, <configured columns>), so
-- the table starts with a rowid alias and lists the columns in the order of
-- sandbox/asterisk/cdr_sqlite3_custom.conf.
CREATE TABLE IF NOT EXISTS cdr (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    accountcode VARCHAR(80),
    src VARCHAR(80),
    dst VARCHAR(80),
    dcontext VARCHAR(80),
    clid VARCHAR(80),
    channel VARCHAR(80),
    dstchannel VARCHAR(80),
    lastapp VARCHAR(80),
    lastdata VARCHAR(80),
    start DATETIME,
    answer DATETIME,
    end DATETIME,
    duration INTEGER,
    billsec INTEGER,
    disposition VARCHAR(45),
    amaflags VARCHAR(45),
    userfield VARCHAR(256),
    uniqueid VARCHAR(150),
    linkedid VARCHAR(150),
    peeraccount VARCHAR(80),
    sequence INTEGER
);
CREATE INDEX IF NOT EXISTS cdr_start ON cdr (start);
CREATE INDEX IF NOT EXISTS cdr_uniqueid ON cdr (uniqueid);
CREATE INDEX IF NOT EXISTS cdr_linkedid ON cdr (linkedid);
