//! Trunks: endpoint + AOR + outbound auth (`<name>-auth`), an outbound
//! registration named like the trunk, identify-by-IP rows `<name>-ip<n>`.
//! Every column we create gets a value (see `pjsip` for why).

use super::backend::{Conn, Dialect, query};
use super::{RealtimeDb, fingerprint, pjsip, row_snapshot};
use crate::error::AppError;
use crate::model::Codec;

#[derive(Debug, Clone)]
pub struct TrunkRows {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub username: String,
    pub secret_set: bool,
    pub register: bool,
    pub match_ips: Vec<String>,
    pub codecs: Vec<Codec>,
    snapshot: Vec<Option<String>>,
}

impl TrunkRows {
    pub fn version(&self) -> String {
        fingerprint(self.snapshot.iter().map(Option::as_deref))
    }
}

pub struct TrunkValues<'a> {
    pub name: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub username: &'a str,
    /// `None` keeps the saved secret.
    pub secret: Option<&'a str>,
    pub register: bool,
    pub match_ips: &'a [String],
    pub codecs: &'a [Codec],
}

pub fn auth_id(name: &str) -> String {
    format!("{name}-auth")
}

/// `sip:host:port`, IPv6 literals in brackets.
pub fn sip_uri(user: Option<&str>, host: &str, port: u16) -> String {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    match user {
        Some(user) if !user.is_empty() => format!("sip:{user}@{host}:{port}"),
        _ => format!("sip:{host}:{port}"),
    }
}

/// Host and port of `sip:[user@]host[:port]`.
fn host_port(uri: &str) -> (String, u16) {
    let rest = uri.strip_prefix("sip:").unwrap_or(uri);
    let rest = rest.rsplit('@').next().unwrap_or(rest);
    let rest = rest.split(';').next().unwrap_or(rest);
    if let Some(inner) = rest.strip_prefix('[') {
        let (host, after) = inner.split_once(']').unwrap_or((inner, ""));
        let port = after
            .strip_prefix(':')
            .and_then(|p| p.parse().ok())
            .unwrap_or(5060);
        return (host.to_owned(), port);
    }
    match rest.rsplit_once(':') {
        Some((host, port)) => (host.to_owned(), port.parse().unwrap_or(5060)),
        None => (rest.to_owned(), 5060),
    }
}

/// Endpoints whose id is not a number: trunks (and whatever else others
/// created by name), by name.
pub async fn all(db: &RealtimeDb) -> Result<Vec<TrunkRows>, AppError> {
    let mut connection = db.read().await?;
    let sql = format!(
        "SELECT id FROM ps_endpoints WHERE {} ORDER BY id",
        connection.dialect().has_non_digit("id")
    );
    let names = connection.texts(query(sql)).await?;
    let mut trunks = Vec::with_capacity(names.len());
    for name in names {
        if let Some(trunk) = read(&mut connection, &name).await? {
            trunks.push(trunk);
        }
    }
    Ok(trunks)
}

pub async fn read(connection: &mut Conn, name: &str) -> Result<Option<TrunkRows>, AppError> {
    // A number names an extension, never a trunk (the list's own rule):
    // such a name is not found, whatever endpoint has it.
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let found = connection
        .fetch_optional(
            query("SELECT aors, outbound_auth, allow FROM ps_endpoints WHERE id = ?1").bind(name),
        )
        .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    let (aors, outbound_auth, allow) = (found.text(0)?, found.text(1)?, found.text(2)?);
    let aor = aors.unwrap_or_default();
    let contact = match connection
        .fetch_optional(query("SELECT contact FROM ps_aors WHERE id = ?1").bind(&aor))
        .await?
    {
        Some(row) => row.text(0)?,
        None => None,
    };
    let (host, port) = host_port(&contact.unwrap_or_default());
    let auth = outbound_auth.unwrap_or_default();
    let credentials = connection
        .fetch_optional(query("SELECT username, password FROM ps_auths WHERE id = ?1").bind(&auth))
        .await?;
    let (username, secret_set) = match credentials {
        Some(row) => (
            row.text(0)?.unwrap_or_default(),
            row.text(1)?.is_some_and(|p| !p.is_empty()),
        ),
        None => (String::new(), false),
    };
    let registrations = connection
        .fetch_one(query("SELECT COUNT(*) FROM ps_registrations WHERE id = ?1").bind(name))
        .await?
        .int(0)?;
    let register = registrations.unwrap_or(0) > 0;
    let sql = format!(
        "SELECT id, {} FROM ps_endpoint_id_ips WHERE endpoint = ?1 ORDER BY id",
        connection.dialect().ident("match")
    );
    let matches = connection
        .fetch_all(query(sql).bind(name))
        .await?
        .iter()
        .map(|row| Ok((row.text(0)?.unwrap_or_default(), row.text(1)?)))
        .collect::<Result<Vec<(String, Option<String>)>, AppError>>()?;
    let mut snapshot = vec![
        row_snapshot(connection, "ps_endpoints", "id", name).await?,
        row_snapshot(connection, "ps_aors", "id", &aor).await?,
        row_snapshot(connection, "ps_auths", "id", &auth).await?,
        row_snapshot(connection, "ps_registrations", "id", name).await?,
    ];
    for (id, _) in &matches {
        snapshot.push(row_snapshot(connection, "ps_endpoint_id_ips", "id", id).await?);
    }
    Ok(Some(TrunkRows {
        name: name.to_owned(),
        host,
        port,
        username,
        secret_set,
        register,
        match_ips: matches.into_iter().filter_map(|(_, m)| m).collect(),
        codecs: super::extensions::codecs_of(&allow.unwrap_or_default()),
        snapshot,
    }))
}

