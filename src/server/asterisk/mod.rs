//! Talking to Asterisk: the AMI wire format, short AMI sessions for
//! configuration work, the long-lived AMI client behind the live panel
//! (`live/` turns its events into calls, phones and queues; `hub` fans them
//! out), ARI for recordings, and the "Test connection" probes. Protocol
//! only: who may do what, and the audit, are the services'.

pub mod ami;
pub mod ari;
pub mod bench;
pub mod hub;
pub mod live;

/// A connection with its secrets opened, for talking to the PBX. Server
/// only: not serializable, secrets hidden from `Debug`.
#[derive(Debug)]
pub struct PbxTarget {
    pub connection: crate::model::PbxConnection,
    pub ami_secret: Option<crate::server::crypto::Secret>,
    pub ari_password: Option<crate::server::crypto::Secret>,
    /// The Realtime and call history databases' passwords (network ones).
    pub realtime_db_password: Option<crate::server::crypto::Secret>,
    pub cdr_db_password: Option<crate::server::crypto::Secret>,
    /// Where the server may connect: every connection to this PBX goes
    /// through it.
    pub policy: std::sync::Arc<crate::server::targets::TargetPolicy>,
    /// Whether the Asterisk reached is this tenant's to talk to.
    pub ownership: crate::server::targets::Ownership,
}
