-- FreePBX's call history table, asteriskcdrdb.cdr, as a FreePBX 16/17 install
-- leaves it on MariaDB: the framework's installlib/SQL/cdr.sql, then the
-- columns the cdr module's installer adds (did, recordingfile, the caller-id
-- columns) and the ones later releases add for Asterisk 12+ CDRs (linkedid,
-- peeraccount, sequence). No primary key: rows have no id a page could seek
-- by. Asterisk writes it through cdr_adaptive_odbc with `alias start =>
-- calldate` (sandbox/asterisk-mariadb/cdr_adaptive_odbc.conf).
CREATE TABLE cdr (
   calldate datetime NOT NULL default '0000-00-00 00:00:00',
   clid varchar(80) NOT NULL default '',
   src varchar(80) NOT NULL default '',
   dst varchar(80) NOT NULL default '',
   dcontext varchar(80) NOT NULL default '',
   channel varchar(80) NOT NULL default '',
   dstchannel varchar(80) NOT NULL default '',
   lastapp varchar(80) NOT NULL default '',
   lastdata varchar(80) NOT NULL default '',
   duration int(11) NOT NULL default '0',
   billsec int(11) NOT NULL default '0',
   disposition varchar(45) NOT NULL default '',
   amaflags int(11) NOT NULL default '0',
   accountcode varchar(20) NOT NULL default '',
   uniqueid varchar(32) NOT NULL default '',
   userfield varchar(255) NOT NULL default '',
   did varchar(50) NOT NULL default '',
   recordingfile varchar(255) NOT NULL default '',
   cnum varchar(40) NOT NULL default '',
   cnam varchar(40) NOT NULL default '',
   outbound_cnum varchar(40) NOT NULL default '',
   outbound_cnam varchar(40) NOT NULL default '',
   dst_cnam varchar(40) NOT NULL default '',
   linkedid varchar(32) NOT NULL default '',
   peeraccount varchar(80) NOT NULL default '',
   sequence int(11) NOT NULL default '0',
   KEY `calldate` (`calldate`),
   KEY `dst` (`dst`),
   KEY `accountcode` (`accountcode`),
   KEY `uniqueid` (`uniqueid`),
   KEY `did` (`did`)
);
