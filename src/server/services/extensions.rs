//! Extensions: list with live registrations, create with an allocated
//! number and a generated secret, edit and delete guarded by version,
//! audited secret reveal.

use std::collections::HashMap;

use crate::error::{AppError, FieldError, Problem};
use crate::model::{
    AuditAction, AuditObject, Codec, CreatedExtension, Extension, ExtensionForm, ExtensionList,
    LiveState, Page, Registration, RevealedSecret, page_bounds,
};
use crate::server::db::extension_profiles;
use crate::server::realtime::extensions::{self as rows, ExtensionRows, NewExtension};
use crate::server::realtime::numbers;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;
use crate::validate;

use super::pbx_config::{Change, ConfigChange, Pbx, audit, generate_secret};

/// A form that passed validation.
#[derive(Debug)]
pub struct ValidExtension {
    pub number: Option<String>,
    pub display_name: String,
    pub email: Option<String>,
    pub codecs: Vec<Codec>,
    pub secret: Option<String>,
}

/// Checks every field and reports all problems at once.
pub fn validate_form(form: &ExtensionForm) -> Result<ValidExtension, Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<(), Problem>| {
        if let Err(problem) = result {
            problems.push(FieldError::new(field, problem));
        }
    };
    let number = form.number.trim();
    if !number.is_empty() && numbers::as_number(number).is_none() {
        check("number", Err(Problem::DigitsOnly));
    }
    let display_name = form.display_name.trim();
    check("display_name", validate::display_name(display_name));
    let email = form.email.trim();
    if !email.is_empty() {
        check("email", validate::email(email));
    }
    let secret = form.secret.expose();
    if !secret.is_empty() {
        check("secret", validate::sip_secret(secret));
    }
    let codecs = Codec::parse_list(&form.codecs).unwrap_or_else(|codec| {
        problems.push(FieldError::new("codecs", Problem::UnknownCodec { codec }));
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ValidExtension {
        number: (!number.is_empty()).then(|| number.to_owned()),
        display_name: display_name.to_owned(),
        email: (!email.is_empty()).then(|| email.to_owned()),
        codecs,
        secret: (!secret.is_empty()).then(|| secret.to_owned()),
    })
}

fn public(pbx: &Pbx, rows: &ExtensionRows, email: Option<String>) -> Extension {
    Extension {
        pbx_connection_id: pbx.connection.id,
        number: rows.number.clone(),
        display_name: rows.display_name.clone(),
        version: rows.version(email.as_deref()),
        email,
        codecs: rows.codecs.clone(),
        registration: None,
    }
}

pub async fn list(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    page: Option<u32>,
    search: &str,
) -> Result<ExtensionList, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let search: String = search
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    let (page, limit, offset) = page_bounds(page);
    let total = rows::count(&pbx.realtime, &search).await?;
    let found = rows::page(&pbx.realtime, &search, limit, offset).await?;
    let emails = extension_profiles::emails(&state.db, &actor.scope, pbx.connection.id).await?;
    let mut extensions: Vec<Extension> = found
        .iter()
        .map(|row| public(&pbx, row, emails.get(&row.number).cloned()))
        .collect();
    let live = match registrations(state, actor, &pbx).await {
        Ok(mut by_endpoint) => {
            for extension in &mut extensions {
                extension.registration = by_endpoint.remove(&extension.number);
            }
            LiveState::Known
        }
        Err(problem) => LiveState::Unavailable { problem },
    };
    Ok(ExtensionList {
        extensions: Page {
            items: extensions,
            total,
            page,
            per_page: limit as u32,
        },
        live,
        range_start: pbx.connection.range_start,
        range_end: pbx.connection.range_end,
    })
}

/// The registered contact of each endpoint, from AMI `PJSIPShowContacts`.
/// When an endpoint has several, the most reachable one is kept.
async fn registrations(
    state: &AppState,
    actor: &SignedIn,
    pbx: &Pbx,
) -> Result<HashMap<String, Registration>, crate::model::CheckProblem> {
    let problem = |error| pbx.ami_problem(error);
    let mut session = pbx.ami(state, &actor.scope).await.map_err(problem)?;
    let reply = session
        .action("PJSIPShowContacts", &[])
        .await
        .map_err(problem)?;
    session.close().await;
    let rank = |status: &str| match status {
        "Reachable" => 0,
        "NonQualified" => 1,
        "Unknown" => 2,
        _ => 3,
    };
    let mut by_endpoint: HashMap<String, Registration> = HashMap::new();
    for event in reply
        .events
        .iter()
        .filter(|e| e.get("Event") == Some("ContactList"))
    {
        let endpoint = event.text("Endpoint", 40);
        let registration = Registration {
            status: event.text("Status", 20),
            user_agent: event.text("UserAgent", 120),
            address: format!("{}:{}", event.text("ViaAddr", 64), event.text("ViaPort", 5)),
        };
        let better = by_endpoint
            .get(&endpoint)
            .is_none_or(|known| rank(&registration.status) < rank(&known.status));
        if better {
            by_endpoint.insert(endpoint, registration);
        }
    }
    Ok(by_endpoint)
}

pub async fn get(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    number: &str,
) -> Result<Extension, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let found = rows::get(&pbx.realtime, number).await?;
    let email = extension_profiles::email(&state.db, &actor.scope, pbx_id, number).await?;
    Ok(public(&pbx, &found, email))
}

