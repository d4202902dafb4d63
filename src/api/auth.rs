//! First-run setup, sign-in, sign-out, the current user, own password. The
//! rules are in `server::services::auth`; these adapt them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Me, SetupState};

#[server(endpoint = "auth/setup_state")]
pub async fn get_setup_state() -> Result<SetupState, AppError> {
    let state = super::ssr::state()?;
    crate::server::services::auth::setup_state(&state).await
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
    use crate::server::services::auth;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    auth::complete_setup(
        &state,
        &session,
        auth::FirstAdmin {
            token,
            email,
            display_name,
            password,
        },
    )
    .await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::server::services::auth::{self, SignIn};
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    let client = super::ssr::client_addr().await;
    let outcome = auth::sign_in(&state, &session, &email, password, &client).await?;
    leptos_axum::redirect(match outcome {
        SignIn::Done => "/",
        SignIn::SecondStep => "/login/code",
    });
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
    use crate::server::services::auth;
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let session = super::ssr::session().await?;
    auth::change_password(
        &state,
        &session,
        &signed_in,
        auth::NewPassword {
            current,
            new_password,
            confirm,
        },
    )
    .await
}
