//! Trunks: provider endpoints with outbound auth, registration and
//! identify-by-IP. After a change to registrations Asterisk is asked over
//! AMI to reload its outbound registrations, and the answer is reported.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::error::{AppError, FieldError, Problem};
use crate::model::{
    AuditObject, CheckProblem, Codec, LiveState, ReloadOutcome, Trunk, TrunkForm, TrunkList,
    TrunkSaved,
};
use crate::server::realtime::trunks::{self as rows, TrunkRows, TrunkValues};
use crate::server::scope::SignedIn;
use crate::server::state::AppState;
use crate::validate;

use super::pbx_config::{Change, ConfigChange, Pbx};

/// Addresses a trunk is identified by, at most.
const MAX_MATCH_IPS: usize = 32;

const OUTBOUND_REGISTRATION_MODULE: &str = "res_pjsip_outbound_registration.so";

fn public(pbx: &Pbx, rows: &TrunkRows) -> Trunk {
    Trunk {
        pbx_connection_id: pbx.connection.id,
        name: rows.name.clone(),
        host: rows.host.clone(),
        port: rows.port,
        username: rows.username.clone(),
        secret_set: rows.secret_set,
        register: rows.register,
        match_ips: rows.match_ips.clone(),
        codecs: rows.codecs.clone(),
        registration_status: None,
        version: rows.version(),
    }
}

pub async fn list(state: &AppState, actor: &SignedIn, pbx_id: i64) -> Result<TrunkList, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let mut trunks: Vec<Trunk> = rows::all(&pbx.realtime)
        .await?
        .iter()
        .map(|t| public(&pbx, t))
        .collect();
    let live = match registration_states(state, actor, &pbx).await {
        Ok(states) => {
            for trunk in trunks.iter_mut().filter(|t| t.register) {
                trunk.registration_status = states.get(&trunk.name).cloned();
            }
            LiveState::Known
        }
        Err(problem) => LiveState::Unavailable { problem },
    };
    Ok(TrunkList { trunks, live })
}

/// Status of each outbound registration, from `PJSIPShowRegistrationsOutbound`.
/// Only the registration events are read: the auth events of that reply
/// carry passwords and are dropped here.
async fn registration_states(
    state: &AppState,
    actor: &SignedIn,
    pbx: &Pbx,
) -> Result<HashMap<String, String>, CheckProblem> {
    let mut session = pbx
        .ami(state, &actor.scope)
        .await
        .map_err(|e| pbx.ami_problem(e))?;
    let reply = session
        .action("PJSIPShowRegistrationsOutbound", &[])
        .await
        .map_err(|e| pbx.ami_problem(e))?;
    session.close().await;
    Ok(reply
        .events
        .iter()
        .filter(|e| e.get("Event") == Some("OutboundRegistrationDetail"))
        .map(|e| (e.text("ObjectName", 40), e.text("Status", 20)))
        .collect())
}

struct ValidTrunk {
    match_ips: Vec<String>,
    codecs: Vec<Codec>,
}

fn validate_form(
    form: &TrunkForm,
    creating: bool,
    secret_saved: bool,
) -> Result<ValidTrunk, AppError> {
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<(), Problem>| {
        if let Err(problem) = result {
            problems.push(FieldError::new(field, problem));
        }
    };
    check("name", validate::identifier(&form.name));
    check("host", validate::host(&form.host));
    check("port", validate::port(form.port));
    if !form.username.is_empty() {
        check("username", validate::identifier_or_number(&form.username));
        let secret = form.secret.expose();
        if secret.is_empty() {
            if creating || !secret_saved {
                check("secret", Err(Problem::Required));
            }
        } else {
            check("secret", validate::protocol_token(secret, true));
            if secret
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, ';' | '"'))
            {
                check("secret", Err(Problem::ForbiddenCharacters));
            }
        }
    }
    if form.register && form.username.is_empty() {
        check("username", Err(Problem::Required));
    }
    let mut match_ips = Vec::new();
    let items = form
        .match_ips
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if items.clone().count() > MAX_MATCH_IPS {
        check(
            "match_ips",
            Err(Problem::TooMany {
                max: MAX_MATCH_IPS as u32,
            }),
        );
    } else if items.clone().all(is_network) {
        match_ips = items.map(str::to_owned).collect();
    } else {
        check("match_ips", Err(Problem::InvalidNetwork));
    }
    let codecs = Codec::parse_list(&form.codecs).unwrap_or_else(|codec| {
        problems.push(FieldError::new("codecs", Problem::UnknownCodec { codec }));
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(ValidTrunk { match_ips, codecs })
}

/// An address, or an address/prefix network.
fn is_network(value: &str) -> bool {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (value, None),
    };
    let Ok(ip) = address.parse::<IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|p| p <= max))
}

