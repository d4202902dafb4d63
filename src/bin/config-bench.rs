//! PBX configuration on each database server: extensions created one by
//! one and 200-line CSV imports, through the app's own services (checks,
//! the number plan's lock, the three rows, the audit entry in the portal),
//! into the Realtime database a URL names.
//!
//!   config-bench URL [PASSWORD]
//!
//! URL: `sqlite:///abs/file` in Asterisk's schema, or a `postgres://` /
//! `mysql://` database in Asterisk's schema, without its password (given
//! beside, sealed as a connection's is). The database must be empty and is
//! left full. `scripts/bench-config` makes a fresh one on each server.

mod common;

use std::time::Instant;

use switchboard::model::{ExtensionForm, Me, Role};
use switchboard::server::config::Config;
use switchboard::server::db;
use switchboard::server::run::build_state;
use switchboard::server::scope::SignedIn;
use switchboard::server::services;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Single creates timed (after one untimed).
const CREATES: usize = 50;
/// Imports of `IMPORT_LINES` lines timed, numbered by the plan: 51 creates
/// and 4 x 200 imported lines stay inside its 1,000 numbers.
const IMPORTS: usize = 4;
const IMPORT_LINES: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let Some(url) = args.get(1) else {
        eprintln!("usage: config-bench URL [PASSWORD]");
        std::process::exit(2);
    };
    let password = args.get(2).cloned().unwrap_or_default();
    // The portal's own data (a SQLite file, the keys) in a directory of the
    // run's, removed after it.
    let data = std::env::temp_dir().join(format!("config-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let mut config = Config::for_tests(data.clone());
    if let Some(path) = url.strip_prefix("sqlite://") {
        let dir = std::path::Path::new(path)
            .parent()
            .ok_or("a file in a directory")?;
        config.realtime_dir = Some(std::fs::canonicalize(dir)?);
    }
    let state = build_state(config).await.map_err(|e| e.to_string())?;
    let (scope, tenant) = common::tenant_admin(&state, "unused").await?;
    let form = common::database_form(url, &password);
    let pbx = db::pbx::save(&state.db, &scope, &state.keyring, tenant, &form, &[], &[]).await?;
    let me = Me {
        user_id: scope.user_id,
        email: common::EMAIL.into(),
        display_name: "Bench".into(),
        role: Role::TenantAdmin,
        tenant_id: Some(tenant),
        tenant_name: Some("Bench".into()),
    };
    let actor = SignedIn { scope, me };

    let mut creates = Vec::new();
    for run in 0..=CREATES {
        let form = ExtensionForm {
            pbx_connection_id: pbx,
            display_name: format!("Bench {run}"),
            ..Default::default()
        };
        let started = Instant::now();
        services::extensions::create(&state, &actor, &form)
            .await
            .map_err(|e| format!("create: {e}"))?;
        if run > 0 {
            creates.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let mut imports = Vec::new();
    for run in 0..IMPORTS {
        // Numbers from the connection's plan (1000-1999), as an admin's
        // import without a number column gets them.
        let mut csv = String::from("display_name\n");
        for line in 0..IMPORT_LINES {
            csv.push_str(&format!("Imported {run}-{line}\n"));
        }
        let started = Instant::now();
        let report = services::import::import(&state, &actor, pbx, &csv, false)
            .await
            .map_err(|e| format!("import: {e}"))?;
        imports.push(started.elapsed().as_secs_f64() * 1000.0);
        if !report.imported || report.valid != IMPORT_LINES as u32 {
            return Err(format!("import {run}: {} of {IMPORT_LINES} valid", report.valid).into());
        }
    }
    let (create_p50, create_p95) = percentiles(creates);
    let (import_p50, import_p95) = percentiles(imports);
    let _ = std::fs::remove_dir_all(&data);
    println!(
        "one extension: p50 {create_p50:.1} ms, p95 {create_p95:.1} ms ({CREATES} creates); \
         {IMPORT_LINES}-line import: p50 {import_p50:.0} ms, p95 {import_p95:.0} ms ({IMPORTS} imports)"
    );
    Ok(())
}

/// p50 and p95 of some timings.
fn percentiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    (at(50), at(95))
}
