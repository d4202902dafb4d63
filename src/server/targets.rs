//! Where the server may be pointed: the operator's answer to "who may make
//! this server open a socket or a file, and where".
//!
//! A PBX connection names a host, two ports and a Realtime database; every
//! one of them is a place the server will connect to (with a saved secret)
//! or open. Without limits a tenant admin could use "Test connection" as a
//! port scanner and a file-existence oracle (`/etc/shadow` answered "not a
//! database", a missing file "not found"), and send the saved AMI secret and
//! ARI password to any listener. So the server's configuration names the
//! networks and ports connections may target and the one directory under
//! which SQLite Realtime files may live; everything else is refused with one
//! answer, before anything is resolved, connected or opened.
//!
//! Host names are resolved here, every address they resolve to must be
//! allowed, and callers connect to exactly those addresses: a name that
//! resolves to an allowed address when saved and to another one when used
//! (DNS rebinding) is checked again at every use.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use ipnet::IpNet;

use crate::error::Problem;
use crate::model::CheckProblem;

/// How long a host name may take to resolve.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(4);

#[derive(Debug, Clone)]
pub struct TargetPolicy {
    pub networks: Vec<IpNet>,
    pub ports: Vec<RangeInclusive<u16>>,
    /// The one directory SQLite Realtime files may live under, resolved
    /// (no symbolic link in it). `None`: no SQLite Realtime database at all.
    pub realtime_dir: Option<PathBuf>,
    /// Switchboard's own data directory: never a PBX's database.
    pub data_dir: PathBuf,
    /// Whether tenant admins may change where a connection points; if not,
    /// only a SUPER_ADMIN creates connections or changes their targets.
    pub tenant_admins_set_targets: bool,
}

/// `5038`, `8088-8089`: one port or an inclusive range.
pub fn parse_port_range(value: &str) -> Result<RangeInclusive<u16>, String> {
    let parse = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| format!("'{s}' is not a port (1-65535)"))
    };
    match value.split_once('-') {
        Some((low, high)) => {
            let (low, high) = (parse(low)?, parse(high)?);
            if low > high {
                return Err(format!("'{value}': the range ends before it starts"));
            }
            Ok(low..=high)
        }
        None => parse(value).map(|port| port..=port),
    }
}

impl TargetPolicy {
    /// From the server's configuration: the directory resolved once (it
    /// must exist), so every later comparison is with its real path.
    pub fn from_config(config: &crate::server::config::Config) -> std::io::Result<TargetPolicy> {
        let realtime_dir = config
            .realtime_dir
            .as_ref()
            .map(|dir| {
                std::fs::canonicalize(dir).map_err(|error| {
                    std::io::Error::new(
                        error.kind(),
                        format!("SWITCHBOARD_REALTIME_DIR {}: {error}", dir.display()),
                    )
                })
            })
            .transpose()?;
        Ok(TargetPolicy {
            networks: config.pbx_networks.clone(),
            ports: config.pbx_ports.clone(),
            realtime_dir,
            data_dir: std::fs::canonicalize(&config.data_dir)?,
            tenant_admins_set_targets: config.tenant_admins_set_targets,
        })
    }

    /// Any port on this machine and nothing else: for tools and tests that
    /// talk to a local Asterisk of their own.
    pub fn loopback() -> TargetPolicy {
        TargetPolicy {
            networks: vec![
                "127.0.0.0/8".parse().expect("static network"),
                "::1/128".parse().expect("static network"),
            ],
            ports: vec![1..=u16::MAX],
            realtime_dir: None,
            data_dir: PathBuf::new(),
            tenant_admins_set_targets: false,
        }
    }

    pub fn port_allowed(&self, port: u16) -> bool {
        self.ports.iter().any(|range| range.contains(&port))
    }

