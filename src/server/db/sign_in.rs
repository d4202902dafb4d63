//! Failed sign-ins, counted per email and per client address, so guessing
//! is slowed and then refused for a while.
//!
//! Kept in the database rather than in memory (e.g. `governor`): only
//! failures count, we must look without counting, and limits survive a
//! restart.

use sqlx::SqlitePool;

use super::now;
use crate::error::AppError;

/// Failures allowed inside the window before sign-in is refused.
pub const MAX_FAILURES: i64 = 5;
pub const WINDOW_SECS: i64 = 300;

/// `Some(seconds)` to wait when either the email or the address has used up
/// its failures in the window.
pub async fn refused_for(
    pool: &SqlitePool,
    email: &str,
    client_ip: &str,
) -> Result<Option<u64>, AppError> {
    let since = now() - WINDOW_SECS;
    let mut wait = None;
    for (column, value) in [("email", email), ("client_ip", client_ip)] {
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(&format!(
            "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM sign_in_failures \
             WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT {MAX_FAILURES})"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(pool)
        .await?;
        if count >= MAX_FAILURES {
            let oldest = oldest.unwrap_or(since);
            let seconds = (oldest + WINDOW_SECS - now()).max(1) as u64;
            wait = Some(wait.map_or(seconds, |w: u64| w.max(seconds)));
        }
    }
    Ok(wait)
}

/// Recent failures for this email (to slow the answer down).
pub async fn recent_failures(pool: &SqlitePool, email: &str) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE email = ? AND at > ?")
            .bind(email)
            .bind(now() - WINDOW_SECS)
            .fetch_one(pool)
            .await?,
    )
}

pub async fn record_failure(
    pool: &SqlitePool,
    email: &str,
    client_ip: &str,
) -> Result<(), AppError> {
    let at = now();
    sqlx::query("INSERT INTO sign_in_failures (email, client_ip, at) VALUES (?, ?, ?)")
        .bind(email)
        .bind(client_ip)
        .bind(at)
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE at < ?")
        .bind(at - 24 * 3600)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn clear(pool: &SqlitePool, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = ?")
        .bind(email)
        .execute(pool)
        .await?;
    Ok(())
}
