//! PBX connections: the rules of saving one (who may point it where, when
//! a saved secret must be entered again, one PBX per tenant) and the one way
//! to reach a saved connection's PBX (its secrets, the server's target
//! policy, the ownership check). Server functions, the live hub, the
//! recording sync and the HTTP routes all come through here.

use std::path::Path;

use super::audit::{self, Entry};
use crate::error::{AppError, Problem};
use crate::model::{CheckProblem, PbxConnection, PbxConnectionForm, Role};
use crate::server::asterisk::PbxTarget;
use crate::server::db;
use crate::server::db::claims::{self, ClaimKind};
use crate::server::realtime::RealtimeDb;
use crate::server::scope::{Scope, SignedIn};
use crate::server::state::AppState;
use crate::server::targets::Ownership;
use crate::validate::{self, Checks};

/// Every connection the scope may see (never with a secret).
pub async fn list(state: &AppState, scope: &Scope) -> Result<Vec<PbxConnection>, AppError> {
    db::pbx::list(&state.db, scope).await
}

/// The ids of those connections: which PBXs' live feeds the caller sees.
pub async fn visible(state: &AppState, scope: &Scope) -> Result<Vec<i64>, AppError> {
    Ok(list(state, scope)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// Plan numbers have at most nine digits.
const MAX_PLAN_NUMBER: i64 = 999_999_999;

/// The connection with its secrets opened, to talk to its PBX: every
/// socket it opens goes through the server's target policy, and every
/// Asterisk it reaches is checked not to be another tenant's.
pub async fn target(state: &AppState, scope: &Scope, id: i64) -> Result<PbxTarget, AppError> {
    let pool = state.db.clone();
    db::pbx::target(
        &state.db,
        scope,
        &state.keyring,
        state.targets.clone(),
        |connection| ownership(pool, connection.id, connection.tenant_id),
        id,
    )
    .await
}

fn ownership(pool: sqlx::SqlitePool, connection_id: i64, tenant_id: i64) -> Ownership {
    Ownership::new(move |entity| {
        let pool = pool.clone();
        Box::pin(async move {
            match claims::ensure(
                &pool,
                connection_id,
                tenant_id,
                ClaimKind::Asterisk,
                &entity,
            )
            .await
            {
                Ok(true) => Ok(()),
                Ok(false) => {
                    tracing::warn!(
                        pbx_connection = connection_id,
                        "refused: this Asterisk belongs to another tenant's connection"
                    );
                    Err(CheckProblem::PbxOfAnotherTenant)
                }
                Err(error) => {
                    tracing::error!(%error, pbx_connection = connection_id, "ownership check failed");
                    Err(CheckProblem::OwnershipUnchecked)
                }
            }
        })
    })
}

/// The connection's Realtime database, if no other tenant's connection
/// holds the same file.
pub async fn realtime(
    state: &AppState,
    connection: &PbxConnection,
) -> Result<RealtimeDb, AppError> {
    let path = crate::server::realtime::locate(&connection.realtime_db_url, &state.targets)
        .map_err(|_| AppError::Pbx(CheckProblem::DatabaseNotAllowed))?;
    let key = realtime_key(&path);
    if !claims::ensure(
        &state.db,
        connection.id,
        connection.tenant_id,
        ClaimKind::Realtime,
        &key,
    )
    .await?
    {
        return Err(AppError::Pbx(CheckProblem::PbxOfAnotherTenant));
    }
    state.realtime.open(connection).await
}

/// A SQLite file by device and inode: two spellings of one path, or a hard
/// link, are the same database. A file not there yet by its path.
fn realtime_key(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata(path) {
        Ok(meta) => format!("sqlite:{}:{}", meta.dev(), meta.ino()),
        Err(_) => format!("sqlite:{}", path.display()),
    }
}

/// An AMI socket address as a claim: every loopback address is the same
/// machine, and an IPv4 address written as IPv6 is that IPv4 address.
fn ami_key(address: std::net::SocketAddr) -> String {
    let ip = match address.ip() {
        std::net::IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(std::net::IpAddr::V4)
            .unwrap_or(std::net::IpAddr::V6(v6)),
        v4 => v4,
    };
    if ip.is_loopback() {
        format!("loopback:{}", address.port())
    } else {
        std::net::SocketAddr::new(ip, address.port()).to_string()
    }
}

/// What changed between the saved connection and the form: each names a
/// place a secret is sent or a file is opened.
struct Moves {
    ami: bool,
    ari: bool,
    realtime: bool,
}

impl Moves {
    fn of(before: Option<&PbxConnection>, form: &PbxConnectionForm) -> Moves {
        match before {
            None => Moves {
                ami: true,
                ari: true,
                realtime: true,
            },
            Some(b) => {
                let host = !b.host.eq_ignore_ascii_case(&form.host);
                Moves {
                    ami: host || b.ami_port != form.ami_port,
                    ari: host
                        || b.ari_port != form.ari_port
                        || b.ari_scheme != form.ari_scheme
                        || b.ari_trust_cert != form.ari_trust_cert,
                    realtime: b.realtime_db_url != form.realtime_db_url,
                }
            }
        }
    }

    fn any(&self) -> bool {
        self.ami || self.ari || self.realtime
    }
}

/// Whether this user may create connections and change where they point
/// (host, ports, ARI scheme and trust, Realtime URL): a SUPER_ADMIN, or a
/// tenant admin where the operator allows it.
pub fn may_set_targets(state: &AppState, signed_in: &SignedIn) -> bool {
    signed_in.me.role == Role::SuperAdmin
        || (signed_in.scope.require_write().is_ok() && state.targets.tenant_admins_set_targets)
}

/// Creates or edits a connection with every rule that applies, audited in
/// the same transaction, then starts its live feed.
pub async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    mut form: PbxConnectionForm,
) -> Result<PbxConnection, AppError> {
    let scope = &signed_in.scope;
    // Editing: the connection must be visible first (404 otherwise), and it
    // stays in its tenant.
    let before = match form.id {
        Some(id) => Some(db::pbx::get(&state.db, scope, id).await?),
        None => None,
    };
    let tenant_id = match &before {
        Some(existing) => existing.tenant_id,
        None => scope.target_tenant(form.tenant_id)?,
    };
    scope.require_write()?;
    if form.id.is_none() && db::tenants::get(&state.db, scope, tenant_id).await.is_err() {
        return Err(AppError::field("tenant_id", Problem::UnknownTenant));
    }
    form.name = form.name.trim().to_owned();
    form.host = form.host.trim().to_owned();
    form.ami_username = form.ami_username.trim().to_owned();
    form.ari_username = form.ari_username.trim().to_owned();
    form.realtime_db_url = form.realtime_db_url.trim().to_owned();
    let is_new = form.id.is_none();
    let mut checks = Checks::new();
    checks
        .check("name", validate::name(&form.name))
        .check("host", validate::host(&form.host))
        .check("ami_port", validate::port(form.ami_port))
        .check(
            "ami_username",
            validate::protocol_token(&form.ami_username, true),
        )
        .check(
            "ami_secret",
            validate::protocol_token(form.ami_secret.expose(), is_new),
        )
        .check("ari_port", validate::port(form.ari_port))
        .check(
            "ari_username",
            validate::protocol_token(&form.ari_username, true),
        )
        .check(
            "ari_password",
            validate::protocol_token(form.ari_password.expose(), is_new),
        )
        .check(
            "sync_interval_minutes",
            validate::in_range(form.sync_interval_minutes as i64, 1, 1440),
        )
        .check(
            "range_start",
            validate::in_range(form.range_start as i64, 0, MAX_PLAN_NUMBER),
        )
        .check(
            "range_end",
            validate::in_range(
                form.range_end as i64,
                (form.range_start as i64).min(MAX_PLAN_NUMBER),
                MAX_PLAN_NUMBER,
            ),
        );
    let moves = Moves::of(before.as_ref(), &form);
    let policy = &state.targets;
    // Who may point the server somewhere is the operator's decision.
    if moves.any() && !may_set_targets(state, signed_in) {
        let field = if moves.realtime && !moves.ami && !moves.ari {
            "realtime_db_url"
        } else {
            "host"
        };
        checks.check(field, Err(Problem::TargetsLocked));
        return Err(checks.finish().unwrap_err());
    }
    // A saved secret only goes where it was entered for.
    if !is_new {
        if moves.ami && form.ami_secret.is_empty() {
            checks.check("ami_secret", Err(Problem::SecretForNewTarget));
        }
        if moves.ari && form.ari_password.is_empty() {
            checks.check("ari_password", Err(Problem::SecretForNewTarget));
        }
    }
    let realtime_path = match crate::server::realtime::locate(&form.realtime_db_url, policy) {
        Ok(path) => Some(path),
        Err(problem) => {
            checks.check("realtime_db_url", Err(problem));
            None
        }
    };
    for (field, port) in [("ami_port", form.ami_port), ("ari_port", form.ari_port)] {
        if port != 0 && !policy.port_allowed(port) {
            checks.check(field, Err(Problem::TargetNotAllowed));
        }
    }
    checks.finish()?;
    // Resolved once the rest is right: every address must be allowed.
    let ami_addresses = match policy.resolve(&form.host, form.ami_port).await {
        Ok(addresses) => addresses,
        Err(CheckProblem::HostNotFound { .. }) => {
            return Err(AppError::field("host", Problem::UnknownHost));
        }
        Err(_) => return Err(AppError::field("host", Problem::TargetNotAllowed)),
    };
    let mut owned = Vec::new();
    if let Some(path) = &realtime_path {
        owned.push(db::pbx::Claim {
            kind: ClaimKind::Realtime,
            field: "realtime_db_url",
            values: vec![realtime_key(path)],
        });
    }
    let mut ami: Vec<String> = ami_addresses.into_iter().map(ami_key).collect();
    ami.sort();
    ami.dedup();
    owned.push(db::pbx::Claim {
        kind: ClaimKind::Ami,
        field: "host",
        values: ami,
    });
    // Asterisk's own identity is learned again at the next connect.
    let forget = if moves.ami || moves.ari {
        vec![ClaimKind::Asterisk]
    } else {
        Vec::new()
    };
    // The write lock from the start: two tenants claiming one PBX at once
    // cannot both win (see `db::pbx::save_in`).
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let id = db::pbx::save_in(
        &mut tx,
        scope,
        &state.keyring,
        tenant_id,
        &form,
        &owned,
        &forget,
    )
    .await?;
    tracing::info!(
        pbx_connection = id,
        by = scope.user_id,
        "pbx connection saved"
    );
    let after = db::pbx::get(&mut *tx, scope, id).await?;
    let entry = match &before {
        Some(before) => Entry::updated(before, &after),
        None => Entry::created(&after),
    };
    audit::record(&mut tx, signed_in, entry).await?;
    tx.commit().await?;
    // The live feed follows the saved settings at once.
    state.hub.start(&target(state, scope, id).await?);
    Ok(after)
}

/// Deletes a connection (its claims go with it) and stops its live feed.
pub async fn delete(state: &AppState, signed_in: &SignedIn, id: i64) -> Result<(), AppError> {
    let scope = &signed_in.scope;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = db::pbx::get(&mut *tx, scope, id).await?;
    scope.require_write()?;
    db::pbx::delete(&mut *tx, scope, id).await?;
    audit::record(&mut tx, signed_in, Entry::deleted(&before)).await?;
    tx.commit().await?;
    state.hub.stop(id);
    tracing::info!(
        pbx_connection = id,
        by = scope.user_id,
        "pbx connection deleted"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A portal database that does not answer is not "another tenant's
    /// PBX": it says so, and nothing is used.
    #[tokio::test]
    async fn an_ownership_check_without_the_portal_database_says_so() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        pool.close().await;
        let problem = ownership(pool, 1, 1)
            .check("02:fc:00:00:00:01")
            .await
            .unwrap_err();
        assert_eq!(problem, CheckProblem::OwnershipUnchecked);
    }
}
