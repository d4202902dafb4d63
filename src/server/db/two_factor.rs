//! Two-factor state in the portal database: the sealed TOTP secret, the
//! last step a code was accepted for, recovery codes (hashed) and who must
//! use it. The rules (what a code is, when it is required) live in
//! `server::services::two_factor`.

use crate::server::db::Pool;

use super::{Flag, now};
use crate::error::AppError;
use crate::model::TwoFactorStatus;
use crate::server::crypto::{Keyring, Secret, SecretSlot};

fn slot(user_id: i64, tenant_id: Option<i64>) -> SecretSlot<'static> {
    SecretSlot {
        table: "users",
        row_id: user_id,
        tenant_id: tenant_id.unwrap_or(0),
        field: "totp_secret",
    }
}

/// The user's enrolled secret (base32) and the last step used, if any.
pub async fn secret(
    pool: &Pool,
    keyring: &Keyring,
    user_id: i64,
) -> Result<Option<Secret>, AppError> {
    let row: Option<(Option<Vec<u8>>, Option<i64>)> =
        sqlx::query_as("SELECT totp_secret_sealed, tenant_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    let Some((Some(sealed), tenant_id)) = row else {
        return Ok(None);
    };
    keyring
        .open(&sealed, slot(user_id, tenant_id))
        .map(Some)
        .map_err(|_| crate::server::errors::internal("a TOTP secret does not open"))
}

/// Whether the user must have two-factor: the whole portal, or their
/// tenant, requires it.
pub async fn required(pool: &Pool, user_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar::<_, Flag>(
        "SELECT (SELECT require_two_factor FROM portal_settings WHERE id = 1) \
         OR COALESCE(t.require_two_factor, FALSE) \
         FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .is_some_and(bool::from))
}

pub async fn status(pool: &Pool, user_id: i64) -> Result<TwoFactorStatus, AppError> {
    let (Flag(enrolled), left): (Flag, i64) = sqlx::query_as(
        "SELECT totp_secret_sealed IS NOT NULL, \
         (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) \
         FROM users u WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(TwoFactorStatus {
        enrolled,
        required: required(pool, user_id).await?,
        recovery_left: left.max(0) as u32,
    })
}

/// Enrols the user: the secret (sealed), the step the confirming code was
/// for (so that code cannot be used again), and fresh recovery codes in
/// place of any earlier ones. One transaction.
pub async fn enable(
    pool: &Pool,
    keyring: &Keyring,
    user_id: i64,
    secret_base32: &str,
    step: u64,
    recovery_hashes: &[String],
) -> Result<(), AppError> {
    let mut tx = crate::server::db::write(pool).await?;
    let tenant_id: Option<i64> = sqlx::query_scalar("SELECT tenant_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    let sealed = keyring.seal(secret_base32, slot(user_id, tenant_id));
    sqlx::query("UPDATE users SET totp_secret_sealed = $1, totp_last_step = $2 WHERE id = $3")
        .bind(sealed)
        .bind(step as i64)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for hash in recovery_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes `step` as used, if no code of it or a later step was accepted
/// before: true when it was free. One statement, so two requests with the
/// same code cannot both pass.
pub async fn take_step(pool: &Pool, user_id: i64, step: u64) -> Result<bool, AppError> {
    let step = step as i64;
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
         AND totp_secret_sealed IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses up the recovery code with this hash: true when it was unused.
pub async fn take_recovery_code(pool: &Pool, user_id: i64, hash: &str) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .bind(hash)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the user's two-factor (their own choice, or a SUPER_ADMIN's
/// reset for a lost device), in the caller's transaction. True when there
/// was one.
pub async fn remove(
    tx: &mut crate::server::db::Connection,
    user_id: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE users SET totp_secret_sealed = NULL, totp_last_step = NULL \
         WHERE id = $1 AND totp_secret_sealed IS NOT NULL",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn required_for_everyone(pool: &Pool) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar::<_, Flag>(
            "SELECT require_two_factor FROM portal_settings WHERE id = 1",
        )
        .fetch_optional(pool)
        .await?
        .is_some_and(bool::from),
    )
}

pub async fn set_required_for_everyone(pool: &Pool, required: bool) -> Result<(), AppError> {
    sqlx::query("UPDATE portal_settings SET require_two_factor = $1 WHERE id = 1")
        .bind(required)
        .execute(pool)
        .await?;
    Ok(())
}
