use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::get_setup_state;
use crate::i18n::T;
use crate::model::SetupState;
use crate::ui::auth::use_auth;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;
use crate::ui::layout::LanguageLinks;

/// First run only; once a user exists the page says so and links to sign-in.
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.setup);
    let state = Resource::new(|| (), |_| get_setup_state());
    view! {
        <Title text=format!("{} · Switchboard", t(T::SetupTitle)) />
        <main class="auth-card">
            <LanguageLinks />
            <h1>{t(T::SetupTitle)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(SetupState::Open) => {
                            view! {
                                <p>{t(T::SetupIntro)}</p>
                                <ActionForm action=auth.setup>
                                    <label for="token">{t(T::SetupToken)}</label>
                                    <input id="token" name="token" autocomplete="off" required />
                                    <FieldMessage error field="token" />
                                    <label for="email">{t(T::Email)}</label>
                                    <input id="email" name="email" type="email" required />
                                    <FieldMessage error field="email" />
                                    <label for="display_name">{t(T::DisplayName)}</label>
                                    <input id="display_name" name="display_name" required />
                                    <FieldMessage error field="display_name" />
                                    <label for="password">{t(T::Password)}</label>
                                    <input
                                        id="password"
                                        name="password"
                                        type="password"
                                        autocomplete="new-password"
                                        minlength="10"
                                        required
                                    />
                                    <FieldMessage error field="password" />
                                    <FormAlert error />
                                    <button type="submit">{t(T::CreateAdmin)}</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
    crate::ui::status::set_not_found();
                            view! {
                                <p>{t(T::SetupClosed)}</p>
                                <p>
                                    <a href="/login">{t(T::SignIn)}</a>
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
    }
}
