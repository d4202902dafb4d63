//! The frame of every signed-in page: navigation by role, language, sign-out.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::i18n::{Lang, T};
use crate::model::{Me, Role};
use crate::ui::auth::use_auth;
use crate::ui::lang::t;

/// What the frame shows: built once per signed-in user, so a page (and
/// the resources it creates) is built once per load; see `ui::auth`.
#[derive(Clone, PartialEq)]
enum Frame {
    SignedIn(Me),
    Settling,
    SignedOut,
}

#[component]
pub fn SignedInLayout() -> impl IntoView {
    let auth = use_auth();
    let frame = Memo::new(move |_| match auth.me() {
        Some(me) => Frame::SignedIn(me),
        None if auth.settling() => Frame::Settling,
        None => Frame::SignedOut,
    });
    move || match frame.get() {
        Frame::SignedIn(me) => {
            provide_context(me.clone());
            view! {
                <Header me />
                <main class="page">
                    <Outlet />
                </main>
            }
            .into_any()
        }
        Frame::Settling => view! { <p class="loading">{t(T::Loading)}</p> }.into_any(),
        Frame::SignedOut => view! { <Redirect path="/login" /> }.into_any(),
    }
}

#[component]
fn Header(me: Me) -> impl IntoView {
    let auth = use_auth();
    let is_super = me.role == Role::SuperAdmin;
    let tenant = me
        .tenant_name
        .clone()
        .unwrap_or_else(|| t(T::AllTenants).to_owned());
    view! {
        <header class="topbar">
            <span class="brand">{t(T::AppName)}</span>
            <nav aria-label="Main">
                <A href="/">{t(T::Dashboard)}</A>
                {is_super.then(|| view! { <A href="/tenants">{t(T::Tenants)}</A> })}
                <A href="/users">{t(T::Users)}</A>
                <A href="/live">{t(T::Live)}</A>
                <A href="/pbx">{t(T::PbxConfiguration)}</A>
                <A href="/settings">{t(T::Settings)}</A>
                <A href="/audit">{t(T::Audit)}</A>
                <A href="/account">{t(T::Account)}</A>
            </nav>
            <div class="who">
                <span>{me.display_name.clone()} " · " {tenant} " · " {t(me.role.label())}</span>
                <LanguageLinks />
                <ActionForm action=auth.sign_out>
                    <button type="submit" class="link">{t(T::SignOut)}</button>
                </ActionForm>
            </div>
        </header>
    }
}

/// Links to switch language; plain links, so they work without JavaScript.
#[component]
pub fn LanguageLinks() -> impl IntoView {
    let location = use_location();
    view! {
        <nav aria-label=t(T::Language) class="languages">
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    let href = move || {
                        format!("/lang/{}?next={}", lang.code(), location.pathname.get())
                    };
                    view! {
                        <a href=href rel="external" hreflang=lang.code() lang=lang.code()>
                            {lang.name()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
