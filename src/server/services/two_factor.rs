//! Two-factor sign-in: TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30 s
//! steps, what every authenticator app speaks) and single-use recovery
//! codes. The rules live here; `api::auth` and `api::two_factor` are thin
//! adapters.
//!
//! - A code is accepted for the current step or one either side (clock
//!   drift), and only for a step later than the last one accepted: a code
//!   seen over a shoulder or replayed is refused.
//! - Codes are throttled like passwords (`db::sign_in`), keyed by user, and
//!   also per user across all addresses: someone who has the password
//!   cannot spread guesses of the 10^6 codes over many addresses.
//! - The secret is sealed with the keyring, bound to the user's row. An
//!   enrolment under way is kept sealed in the session until a code from
//!   it confirms it; the recovery codes are shown once, then only their
//!   SHA-256 remains.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};
use tower_sessions::Session;

use crate::error::{AppError, Problem};
use crate::model::{Enrolment, RECOVERY_CODES, SecondStep, TwoFactorPolicy, TwoFactorStatus};
use crate::server::crypto::SecretSlot;
use crate::server::db;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

pub const ISSUER: &str = "Switchboard";
const DIGITS: usize = 6;
const STEP_SECS: u64 = 30;
/// A sign-in waiting for its second step stays valid this long.
pub const PENDING_SECS: i64 = 300;

/// Session keys: the user whose password was right, and when; the sealed
/// secret of an enrolment under way; recovery codes still to be shown.
const PENDING_USER: &str = "two_factor_user";
const PENDING_AT: &str = "two_factor_at";
const ENROLMENT: &str = "two_factor_enrolment";
const FRESH_CODES: &str = "two_factor_fresh_codes";

fn session_slot(user_id: i64, field: &'static str) -> SecretSlot<'static> {
    SecretSlot {
        table: "sessions",
        row_id: user_id,
        tenant_id: 0,
        field,
    }
}

fn totp(secret_base32: &str, email: &str) -> Result<TOTP, AppError> {
    let bytes = totp_rs::Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|_| crate::server::errors::internal("a TOTP secret is not base32"))?;
    // Skew 0: the steps either side are tried one by one (`matching_step`),
    // to know which step a code was for.
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECS,
        bytes,
        Some(ISSUER.to_owned()),
        email.replace(':', "_"),
    )
    .map_err(|error| crate::server::errors::internal(format!("TOTP parameters: {error}")))
}

/// The step `code` is the code of: the current one or one either side.
pub fn matching_step(secret_base32: &str, code: &str, now: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "").ok()?;
    let current = now / STEP_SECS;
    [current, current.saturating_sub(1), current + 1]
        .into_iter()
        .find(|step| totp.check(&code, step * STEP_SECS))
}

fn now_secs() -> u64 {
    db::now().max(0) as u64
}

/// 160 random bits (RFC 4226's recommendation), as base32.
fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    totp_rs::Secret::Raw(bytes.to_vec())
        .to_encoded()
        .to_string()
}

fn enrolment(secret_base32: &str, email: &str) -> Result<Enrolment, AppError> {
    let url = totp(secret_base32, email)?.get_url();
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|error| crate::server::errors::internal(format!("QR code: {error}")))?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // An SVG element for the page, without the XML declaration.
    let svg = svg
        .find("<svg")
        .map(|start| svg[start..].to_owned())
        .unwrap_or(svg);
    let grouped = secret_base32
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Enrolment {
        secret: grouped,
        otpauth_url: url,
        qr_svg: svg,
    })
}

/// Ten codes like `k7q2-m9xw-a4ze` (60 bits each), and their hashes.
fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..12)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
        })
        .collect();
    let hashes = codes.iter().filter_map(|c| recovery_hash(c)).collect();
    (codes, hashes)
}

/// The hash of a recovery code as typed (case, spaces and dashes aside),
/// or `None` when it cannot be one.
fn recovery_hash(code: &str) -> Option<String> {
    let normal: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (normal.len() == 12 && normal.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| STANDARD.encode(Sha256::digest(normal.as_bytes())))
}

