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

    /// Portal database URL; defaults to a SQLite file in the data directory.
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL")]
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
            site_root: "target/site".into(),
        }
    }
}
