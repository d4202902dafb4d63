//! The signed-in user, shared by every page, refreshed after sign-in,
//! sign-out and setup.

use leptos::prelude::*;

use crate::api::auth::{CompleteSetup, SignIn, SignOut, current_user};
use crate::api::two_factor::VerifyCode;
use crate::error::AppError;
use crate::model::Me;

#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    /// The second step of a sign-in (a two-factor code).
    pub verify: ServerAction<VerifyCode>,
    pub setup: ServerAction<CompleteSetup>,
}

pub fn provide_auth() {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let setup = ServerAction::<CompleteSetup>::new();
    let verify = ServerAction::<VerifyCode>::new();
    let me = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                setup.version().get(),
                verify.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Auth {
        me,
        sign_in,
        sign_out,
        verify,
        setup,
    });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The signed-in user inside `SignedInLayout`.
pub fn use_me() -> Me {
    expect_context::<Me>()
}
