//! The one-time first-run token.

use crate::server::db::Pool;

use super::now;
use crate::error::AppError;

pub async fn replace_token(pool: &Pool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO setup_token (id, token_hash, created_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at")
        .bind(token_hash)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn token_hash<'e>(
    executor: impl crate::server::db::Executes<'e>,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT token_hash FROM setup_token WHERE id = 1")
            .fetch_optional(executor)
            .await?,
    )
}

pub async fn consume_token<'e>(
    executor: impl crate::server::db::Executes<'e>,
) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM setup_token WHERE id = 1")
        .execute(executor)
        .await?;
    Ok(done.rows_affected() == 1)
}
