//! The one error type every server function returns.
//!
//! It crosses to the browser as JSON (server_fn's custom error support) and
//! carries its HTTP status: `server::http::server_fn_status` turns the 500
//! that server_fn sends for every error into `AppError::status()`. Variants
//! hold codes and parameters, never prose, so the browser can say them in
//! the user's language, and never secrets, so they are safe to show.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("changed by someone else since it was opened")]
    Stale,
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("cross-site request refused")]
    CrossSite,
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The request's arguments could not be read (a malformed call).
    #[error("malformed request: {0}")]
    BadRequest(String),
    /// The PBX (its AMI, ARI or Realtime database) could not do its part.
    #[error("the PBX could not be reached: {0:?}")]
    Pbx(crate::model::CheckProblem),
    /// Raised in the browser when the request itself failed.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => S::UNAUTHORIZED,
            AppError::Forbidden | AppError::CrossSite => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => S::BAD_REQUEST,
            AppError::Stale => S::CONFLICT,
            AppError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AppError::Pbx(_) => S::BAD_GATEWAY,
            AppError::Internal { .. } | AppError::Transport(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// One invalid field.
    pub fn field(field: &'static str, problem: Problem) -> Self {
        AppError::Invalid(vec![FieldError::new(field, problem)])
    }

    /// The problem reported for `field`, if any.
    pub fn problem_for(&self, field: &str) -> Option<&Problem> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| &error.problem),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Decoding the caller's arguments failed: their mistake, 400.
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::Deserialization(detail) => AppError::BadRequest(detail),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// A problem with one named form field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldError {
            field: field.to_owned(),
            problem,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: u32,
    },
    TooShort {
        min: u32,
    },
    InvalidEmail,
    EmailInUse {
        email: String,
    },
    NameInUse {
        name: String,
    },
    /// Quotes, angle brackets, semicolons or control characters.
    ForbiddenCharacters,
    PasswordsDiffer,
    WrongCurrentPassword,
    /// A two-factor code that is wrong, expired or already used.
    WrongCode,
    /// Two-factor cannot be turned off: the tenant or the portal requires it.
    TwoFactorRequired,
    /// No enrolment under way (started in another browser, or too long ago).
    NoEnrolment,
    /// Already set up: turn it off (with a code) before setting it up again.
    AlreadyEnrolled,
    OutOfRange {
        min: i64,
        max: i64,
    },
    InvalidHost,
    InvalidDatabaseUrl,
    /// A database URL with a password inside: it goes in its own field.
    PasswordInUrl,
    /// A network database URL names no user (`postgres://user@host/db`).
    DatabaseUserRequired,
    /// A network database URL names no database.
    DatabaseNameRequired,
    /// A URL parameter other than the TLS mode, or a TLS mode that is not
    /// one of the server's own.
    DatabaseUrlParameter {
        name: String,
        allowed: String,
    },
    /// A password for a database that takes none (a SQLite file, or none).
    PasswordWithoutServer,
    /// Not a PEM certificate (`-----BEGIN CERTIFICATE-----`).
    InvalidCertificate,
    /// The Realtime database may not be one of Switchboard's own files.
    DatabaseInsideDataDir,
    RoleNotAllowed,
    InvalidSetupToken,
    UnknownTenant,
    UnknownChoice,
    /// A phone number: digits only, no leading zero.
    DigitsOnly,
    NumberInUse {
        number: String,
    },
    /// No free number left in the PBX's range.
    RangeFull {
        min: i64,
        max: i64,
    },
    UnknownCodec {
        codec: String,
    },
    /// A SIP secret: 16 to 64 characters from letters, digits and - _ . ~
    WeakSecret {
        min: u32,
    },
    FileTooLarge {
        max_bytes: u64,
    },
    /// The CSV's first line must name the columns.
    CsvHeader,
    CsvLine {
        line: u32,
    },
    TooManyLines {
        max: u32,
    },
    /// A queue member that is not an extension of this PBX.
    UnknownExtension {
        number: String,
    },
    /// A trunk or queue identifier: letters, digits, - and _.
    InvalidIdentifier,
    /// An IP address or network (CIDR) was expected.
    InvalidNetwork,
    /// A calendar date `YYYY-MM-DD` was expected.
    InvalidDate,
    /// The end of a date range is before its start.
    EndBeforeStart,
    /// A date range longer than allowed.
    RangeTooLong {
        max_days: u32,
    },
    /// A number filter: digits, + * #, optionally starting with %.
    InvalidNumberPattern,
    /// Not an IANA time zone name (`Europe/Paris`).
    UnknownTimeZone,
    /// A host or port outside the networks and ports the server's operator
    /// allows connections to target.
    TargetNotAllowed,
    /// A SQLite file outside the directory the server's operator named (the
    /// same answer whether a file is there or not).
    OutsideRealtimeDir,
    /// Only a SUPER_ADMIN may create connections or change where they point.
    TargetsLocked,
    /// The connection now points somewhere else: its saved secret is not
    /// sent there unless it is entered again.
    SecretForNewTarget,
    /// The PBX is already connected to another tenant.
    PbxOfAnotherTenant,
    /// The host name does not resolve.
    UnknownHost,
    /// A list longer than allowed.
    TooMany {
        max: u32,
    },
}
