//! Showing a server function's error: a banner for the form, and a message
//! next to each field the server named.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::i18n::{describe_error, describe_problem};
use crate::ui::lang::use_lang;

/// The error of the last run of `value`'s action; before any run, the error
/// a no-JavaScript form post brought back in the URL (`?error=`).
pub fn action_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let query = use_query_map();
    Signal::derive(move || match value.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => query
            .read()
            .get("error")
            .and_then(|json| serde_json::from_str::<AppError>(&json).ok()),
    })
}

/// The form-level message; field problems are shown by `FieldMessage`.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|error| {
            // Field problems are shown next to their fields.
            if matches!(error, AppError::Invalid(_)) {
                return None;
            }
            Some(view! {
                <p class="alert error" role="alert">
                    {describe_error(lang, &error)}
                </p>
            })
        })
    }
}

/// The problem the server reported for `field`, if any.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        error
            .get()
            .and_then(|error| error.problem_for(field).cloned())
            .map(|problem| {
                view! {
                    <p class="field-error" id=format!("{field}-error") role="alert">
                        {describe_problem(lang, &problem)}
                    </p>
                }
            })
    }
}