pub async fn create(
    state: &AppState,
    actor: &SignedIn,
    form: &ExtensionForm,
) -> Result<CreatedExtension, AppError> {
    let pbx = Pbx::open(state, &actor.scope, form.pbx_connection_id).await?;
    actor.scope.require_write()?;
    let valid = validate_form(form).map_err(AppError::Invalid)?;
    let secret = valid.secret.clone().unwrap_or_else(generate_secret);
    // The write lock is the number plan's: taken and chosen in one go.
    let mut change = Change::begin(state, &pbx).await?;
    let taken = numbers::taken(&mut change.realtime).await?;
    let number =
        numbers::choose(&taken, pbx.range(), valid.number.as_deref(), "number")?.to_string();
    rows::insert(
        &mut change.realtime,
        &pbx.realtime.context(),
        &NewExtension {
            number: &number,
            display_name: &valid.display_name,
            codecs: &valid.codecs,
            secret: &secret,
        },
    )
    .await?;
    let written = rows::read(&mut change.realtime, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let extension = public(&pbx, &written, valid.email.clone());
    record(
        &mut change,
        actor,
        &pbx,
        AuditAction::Create,
        None,
        Some(&extension),
    )
    .await?;
    change.commit().await?;
    tracing::info!(pbx_connection = pbx.connection.id, number = %number, by = actor.scope.user_id, "extension created");
    Ok(CreatedExtension {
        secret: RevealedSecret {
            number: number.clone(),
            secret,
        },
        extension,
    })
}

pub async fn update(
    state: &AppState,
    actor: &SignedIn,
    form: &ExtensionForm,
) -> Result<Extension, AppError> {
    let pbx = Pbx::open(state, &actor.scope, form.pbx_connection_id).await?;
    let number = form.number.trim().to_owned();
    let before = get(state, actor, pbx.connection.id, &number).await?;
    actor.scope.require_write()?;
    let valid = validate_form(form).map_err(AppError::Invalid)?;
    let mut change = Change::begin(state, &pbx).await?;
    // The version is checked under the write lock: nobody can slip in.
    let current = rows::read(&mut change.realtime, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let email =
        extension_profiles::email(&state.db, &actor.scope, pbx.connection.id, &number).await?;
    if Some(current.version(email.as_deref())) != form.version {
        return Err(AppError::Stale);
    }
    rows::update(
        &mut change.realtime,
        &number,
        &valid.display_name,
        &valid.codecs,
        valid.secret.as_deref(),
    )
    .await?;
    let written = rows::read(&mut change.realtime, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let after = public(&pbx, &written, valid.email.clone());
    record(
        &mut change,
        actor,
        &pbx,
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    change.commit().await?;
    Ok(after)
}

pub async fn delete(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    number: &str,
    version: &str,
) -> Result<(), AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let before = get(state, actor, pbx_id, number).await?;
    actor.scope.require_write()?;
    let mut change = Change::begin(state, &pbx).await?;
    let current = rows::read(&mut change.realtime, number)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version(before.email.as_deref()) != version {
        return Err(AppError::Stale);
    }
    rows::delete(&mut change.realtime, &pbx.realtime.context(), number).await?;
    record(
        &mut change,
        actor,
        &pbx,
        AuditAction::Delete,
        Some(&before),
        None,
    )
    .await?;
    change.commit().await?;
    tracing::info!(pbx_connection = pbx_id, number = %number, by = actor.scope.user_id, "extension deleted");
    Ok(())
}

/// Keeps the extension's email with the rows (none after a delete) and
/// records the change: how every extension write ends.
pub(super) async fn record(
    change: &mut Change,
    actor: &SignedIn,
    pbx: &Pbx,
    action: AuditAction,
    before: Option<&Extension>,
    after: Option<&Extension>,
) -> Result<(), AppError> {
    let Some(subject) = after.or(before) else {
        return Ok(());
    };
    extension_profiles::set_email(
        &mut change.portal,
        pbx.connection.tenant_id,
        pbx.connection.id,
        &subject.number,
        after.and_then(|a| a.email.as_deref()),
        "email",
    )
    .await?;
    change
        .record(
            actor,
            pbx,
            ConfigChange {
                object: AuditObject::Extension,
                action,
                key: &subject.number,
                before,
                after,
            },
        )
        .await
}

/// The SIP secret, to an admin who asked for it; the asking is audited
/// before anything is returned.
pub async fn reveal(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    number: &str,
) -> Result<RevealedSecret, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let extension = get(state, actor, pbx_id, number).await?;
    actor.scope.require_write()?;
    let secret = rows::secret(&pbx.realtime, number).await?;
    let mut portal = state.db.begin().await?;
    audit(
        &mut portal,
        actor,
        &pbx,
        ConfigChange::<Extension> {
            object: AuditObject::Extension,
            action: AuditAction::Reveal,
            key: number,
            before: Some(&extension),
            after: None,
        },
    )
    .await?;
    portal.commit().await?;
    tracing::info!(pbx_connection = pbx_id, number = %number, by = actor.scope.user_id, "extension secret revealed");
    Ok(RevealedSecret {
        number: number.to_owned(),
        secret,
    })
}
