//! The house's one rule about imports, checked: a module imports its own
//! layer or a lower one, never a higher one; a protocol client never
//! imports a repository; and an adapter (a server function, a plain route)
//! reaches repositories only through a service, so every way in (pages,
//! routes, the scheduler, the API) meets the same rules. Read from the `crate::…` paths in `src` (comments
//! left out), so a violation fails here whatever feature compiles it.
//! The README's architecture section says the same in prose.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. A module belongs to the longest prefix that names it.
const LAYERS: &[(&str, u8)] = &[
    // Shared by both sides.
    ("model", 0),
    ("error", 0),
    ("validate", 0),
    ("i18n", 0),
    // Support: values and helpers every server layer may use.
    ("server::crypto", 1),
    ("server::passwords", 1),
    ("server::time_zone", 1),
    ("server::errors", 1),
    ("server::scope", 1),
    ("server::csv_safe", 1),
    ("server::config", 1),
    ("server::targets", 1),
    // Repositories and protocol clients.
    ("server::db", 2),
    ("server::realtime", 2),
    ("server::asterisk", 2),
    ("server::recordings", 2),
    ("server::sessions", 2),
    // Feature rules, and the state they are given.
    ("server::services", 3),
    ("server::state", 3),
    // Adapters: server functions, plain routes and middleware, pages.
    ("server::http", 4),
    ("api", 4),
    ("ui", 4),
    // Wiring.
    ("server::run", 5),
    ("app", 5),
    ("lib", 5),
    ("main", 5),
];

/// Protocol clients talk to Asterisk with the targets they are given.
const PROTOCOL_CLIENTS: &[&str] = &["server::asterisk"];
const REPOSITORIES: &[&str] = &["server::db", "server::realtime"];
/// Adapters call services, never what is below them.
const ADAPTERS: &[&str] = &["server::http", "api"];

fn layer(module: &str) -> Option<(&'static str, u8)> {
    LAYERS
        .iter()
        .filter(|(prefix, _)| module == *prefix || module.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .copied()
}

fn module_of(file: &Path, src: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module a line's code names as `crate::a::b…`, grouped imports
/// (`crate::server::{db, scope::Scope}`) expanded one level.
fn named_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let path = path.trim_end_matches(':').to_owned();
        let after = &rest[path.len()..];
        if let Some(group) = after.strip_prefix("::{") {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let item = item.trim();
                if !item.is_empty() && item != "self" {
                    found.push(format!("{path}::{item}"));
                }
            }
        } else {
            found.push(path);
        }
    }
    found
}

/// Every import against the rules, as `file:line: from -> to`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        // The binaries are wiring too: benches and tools may use anything.
        if file.strip_prefix(src).unwrap().starts_with("bin") {
            continue;
        }
        let module = module_of(&file, src);
        let Some((own_prefix, own)) = layer(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for named in named_modules(code) {
                let Some((prefix, rank)) = layer(&named) else {
                    continue;
                };
                let upward = rank > own;
                let client_to_repository =
                    PROTOCOL_CLIENTS.contains(&own_prefix) && REPOSITORIES.contains(&prefix);
                let adapter_to_repository =
                    ADAPTERS.contains(&own_prefix) && REPOSITORIES.contains(&prefix);
                if upward || client_to_repository || adapter_to_repository {
                    found.insert(format!(
                        "{}:{}: {module} -> {named}",
                        file.display(),
                        number + 1
                    ));
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "imports against the layering (see README, Architecture):\n{}",
        found.join("\n")
    );
}

/// The check itself: a repository reaching for a service, a protocol
/// client for a repository, a server function past its service, and a
/// grouped import are each caught.
#[test]
fn the_check_catches_an_upward_import() {
    let dir = std::env::temp_dir().join(format!("layering-{}", std::process::id()));
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("server/db")).unwrap();
    std::fs::create_dir_all(src.join("server/asterisk")).unwrap();
    std::fs::create_dir_all(src.join("api")).unwrap();
    std::fs::write(
        src.join("api/users.rs"),
        "    crate::server::db::users::list(&state.db, &scope, None).await\n",
    )
    .unwrap();
    std::fs::write(
        src.join("server/db/users.rs"),
        "use crate::model::User;\nuse crate::server::services::two_factor; // wrong\n",
    )
    .unwrap();
    std::fs::write(
        src.join("server/asterisk/hub.rs"),
        "use crate::server::{crypto::Secret, db};\n// crate::server::http in a comment is fine\n",
    )
    .unwrap();
    let found = violations(&src);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].ends_with("api::users -> server::db::users::list"));
    assert!(found[1].ends_with("server::asterisk::hub -> server::db"));
    assert!(found[2].ends_with("server::db::users -> server::services::two_factor"));
}
