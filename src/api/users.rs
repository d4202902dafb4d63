//! Users: SUPER_ADMIN manages everyone; TENANT_ADMIN the users of its own
//! tenant and never a SUPER_ADMIN; READ_ONLY only looks.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Page, Role, User};

#[server(endpoint = "users/list")]
pub async fn list_users(page: Option<u32>) -> Result<Page<User>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::users::list(&state, &signed_in.scope, page).await
}

#[server(endpoint = "users/create")]
pub async fn create_user(
    tenant_id: Option<i64>,
    email: String,
    display_name: String,
    role: Role,
    password: String,
) -> Result<User, AppError> {
    use crate::server::services::users;
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    users::create(
        &state,
        &signed_in,
        users::NewUser {
            tenant_id,
            email,
            display_name,
            role,
            password,
        },
    )
    .await
}

#[server(endpoint = "users/update")]
pub async fn update_user(
    id: i64,
    display_name: String,
    role: Role,
    // A checkbox: absent from a posted form when unticked.
    #[server(default)] enabled: bool,
) -> Result<(), AppError> {
    use crate::server::services::users;
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    users::update(
        &state,
        &signed_in,
        id,
        users::UserChange {
            display_name,
            role,
            enabled,
        },
    )
    .await
}