/// Counts the attempt before the code is looked at (as passwords are).
async fn begin_attempt(
    state: &AppState,
    user_id: i64,
    client: &str,
) -> Result<db::sign_in::Attempt, AppError> {
    db::sign_in::begin_code_attempt(&state.db, user_id, client).await
}

async fn failed(attempt: &db::sign_in::Attempt) -> AppError {
    tokio::time::sleep(std::time::Duration::from_millis(
        250 * attempt.earlier.clamp(0, 8) as u64,
    ))
    .await;
    AppError::field("code", Problem::WrongCode)
}

/// Checks a code of an enrolled user: a TOTP code of a step not used yet,
/// or an unused recovery code (used up by this).
pub async fn check_code(
    state: &AppState,
    user_id: i64,
    code: &str,
    client: &str,
) -> Result<(), AppError> {
    let attempt = begin_attempt(state, user_id, client).await?;
    let code = code.chars().take(64).collect::<String>();
    let Some(secret) = db::two_factor::secret(&state.db, &state.keyring, user_id).await? else {
        return Err(failed(&attempt).await);
    };
    let accepted = match matching_step(secret.expose(), &code, now_secs()) {
        Some(step) => db::two_factor::take_step(&state.db, user_id, step).await?,
        None => match recovery_hash(&code) {
            Some(hash) => db::two_factor::take_recovery_code(&state.db, user_id, &hash).await?,
            None => false,
        },
    };
    if !accepted {
        tracing::info!(user_id, client, "two-factor code refused");
        return Err(failed(&attempt).await);
    }
    db::sign_in::code_succeeded(&state.db, attempt, user_id, client).await
}

/// The password was right and a second step is needed: the session holds
/// the user as pending (not signed in) under a new id.
pub async fn await_second_step(session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(PENDING_USER, user_id).await?;
    session.insert(PENDING_AT, db::now()).await?;
    Ok(())
}

/// The user waiting for their second step in this session, if recent.
pub async fn pending_user(session: &Session) -> Result<i64, AppError> {
    let user: Option<i64> = session.get(PENDING_USER).await?;
    let at: Option<i64> = session.get(PENDING_AT).await?;
    match (user, at) {
        (Some(user), Some(at)) if db::now() - at <= PENDING_SECS => Ok(user),
        _ => Err(AppError::Unauthenticated),
    }
}

pub async fn clear_pending(session: &Session) -> Result<(), AppError> {
    session.remove::<i64>(PENDING_USER).await?;
    session.remove::<i64>(PENDING_AT).await?;
    Ok(())
}

/// Refused once enrolled: a session alone (without the phone) must not be
/// able to move the second factor to another device.
async fn not_enrolled(state: &AppState, user_id: i64) -> Result<(), AppError> {
    match db::two_factor::secret(&state.db, &state.keyring, user_id).await? {
        Some(_) => Err(AppError::field("code", Problem::AlreadyEnrolled)),
        None => Ok(()),
    }
}

/// The enrolment under way in this session, started now if there is none
/// (a refresh shows the same QR code).
pub async fn begin_enrolment(
    state: &AppState,
    session: &Session,
    user_id: i64,
    email: &str,
) -> Result<Enrolment, AppError> {
    not_enrolled(state, user_id).await?;
    let secret = match enrolment_secret(state, session, user_id).await? {
        Some(secret) => secret,
        None => {
            let secret = new_secret();
            let sealed = state
                .keyring
                .seal(&secret, session_slot(user_id, "totp_enrolment"));
            session.insert(ENROLMENT, STANDARD.encode(sealed)).await?;
            secret
        }
    };
    enrolment(&secret, email)
}

/// The enrolment under way, if any, without starting one.
pub async fn current_enrolment(
    state: &AppState,
    session: &Session,
    user_id: i64,
    email: &str,
) -> Result<Option<Enrolment>, AppError> {
    match enrolment_secret(state, session, user_id).await? {
        Some(secret) => enrolment(&secret, email).map(Some),
        None => Ok(None),
    }
}

