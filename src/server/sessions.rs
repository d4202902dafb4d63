//! Session ids are stored hashed: whoever reads the portal database (a
//! backup, a copy of the WAL) finds no id a browser could present. The
//! cookie carries the id; the store keys the record by SHA-256 of it.
//!
//! A wrapper over tower-sessions' SQLite store rather than a store of our
//! own: the store stays the maintained one, only the key changes.
//!
//! Every request loads the whole record and a save writes the whole record
//! back, so two requests of one browser at once race: the later save puts
//! back what the earlier one removed. With `always_save` (every request
//! saved, to restart the idle timer) the status reads the account page
//! fires beside "take the fresh recovery codes" put the codes back, and a
//! request in flight during a sign-out wrote the deleted session back under
//! its old id. So: a session is saved when a request changed it, and
//! touched (`keep_alive`) at most once a minute otherwise; and a save never
//! brings back a record that is gone.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};

/// The session cookie's name.
pub const COOKIE: &str = "switchboard_session";
/// The signed-in user's id in a session.
pub const USER_KEY: &str = "user_id";
/// The user's session epoch when the session was opened (see
/// `db::users::set_password`); sessions from before it was kept count as 0.
pub const EPOCH_KEY: &str = "epoch";

#[derive(Debug, Clone)]
pub struct HashedIds<S>(pub S);

/// The key a session is stored under.
pub fn stored_id(id: &Id) -> Id {
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

fn stored(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for HashedIds<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new id whose key is free (a clash is a 2^-128 event, but the
        // inner store's own retry would pick a key no id hashes to).
        while self.0.load(&stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.0.save(&stored(record)).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        // Signed out, cycled or expired meanwhile: stays gone. (`create`
        // is how a new record is written.)
        let key = stored_id(&record.id);
        if self.0.load(&key).await?.is_none() {
            return Ok(());
        }
        self.0.save(&stored(record)).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        Ok(self
            .0
            .load(&stored_id(id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.0.delete(&stored_id(id)).await
    }
}

/// tower-sessions' own store for the portal's database server: sessions
/// live beside the rest of the portal, in a table of the same name
/// (`tower_sessions`) on both. The stores take their server's typed pool,
/// not `Any`: a small pool of their own.
#[derive(Debug, Clone)]
pub enum PortalStore {
    Sqlite(tower_sessions_sqlx_store::SqliteStore),
    Postgres(tower_sessions_sqlx_store::PostgresStore),
}

impl PortalStore {
    /// Connects to the portal database at `url` and creates the table.
    pub async fn open(url: &str) -> std::result::Result<PortalStore, sqlx::Error> {
        use crate::server::db::Server;
        let store = match Server::of_url(url) {
            Some(Server::Postgres) => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .idle_timeout(std::time::Duration::from_secs(300))
                    .connect(url)
                    .await?;
                let store = tower_sessions_sqlx_store::PostgresStore::new(pool)
                    .with_schema_name("public")
                    .and_then(|store| store.with_table_name("tower_sessions"))
                    .map_err(|error| sqlx::Error::Configuration(error.into()))?;
                store.migrate().await?;
                PortalStore::Postgres(store)
            }
            _ => {
                let options: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options.synchronous(sqlx::sqlite::SqliteSynchronous::Normal))
                    .await?;
                let store = tower_sessions_sqlx_store::SqliteStore::new(pool);
                store.migrate().await?;
                PortalStore::Sqlite(store)
            }
        };
        Ok(store)
    }
}

#[async_trait]
impl SessionStore for PortalStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match self {
            PortalStore::Sqlite(store) => store.create(record).await,
            PortalStore::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match self {
            PortalStore::Sqlite(store) => store.save(record).await,
            PortalStore::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match self {
            PortalStore::Sqlite(store) => store.load(id).await,
            PortalStore::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match self {
            PortalStore::Sqlite(store) => store.delete(id).await,
            PortalStore::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl tower_sessions::ExpiredDeletion for PortalStore {
    async fn delete_expired(&self) -> Result<()> {
        match self {
            PortalStore::Sqlite(store) => store.delete_expired().await,
            PortalStore::Postgres(store) => store.delete_expired().await,
        }
    }
}

const TOUCHED_AT: &str = "touched_at";
/// How stale the idle timer may get: it restarts at most this often.
const TOUCH_EVERY_SECS: i64 = 60;

/// Middleware inside the session layer: restarts a session's idle timer
/// once a minute at most, and marks the time of every change, so that the
/// reads beside a change do not write the session (see the module note).
pub async fn keep_alive(
    session: tower_sessions::Session,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let now = crate::server::time_zone::now();
    let touched = session.get::<i64>(TOUCHED_AT).await.ok().flatten();
    let response = next.run(request).await;
    let has_user = !session.is_empty().await;
    if has_user && (session.is_modified() || touched.is_none_or(|at| now - at >= TOUCH_EVERY_SECS))
    {
        let _ = session.insert(TOUCHED_AT, now).await;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_sessions::MemoryStore;

    #[tokio::test]
    async fn a_save_does_not_bring_back_a_deleted_session() {
        let store = HashedIds(MemoryStore::default());
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
                + tower_sessions::cookie::time::Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some());
        // Signed out; then a request that loaded it before saves.
        store.delete(&record.id).await.unwrap();
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    }
}
