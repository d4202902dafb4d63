//! What the benchmarks share (not a binary of its own: cargo builds
//! `src/bin/*.rs` and `src/bin/*/main.rs` only).

use switchboard::model::{PbxConnectionForm, Role, SecretInput};
use switchboard::server::db;
use switchboard::server::scope::{Scope, TenantScope};
use switchboard::server::state::AppState;

/// The benchmarks' caller's email.
pub const EMAIL: &str = "bench@example.test";

/// A tenant "Bench" and its TENANT_ADMIN (`EMAIL`, `password_hash`): the
/// scope the services are called with, and the tenant's id.
pub async fn tenant_admin(
    state: &AppState,
    password_hash: &str,
) -> Result<(Scope, i64), Box<dyn std::error::Error + Send + Sync>> {
    let tenant = db::tenants::create(&state.db, "Bench").await?.id;
    let user = db::users::insert(
        &state.db,
        db::users::NewUser {
            tenant_id: Some(tenant),
            email: EMAIL,
            display_name: "Bench",
            password_hash,
            role: Role::TenantAdmin,
        },
    )
    .await?;
    let scope = Scope {
        user_id: user,
        role: Role::TenantAdmin,
        tenant: TenantScope::One(tenant),
    };
    Ok((scope, tenant))
}

/// A connection to the Realtime database at `url` (its password beside),
/// with AMI and ARI pointing nowhere: what the database benchmarks save.
// Each benchmark compiles this module on its own; the recordings one,
// which needs a real ARI, does not call this.
#[allow(dead_code)]
pub fn database_form(url: &str, password: &str) -> PbxConnectionForm {
    PbxConnectionForm {
        name: "Bench PBX".into(),
        ami_port: 1,
        ami_username: "bench".into(),
        ami_secret: SecretInput::new("bench"),
        ari_port: 1,
        ari_username: "bench".into(),
        ari_password: SecretInput::new("bench"),
        realtime_db_url: url.to_owned(),
        realtime_db_password: SecretInput::new(password),
        ..Default::default()
    }
}