    pub fn address_allowed(&self, address: IpAddr) -> bool {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4
        // address: compared as such, so neither spelling escapes the list.
        let address = match address {
            IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map(IpAddr::V4)
                .unwrap_or(IpAddr::V6(v6)),
            v4 => v4,
        };
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The addresses to connect to for `host:port`: every address the name
    /// resolves to must be allowed, or nothing is. The same answer whether
    /// the port is closed, open or filtered, since nothing is tried.
    pub async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, CheckProblem> {
        let refused = || CheckProblem::TargetNotAllowed {
            address: socket_address(host, port),
        };
        if !self.port_allowed(port) {
            return Err(refused());
        }
        // A literal is checked before any lookup.
        if let Ok(ip) = host.parse::<IpAddr>() {
            return if self.address_allowed(ip) {
                Ok(vec![SocketAddr::new(ip, port)])
            } else {
                Err(refused())
            };
        }
        let not_found = || CheckProblem::HostNotFound {
            host: host.to_owned(),
        };
        let addresses: Vec<SocketAddr> =
            tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host, port)))
                .await
                .map_err(|_| not_found())?
                .map_err(|_| not_found())?
                .collect();
        if addresses.is_empty() {
            return Err(not_found());
        }
        if addresses.iter().all(|a| self.address_allowed(a.ip())) {
            Ok(addresses)
        } else {
            Err(refused())
        }
    }

    /// A Realtime SQLite file's path, if the policy allows it. The path must
    /// be absolute and plain (no `.` or `..`), under the allowed directory,
    /// and no symbolic link on the way (so `/proc/self/fd/N` or a link to
    /// the portal's database cannot stand in for a PBX's file). One answer
    /// for every refused path, whether a file is there or not, so nothing
    /// outside the directory can be probed.
    pub fn realtime_file(&self, path: &Path) -> Result<PathBuf, Problem> {
        let Some(dir) = &self.realtime_dir else {
            return Err(Problem::OutsideRealtimeDir);
        };
        let plain = path.is_absolute()
            && path
                .components()
                .all(|c| matches!(c, Component::RootDir | Component::Normal(_)));
        if !plain || !path.starts_with(dir) || path == dir.as_path() {
            return Err(Problem::OutsideRealtimeDir);
        }
        // Every existing ancestor, and the file itself if it exists, must be
        // what it says: canonical equals literal means no link anywhere.
        let mut existing = path;
        loop {
            match std::fs::symlink_metadata(existing) {
                Ok(_) => break,
                Err(_) => match existing.parent() {
                    Some(parent) => existing = parent,
                    None => return Err(Problem::OutsideRealtimeDir),
                },
            }
        }
        match std::fs::canonicalize(existing) {
            Ok(canonical) if canonical == existing => {}
            _ => return Err(Problem::OutsideRealtimeDir),
        }
        if path.starts_with(&self.data_dir) {
            return Err(Problem::DatabaseInsideDataDir);
        }
        Ok(path.to_path_buf())
    }
}

/// Asks, each time the server reaches an Asterisk, whether this connection
/// may talk to it: given the entity id Asterisk reports (AMI's `ENTITYID`,
/// ARI's `system.entity_id`), the PBX must not belong to another tenant.
/// Built by `services::connections` (which knows who holds what); the
/// protocol clients only call it.
#[derive(Clone)]
pub struct Ownership(
    Arc<dyn Fn(String) -> BoxFuture<'static, Result<(), CheckProblem>> + Send + Sync>,
);

impl Ownership {
    pub fn new(
        check: impl Fn(String) -> BoxFuture<'static, Result<(), CheckProblem>> + Send + Sync + 'static,
    ) -> Self {
        Ownership(Arc::new(check))
    }

    /// For tools and tests that talk to one PBX of their own.
    pub fn anyone() -> Self {
        Ownership::new(|_| Box::pin(async { Ok(()) }))
    }

    /// `entity_id` as Asterisk sent it; an empty one (an Asterisk that does
    /// not say) is not checked here, the AMI address and Realtime claims
    /// still are.
    pub async fn check(&self, entity_id: &str) -> Result<(), CheckProblem> {
        let entity_id: String = entity_id.trim().to_ascii_lowercase();
        let well_formed =
            entity_id.len() <= 64 && entity_id.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        if entity_id.is_empty() || !well_formed {
            return Ok(());
        }
        (self.0)(entity_id).await
    }
}

impl std::fmt::Debug for Ownership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ownership")
    }
}

