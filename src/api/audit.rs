//! The audit log, read-only, inside the caller's scope.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditFilter, AuditRecord, Page};

#[server(endpoint = "audit/list")]
pub async fn list_audit(
    #[server(default)] filter: AuditFilter,
) -> Result<Page<AuditRecord>, AppError> {
    let signed_in = super::ssr::signed_in().await?;
    let state = super::ssr::state()?;
    crate::server::services::audit::list(&state, &signed_in.scope, &filter).await
}
