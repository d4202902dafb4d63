//! Portal-side facts about extensions (their email), keyed by PBX
//! connection and number. Always written inside the caller's transaction,
//! next to the Realtime write it belongs to.

use std::collections::HashMap;

use crate::server::db::{Connection, Pool};

use super::is_unique_violation;
use crate::error::{AppError, Problem};
use crate::server::scope::Scope;

/// Emails of the connection's extensions, by number.
pub async fn emails(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
) -> Result<HashMap<String, String>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT number, email FROM extension_profiles \
         WHERE pbx_connection_id = $1 AND ($2 IS NULL OR tenant_id = $2)",
    )
    .bind(pbx_connection_id)
    .bind(scope.tenant_filter())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

pub async fn email(
    pool: &Pool,
    scope: &Scope,
    pbx_connection_id: i64,
    number: &str,
) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT email FROM extension_profiles \
         WHERE pbx_connection_id = $1 AND number = $2 AND ($3 IS NULL OR tenant_id = $3)",
    )
    .bind(pbx_connection_id)
    .bind(number)
    .bind(scope.tenant_filter())
    .fetch_optional(pool)
    .await?)
}

/// Sets (or with `None` removes) an extension's email. A duplicate within
/// the tenant is reported on `field`.
pub async fn set_email(
    tx: &mut Connection,
    tenant_id: i64,
    pbx_connection_id: i64,
    number: &str,
    email: Option<&str>,
    field: &'static str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM extension_profiles WHERE pbx_connection_id = $1 AND number = $2")
        .bind(pbx_connection_id)
        .bind(number)
        .execute(&mut *tx)
        .await?;
    let Some(email) = email else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO extension_profiles (pbx_connection_id, tenant_id, number, email) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(pbx_connection_id)
    .bind(tenant_id)
    .bind(number)
    .bind(email)
    .execute(&mut *tx)
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            AppError::field(
                field,
                Problem::EmailInUse {
                    email: email.to_owned(),
                },
            )
        } else {
            error.into()
        }
    })?;
    Ok(())
}

/// Every extension email of a tenant, whichever PBX (for imports).
pub async fn tenant_emails(pool: &Pool, tenant_id: i64) -> Result<Vec<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT email FROM extension_profiles WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_all(pool)
            .await?,
    )
}