/// `host:port`, with brackets for IPv6 literals.
pub fn socket_address(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// A TLS failure as "Test connection" names it (ARI over HTTPS, a PBX
/// database over TLS).
pub fn tls_problem(error: &rustls::Error) -> CheckProblem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(reason) => CheckProblem::TlsNotTrusted {
            reason: match reason {
                C::UnknownIssuer => "issued by an unknown authority".into(),
                C::Expired | C::ExpiredContext { .. } => "expired".into(),
                C::NotValidYet | C::NotValidYetContext { .. } => "not valid yet".into(),
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    "not valid for this host name".into()
                }
                C::Revoked => "revoked".into(),
                other => format!("{other:?}"),
            },
        },
        other => CheckProblem::TlsFailed {
            reason: other.to_string(),
        },
    }
}

/// A socket address as a claim (see `db::claims`): every loopback address
/// is the same machine, and an IPv4 address written as IPv6 is that IPv4
/// address.
pub fn address_key(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    if ip.is_loopback() {
        format!("loopback:{}", address.port())
    } else {
        SocketAddr::new(ip, address.port()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(dir: Option<PathBuf>) -> TargetPolicy {
        TargetPolicy {
            networks: vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()],
            ports: vec![5038..=5038, 8088..=8089],
            realtime_dir: dir,
            data_dir: PathBuf::from("/nonexistent-data-dir"),
            tenant_admins_set_targets: false,
        }
    }

    #[test]
    fn port_ranges_parse() {
        assert_eq!(parse_port_range("5038"), Ok(5038..=5038));
        assert_eq!(parse_port_range("8088-8089"), Ok(8088..=8089));
        assert!(parse_port_range("0").is_err());
        assert!(parse_port_range("9-8").is_err());
        assert!(parse_port_range("x").is_err());
    }

    #[tokio::test]
    async fn only_allowed_networks_and_ports_resolve() {
        let policy = policy(None);
        assert!(policy.resolve("127.0.0.1", 5038).await.is_ok());
        assert!(policy.resolve("::1", 8089).await.is_ok());
        assert!(policy.resolve("::ffff:127.0.0.1", 5038).await.is_ok());
        for (host, port) in [
            ("127.0.0.1", 22),
            ("10.0.0.1", 5038),
            ("::ffff:10.0.0.1", 5038),
            ("169.254.169.254", 8088),
        ] {
            assert_eq!(
                policy.resolve(host, port).await,
                Err(CheckProblem::TargetNotAllowed {
                    address: socket_address(host, port)
                }),
                "{host}:{port}"
            );
        }
        // A name is resolved, and every address must be allowed.
        assert!(policy.resolve("localhost", 5038).await.is_ok());
    }

    #[test]
    fn realtime_files_stay_in_their_directory_without_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let inside = root.join("pbx");
        std::fs::create_dir(&inside).unwrap();
        std::fs::write(inside.join("realtime.sqlite3"), b"").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", inside.join("link.sqlite3")).unwrap();
        std::os::unix::fs::symlink("/etc", inside.join("etc")).unwrap();
        let policy = policy(Some(inside.clone()));
        assert!(
            policy
                .realtime_file(&inside.join("realtime.sqlite3"))
                .is_ok()
        );
        // A file not there yet, inside: allowed (Test connection says "not found").
        assert!(policy.realtime_file(&inside.join("later.sqlite3")).is_ok());
        for refused in [
            PathBuf::from("/etc/shadow"),
            PathBuf::from("/etc/no-such-file"),
            PathBuf::from("/proc/self/fd/3"),
            inside.join("../pbx/realtime.sqlite3"),
            inside.join("link.sqlite3"),
            inside.join("etc/passwd"),
            inside.clone(),
            PathBuf::from("relative.sqlite3"),
        ] {
            assert_eq!(
                policy.realtime_file(&refused),
                Err(Problem::OutsideRealtimeDir),
                "{}",
                refused.display()
            );
        }
        assert_eq!(
            TargetPolicy {
                realtime_dir: None,
                ..policy
            }
            .realtime_file(&inside.join("realtime.sqlite3")),
            Err(Problem::OutsideRealtimeDir)
        );
    }
}
