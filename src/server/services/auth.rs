//! Who may sign in: the first-run setup, sign-in with its throttling, a
//! session's start, one's own password. Sessions are `tower_sessions`
//! values the caller hands in; where the browser goes next is the caller's.

use tower_sessions::Session;

use crate::error::{AppError, Problem};
use crate::model::{Role, SetupState};
use crate::server::scope::SignedIn;
use crate::server::state::AppState;
use crate::server::{db, passwords, sessions};
use crate::validate::{self, Checks};

pub async fn setup_state(state: &AppState) -> Result<SetupState, AppError> {
    Ok(if db::users::count(&state.db).await? == 0 {
        SetupState::Open
    } else {
        SetupState::Done
    })
}

pub struct FirstAdmin {
    pub token: String,
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Creates the first SUPER_ADMIN with the one-time token from the server
/// log, and signs them in. Gone (404) once any user exists.
pub async fn complete_setup(
    state: &AppState,
    session: &Session,
    first: FirstAdmin,
) -> Result<(), AppError> {
    if db::users::count(&state.db).await? > 0 {
        return Err(AppError::NotFound);
    }
    let email = first.email.trim().to_lowercase();
    let display_name = first.display_name.trim().to_owned();
    Checks::new()
        .check("email", validate::email(&email))
        .check("display_name", validate::display_name(&display_name))
        .check("password", validate::new_password(&first.password))
        .finish()?;
    let stored = db::setup::token_hash(&state.db).await?;
    if stored.is_none() || !passwords::verify(first.token.trim().to_owned(), stored).await {
        return Err(AppError::field("token", Problem::InvalidSetupToken));
    }
    let hash = passwords::hash(first.password).await;
    let mut tx = state.db.begin().await?;
    // Single use: only the transaction that deletes the token may go on.
    if !db::setup::consume_token(&mut *tx).await? || db::users::count_in(&mut *tx).await? > 0 {
        return Err(AppError::NotFound);
    }
    let user_id = db::users::insert(
        &mut *tx,
        db::users::NewUser {
            tenant_id: None,
            email: &email,
            display_name: &display_name,
            password_hash: &hash,
            role: Role::SuperAdmin,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, "first-run setup done; setup token consumed");
    start_session(state, session, user_id).await
}

/// Where a right password leads.
#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Signed in.
    Done,
    /// Enrolled in two-factor, or required to be: the password alone does
    /// not sign in; the session waits for the second step.
    SecondStep,
}

pub async fn sign_in(
    state: &AppState,
    session: &Session,
    email: &str,
    password: String,
    client: &str,
) -> Result<SignIn, AppError> {
    use db::sign_in as throttle;
    // Bounded: it becomes a throttling key in the database.
    let email: String = email.trim().to_lowercase().chars().take(254).collect();
    // Counted and recorded before the password is checked, in one step.
    let attempt = match throttle::begin_attempt(&state.db, &email, client).await {
        Ok(attempt) => attempt,
        Err(error) => {
            tracing::warn!(client = %client, "sign-in refused: too many failures");
            return Err(error);
        }
    };
    let credentials = db::users::credentials_by_email(&state.db, &email).await?;
    let active = credentials.as_ref().is_some_and(|c| c.active);
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let password_ok = passwords::verify(password, hash).await;
    let Some(credentials) = credentials.filter(|_| password_ok && active) else {
        // The attempt stays recorded; each further guess waits a little more.
        tokio::time::sleep(std::time::Duration::from_millis(
            250 * attempt.earlier.clamp(0, 8) as u64,
        ))
        .await;
        tracing::info!(client = %client, "sign-in failed");
        return Err(AppError::InvalidCredentials);
    };
    throttle::succeeded(&state.db, attempt, &email, client).await?;
    let user_id = credentials.user_id;
    let enrolled = db::two_factor::secret(&state.db, &state.keyring, user_id)
        .await?
        .is_some();
    if enrolled || db::two_factor::required(&state.db, user_id).await? {
        super::two_factor::await_second_step(session, user_id).await?;
        tracing::info!(user_id, "password right; second factor asked");
        return Ok(SignIn::SecondStep);
    }
    start_session(state, session, user_id).await?;
    tracing::info!(user_id, "signed in");
    Ok(SignIn::Done)
}

/// A new session id (no fixation) holding the user and the epoch of its
/// password (a later change of password ends this session).
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user_id: i64,
) -> Result<(), AppError> {
    let epoch = db::users::session_epoch(&state.db, user_id).await?;
    session.cycle_id().await?;
    session.insert(sessions::USER_KEY, user_id).await?;
    session.insert(sessions::EPOCH_KEY, epoch).await?;
    Ok(())
}

pub struct NewPassword {
    pub current: String,
    pub new_password: String,
    pub confirm: String,
}

pub async fn change_password(
    state: &AppState,
    session: &Session,
    actor: &SignedIn,
    change: NewPassword,
) -> Result<(), AppError> {
    let mut checks = Checks::new();
    checks.check("new_password", validate::new_password(&change.new_password));
    if change.new_password != change.confirm {
        checks.check("confirm", Err(Problem::PasswordsDiffer));
    }
    checks.finish()?;
    let user_id = actor.scope.user_id;
    let stored = db::users::password_hash(&state.db, user_id).await?;
    if !passwords::verify(change.current, stored).await {
        return Err(AppError::field("current", Problem::WrongCurrentPassword));
    }
    let hash = passwords::hash(change.new_password).await;
    // Every other session of this user ends; this one carries on, under
    // another id, so a stolen old one is worthless.
    let epoch = db::users::set_password(&state.db, user_id, &hash).await?;
    session.cycle_id().await?;
    session.insert(sessions::EPOCH_KEY, epoch).await?;
    Ok(())
}

/// Who a session's user is now, or `None` once the user or its tenant is
/// disabled or deleted, or the password has changed since the session
/// began (`session_epoch`). Read on every request, so such a change takes
/// effect at once.
pub async fn identity(
    state: &AppState,
    user_id: i64,
    session_epoch: i64,
) -> Result<Option<SignedIn>, AppError> {
    db::users::load_identity(&state.db, user_id, session_epoch).await
}

/// With no user yet, a fresh one-time token goes to the log: whoever can
/// read the server's log may create the first SUPER_ADMIN at /setup.
/// Returns the token (for tests).
pub async fn announce_setup_token(state: &AppState) -> Result<Option<String>, AppError> {
    if db::users::count(&state.db).await? > 0 {
        return Ok(None);
    }
    let token = passwords::random_token(18);
    db::setup::replace_token(&state.db, &passwords::hash(token.clone()).await).await?;
    tracing::warn!(
        "first run: open /setup and enter the one-time setup token {token} to create the first administrator"
    );
    Ok(Some(token))
}
