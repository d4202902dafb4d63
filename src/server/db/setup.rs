//! The one-time first-run token.

use sqlx::SqlitePool;

use super::now;
use crate::error::AppError;

pub async fn replace_token(pool: &SqlitePool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR REPLACE INTO setup_token (id, token_hash, created_at) VALUES (1, ?, ?)")
        .bind(token_hash)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn token_hash<'e>(
    executor: impl sqlx::SqliteExecutor<'e>,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT token_hash FROM setup_token WHERE id = 1")
            .fetch_optional(executor)
            .await?,
    )
}

pub async fn consume_token<'e>(executor: impl sqlx::SqliteExecutor<'e>) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM setup_token WHERE id = 1")
        .execute(executor)
        .await?;
    Ok(done.rows_affected() == 1)
}
