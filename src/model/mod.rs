//! Types both sides share: plain data, serde, no I/O. Secrets never appear
//! in these types except as write-only form input (`SecretInput`).

mod account;
mod audit;
mod cdr;
mod extension;
mod live;
mod page;
mod pbx;
mod queue;
mod recording;
mod secret;
mod tenant;
mod trunk;
mod two_factor;

pub use account::{Me, Role, SetupState, User, UserForm};
pub use audit::{AuditAction, AuditFilter, AuditObject, AuditRecord};
pub use cdr::{
    CDR_DEFAULT_LIMIT, CDR_MAX_LIMIT, CallRecord, CdrBucket, CdrFilter, CdrPage, CdrSchema,
    CdrSort, CdrStats, Disposition, SUMMARY_NUMBERS_PER_DAY,
};
pub use extension::{
    Codec, CreatedExtension, Extension, ExtensionForm, ExtensionList, ImportLine, ImportReport,
    LiveState, Registration, RevealedSecret,
};
pub use live::{
    Call, DeviceState, Leg, LiveEvent, LiveExtension, LiveQueue, PbxLink, PbxStats, PeerKind,
    PeerStatus, QueueAgent, QueueCaller,
};
pub use page::{PER_PAGE, Page, page_bounds};
pub use pbx::{
    AriScheme, CheckOutcome, CheckProblem, ConnectionTestReport, PbxConnection, PbxConnectionForm,
};
pub use queue::{MemberChoice, Queue, QueueForm, QueueList, QueueMember, QueueStrategy};
pub use recording::{
    MatchedBy, Recording, RecordingFilter, RecordingList, RecordingOrigin, RetentionPlan,
    RetentionReport, SyncProgress,
};
pub use secret::SecretInput;
pub use tenant::{DEFAULT_TIME_ZONE, MAX_RETENTION_DAYS, Tenant};
pub use trunk::{ReloadOutcome, Trunk, TrunkForm, TrunkList, TrunkSaved};
pub use two_factor::{Enrolment, RECOVERY_CODES, SecondStep, TwoFactorPolicy, TwoFactorStatus};

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;
