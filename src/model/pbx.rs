use serde::{Deserialize, Serialize};

use super::{SecretInput, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AriScheme {
    #[default]
    Http,
    Https,
}

impl AriScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            AriScheme::Http => "http",
            AriScheme::Https => "https",
        }
    }

    pub fn parse(value: &str) -> Option<AriScheme> {
        match value {
            "http" => Some(AriScheme::Http),
            "https" => Some(AriScheme::Https),
            _ => None,
        }
    }
}

/// A saved PBX connection as the browser sees it: secrets are only "set" or
/// "not set".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbxConnection {
    pub id: i64,
    pub tenant_id: i64,
    pub tenant_name: String,
    pub name: String,
    pub host: String,
    pub ami_port: u16,
    pub ami_username: String,
    pub ami_secret_set: bool,
    pub ari_scheme: AriScheme,
    pub ari_port: u16,
    pub ari_username: String,
    pub ari_password_set: bool,
    pub ari_trust_cert: bool,
    pub realtime_db_url: String,
    pub realtime_db_password_set: bool,
    /// The call history database; empty: none.
    pub cdr_db_url: String,
    pub cdr_db_password_set: bool,
    /// The CA both databases' certificates are checked against (PEM);
    /// empty: the public authorities only.
    pub db_ca_pem: String,
    pub sync_interval_minutes: u32,
    /// New extensions and queues get numbers from this range.
    pub range_start: u32,
    pub range_end: u32,
    pub saved_by: Option<String>,
    pub updated_at: Timestamp,
    /// Optimistic concurrency: a save must name the version it edited.
    pub version: i64,
}

/// What the Settings form sends. Empty secrets keep the saved ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbxConnectionForm {
    /// `None` creates a new connection.
    pub id: Option<i64>,
    pub version: Option<i64>,
    /// Only a SUPER_ADMIN chooses; others always save into their own tenant.
    pub tenant_id: Option<i64>,
    pub name: String,
    pub host: String,
    pub ami_port: u16,
    pub ami_username: String,
    #[serde(default)]
    pub ami_secret: SecretInput,
    pub ari_scheme: AriScheme,
    pub ari_port: u16,
    pub ari_username: String,
    #[serde(default)]
    pub ari_password: SecretInput,
    /// A checkbox: absent from a posted form when unticked.
    #[serde(default)]
    pub ari_trust_cert: bool,
    pub realtime_db_url: String,
    #[serde(default)]
    pub realtime_db_password: SecretInput,
    /// Empty: no call history.
    #[serde(default)]
    pub cdr_db_url: String,
    #[serde(default)]
    pub cdr_db_password: SecretInput,
    #[serde(default)]
    pub db_ca_pem: String,
    pub sync_interval_minutes: u32,
    #[serde(default = "default_range_start")]
    pub range_start: u32,
    #[serde(default = "default_range_end")]
    pub range_end: u32,
}

fn default_range_start() -> u32 {
    1000
}

fn default_range_end() -> u32 {
    1999
}

impl Default for PbxConnectionForm {
    fn default() -> Self {
        PbxConnectionForm {
            id: None,
            version: None,
            tenant_id: None,
            name: String::new(),
            host: "127.0.0.1".into(),
            ami_port: 5038,
            ami_username: String::new(),
            ami_secret: SecretInput::default(),
            ari_scheme: AriScheme::Http,
            ari_port: 8088,
            ari_username: String::new(),
            ari_password: SecretInput::default(),
            ari_trust_cert: false,
            realtime_db_url: String::new(),
            realtime_db_password: SecretInput::default(),
            cdr_db_url: String::new(),
            cdr_db_password: SecretInput::default(),
            db_ca_pem: String::new(),
            sync_interval_minutes: 10,
            range_start: default_range_start(),
            range_end: default_range_end(),
        }
    }
}

/// The result of "Test connection": each part checked on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionTestReport {
    pub ami: CheckOutcome,
    pub ari: CheckOutcome,
    pub realtime: CheckOutcome,
    /// `None`: the connection names no call history database.
    pub cdr: Option<CheckOutcome>,
}

impl ConnectionTestReport {
    pub fn all_ok(&self) -> bool {
        [
            Some(&self.ami),
            Some(&self.ari),
            Some(&self.realtime),
            self.cdr.as_ref(),
        ]
        .iter()
        .flatten()
        .all(|outcome| matches!(outcome, CheckOutcome::Ok { .. }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CheckOutcome {
    /// `detail`: the Asterisk/AMI version, or the tables found.
    Ok {
        detail: String,
    },
    Failed {
        problem: CheckProblem,
    },
}

/// Why a check failed, precise enough to act on. No secrets inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CheckProblem {
    ConnectionRefused {
        address: String,
    },
    Timeout {
        address: String,
        seconds: u64,
    },
    HostNotFound {
        host: String,
    },
    Unreachable {
        address: String,
        reason: String,
    },
    /// Something answered, but not Asterisk's manager interface.
    NotAmi {
        address: String,
    },
    AuthenticationFailed {
        username: String,
    },
    TlsNotTrusted {
        reason: String,
    },
    TlsFailed {
        reason: String,
    },
    HttpStatus {
        status: u16,
    },
    NotAri,
    MissingSecret,
    DatabaseNotFound {
        path: String,
    },
    DatabaseUnreadable {
        reason: String,
    },
    MissingTables {
        tables: Vec<String>,
    },
    /// The PBX's database refused a statement (a permission, a constraint,
    /// a trigger); its own message, bounded.
    DatabaseRefused {
        reason: String,
    },
    /// The connection names no call history (CDR) database.
    NoCallHistory,
    /// A PBX database took longer than Switchboard's limit to answer (a
    /// statement, a free connection, or the number plan's lock).
    DatabaseTimeout {
        seconds: u64,
    },
    /// Something answered at the address, but not this database server.
    NotDatabase {
        address: String,
        server: String,
    },
    /// The server has no database of this name.
    DatabaseMissing {
        database: String,
    },
    /// MySQL/MariaDB refused the database to this user, which they also say
    /// of a database that does not exist (they do not tell the two apart).
    DatabaseNotGranted {
        database: String,
        user: String,
    },
    /// The tables are not there, or (MySQL hides what a user holds no grant
    /// on) not granted to this user.
    TablesNotVisible {
        tables: Vec<String>,
        user: String,
    },
    /// The user may not do what Switchboard does there: each entry is a
    /// grant, `INSERT ON ps_endpoints`.
    PermissionsMissing {
        user: String,
        missing: Vec<String>,
    },
    /// The PBX refused an action; its own message, printable and bounded.
    ActionRefused {
        message: String,
    },
    /// Switchboard has no live link to this PBX right now.
    NotConnected,
    /// The live link was up and the PBX closed it.
    LinkClosed {
        address: String,
    },
    /// The live link was up and the PBX stopped answering its pings.
    PingUnanswered {
        address: String,
    },
    /// Outside the networks and ports the server's operator allows.
    TargetNotAllowed {
        address: String,
    },
    /// The Realtime file is outside the directory the operator allows.
    DatabaseNotAllowed,
    /// This PBX (the same Asterisk, AMI address or Realtime database) is
    /// already connected to another tenant.
    PbxOfAnotherTenant,
    /// Switchboard's own database did not answer while checking which
    /// tenant this PBX belongs to (nothing was used; try again).
    OwnershipUnchecked,
    /// ARI listed a recording but would not hand over its file.
    RecordingUnreadable {
        name: String,
        status: u16,
    },
}
