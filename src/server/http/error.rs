//! `AppError` as a plain route's reply: the status it carries and the JSON
//! a server function's error crosses as, so a browser, the API and a test
//! read one shape whichever route answered.

use axum::Json;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status(), Json(self)).into_response()
    }
}