/// True when the table has the column (optional columns of newer schemas).
async fn has_column(tx: &mut Conn, table: &str, column: &str) -> Result<bool, AppError> {
    let sql = match tx.dialect() {
        Dialect::Sqlite => "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = ?1 AND column_name = ?2"
        }
        Dialect::MySql => {
            "SELECT COUNT(*) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?1 AND COLUMN_NAME = ?2"
        }
    };
    let found = tx
        .fetch_one(query(sql).bind(table).bind(column))
        .await?
        .int(0)?;
    Ok(found.unwrap_or(0) > 0)
}

/// Writes the trunk's rows (replacing earlier ones of the same name). The
/// saved secret is kept when `values.secret` is `None`.
pub async fn write(tx: &mut Conn, context: &str, values: &TrunkValues<'_>) -> Result<(), AppError> {
    let name = values.name;
    let auth = auth_id(name);
    let saved_secret = match tx
        .fetch_optional(query("SELECT password FROM ps_auths WHERE id = ?1").bind(&auth))
        .await?
    {
        Some(row) => row.text(0)?,
        None => None,
    };
    let secret = values
        .secret
        .map(str::to_owned)
        .or(saved_secret)
        .unwrap_or_default();
    delete(tx, name).await?;
    let uses_auth = !values.username.is_empty();
    pjsip::insert_aor(tx, name, &sip_uri(None, values.host, values.port)).await?;
    if uses_auth {
        pjsip::insert_auth(tx, &auth, values.username, &secret).await?;
    }
    pjsip::insert_endpoint(
        tx,
        &pjsip::Endpoint {
            id: name,
            auth: "",
            outbound_auth: if uses_auth { &auth } else { "" },
            context,
            codecs: values.codecs,
            identify_by: "ip,username",
            from_user: values.username,
            callerid: "",
        },
    )
    .await?;
    if values.register {
        tx.execute(query(
            "INSERT INTO ps_registrations (id, auth_rejection_permanent, client_uri, contact_user, \
             expiration, max_retries, outbound_auth, outbound_proxy, retry_interval, \
             forbidden_retry_interval, fatal_retry_interval, server_uri, transport, support_path, \
             line, endpoint) \
             VALUES (?1, 'no', ?2, ?3, 3600, 10000, ?4, '', 60, 300, 300, ?5, '', 'no', 'yes', ?1)",
        )
        .bind(name)
        .bind(sip_uri(Some(values.username), values.host, values.port))
        .bind(if values.username.is_empty() {
            "s"
        } else {
            values.username
        })
        .bind(if uses_auth { auth.as_str() } else { "" })
        .bind(sip_uri(None, values.host, values.port)))
        .await?;
        // Newer schemas let the first registration go out at once rather
        // than after up to 10 s of random delay.
        if has_column(tx, "ps_registrations", "max_random_initial_delay").await? {
            tx.execute(
                query("UPDATE ps_registrations SET max_random_initial_delay = 1 WHERE id = ?1")
                    .bind(name),
            )
            .await?;
        }
    }
    for (index, network) in values.match_ips.iter().enumerate() {
        let sql = format!(
            "INSERT INTO ps_endpoint_id_ips (id, endpoint, {}, srv_lookups, match_header) \
             VALUES (?1, ?2, ?3, 'no', '')",
            tx.dialect().ident("match")
        );
        tx.execute(
            query(sql)
                .bind(format!("{name}-ip{}", index + 1))
                .bind(name)
                .bind(network),
        )
        .await?;
    }
    Ok(())
}

/// Deletes every row of the trunk.
pub async fn delete(tx: &mut Conn, name: &str) -> Result<(), AppError> {
    for (table, column, key) in [
        ("ps_endpoints", "id", name.to_owned()),
        ("ps_aors", "id", name.to_owned()),
        ("ps_auths", "id", auth_id(name)),
        ("ps_registrations", "id", name.to_owned()),
        ("ps_endpoint_id_ips", "endpoint", name.to_owned()),
    ] {
        tx.execute(query(format!("DELETE FROM {table} WHERE {column} = ?1")).bind(key))
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sip_uris_round_trip() {
        assert_eq!(
            sip_uri(Some("1000"), "127.0.0.1", 5060),
            "sip:1000@127.0.0.1:5060"
        );
        assert_eq!(sip_uri(None, "::1", 5062), "sip:[::1]:5062");
        assert_eq!(host_port("sip:127.0.0.1:5060"), ("127.0.0.1".into(), 5060));
        assert_eq!(host_port("sip:[::1]:5062"), ("::1".into(), 5062));
        assert_eq!(
            host_port("sip:u@pbx.example.com"),
            ("pbx.example.com".into(), 5060)
        );
    }
}
