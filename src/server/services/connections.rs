//! PBX connections: the rules of saving one (who may point it where, when
//! a saved secret must be entered again, one PBX per tenant) and the one way
//! to reach a saved connection's PBX (its secrets, the server's target
//! policy, the ownership check). Server functions, the live hub, the
//! recording sync and the HTTP routes all come through here.

use std::path::Path;
use std::sync::Arc;

use super::audit::{self, Entry};
use crate::error::{AppError, Problem};
use crate::model::{CheckProblem, PbxConnection, PbxConnectionForm, Role};
use crate::server::asterisk::PbxTarget;
use crate::server::db;
use crate::server::db::claims::{self, ClaimKind};
use crate::server::db::pbx::DatabasePassword;
use crate::server::realtime::cdr::CdrSource;
use crate::server::realtime::{self, Location, RealtimeDb};
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

fn ownership(pool: db::Pool, connection_id: i64, tenant_id: i64) -> Ownership {
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
/// holds the same database (a SQLite file however it is spelled; a network
/// database at any of the addresses its host resolves to).
pub async fn realtime(
    state: &AppState,
    connection: &PbxConnection,
) -> Result<RealtimeDb, AppError> {
    let location = realtime::locate(&connection.realtime_db_url, &state.targets)
        .map_err(|_| AppError::Pbx(CheckProblem::DatabaseNotAllowed))?;
    let pool = match location {
        Location::Sqlite(path) => {
            hold(
                state,
                connection,
                ClaimKind::Realtime,
                &[realtime_key(&path)],
            )
            .await?;
            state.realtime.file(&path).await?
        }
        Location::Network(db) => match state.realtime.cached(connection).await {
            Some(pool) => pool,
            None => {
                let (resolved, password) = reach(
                    state,
                    connection,
                    &db,
                    ClaimKind::Realtime,
                    DatabasePassword::Realtime,
                )
                .await?;
                state
                    .realtime
                    .network(
                        connection,
                        &db,
                        &resolved,
                        password.as_ref().map(|p| p.expose()),
                    )
                    .await
            }
        },
    };
    Ok(RealtimeDb {
        pool,
        connection_id: connection.id,
        tenant_id: connection.tenant_id,
    })
}

/// The connection's call history (CDR), with the same ownership rule, or
/// why there is none.
pub async fn call_history(
    state: &AppState,
    connection: &PbxConnection,
) -> Result<Arc<CdrSource>, AppError> {
    if connection.cdr_db_url.is_empty() {
        return Err(AppError::Pbx(CheckProblem::NoCallHistory));
    }
    let location = realtime::locate(&connection.cdr_db_url, &state.targets)
        .map_err(|_| AppError::Pbx(CheckProblem::DatabaseNotAllowed))?;
    match location {
        Location::Sqlite(path) => {
            hold(
                state,
                connection,
                ClaimKind::CallHistory,
                &[realtime_key(&path)],
            )
            .await?;
            state.realtime.history(&path).await
        }
        Location::Network(db) => {
            if let Some(source) = state.realtime.cached_history(connection).await {
                return Ok(source);
            }
            let (resolved, password) = reach(
                state,
                connection,
                &db,
                ClaimKind::CallHistory,
                DatabasePassword::CallHistory,
            )
            .await?;
            Ok(state
                .realtime
                .network_history(
                    connection,
                    &db,
                    &resolved,
                    password.as_ref().map(|p| p.expose()),
                )
                .await)
        }
    }
}

/// What a new pool for a network database is made from: the addresses its
/// host resolves to now, through the target policy, once this tenant holds
/// them (the pool keeps them: see `RealtimePools::network`); and the
/// password saved for that database.
async fn reach(
    state: &AppState,
    connection: &PbxConnection,
    db: &realtime::network::NetworkDb,
    kind: ClaimKind,
    which: DatabasePassword,
) -> Result<
    (
        Vec<std::net::SocketAddr>,
        Option<crate::server::crypto::Secret>,
    ),
    AppError,
> {
    let resolved = state
        .targets
        .resolve(&db.host, db.port)
        .await
        .map_err(AppError::Pbx)?;
    hold(state, connection, kind, &db.claim_keys(&resolved)).await?;
    let password = db::pbx::database_password(&state.db, &state.keyring, connection, which).await?;
    Ok((resolved, password))
}

/// Makes sure the connection holds every one of `values`.
async fn hold(
    state: &AppState,
    connection: &PbxConnection,
    kind: ClaimKind,
    values: &[String],
) -> Result<(), AppError> {
    for value in values {
        if !claims::ensure(&state.db, connection.id, connection.tenant_id, kind, value).await? {
            tracing::warn!(
                pbx_connection = connection.id,
                "refused: this database belongs to another tenant's connection"
            );
            return Err(AppError::Pbx(CheckProblem::PbxOfAnotherTenant));
        }
    }
    Ok(())
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

/// What changed between the saved connection and the form: each names a
/// place a secret is sent or a file is opened.
/// A database moves when its URL changes at all (host, port, database,
/// user or TLS mode: each changes where, or how safely, its password goes)
/// or the CA its certificate is checked against does.
struct Moves {
    ami: bool,
    ari: bool,
    realtime: bool,
    cdr: bool,
}

impl Moves {
    fn of(before: Option<&PbxConnection>, form: &PbxConnectionForm) -> Moves {
        match before {
            None => Moves {
                ami: true,
                ari: true,
                realtime: true,
                cdr: true,
            },
            Some(b) => {
                let host = !b.host.eq_ignore_ascii_case(&form.host);
                let ca = b.db_ca_pem != form.db_ca_pem;
                Moves {
                    ami: host || b.ami_port != form.ami_port,
                    ari: host
                        || b.ari_port != form.ari_port
                        || b.ari_scheme != form.ari_scheme
                        || b.ari_trust_cert != form.ari_trust_cert,
                    realtime: ca || b.realtime_db_url != form.realtime_db_url,
                    cdr: ca || b.cdr_db_url != form.cdr_db_url,
                }
            }
        }
    }

    fn any(&self) -> bool {
        self.ami || self.ari || self.realtime || self.cdr
    }

    /// The field a "you may not change targets" refusal is shown next to.
    fn field(&self) -> &'static str {
        if self.ami || self.ari {
            "host"
        } else if self.realtime {
            "realtime_db_url"
        } else {
            "cdr_db_url"
        }
    }
}

/// The longest CA certificate (chain) a connection keeps.
const MAX_CA_PEM: usize = 64 * 1024;

/// A pasted CA: empty, or PEM certificates only.
fn check_ca(pem: &str) -> Result<(), Problem> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    if pem.is_empty() {
        return Ok(());
    }
    if pem.len() > MAX_CA_PEM {
        return Err(Problem::TooLong {
            max: MAX_CA_PEM as u32,
        });
    }
    let certificates: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem.as_bytes()).collect();
    match certificates {
        Ok(list) if !list.is_empty() => Ok(()),
        _ => Err(Problem::InvalidCertificate),
    }
}