async fn enrolment_secret(
    state: &AppState,
    session: &Session,
    user_id: i64,
) -> Result<Option<String>, AppError> {
    let Some(sealed) = session.get::<String>(ENROLMENT).await? else {
        return Ok(None);
    };
    // Sealed for another user (the session changed hands): none.
    Ok(STANDARD
        .decode(sealed)
        .ok()
        .and_then(|bytes| {
            state
                .keyring
                .open(&bytes, session_slot(user_id, "totp_enrolment"))
                .ok()
        })
        .map(|secret| secret.expose().to_owned()))
}

/// Confirms the enrolment under way with a code from it: two-factor is on,
/// and ten new recovery codes wait in the session to be shown once.
pub async fn confirm_enrolment(
    state: &AppState,
    session: &Session,
    user_id: i64,
    code: &str,
    client: &str,
) -> Result<(), AppError> {
    not_enrolled(state, user_id).await?;
    let attempt = begin_attempt(state, user_id, client).await?;
    let Some(secret) = enrolment_secret(state, session, user_id).await? else {
        return Err(AppError::field("code", Problem::NoEnrolment));
    };
    let Some(step) = matching_step(&secret, code, now_secs()) else {
        return Err(failed(&attempt).await);
    };
    let (codes, hashes) = new_recovery_codes();
    db::two_factor::enable(&state.db, &state.keyring, user_id, &secret, step, &hashes).await?;
    session.remove::<String>(ENROLMENT).await?;
    let sealed = state.keyring.seal(
        &codes.join(" "),
        session_slot(user_id, "totp_recovery_codes"),
    );
    session.insert(FRESH_CODES, STANDARD.encode(sealed)).await?;
    tracing::info!(user_id, "two-factor enrolled");
    db::sign_in::code_succeeded(&state.db, attempt, user_id, client).await
}

/// The recovery codes of the enrolment just confirmed, once: taken out of
/// the session by reading them.
pub async fn take_fresh_codes(
    state: &AppState,
    session: &Session,
    user_id: i64,
) -> Result<Vec<String>, AppError> {
    let Some(sealed) = session.remove::<String>(FRESH_CODES).await? else {
        return Ok(Vec::new());
    };
    Ok(STANDARD
        .decode(sealed)
        .ok()
        .and_then(|bytes| {
            state
                .keyring
                .open(&bytes, session_slot(user_id, "totp_recovery_codes"))
                .ok()
        })
        .map(|codes| codes.expose().split(' ').map(str::to_owned).collect())
        .unwrap_or_default())
}

/// What the second step of the sign-in under way asks for: a code from an
/// enrolled user, or (two-factor being required) an enrolment.
pub async fn second_step(state: &AppState, session: &Session) -> Result<SecondStep, AppError> {
    let user_id = pending_user(session).await?;
    let email = db::users::email(&state.db, user_id).await?;
    if db::two_factor::secret(&state.db, &state.keyring, user_id)
        .await?
        .is_some()
    {
        return Ok(SecondStep::Code { email });
    }
    let enrolment = begin_enrolment(state, session, user_id, &email).await?;
    Ok(SecondStep::Enrol { email, enrolment })
}

/// How the second step ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// An enrolled user's code.
    Code,
    /// The code that confirmed the enrolment the requirement asked for: its
    /// recovery codes wait on the account page.
    Enrolled,
}

/// The second step: a code (or a recovery code) of an enrolled user, or
/// the code confirming the enrolment two-factor's requirement asked for.
/// Signs in.
pub async fn verify(
    state: &AppState,
    session: &Session,
    code: &str,
    client: &str,
) -> Result<Verified, AppError> {
    let user_id = pending_user(session).await?;
    let enrolled = db::two_factor::secret(&state.db, &state.keyring, user_id)
        .await?
        .is_some();
    if enrolled {
        check_code(state, user_id, code, client).await?;
    } else {
        confirm_enrolment(state, session, user_id, code, client).await?;
    }
    clear_pending(session).await?;
    super::auth::start_session(state, session, user_id).await?;
    tracing::info!(user_id, "signed in with a second factor");
    Ok(if enrolled {
        Verified::Code
    } else {
        Verified::Enrolled
    })
}

