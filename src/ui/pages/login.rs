use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::auth::get_setup_state;
use crate::i18n::T;
use crate::model::SetupState;
use crate::ui::auth::use_auth;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;
use crate::ui::layout::LanguageLinks;

/// Works without JavaScript: a plain form post, errors come back in the URL.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.sign_in);
    let setup = Resource::new(|| (), |_| get_setup_state());
    view! {
        <Title text=format!("{} · Switchboard", t(T::SignIn)) />
        <Suspense>
            {move || Suspend::new(async move {
                if let Ok(SetupState::Open) = setup.await {
                    return view! { <Redirect path="/setup" /> }.into_any();
                }
                // Not while a sign-out is being read back.
                if auth.me().is_some() && !auth.settling() {
                    return view! { <Redirect path="/" /> }.into_any();
                }
                view! {
                    <main class="auth-card">
                        <LanguageLinks />
                        <h1>{t(T::SignIn)}</h1>
                        <ActionForm action=auth.sign_in>
                            <label for="email">{t(T::Email)}</label>
                            <input id="email" name="email" type="email" autocomplete="username" required />
                            <FieldMessage error field="email" />
                            <label for="password">{t(T::Password)}</label>
                            <input
                                id="password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                required
                            />
                            <FormAlert error />
                            <button type="submit">{t(T::SignIn)}</button>
                        </ActionForm>
                    </main>
                }
                    .into_any()
            })}
        </Suspense>
    }
}
