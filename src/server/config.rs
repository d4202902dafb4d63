//! Configuration from the command line and the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Multi-tenant control panel for Asterisk and FreePBX"
)]
pub struct Config {
    /// Address the web server listens on.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Directory for the database, the master key file and caches.
    #[arg(long, env = "SWITCHBOARD_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Portal database URL: `sqlite://FILE` or `postgres://USER:PASSWORD@HOST/DB`
    /// (`?sslmode=verify-full&sslrootcert=FILE` for TLS); defaults to a
    /// SQLite file in the data directory. Its value is never shown (it may
    /// hold the password).
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Log filter, in tracing's EnvFilter syntax.
    #[arg(long, env = "SWITCHBOARD_LOG", default_value = "info")]
    pub log_level: String,

    #[arg(
        long,
        env = "SWITCHBOARD_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,

    /// Sign a user out after this many hours without a request.
    #[arg(long, env = "SWITCHBOARD_SESSION_IDLE_HOURS", default_value_t = 8)]
    pub session_idle_hours: u32,

    /// Mark the session cookie Secure (set when served over HTTPS).
    #[arg(long, env = "SWITCHBOARD_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Master key(s) for secrets at rest: `base64key`, or `version:base64key`
    /// entries separated by commas (the highest version seals, all open).
    /// Without it a key file is created in the data directory.
    #[arg(long, env = "SWITCHBOARD_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,

    /// Disk space for copies of recordings being played (MiB); the least
    /// recently played go first.
    #[arg(long, env = "SWITCHBOARD_AUDIO_CACHE_MIB", default_value_t = 512)]
    pub audio_cache_mib: u32,

    /// Seconds between refreshes of a PBX's daily call statistics (the
    /// summaries that weeks and months add up); a refresh runs only while
    /// someone looks at the statistics.
    #[arg(
        long,
        env = "SWITCHBOARD_CDR_SUMMARY_REFRESH_SECONDS",
        default_value_t = 60
    )]
    pub cdr_summary_refresh_seconds: u32,

    /// Networks (CIDR) PBX connections may point at: AMI and ARI are only
    /// ever connected to addresses inside them.
    #[arg(
        long,
        env = "SWITCHBOARD_PBX_NETWORKS",
        value_delimiter = ',',
        default_value = "127.0.0.0/8,::1/128"
    )]
    pub pbx_networks: Vec<ipnet::IpNet>,

    /// Ports (or ranges, `8088-8089`) PBX connections may use: AMI, ARI,
    /// and the standard ports of the PBX's databases (PostgreSQL 5432,
    /// MySQL/MariaDB 3306), which follow the same rules.
    #[arg(
        long,
        env = "SWITCHBOARD_PBX_PORTS",
        value_delimiter = ',',
        value_parser = crate::server::targets::parse_port_range,
        default_value = "5038,8088,8089,5432,3306"
    )]
    pub pbx_ports: Vec<std::ops::RangeInclusive<u16>>,

    /// The one directory under which SQLite Realtime databases may live;
    /// unset, no connection may use a SQLite Realtime database.
    #[arg(long, env = "SWITCHBOARD_REALTIME_DIR")]
    pub realtime_dir: Option<PathBuf>,

    /// Let tenant admins create connections and change where they point;
    /// by default only a SUPER_ADMIN may.
    #[arg(
        long,
        env = "SWITCHBOARD_TENANT_ADMINS_SET_TARGETS",
        default_value_t = false
    )]
    pub tenant_admins_set_targets: bool,

    /// The `Host` values browsers reach this server by (`pbx.example.com`,
    /// `pbx.example.com:8443`); requests naming another host are refused
    /// (DNS rebinding). Unset: the listen address, and `localhost` with its
    /// port when listening on loopback.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_HOSTS", value_delimiter = ',')]
    pub public_hosts: Vec<String>,

    /// Directory of the built site (WASM, CSS, assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.join("switchboard.sqlite3").display()
            )
        })
    }

    /// The `Host` header values this server answers to.
    pub fn allowed_hosts(&self) -> Vec<String> {
        if !self.public_hosts.is_empty() {
            return self
                .public_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect();
        }
        let port = self.listen.port();
        let mut hosts = vec![self.listen.to_string()];
        if self.listen.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
            if port == 80 {
                hosts.push("localhost".into());
            }
        }
        hosts
    }

    /// A configuration for tests: everything in `data_dir`.
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().expect("static address"),
            data_dir,
            database_url: None,
            log_level: "warn".into(),
            log_format: LogFormat::Text,
            session_idle_hours: 8,
            secure_cookies: false,
            master_key: None,
            audio_cache_mib: 64,
            // A refresh with every statistics request: tests see a row at once.
            cdr_summary_refresh_seconds: 0,
            pbx_networks: vec!["127.0.0.0/8".parse().expect("static network")],
            pbx_ports: vec![1..=65535],
            realtime_dir: None,
            tenant_admins_set_targets: true,
            public_hosts: vec!["switchboard.test".into()],
            site_root: "target/site".into(),
        }
    }
}
