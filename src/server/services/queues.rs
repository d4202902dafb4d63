//! Queues: numbers from the PBX's plan, members picked from its
//! extensions, edits guarded by version, every change audited.

use crate::error::{AppError, FieldError, Problem};
use crate::model::{AuditObject, Queue, QueueForm, QueueList, QueueMember, QueueStrategy};
use crate::server::realtime::extensions as extension_rows;
use crate::server::realtime::numbers;
use crate::server::realtime::queues::{self as rows, QueueRows, QueueValues};
use crate::server::scope::SignedIn;
use crate::server::state::AppState;
use crate::validate;

/// A queue holds at most this many members (a form could send any number).
const MAX_MEMBERS: usize = 500;

use super::pbx_config::{Change, ConfigChange, Pbx};

fn public(pbx: &Pbx, rows: &QueueRows) -> Queue {
    Queue {
        pbx_connection_id: pbx.connection.id,
        number: rows.number.clone(),
        strategy: rows.strategy,
        timeout: rows.timeout,
        wrapup: rows.wrapup,
        music_on_hold: rows.music_on_hold.clone(),
        members: rows.members.clone(),
        version: rows.version(),
    }
}

pub async fn list(state: &AppState, actor: &SignedIn, pbx_id: i64) -> Result<QueueList, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let queues = rows::all(&pbx.realtime)
        .await?
        .iter()
        .map(|q| public(&pbx, q))
        .collect();
    let extensions = extension_names(&pbx).await?;
    Ok(QueueList { queues, extensions })
}

async fn extension_names(pbx: &Pbx) -> Result<Vec<(String, String)>, AppError> {
    Ok(extension_rows::summaries(&pbx.realtime)
        .await?
        .into_iter()
        .map(|e| (e.number, e.display_name))
        .collect())
}

struct ValidQueue {
    strategy: QueueStrategy,
    members: Vec<QueueMember>,
}

fn validate_form(
    form: &QueueForm,
    extensions: &[(String, String)],
) -> Result<ValidQueue, AppError> {
    let mut problems = Vec::new();
    let strategy = QueueStrategy::parse(&form.strategy);
    if strategy.is_none() {
        problems.push(FieldError::new("strategy", Problem::UnknownChoice));
    }
    for (field, result) in [
        ("timeout", validate::in_range(form.timeout as i64, 1, 600)),
        ("wrapup", validate::in_range(form.wrapup as i64, 0, 3600)),
        (
            "music_on_hold",
            validate::identifier(form.music_on_hold.trim()),
        ),
    ] {
        if let Err(problem) = result {
            problems.push(FieldError::new(field, problem));
        }
    }
    let mut members = Vec::new();
    let selected = form.members.iter().filter(|(_, c)| c.selected);
    if selected.clone().count() > MAX_MEMBERS {
        problems.push(FieldError::new(
            "members",
            Problem::TooMany {
                max: MAX_MEMBERS as u32,
            },
        ));
        return Err(AppError::Invalid(problems));
    }
    for (number, choice) in selected {
        match extensions.iter().find(|(n, _)| n == number) {
            Some((number, name)) => members.push(QueueMember {
                number: number.clone(),
                name: name.clone(),
                penalty: choice.penalty.min(1000),
                paused: choice.paused,
            }),
            // The first unknown one is named; one message is enough.
            None if problems.iter().any(|p| p.field == "members") => {}
            None => problems.push(FieldError::new(
                "members",
                Problem::UnknownExtension {
                    number: number.chars().take(12).collect(),
                },
            )),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(ValidQueue {
        strategy: strategy.unwrap_or_default(),
        members,
    })
}

/// Creates (no version) or updates a queue; returns it as written.
pub async fn save(state: &AppState, actor: &SignedIn, form: &QueueForm) -> Result<Queue, AppError> {
    let pbx = Pbx::open(state, &actor.scope, form.pbx_connection_id).await?;
    actor.scope.require_write()?;
    let extensions = extension_names(&pbx).await?;
    let valid = validate_form(form, &extensions)?;
    let mut change = Change::begin(state, &pbx).await?;
    let (number, before) = match &form.version {
        None => {
            let taken = numbers::taken(&mut change.realtime).await?;
            let requested = Some(form.number.as_str());
            (
                numbers::choose(&taken, pbx.range(), requested, "number")?.to_string(),
                None,
            )
        }
        Some(version) => {
            let number = form.number.trim().to_owned();
            let current = rows::read(&mut change.realtime, &number)
                .await?
                .ok_or(AppError::NotFound)?;
            if &current.version() != version {
                return Err(AppError::Stale);
            }
            (number, Some(public(&pbx, &current)))
        }
    };
    rows::write(
        &mut change.realtime,
        &pbx.realtime.context(),
        &QueueValues {
            number: &number,
            strategy: valid.strategy,
            timeout: form.timeout,
            wrapup: form.wrapup,
            music_on_hold: form.music_on_hold.trim(),
            members: &valid.members,
        },
        before.is_none(),
    )
    .await?;
    let written = rows::read(&mut change.realtime, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let after = public(&pbx, &written);
    let entry = ConfigChange::saved(AuditObject::Queue, &number, before.as_ref(), &after);
    change.record(actor, &pbx, entry).await?;
    change.commit().await?;
    tracing::info!(pbx_connection = pbx.connection.id, queue = %number, by = actor.scope.user_id, "queue saved");
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
    actor.scope.require_write()?;
    let mut change = Change::begin(state, &pbx).await?;
    let current = rows::read(&mut change.realtime, number)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version() != version {
        return Err(AppError::Stale);
    }
    let before = public(&pbx, &current);
    rows::delete(&mut change.realtime, &pbx.realtime.context(), number).await?;
    let entry = ConfigChange::deleted(AuditObject::Queue, number, &before);
    change.record(actor, &pbx, entry).await?;
    change.commit().await?;
    Ok(())
}
