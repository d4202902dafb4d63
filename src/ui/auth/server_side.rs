use crate::model::Me;
use crate::server::http::identity::Identity;

/// The user the identity middleware found for this request.
pub fn signed_in_user() -> Option<Me> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let Identity(signed_in) = parts.extensions.get::<Identity>()?.clone();
    signed_in.map(|signed_in| signed_in.me)
}
