//! PBX connections and "Test connection". Secrets go in, never come out.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ConnectionTestReport, PbxConnection, PbxConnectionForm};

/// Plan numbers have at most nine digits.
#[cfg(feature = "ssr")]
const MAX_PLAN_NUMBER: i64 = 999_999_999;

#[server(endpoint = "pbx/list")]
pub async fn list_pbx_connections() -> Result<Vec<PbxConnection>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::db::pbx::list(&state.db, &signed_in.scope).await
}

#[server(endpoint = "pbx/save")]
pub async fn save_pbx_connection(form: PbxConnectionForm) -> Result<PbxConnection, AppError> {
    use crate::error::Problem;
    use crate::server::db;
    use crate::server::realtime::RealtimeLocation;
    use crate::validate::{self, Checks};

    let signed_in = super::ssr::signed_in().await?;
    let scope = &signed_in.scope;
    let state = super::ssr::state()?;
    // Editing: the connection must be visible first (404 otherwise), and it
    // stays in its tenant.
    let before = match form.id {
        Some(id) => Some(db::pbx::get(&state.db, scope, id).await?),
        None => None,
    };
    let tenant_id = match &before {
        Some(existing) => existing.tenant_id,
        None => scope.target_tenant(form.tenant_id)?,
    };
    scope.require_write()?;
    if form.id.is_none() && db::tenants::get(&state.db, scope, tenant_id).await.is_err() {
        return Err(AppError::field("tenant_id", Problem::UnknownTenant));
    }
    let mut form = form;
    form.name = form.name.trim().to_owned();
    form.host = form.host.trim().to_owned();
    form.ami_username = form.ami_username.trim().to_owned();
    form.ari_username = form.ari_username.trim().to_owned();
    form.realtime_db_url = form.realtime_db_url.trim().to_owned();
    let mut checks = Checks::new();
    checks
        .check("name", validate::name(&form.name))
        .check("host", validate::host(&form.host))
        .check("ami_port", validate::port(form.ami_port))
        .check(
            "ami_username",
            validate::protocol_token(&form.ami_username, true),
        )
        .check(
            "ami_secret",
            validate::protocol_token(form.ami_secret.expose(), form.id.is_none()),
        )
        .check("ari_port", validate::port(form.ari_port))
        .check(
            "ari_username",
            validate::protocol_token(&form.ari_username, true),
        )
        .check(
            "ari_password",
            validate::protocol_token(form.ari_password.expose(), form.id.is_none()),
        )
        .check(
            "sync_interval_minutes",
            validate::in_range(form.sync_interval_minutes as i64, 1, 1440),
        )
        .check(
            "range_start",
            validate::in_range(form.range_start as i64, 0, MAX_PLAN_NUMBER),
        )
        .check(
            "range_end",
            validate::in_range(
                form.range_end as i64,
                (form.range_start as i64).min(MAX_PLAN_NUMBER),
                MAX_PLAN_NUMBER,
            ),
        );
    match RealtimeLocation::parse(&form.realtime_db_url) {
        Ok(location) if location.is_inside(&state.config.data_dir) => {
            checks.check("realtime_db_url", Err(Problem::DatabaseInsideDataDir));
        }
        Ok(_) => {}
        Err(problem) => {
            checks.check("realtime_db_url", Err(problem));
        }
    }
    checks.finish()?;
    let id = db::pbx::save(&state.db, scope, &state.keyring, tenant_id, &form).await?;
    tracing::info!(
        pbx_connection = id,
        by = scope.user_id,
        "pbx connection saved"
    );
    let after = db::pbx::get(&state.db, scope, id).await?;
    // The live feed follows the saved settings at once.
    state
        .hub
        .start(&db::pbx::target(&state.db, scope, &state.keyring, id).await?);
    let action = match before {
        Some(_) => crate::model::AuditAction::Update,
        None => crate::model::AuditAction::Create,
    };
    super::ssr::audit_pbx(&signed_in, action, before.as_ref(), Some(&after)).await?;
    // Back to the list, with or without JavaScript.
    leptos_axum::redirect("/settings");
    Ok(after)
}

#[server(endpoint = "pbx/delete")]
pub async fn delete_pbx_connection(id: i64) -> Result<(), AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let before = crate::server::db::pbx::get(&state.db, &signed_in.scope, id).await?;
    signed_in.scope.require_write()?;
    crate::server::db::pbx::delete(&state.db, &signed_in.scope, id).await?;
    state.hub.stop(id);
    super::ssr::audit_pbx(
        &signed_in,
        crate::model::AuditAction::Delete,
        Some(&before),
        None,
    )
    .await?;
    tracing::info!(
        pbx_connection = id,
        by = signed_in.scope.user_id,
        "pbx connection deleted"
    );
    Ok(())
}

/// Checks AMI, ARI and the Realtime database of a saved connection. Changes
/// nothing, so READ_ONLY may run it too.
#[server(endpoint = "pbx/test")]
pub async fn test_pbx_connection(id: i64) -> Result<ConnectionTestReport, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    let target =
        crate::server::db::pbx::target(&state.db, &signed_in.scope, &state.keyring, id).await?;
    let report = crate::server::asterisk::probe::test_connection(&target).await;
    tracing::info!(
        pbx_connection = id,
        ok = report.all_ok(),
        "pbx connection tested"
    );
    Ok(report)
}