/// Turns one's own two-factor off, with a current code; refused where it
/// is required. Audited.
pub async fn disable(
    state: &AppState,
    actor: &SignedIn,
    code: &str,
    client: &str,
) -> Result<(), AppError> {
    let user_id = actor.scope.user_id;
    if db::two_factor::required(&state.db, user_id).await? {
        return Err(AppError::field("code", Problem::TwoFactorRequired));
    }
    check_code(state, user_id, code, client).await?;
    remove(state, actor, user_id).await?;
    tracing::info!(user_id, "two-factor turned off by its user");
    Ok(())
}

/// A SUPER_ADMIN removes a user's two-factor (a lost device): the user
/// signs in with their password and, where it is required, enrols again.
/// Audited.
pub async fn reset(state: &AppState, actor: &SignedIn, user_id: i64) -> Result<(), AppError> {
    // Found inside the scope first: 404 outside it, whatever the role.
    db::users::get(&state.db, &actor.scope, user_id).await?;
    actor.scope.require_super_admin()?;
    remove(state, actor, user_id).await?;
    tracing::warn!(
        user_id,
        by = actor.scope.user_id,
        "two-factor reset by a super admin"
    );
    Ok(())
}

/// Removes the user's second factor and records it, in one transaction.
async fn remove(state: &AppState, actor: &SignedIn, user_id: i64) -> Result<(), AppError> {
    let mut tx = crate::server::db::write(&state.db).await?;
    let before = db::users::get(&mut *tx, &actor.scope, user_id).await?;
    db::two_factor::remove(&mut tx, user_id).await?;
    let after = db::users::get(&mut *tx, &actor.scope, user_id).await?;
    super::audit::record(
        &mut tx,
        actor,
        super::audit::Entry::updated(&before, &after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One's own two-factor state.
pub async fn status(state: &AppState, actor: &SignedIn) -> Result<TwoFactorStatus, AppError> {
    db::two_factor::status(&state.db, actor.scope.user_id).await
}

/// Whether every user must use two-factor (otherwise it is per tenant).
pub async fn policy(state: &AppState) -> Result<TwoFactorPolicy, AppError> {
    Ok(TwoFactorPolicy {
        required_for_everyone: db::two_factor::required_for_everyone(&state.db).await?,
    })
}

/// Requires two-factor of every user, or not (then per tenant).
pub async fn set_policy(
    state: &AppState,
    actor: &SignedIn,
    required_for_everyone: bool,
) -> Result<(), AppError> {
    actor.scope.require_super_admin()?;
    db::two_factor::set_required_for_everyone(&state.db, required_for_everyone).await?;
    tracing::warn!(
        required_for_everyone,
        by = actor.scope.user_id,
        "two-factor policy changed"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_and_the_ones_beside_it_only() {
        let secret = new_secret();
        let now = 1_700_000_015;
        let totp = totp(&secret, "a@b.c").unwrap();
        let code = totp.generate(now);
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now - 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    /// RFC 6238 appendix B, SHA-1 (the 8-digit values' last 6 digits).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = totp_rs::Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(totp(&secret, "x").unwrap().generate(time), code);
        }
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_typed_loosely() {
        let (codes, hashes) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(hashes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = hashes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let loose = codes[0].to_uppercase().replace('-', " ");
        assert_eq!(recovery_hash(&loose), Some(hashes[0].clone()));
        assert_eq!(recovery_hash("too-short"), None);
    }

    #[test]
    fn the_qr_code_carries_the_otpauth_url() {
        let secret = new_secret();
        let enrolment = enrolment(&secret, "ada@example.com").unwrap();
        assert!(
            enrolment
                .otpauth_url
                .starts_with("otpauth://totp/Switchboard:ada%40example.com?")
        );
        assert!(enrolment.otpauth_url.contains(&format!("secret={secret}")));
        assert!(enrolment.qr_svg.starts_with("<svg"));
        assert_eq!(enrolment.secret.replace(' ', ""), secret);
    }
}
