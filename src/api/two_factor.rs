//! Two-factor sign-in: the second step of a sign-in, one's own enrolment,
//! and the SUPER_ADMIN's policy and reset. The rules are in
//! `server::services::two_factor`; these adapt them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Enrolment, SecondStep, TwoFactorPolicy, TwoFactorStatus};

/// What the second step of the sign-in under way asks for.
#[server(endpoint = "two_factor/second_step")]
pub async fn pending_second_step() -> Result<SecondStep, AppError> {
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    crate::server::services::two_factor::second_step(&state, &session).await
}

/// The second step: a code (or a recovery code) of an enrolled user, or
/// the code confirming the enrolment two-factor's requirement asked for.
/// Signs in.
#[server(endpoint = "two_factor/verify")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use crate::server::services::two_factor::{self, Verified};
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    let client = super::ssr::client_addr().await;
    let verified = two_factor::verify(&state, &session, &code, &client).await?;
    // A fresh enrolment's recovery codes are shown on the account page.
    leptos_axum::redirect(match verified {
        Verified::Code => "/",
        Verified::Enrolled => "/account",
    });
    Ok(())
}

/// One's own two-factor state.
#[server(endpoint = "two_factor/status")]
pub async fn my_two_factor() -> Result<TwoFactorStatus, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::two_factor::status(&state, &signed_in).await
}

/// Starts (or shows again) one's enrolment: a new secret, not in use until
/// a code from it confirms it.
#[server(endpoint = "two_factor/begin")]
pub async fn begin_two_factor() -> Result<Enrolment, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    crate::server::services::two_factor::begin_enrolment(
        &state,
        &session,
        signed_in.scope.user_id,
        &signed_in.me.email,
    )
    .await
}

/// The enrolment under way in this session, if any (the page after a
/// no-JavaScript "Set up").
#[server(endpoint = "two_factor/enrolment")]
pub async fn current_enrolment() -> Result<Option<Enrolment>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    crate::server::services::two_factor::current_enrolment(
        &state,
        &session,
        signed_in.scope.user_id,
        &signed_in.me.email,
    )
    .await
}

#[server(endpoint = "two_factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    let client = super::ssr::client_addr().await;
    crate::server::services::two_factor::confirm_enrolment(
        &state,
        &session,
        signed_in.scope.user_id,
        &code,
        &client,
    )
    .await
}

/// The recovery codes of the enrolment just confirmed: given once.
#[server(endpoint = "two_factor/recovery_codes")]
pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    crate::server::services::two_factor::take_fresh_codes(&state, &session, signed_in.scope.user_id)
        .await
}

/// Turns one's own two-factor off, with a current code; refused where it
/// is required.
#[server(endpoint = "two_factor/disable")]
pub async fn disable_two_factor(code: String) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let client = super::ssr::client_addr().await;
    crate::server::services::two_factor::disable(&state, &signed_in, &code, &client).await
}

/// A SUPER_ADMIN removes a user's two-factor (a lost device). Audited.
#[server(endpoint = "two_factor/reset")]
pub async fn reset_two_factor(user_id: i64) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::two_factor::reset(&state, &signed_in, user_id).await
}

#[server(endpoint = "two_factor/policy")]
pub async fn get_two_factor_policy() -> Result<TwoFactorPolicy, AppError> {
    super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::two_factor::policy(&state).await
}

/// Requires two-factor of every user, or not (then per tenant).
#[server(endpoint = "two_factor/set_policy")]
pub async fn set_two_factor_policy(
    // A checkbox: absent from a posted form when unticked.
    #[server(default)] required_for_everyone: bool,
) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::two_factor::set_policy(&state, &signed_in, required_for_everyone).await
}

/// Requires two-factor of one tenant's users, or not. Audited on the tenant.
#[server(endpoint = "two_factor/require_for_tenant")]
pub async fn require_two_factor_for_tenant(
    id: i64,
    #[server(default)] required: bool,
) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::tenants::set_require_two_factor(&state, &signed_in, id, required).await
}
