//! Sign-in throttling: attempts counted per (email, client address) and per
//! client address, with different limits.
//!
//! Kept in the database rather than in memory (e.g. `governor`): only
//! failures count, limits survive a restart, and the count and the record
//! of an attempt must be one step. An attempt is written *before* the
//! password is checked, inside the same write transaction as the count
//! (SQLite's write lock serialises them): 30 parallel guesses see 0, 1, 2…
//! attempts before them, not 0 each, so at most the limit are ever checked.
//! A success deletes its own attempt (and the pair's earlier failures); a
//! failure leaves it standing.
//!
//! What this guarantees, and what not:
//! - one address may try 5 passwords per email per 5 minutes, and 50 in all;
//! - a wrong guess from one address never locks the account for others (no
//!   lock-out of an admin by anyone who knows their email), and one
//!   address's guesses never lock out the office behind the same NAT, until
//!   that address has made 50 failures;
//! - many addresses together can each try 5 per email: two-factor sign-in
//!   is the answer to that.

use crate::server::db::Pool;

use super::now;
use crate::error::AppError;

/// Failures allowed for one email from one address inside the window.
pub const MAX_PER_PAIR: i64 = 5;
/// Failures allowed from one address, all emails together.
pub const MAX_PER_ADDRESS: i64 = 50;
pub const WINDOW_SECS: i64 = 300;

/// An attempt under way: recorded as a failure until `succeeded`.
#[derive(Debug)]
pub struct Attempt {
    id: i64,
    /// Failures of the same pair before this one (to slow the answer).
    pub earlier: i64,
}

/// Two-factor codes of one user, from all addresses together, inside the
/// window: with the password, guesses of the 10^6 codes cannot be spread
/// over many addresses (at most 10 per 5 minutes, ~3·10^-5 of a hit).
pub const MAX_CODES_PER_USER: i64 = 10;

/// The key two-factor attempts are counted under (beside emails: an email
/// has an `@`, this has none).
fn code_key(user_id: i64) -> String {
    format!("totp:{user_id}")
}

/// Counts and records an attempt in one step; `RateLimited` when a limit
/// is used up (nothing recorded then).
pub async fn begin_attempt(pool: &Pool, email: &str, client_ip: &str) -> Result<Attempt, AppError> {
    begin(pool, email, client_ip, None).await
}

/// The same for a two-factor code of `user_id`: per (user, address), per
/// address, and per user from any address.
pub async fn begin_code_attempt(
    pool: &Pool,
    user_id: i64,
    client_ip: &str,
) -> Result<Attempt, AppError> {
    begin(
        pool,
        &code_key(user_id),
        client_ip,
        Some(MAX_CODES_PER_USER),
    )
    .await
}

/// A code was right: forgotten like a right password.
pub async fn code_succeeded(
    pool: &Pool,
    attempt: Attempt,
    user_id: i64,
    client_ip: &str,
) -> Result<(), AppError> {
    succeeded(pool, attempt, &code_key(user_id), client_ip).await
}

async fn begin(
    pool: &Pool,
    email: &str,
    client_ip: &str,
    per_key_anywhere: Option<i64>,
) -> Result<Attempt, AppError> {
    let at = now();
    let since = at - WINDOW_SECS;
    let mut tx = crate::server::db::write(pool).await?;
    let mut wait: Option<u64> = None;
    let (pair, pair_oldest) = window(&mut tx, since, Some(email), client_ip, MAX_PER_PAIR).await?;
    let (address, address_oldest) =
        window(&mut tx, since, None, client_ip, MAX_PER_ADDRESS).await?;
    let mut windows = vec![
        (pair, MAX_PER_PAIR, pair_oldest),
        (address, MAX_PER_ADDRESS, address_oldest),
    ];
    if let Some(limit) = per_key_anywhere {
        let (count, oldest) = anywhere(&mut tx, since, email, limit).await?;
        windows.push((count, limit, oldest));
    }
    for (count, limit, oldest) in windows {
        if count >= limit {
            let seconds = (oldest.unwrap_or(since) + WINDOW_SECS - at).max(1) as u64;
            wait = Some(wait.map_or(seconds, |w| w.max(seconds)));
        }
    }
    if let Some(retry_after_secs) = wait {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (email, client_ip, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(email)
    .bind(client_ip)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(at - 24 * 3600)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Attempt { id, earlier: pair })
}

/// How many failures (up to `limit`) in the window, and the oldest of the
/// last `limit` (when it leaves the window, one more attempt is allowed).
async fn window(
    tx: &mut crate::server::db::Connection,
    since: i64,
    email: Option<&str>,
    client_ip: &str,
    limit: i64,
) -> Result<(i64, Option<i64>), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM sign_in_failures \
         WHERE client_ip = $1 AND ($2 IS NULL OR email = $2) AND at > $3 \
         ORDER BY at DESC LIMIT $4) AS w",
    )
    .bind(client_ip)
    .bind(email)
    .bind(since)
    .bind(limit)
    .fetch_one(&mut *tx)
    .await?)
}

/// Failures under `email` (a key) from every address.
async fn anywhere(
    tx: &mut crate::server::db::Connection,
    since: i64,
    email: &str,
    limit: i64,
) -> Result<(i64, Option<i64>), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM sign_in_failures \
         WHERE email = $1 AND at > $2 ORDER BY at DESC LIMIT $3) AS w",
    )
    .bind(email)
    .bind(since)
    .bind(limit)
    .fetch_one(&mut *tx)
    .await?)
}

/// The attempt was right: it and the pair's earlier failures are forgotten.
pub async fn succeeded(
    pool: &Pool,
    attempt: Attempt,
    email: &str,
    client_ip: &str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE id = $1 OR (email = $2 AND client_ip = $3)")
        .bind(attempt.id)
        .bind(email)
        .bind(client_ip)
        .execute(pool)
        .await?;
    Ok(())
}
