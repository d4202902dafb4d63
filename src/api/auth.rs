//! First-run setup, sign-in, sign-out, the current user, own password.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Me, SetupState};

#[server(endpoint = "auth/setup_state")]
pub async fn get_setup_state() -> Result<SetupState, AppError> {
    let state = super::ssr::state()?;
    let users = crate::server::db::users::count(&state.db).await?;
    Ok(if users == 0 {
        SetupState::Open
    } else {
        SetupState::Done
    })
}

/// Creates the first SUPER_ADMIN with the one-time token from the server log,
/// then signs them in. Gone (404) once any user exists.
#[server(endpoint = "auth/complete_setup")]
pub async fn complete_setup(
    token: String,
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::model::Role;
    use crate::server::{db, passwords};
    use crate::validate::{self, Checks};

    let state = super::ssr::state()?;
    if db::users::count(&state.db).await? > 0 {
        return Err(AppError::NotFound);
    }
    let email = email.trim().to_lowercase();
    let display_name = display_name.trim().to_owned();
    Checks::new()
        .check("email", validate::email(&email))
        .check("display_name", validate::display_name(&display_name))
        .check("password", validate::new_password(&password))
        .finish()?;
    let stored = db::setup::token_hash(&state.db).await?;
    if stored.is_none() || !passwords::verify(token.trim().to_owned(), stored).await {
        return Err(AppError::field("token", Problem::InvalidSetupToken));
    }
    let hash = passwords::hash(password).await;
    let mut tx = state.db.begin().await?;
    // Single use: only the transaction that deletes the token may go on.
    if !db::setup::consume_token(&mut *tx).await? || db::users::count_in(&mut *tx).await? > 0 {
        return Err(AppError::NotFound);
    }
    let user_id = db::users::insert(
        &mut *tx,
        db::users::NewUser {
            tenant_id: None,
            email: &email,
            display_name: &display_name,
            password_hash: &hash,
            role: Role::SuperAdmin,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, "first-run setup done; setup token consumed");
    start_session(user_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::server::db::{sign_in as throttle, users};
    use crate::server::passwords;

    let state = super::ssr::state()?;
    // Bounded: it becomes a throttling key in the database.
    let email: String = email.trim().to_lowercase().chars().take(254).collect();
    let client = super::ssr::client_addr().await;
    // Counted and recorded before the password is checked, in one step.
    let attempt = match throttle::begin_attempt(&state.db, &email, &client).await {
        Ok(attempt) => attempt,
        Err(error) => {
            tracing::warn!(client = %client, "sign-in refused: too many failures");
            return Err(error);
        }
    };
    let credentials = users::credentials_by_email(&state.db, &email).await?;
    let active = credentials.as_ref().is_some_and(|c| c.active);
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let password_ok = passwords::verify(password, hash).await;
    let Some(credentials) = credentials.filter(|_| password_ok && active) else {
        // The attempt stays recorded; each further guess waits a little more.
        tokio::time::sleep(std::time::Duration::from_millis(
            250 * attempt.earlier.clamp(0, 8) as u64,
        ))
        .await;
        tracing::info!(client = %client, "sign-in failed");
        return Err(AppError::InvalidCredentials);
    };
    throttle::succeeded(&state.db, attempt, &email, &client).await?;
    let user_id = credentials.user_id;
    // Enrolled, or required to be: the password alone does not sign in.
    let enrolled = crate::server::db::two_factor::secret(&state.db, &state.keyring, user_id)
        .await?
        .is_some();
    if enrolled || crate::server::db::two_factor::required(&state.db, user_id).await? {
        let session = super::ssr::session().await?;
        crate::server::services::two_factor::await_second_step(&session, user_id).await?;
        tracing::info!(user_id, "password right; second factor asked");
        leptos_axum::redirect("/login/code");
        return Ok(());
    }
    start_session(user_id).await?;
    tracing::info!(user_id, "signed in");
    leptos_axum::redirect("/");
    Ok(())
}

/// A new session id (no fixation) holding the user.
#[cfg(feature = "ssr")]
pub(crate) async fn start_session(user_id: i64) -> Result<(), AppError> {
    let state = super::ssr::state()?;
    let epoch = crate::server::db::users::session_epoch(&state.db, user_id).await?;
    let session = super::ssr::session().await?;
    session.cycle_id().await?;
    session
        .insert(crate::server::sessions::USER_KEY, user_id)
        .await?;
    session
        .insert(crate::server::sessions::EPOCH_KEY, epoch)
        .await?;
    Ok(())
}

/// Ends the session server-side.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let session = super::ssr::session().await?;
    session.flush().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in user, or `None`.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    Ok(super::ssr::identity()
        .await?
        .0
        .map(|signed_in| signed_in.me))
}

#[server(endpoint = "auth/change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::server::{db, passwords};
    use crate::validate::{self, Checks};

    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let mut checks = Checks::new();
    checks.check("new_password", validate::new_password(&new_password));
    if new_password != confirm {
        checks.check("confirm", Err(Problem::PasswordsDiffer));
    }
    checks.finish()?;
    let stored = db::users::password_hash(&state.db, signed_in.scope.user_id).await?;
    if !passwords::verify(current, stored).await {
        return Err(AppError::field("current", Problem::WrongCurrentPassword));
    }
    let hash = passwords::hash(new_password).await;
    // Every other session of this user ends; this one carries on, under
    // another id, so a stolen old one is worthless.
    let epoch = db::users::set_password(&state.db, signed_in.scope.user_id, &hash).await?;
    let session = super::ssr::session().await?;
    session.cycle_id().await?;
    session
        .insert(crate::server::sessions::EPOCH_KEY, epoch)
        .await?;
    Ok(())
}
