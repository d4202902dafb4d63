//! The signed-in user, shared by every page, refreshed after sign-in,
//! sign-out, the second step and setup.
//!
//! Known when a page renders, on both sides: the server reads it from the
//! request (the identity middleware put it there), and the browser gets the
//! same value serialized into the page. It used to be a resource awaited in
//! a `Suspense` around the routes; leptos 0.8's server-side `Suspense` walks
//! its children three times (two `dry_resolve`s, then the render), so every
//! page component, and each resource it creates, ran three times per page
//! load: three `__PENDING_RESOURCES` per resource in the HTML, and a
//! take-once read (the fresh recovery codes) spent on a copy that was
//! thrown away. Nothing awaits the user now, so a page is built once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::auth::{CompleteSetup, SignIn, SignOut, current_user};
use crate::api::two_factor::VerifyCode;
use crate::model::Me;

#[cfg(feature = "ssr")]
mod server_side;
#[cfg(feature = "ssr")]
use server_side::signed_in_user;

#[cfg(not(feature = "ssr"))]
fn signed_in_user() -> Option<Me> {
    // Not called while hydrating (the server's value is read instead), and
    // the app is never rendered in the browser from scratch.
    None
}

type Versions = (usize, usize, usize, usize);

#[derive(Clone, Copy)]
pub struct Auth {
    me: RwSignal<Option<Me>>,
    /// The action versions `me` was last read for: behind `versions()`
    /// while a fresh read is on its way.
    read_for: RwSignal<Versions>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    /// The second step of a sign-in (a two-factor code).
    pub verify: ServerAction<VerifyCode>,
    pub setup: ServerAction<CompleteSetup>,
}

impl Auth {
    fn versions(&self) -> Versions {
        (
            self.sign_in.version().get(),
            self.sign_out.version().get(),
            self.setup.version().get(),
            self.verify.version().get(),
        )
    }

    fn versions_untracked(&self) -> Versions {
        untrack(|| self.versions())
    }

    /// Who is signed in (tracked).
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    /// True while an action that changes who is signed in runs, or the
    /// user it leaves is being read: neither signed in nor out yet.
    pub fn settling(&self) -> bool {
        self.sign_in.pending().get()
            || self.sign_out.pending().get()
            || self.setup.pending().get()
            || self.verify.pending().get()
            || self.read_for.get() != self.versions()
    }
}

pub fn provide_auth() {
    let me = RwSignal::new(SharedValue::new(signed_in_user).into_inner());
    let auth = Auth {
        me,
        read_for: RwSignal::new((0, 0, 0, 0)),
        sign_in: ServerAction::<SignIn>::new(),
        sign_out: ServerAction::<SignOut>::new(),
        verify: ServerAction::<VerifyCode>::new(),
        setup: ServerAction::<CompleteSetup>::new(),
    };
    // Browser only (effects do not run on the server): after an action,
    // read who is signed in now.
    Effect::new(move |_| {
        let wanted = auth.versions();
        if wanted == auth.read_for.get_untracked() {
            return;
        }
        spawn_local(async move {
            // A failed read leaves nobody signed in here; the server still
            // decides on the next request.
            let now = current_user().await.ok().flatten();
            if auth.versions_untracked() == wanted {
                auth.me.set(now);
                auth.read_for.set(wanted);
            }
        });
    });
    provide_context(auth);
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The signed-in user inside `SignedInLayout`.
pub fn use_me() -> Me {
    expect_context::<Me>()
}
