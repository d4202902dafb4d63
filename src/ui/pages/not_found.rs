use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::lang::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::ui::status::set_not_found();
    view! {
        <main class="auth-card">
            <h1>{t(T::NotFoundTitle)}</h1>
            <p>
                <a href="/">{t(T::Dashboard)}</a>
            </p>
        </main>
    }
}
