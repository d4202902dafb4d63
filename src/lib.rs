//! Switchboard: a multi-tenant web control panel for Asterisk and FreePBX.
//!
//! One crate, two builds: `ssr` (the axum server, which also renders pages)
//! and `hydrate` (the WASM that makes those pages interactive). Code under
//! `server` never reaches the browser.

pub mod api;
pub mod app;
pub mod error;
pub mod i18n;
pub mod model;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
