//! Server-side conversions into `AppError`. The cause is logged with a short
//! reference; the browser only gets the reference.

use crate::error::AppError;
use crate::server::passwords::random_token;

/// An unexpected failure: logged here, reported by reference only.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    let reference = random_token(6);
    tracing::error!(%reference, cause = %cause, "internal error");
    AppError::Internal { reference }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        internal(format_args!("database: {error}"))
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        internal(format_args!("session: {error}"))
    }
}
