//! Showing a server function's error: a banner for the form, and a message
//! next to each field the server named.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::i18n::{describe_error, describe_problem};
use crate::ui::lang::use_lang;

/// The error of the last run of `action`; before any run, the error a
/// no-JavaScript post of this action's form brought back in the URL
/// (server_fn's `__path` and `__err`).
pub fn action_error<F>(action: ServerAction<F>) -> Signal<Option<AppError>>
where
    F: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    F::Output: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    let value = action.value();
    Signal::derive(move || match value.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => {
            let query = query.read();
            (query.get("__path").as_deref() == Some(F::PATH))
                .then(|| query.get("__err"))
                .flatten()
                .map(|encoded| ServerFnUrlError::<AppError>::decode_err(&encoded))
        }
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

/// One field of a form: its label, the control (`children`, which carries
/// `id`), and the problem the server reported for it.
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    error: Signal<Option<AppError>>,
    field: &'static str,
    /// Spans the form's grid.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=wide.then_some("wide")>
            <label for=id>{label}</label>
            {children()}
            <FieldMessage error field />
        </div>
    }
}

/// A load that failed, said in the user's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="alert error" role="alert">
            {describe_error(lang, &error)}
        </p>
    }
}

/// A `<select>` of tenants, made whole from a loaded list: no Suspense
/// inside the `<select>`, where the HTML parser keeps only options and
/// comments of what the server sent.
#[component]
pub fn TenantSelect(
    id: &'static str,
    name: &'static str,
    tenants: Vec<crate::model::Tenant>,
) -> impl IntoView {
    view! {
        <select id=id name=name>
            {tenants
                .into_iter()
                .map(|tenant| view! { <option value=tenant.id.to_string()>{tenant.name}</option> })
                .collect_view()}
        </select>
    }
}
