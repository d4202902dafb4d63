//! The HTML shell, `<App/>`, and the routes with their role guards.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::ui::auth::provide_auth;
use crate::ui::lang::{initial_lang, provide_lang};
use crate::ui::layout::SignedInLayout;
use crate::ui::pages::{
    AccountPage, AuditPage, CallsPage, DashboardPage, ExtensionEditPage, ExtensionImportPage,
    ExtensionsPage, LivePage, LoginPage, NotFoundPage, PbxIndexPage, QueuesPage, RecordingsPage,
    SecondStepPage, SettingsPage, SetupPage, TenantsPage, TrunksPage, UsersPage,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    // The page's Content-Security-Policy names the nonce of this response's
    // inline scripts.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) =
        http::HeaderValue::from_str(&crate::server::http::headers::page_policy(nonce.as_inner()))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Without it every page load asks for /favicon.ico and logs a 404.
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    provide_auth();
    // Effects only run in the browser: this marks the page as interactive,
    // which end-to-end tests wait for before using hydrated behaviour.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Every page waits for its data on the server (no streaming): redirects
    // and the no-JavaScript forms then behave like plain HTML.
    view! {
        <Stylesheet id="leptos" href="/pkg/switchboard.css" />
        <Title text="Switchboard" />
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async />
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/login/code") view=SecondStepPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("tenants") view=TenantsPage ssr=SsrMode::Async />
                    <Route path=path!("users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("live") view=LivePage ssr=SsrMode::Async />
                    <Route path=path!("pbx") view=PbxIndexPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/extensions") view=ExtensionsPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/extensions/:number") view=ExtensionEditPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/import-extensions") view=ExtensionImportPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/queues") view=QueuesPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/trunks") view=TrunksPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/calls") view=CallsPage ssr=SsrMode::Async />
                    <Route path=path!("pbx/:id/recordings") view=RecordingsPage ssr=SsrMode::Async />
                    <Route path=path!("audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
