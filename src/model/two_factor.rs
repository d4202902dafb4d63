//! Two-factor sign-in (TOTP): what the pages show and send.

use serde::{Deserialize, Serialize};

/// The signed-in user's own two-factor state (the account page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enrolled: bool,
    /// Their tenant, or the whole portal, requires it: it cannot be
    /// turned off.
    pub required: bool,
    /// Recovery codes not used yet.
    pub recovery_left: u32,
}

/// A secret to enrol, until a code from it confirms it: its QR code and
/// the same secret as text for apps that are typed into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Base32, in groups of four for reading.
    pub secret: String,
    pub otpauth_url: String,
    /// The QR code of `otpauth_url` as an SVG document.
    pub qr_svg: String,
}

/// Where a sign-in stands after the password (the second step's page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondStep {
    /// Enter a code from the authenticator app (or a recovery code).
    Code { email: String },
    /// Two-factor is required and not set up yet: set it up now.
    Enrol { email: String, enrolment: Enrolment },
}

/// Whether two-factor is required for everyone (a SUPER_ADMIN setting;
/// per tenant it is on `Tenant`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorPolicy {
    pub required_for_everyone: bool,
}

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
