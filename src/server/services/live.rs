//! Acting on live calls: hang up, blind transfer, click-to-call. Each runs
//! over the PBX's own long-lived AMI link, reports the PBX's answer, and is
//! audited. Numbers are checked before they reach AMI or the dialplan.

use std::sync::Arc;

use serde::Serialize;

use crate::error::{AppError, Problem};
use crate::model::{AuditAction, AuditObject, Call, CheckProblem, PbxConnection};
use crate::server::asterisk::ami::client::AmiClient;
use crate::server::asterisk::ami::{AmiError, Reply};
use crate::server::db;
use crate::server::realtime::tenant_context;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

/// A number to dial: digits, and `*`, `#`, a leading `+`; at most 32.
pub fn dialable(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    let body = value.strip_prefix('+').unwrap_or(value);
    if body.is_empty() {
        return Err(Problem::Required);
    }
    if body.len() > 32
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')
    {
        return Err(Problem::DigitsOnly);
    }
    Ok(())
}

/// The connection (in scope, else 404), the right to act (else 403), and
/// its live AMI link (else "not connected").
async fn prepare(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
) -> Result<(PbxConnection, AmiClient), AppError> {
    let connection = db::pbx::get(&state.db, &actor.scope, pbx_id).await?;
    actor.scope.require_write()?;
    let client = state
        .hub
        .client(pbx_id)
        .ok_or(AppError::Pbx(CheckProblem::NotConnected))?;
    Ok((connection, client))
}

fn answered(result: Result<Reply, AmiError>) -> Result<(), AppError> {
    match result {
        Ok(reply) if reply.is_success() => Ok(()),
        Ok(reply) => Err(AppError::Pbx(CheckProblem::ActionRefused {
            message: reply.response.text("Message", 200),
        })),
        Err(AmiError::Connect(problem)) => Err(AppError::Pbx(problem)),
        Err(AmiError::UnsafeValue) => Err(AppError::BadRequest("unsafe value".into())),
        Err(AmiError::Protocol(_)) => Err(AppError::Pbx(CheckProblem::NotConnected)),
    }
}

async fn record<T: Serialize>(
    state: &AppState,
    actor: &SignedIn,
    connection: &PbxConnection,
    action: AuditAction,
    key: &str,
    what: &T,
) -> Result<(), AppError> {
    // An action on the PBX, no transaction of ours: recorded once the PBX
    // has answered.
    let mut conn = state.db.acquire().await?;
    super::audit::record(
        &mut conn,
        actor,
        super::audit::Entry {
            object: AuditObject::Call,
            action,
            tenant_id: Some(connection.tenant_id),
            pbx_connection_id: Some(connection.id),
            key: key.to_owned(),
            label: key,
            before: Some(what),
            after: None,
        },
    )
    .await
}

fn live_call(state: &AppState, pbx_id: i64, call_id: &str) -> Result<Arc<Call>, AppError> {
    state.hub.call(pbx_id, call_id).ok_or(AppError::NotFound)
}

/// Hangs up every leg of the call.
pub async fn hangup(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    call_id: &str,
) -> Result<(), AppError> {
    let (connection, client) = prepare(state, actor, pbx_id).await?;
    let call = live_call(state, pbx_id, call_id)?;
    let mut outcome = Ok(());
    for leg in &call.legs {
        let result = answered(client.action("Hangup", &[("Channel", &leg.channel)]).await);
        // A leg may already be gone with the others: one success is enough.
        if result.is_ok() {
            outcome = Ok(());
            break;
        }
        outcome = result;
    }
    outcome?;
    record(
        state,
        actor,
        &connection,
        AuditAction::Hangup,
        call_id,
        &call,
    )
    .await
}

/// Sends the call's first leg (the caller) to `number` in the tenant's
/// context: a blind transfer.
pub async fn transfer(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    call_id: &str,
    number: &str,
) -> Result<(), AppError> {
    dialable(number).map_err(|p| AppError::field("number", p))?;
    let (connection, client) = prepare(state, actor, pbx_id).await?;
    let call = live_call(state, pbx_id, call_id)?;
    let leg = call.legs.first().ok_or(AppError::NotFound)?;
    let context = tenant_context(connection.tenant_id);
    answered(
        client
            .action(
                "Redirect",
                &[
                    ("Channel", &leg.channel),
                    ("Context", &context),
                    ("Exten", number.trim()),
                    ("Priority", "1"),
                ],
            )
            .await,
    )?;
    #[derive(Serialize)]
    struct Transfer<'a> {
        call: &'a Call,
        to: &'a str,
    }
    record(
        state,
        actor,
        &connection,
        AuditAction::Transfer,
        call_id,
        &Transfer {
            call: &call,
            to: number.trim(),
        },
    )
    .await
}

/// Click-to-call: rings the extension, and when it answers dials `number`
/// in the tenant's context.
pub async fn originate(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    extension: &str,
    number: &str,
) -> Result<(), AppError> {
    let mut problems = Vec::new();
    if crate::server::realtime::numbers::as_number(extension.trim()).is_none() {
        problems.push(crate::error::FieldError::new(
            "extension",
            Problem::DigitsOnly,
        ));
    }
    if let Err(problem) = dialable(number) {
        problems.push(crate::error::FieldError::new("number", problem));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (connection, client) = prepare(state, actor, pbx_id).await?;
    let context = tenant_context(connection.tenant_id);
    let channel = format!("PJSIP/{}", extension.trim());
    answered(
        client
            .action(
                "Originate",
                &[
                    ("Channel", &channel),
                    ("Context", &context),
                    ("Exten", number.trim()),
                    ("Priority", "1"),
                    ("Timeout", "30000"),
                    ("Async", "true"),
                ],
            )
            .await,
    )?;
    #[derive(Serialize)]
    struct Originate<'a> {
        extension: &'a str,
        number: &'a str,
    }
    record(
        state,
        actor,
        &connection,
        AuditAction::Originate,
        extension.trim(),
        &Originate {
            extension: extension.trim(),
            number: number.trim(),
        },
    )
    .await
}

/// One live feed per saved PBX connection; saves and deletes keep the set
/// current afterwards.
pub async fn start_feeds(state: &AppState) -> Result<(), AppError> {
    let server = crate::server::scope::Scope::server();
    for connection in db::pbx::list(&state.db, &server).await? {
        let target = super::connections::target(state, &server, connection.id).await?;
        state.hub.start(&target);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialable_numbers() {
        for ok in ["1000", "+33123456789", "*97", "#1"] {
            assert!(dialable(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "+",
            "10a0",
            "1000,Dial(x)",
            "1000\r\nAction: x",
            "1000@ctx",
        ] {
            assert!(dialable(bad).is_err(), "{bad:?}");
        }
    }
}
