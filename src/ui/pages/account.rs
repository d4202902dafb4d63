use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::ChangePassword;
use crate::i18n::T;
use crate::ui::auth::use_me;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;
use crate::ui::pages::TwoFactorCard;

#[component]
pub fn AccountPage() -> impl IntoView {
    let me = use_me();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Title text=format!("{} · Switchboard", t(T::Account)) />
        <h1>{t(T::Account)}</h1>
        <p>{t(T::SignedInAs)} " " <strong>{me.email.clone()}</strong></p>
        <section class="card narrow">
            <h2>{t(T::ChangePassword)}</h2>
            <ActionForm action=change>
                <label for="current">{t(T::CurrentPassword)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required />
                <FieldMessage error field="current" />
                <label for="new_password">{t(T::NewPassword)}</label>
                <input
                    id="new_password"
                    name="new_password"
                    type="password"
                    autocomplete="new-password"
                    minlength="10"
                    required
                />
                <FieldMessage error field="new_password" />
                <label for="confirm">{t(T::ConfirmPassword)}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
                <FieldMessage error field="confirm" />
                <FormAlert error />
                <Show when=done>
                    <p class="alert ok" role="status">{t(T::PasswordChanged)}</p>
                </Show>
                <button type="submit">{t(T::ChangePassword)}</button>
            </ActionForm>
        </section>
        <TwoFactorCard />
    }
}