async fn reload_registrations(state: &AppState, actor: &SignedIn, pbx: &Pbx) -> ReloadOutcome {
    let mut session = match pbx.ami(state, &actor.scope).await {
        Ok(session) => session,
        Err(error) => {
            return ReloadOutcome::Failed {
                problem: pbx.ami_problem(error),
            };
        }
    };
    let reply = session
        .action(
            "ModuleLoad",
            &[
                ("LoadType", "reload"),
                ("Module", OUTBOUND_REGISTRATION_MODULE),
            ],
        )
        .await;
    session.close().await;
    match reply {
        Ok(reply) if reply.is_success() => ReloadOutcome::Reloaded,
        Ok(reply) => ReloadOutcome::Refused {
            message: reply.response.text("Message", 200),
        },
        Err(error) => ReloadOutcome::Failed {
            problem: pbx.ami_problem(error),
        },
    }
}

/// Creates (no version) or updates a trunk, then reloads registrations when
/// the trunk registers now or did before.
pub async fn save(
    state: &AppState,
    actor: &SignedIn,
    form: &TrunkForm,
) -> Result<TrunkSaved, AppError> {
    let pbx = Pbx::open(state, &actor.scope, form.pbx_connection_id).await?;
    actor.scope.require_write()?;
    let mut form = form.clone();
    form.name = form.name.trim().to_owned();
    form.host = form.host.trim().to_owned();
    form.username = form.username.trim().to_owned();
    let mut change = Change::begin(state, &pbx).await?;
    let current = rows::read(&mut change.realtime, &form.name).await?;
    let before = match (&form.version, &current) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(AppError::field(
                "name",
                Problem::NameInUse {
                    name: form.name.clone(),
                },
            ));
        }
        (Some(_), None) => return Err(AppError::NotFound),
        (Some(version), Some(current)) => {
            if &current.version() != version {
                return Err(AppError::Stale);
            }
            Some(public(&pbx, current))
        }
    };
    let secret_saved = before.as_ref().is_some_and(|t| t.secret_set);
    let valid = validate_form(&form, before.is_none(), secret_saved)?;
    let secret = form.secret.expose();
    rows::write(
        &mut change.realtime,
        &pbx.realtime.context(),
        &TrunkValues {
            name: &form.name,
            host: &form.host,
            port: form.port,
            username: &form.username,
            secret: (!secret.is_empty()).then_some(secret),
            register: form.register,
            match_ips: &valid.match_ips,
            codecs: &valid.codecs,
        },
    )
    .await?;
    let written = rows::read(&mut change.realtime, &form.name)
        .await?
        .ok_or(AppError::NotFound)?;
    let after = public(&pbx, &written);
    let entry = ConfigChange::saved(AuditObject::Trunk, &form.name, before.as_ref(), &after);
    change.record(actor, &pbx, entry).await?;
    change.commit().await?;
    tracing::info!(pbx_connection = pbx.connection.id, trunk = %form.name, by = actor.scope.user_id, "trunk saved");
    let registered_before = before.as_ref().is_some_and(|t| t.register);
    let reload = if form.register || registered_before {
        reload_registrations(state, actor, &pbx).await
    } else {
        ReloadOutcome::NotNeeded
    };
    Ok(TrunkSaved {
        trunk: Some(after),
        reload,
    })
}

pub async fn delete(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    name: &str,
    version: &str,
) -> Result<TrunkSaved, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    actor.scope.require_write()?;
    let mut change = Change::begin(state, &pbx).await?;
    let current = rows::read(&mut change.realtime, name)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version() != version {
        return Err(AppError::Stale);
    }
    let before = public(&pbx, &current);
    rows::delete(&mut change.realtime, name).await?;
    let entry = ConfigChange::deleted(AuditObject::Trunk, name, &before);
    change.record(actor, &pbx, entry).await?;
    change.commit().await?;
    let reload = if before.register {
        reload_registrations(state, actor, &pbx).await
    } else {
        ReloadOutcome::NotNeeded
    };
    Ok(TrunkSaved {
        trunk: None,
        reload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks() {
        for ok in ["192.0.2.10", "192.0.2.0/24", "2001:db8::/32", "::1"] {
            assert!(is_network(ok), "{ok}");
        }
        for bad in ["192.0.2.0/33", "host.example", "1.2.3.4/x", "", "1.2.3.4;5"] {
            assert!(!is_network(bad), "{bad}");
        }
    }
}