/// What a database URL claims (see `db::claims`): a SQLite file by inode, a
/// network database by the addresses its host resolves to. A refusal names
/// the URL's field.
async fn database_claim(
    state: &AppState,
    field: &'static str,
    location: &Location,
) -> Result<Vec<String>, AppError> {
    match location {
        Location::Sqlite(path) => Ok(vec![realtime_key(path)]),
        Location::Network(db) => match state.targets.resolve(&db.host, db.port).await {
            Ok(resolved) => Ok(db.claim_keys(&resolved)),
            Err(CheckProblem::HostNotFound { .. }) => {
                Err(AppError::field(field, Problem::UnknownHost))
            }
            Err(_) => Err(AppError::field(field, Problem::TargetNotAllowed)),
        },
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
    form.cdr_db_url = form.cdr_db_url.trim().to_owned();
    form.db_ca_pem = form.db_ca_pem.trim().to_owned();
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
        checks.check(moves.field(), Err(Problem::TargetsLocked));
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
    let realtime_at = match realtime::locate(&form.realtime_db_url, policy) {
        Ok(location) => Some(location),
        Err(problem) => {
            checks.check("realtime_db_url", Err(problem));
            None
        }
    };
    let cdr_at = match form.cdr_db_url.as_str() {
        "" => None,
        url => match realtime::locate(url, policy) {
            Ok(location) => Some(location),
            Err(problem) => {
                checks.check("cdr_db_url", Err(problem));
                None
            }
        },
    };
    checks.check("db_ca_pem", check_ca(&form.db_ca_pem));
    // A saved database password only goes where it was entered for, and
    // one no network database uses is not kept.
    let mut forget_passwords = Vec::new();
    for (location, moved, saved, entered, field, which) in [
        (
            &realtime_at,
            moves.realtime,
            before.as_ref().is_some_and(|b| b.realtime_db_password_set),
            &form.realtime_db_password,
            "realtime_db_password",
            DatabasePassword::Realtime,
        ),
        (
            &cdr_at,
            moves.cdr,
            before.as_ref().is_some_and(|b| b.cdr_db_password_set),
            &form.cdr_db_password,
            "cdr_db_password",
            DatabasePassword::CallHistory,
        ),
    ] {
        match location {
            Some(Location::Network(db)) => {
                if moved && saved && entered.is_empty() {
                    checks.check(field, Err(Problem::SecretForNewTarget));
                }
                if !policy.port_allowed(db.port) {
                    let url_field = if which == DatabasePassword::Realtime {
                        "realtime_db_url"
                    } else {
                        "cdr_db_url"
                    };
                    checks.check(url_field, Err(Problem::TargetNotAllowed));
                }
            }
            _ => {
                if !entered.is_empty() {
                    checks.check(field, Err(Problem::PasswordWithoutServer));
                }
                if saved {
                    forget_passwords.push(which);
                }
            }
        }
    }
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
    if let Some(location) = &realtime_at {
        owned.push(db::pbx::Claim {
            kind: ClaimKind::Realtime,
            field: "realtime_db_url",
            values: database_claim(state, "realtime_db_url", location).await?,
        });
    }
    owned.push(db::pbx::Claim {
        kind: ClaimKind::CallHistory,
        field: "cdr_db_url",
        values: match &cdr_at {
            Some(location) => database_claim(state, "cdr_db_url", location).await?,
            None => Vec::new(),
        },
    });
    let mut ami: Vec<String> = ami_addresses
        .into_iter()
        .map(crate::server::targets::address_key)
        .collect();
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
    let mut tx = crate::server::db::write(&state.db).await?;
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
    for which in forget_passwords {
        db::pbx::forget_password(&mut tx, id, which).await?;
    }
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
    let mut tx = crate::server::db::write(&state.db).await?;
    let before = db::pbx::get(&mut *tx, scope, id).await?;
    scope.require_write()?;
    db::pbx::delete(&mut *tx, scope, id).await?;
    audit::record(&mut tx, signed_in, Entry::deleted(&before)).await?;
    tx.commit().await?;
    state.hub.stop(id);
    state.realtime.forget(id).await;
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
        let pool = db::open("sqlite::memory:").await.unwrap();
        pool.close().await;
        let problem = ownership(pool, 1, 1)
            .check("02:fc:00:00:00:01")
            .await
            .unwrap_err();
        assert_eq!(problem, CheckProblem::OwnershipUnchecked);
    }
}
