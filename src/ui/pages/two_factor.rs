//! Two-factor sign-in: the second step of a sign-in (`/login/code`) and
//! the account page's card to set it up or turn it off. Every form works
//! without JavaScript: an enrolment and fresh recovery codes are kept in
//! the session, so the page after a plain post shows them.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::two_factor::{
    BeginTwoFactor, ConfirmTwoFactor, DisableTwoFactor, current_enrolment, my_two_factor,
    pending_second_step, take_recovery_codes,
};
use crate::i18n::T;
use crate::model::{Enrolment, SecondStep};
use crate::ui::auth::use_auth;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;
use crate::ui::layout::LanguageLinks;

/// The QR code to scan and the same key as text.
#[component]
fn EnrolmentCode(enrolment: Enrolment) -> impl IntoView {
    view! {
        <p>{t(T::ScanQr)}</p>
        // Our own SVG, drawn by the server from the otpauth:// URL.
        <div class="qr" role="img" aria-label=t(T::SetUpTwoFactor) inner_html=enrolment.qr_svg></div>
        <p>
            {t(T::SecretKey)} ": " <code aria-label=t(T::SecretKey)>{enrolment.secret}</code>
        </p>
    }
}

/// The code field of every two-factor form.
#[component]
fn CodeField(id: &'static str, error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    let hint = format!("{id}-hint");
    view! {
        <label for=id>{t(T::VerificationCode)}</label>
        <input
            id=id
            name="code"
            autocomplete="one-time-code"
            inputmode="text"
            maxlength="20"
            aria-describedby=hint.clone()
            required
        />
        <p class="hint" id=hint>{t(T::CodeHint)}</p>
        <FieldMessage error field="code" />
    }
}

/// After a right password: the code, or the enrolment a requirement asks
/// for. Signed in once the code is right.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.verify);
    let step = Resource::new(|| (), |_| pending_second_step());
    view! {
        <Title text=format!("{} · Switchboard", t(T::SecondStepTitle)) />
        <Suspense>
            {move || Suspend::new(async move {
                // Not while a sign-out is being read back.
                if auth.me().is_some() && !auth.settling() {
                    return view! { <Redirect path="/" /> }.into_any();
                }
                let body = match step.await {
                    Ok(SecondStep::Code { email }) => view! {
                        <p>{t(T::EnterCodeFor)} " " <strong>{email}</strong></p>
                    }
                        .into_any(),
                    Ok(SecondStep::Enrol { email, enrolment }) => view! {
                        <p class="alert info">{t(T::EnrolRequired)}</p>
                        <p><strong>{email}</strong></p>
                        <EnrolmentCode enrolment />
                    }
                        .into_any(),
                    Err(_) => {
                        return view! {
                            <main class="auth-card">
                                <h1>{t(T::SecondStepTitle)}</h1>
                                <p class="alert error" role="alert">{t(T::SignInAgain)}</p>
                                <a class="button" href="/login">{t(T::SignIn)}</a>
                            </main>
                        }
                            .into_any();
                    }
                };
                view! {
                    <main class="auth-card">
                        <LanguageLinks />
                        <h1>{t(T::SecondStepTitle)}</h1>
                        {body}
                        <ActionForm action=auth.verify>
                            <CodeField id="second-step-code" error />
                            <FormAlert error />
                            <button type="submit">{t(T::Verify)}</button>
                        </ActionForm>
                    </main>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// The account page's card: on (with the recovery codes left, and a way to
/// turn it off where it is not required) or off (a way to set it up).
#[component]
pub fn TwoFactorCard() -> impl IntoView {
    let begin = ServerAction::<BeginTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let begin_error = action_error(begin);
    let confirm_error = action_error(confirm);
    let disable_error = action_error(disable);
    let versions = move || {
        (
            begin.version().get(),
            confirm.version().get(),
            disable.version().get(),
        )
    };
    let status = Resource::new(versions, |_| my_two_factor());
    let enrolment = Resource::new(versions, |_| current_enrolment());
    // Fresh codes are taken from the session when read: once.
    let codes = Resource::new(move || confirm.version().get(), |_| take_recovery_codes());
    view! {
        <section class="card narrow" aria-label=t(T::TwoFactor)>
            <h2>{t(T::TwoFactor)}</h2>
            <p class="hint">{t(T::TwoFactorExplained)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let status = status.await.unwrap_or_default();
                    let enrolment = enrolment.await.ok().flatten();
                    let codes = codes.await.unwrap_or_default();
                    let fresh = (!codes.is_empty()).then(|| {
                        let items = codes
                            .into_iter()
                            .map(|code| view! { <li><code>{code}</code></li> })
                            .collect_view();
                        view! {
                            <div class="alert ok" role="status" aria-label=t(T::RecoveryCodes)>
                                <h3>{t(T::RecoveryCodes)}</h3>
                                <p>{t(T::RecoveryCodesExplained)}</p>
                                <ul class="codes" aria-label=t(T::RecoveryCodes)>{items}</ul>
                            </div>
                        }
                    });
                    let state = if status.enrolled {
                        let off = (!status.required).then(|| view! {
                            <details class="confirm">
                                <summary>{t(T::TurnOffTwoFactor)}</summary>
                                <ActionForm action=disable>
                                    <CodeField id="disable-code" error=disable_error />
                                    <FormAlert error=disable_error />
                                    <button type="submit" class="danger">{t(T::TurnOffTwoFactor)}</button>
                                </ActionForm>
                            </details>
                        });
                        view! {
                            <p role="status">
                                {t(T::TwoFactorOn)} " "
                                {status.required.then(|| t(T::TwoFactorIsRequired))}
                            </p>
                            <p>{t(T::RecoveryCodesLeft)} ": " {status.recovery_left}</p>
                            {off}
                        }
                            .into_any()
                    } else if let Some(enrolment) = enrolment {
                        view! {
                            <EnrolmentCode enrolment />
                            <ActionForm action=confirm>
                                <CodeField id="enrol-code" error=confirm_error />
                                <FormAlert error=confirm_error />
                                <button type="submit">{t(T::Confirm)}</button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p role="status">{t(T::TwoFactorOff)}</p>
                            <ActionForm action=begin>
                                <FormAlert error=begin_error />
                                <button type="submit">{t(T::SetUpTwoFactor)}</button>
                            </ActionForm>
                        }
                            .into_any()
                    };
                    view! {
                        {fresh}
                        {state}
                    }
                })}
            </Suspense>
        </section>
    }
}
