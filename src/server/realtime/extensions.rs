//! Extensions: a PJSIP endpoint, its auth and its AOR, all named by the
//! extension's number and written in one transaction, so Asterisk sees all
//! three or none, also if the process dies halfway (SQLite's journal);
//! the route that makes the number ring the phone goes in the same write.
//!
//! Values follow Asterisk's realtime schema (contrib/ast-db-manage); the
//! rows themselves are written by `pjsip`.

use super::backend::{Conn, Dialect, query};
use super::{RealtimeDb, dialplan, fingerprint, pjsip, row_snapshot};
use crate::error::AppError;
use crate::model::Codec;

/// What Switchboard keeps of one extension's rows.
#[derive(Debug, Clone)]
pub struct ExtensionRows {
    pub number: String,
    pub display_name: String,
    pub codecs: Vec<Codec>,
    /// The rows as Asterisk has them, for the version fingerprint.
    snapshot: [Option<String>; 3],
}

impl ExtensionRows {
    /// The version the browser holds: the rows plus the portal-side email.
    pub fn version(&self, email: Option<&str>) -> String {
        let [endpoint, auth, aor] = &self.snapshot;
        fingerprint([endpoint.as_deref(), auth.as_deref(), aor.as_deref(), email])
    }
}

/// What a create writes.
pub struct NewExtension<'a> {
    pub number: &'a str,
    pub display_name: &'a str,
    pub codecs: &'a [Codec],
    pub secret: &'a str,
}

/// `"Alice Martin" <1000>`. Display names are validated to hold no quotes
/// or angle brackets, so this cannot be broken out of.
pub fn caller_id(display_name: &str, number: &str) -> String {
    format!("\"{display_name}\" <{number}>")
}

/// The name inside a caller id; rows written by others may not quote it.
pub fn name_of_caller_id(callerid: &str) -> String {
    let callerid = callerid.trim();
    if let Some(rest) = callerid.strip_prefix('"') {
        return rest.split('"').next().unwrap_or("").to_owned();
    }
    callerid.split('<').next().unwrap_or("").trim().to_owned()
}

pub fn codecs_of(allow: &str) -> Vec<Codec> {
    let mut codecs: Vec<Codec> = allow.split([',', '&']).filter_map(Codec::parse).collect();
    codecs.dedup();
    codecs
}

/// Endpoints named by a number, optionally searched: a number starting with,
/// or a caller id containing, the search text (`?1` number prefix, `?2`
/// name pattern; both empty: everything).
fn listed(dialect: Dialect) -> String {
    format!(
        "{} AND (?1 = '' OR e.id LIKE ?1 ESCAPE '!' OR e.callerid {} ?2 ESCAPE '!')",
        dialect.digits_only("e.id"),
        dialect.like_any_case()
    )
}

/// LIKE patterns for a search text, its wildcards escaped with `!` (the
/// one escape character every server reads the same way: a backslash is
/// itself an escape inside MySQL's string literals).
fn patterns(search: &str) -> (String, String) {
    let search = search.trim();
    if search.is_empty() {
        return (String::new(), String::new());
    }
    let escaped: String = search
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '!' => vec!['!', c],
            c => vec![c],
        })
        .collect();
    (format!("{escaped}%"), format!("%{escaped}%"))
}

pub async fn count(db: &RealtimeDb, search: &str) -> Result<u64, AppError> {
    let (prefix, contains) = patterns(search);
    let mut connection = db.read().await?;
    let sql = format!(
        "SELECT COUNT(*) FROM ps_endpoints e WHERE {}",
        listed(connection.dialect())
    );
    let total = connection
        .fetch_one(query(sql).bind(prefix).bind(contains))
        .await?
        .int(0)?
        .unwrap_or(0);
    Ok(total.max(0) as u64)
}

/// One page of extensions, by number, optionally searched.
pub async fn page(
    db: &RealtimeDb,
    search: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<ExtensionRows>, AppError> {
    let (prefix, contains) = patterns(search);
    let mut connection = db.read().await?;
    let sql = format!(
        "SELECT e.id FROM ps_endpoints e WHERE {} \
         ORDER BY LENGTH(e.id), e.id LIMIT ?3 OFFSET ?4",
        listed(connection.dialect())
    );
    let numbers = connection
        .texts(
            query(sql)
                .bind(prefix)
                .bind(contains)
                .bind(limit)
                .bind(offset),
        )
        .await?;
    let mut rows = Vec::with_capacity(numbers.len());
    for number in numbers {
        if let Some(row) = read(&mut connection, &number).await? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// An extension as lists of every extension need it (export, the queue
/// member picker): no fingerprint, so one query for all of them.
#[derive(Debug, Clone)]
pub struct ExtensionSummary {
    pub number: String,
    pub display_name: String,
    pub codecs: Vec<Codec>,
}

/// Every extension of the PBX, by number, in one query.
pub async fn summaries(db: &RealtimeDb) -> Result<Vec<ExtensionSummary>, AppError> {
    let mut connection = db.read().await?;
    let sql = format!(
        "SELECT e.id, e.callerid, e.allow FROM ps_endpoints e WHERE {} \
         ORDER BY LENGTH(e.id), e.id",
        connection.dialect().digits_only("e.id")
    );
    connection
        .fetch_all(query(sql))
        .await?
        .iter()
        .map(|row| {
            Ok(ExtensionSummary {
                number: row.text(0)?.unwrap_or_default(),
                display_name: name_of_caller_id(row.text(1)?.as_deref().unwrap_or("")),
                codecs: codecs_of(row.text(2)?.as_deref().unwrap_or("")),
            })
        })
        .collect()
}

pub async fn get(db: &RealtimeDb, number: &str) -> Result<ExtensionRows, AppError> {
    let mut connection = db.read().await?;
    read(&mut connection, number)
        .await?
        .ok_or(AppError::NotFound)
}

/// Reads one extension; `None` unless its endpoint exists under a number.
pub async fn read(connection: &mut Conn, number: &str) -> Result<Option<ExtensionRows>, AppError> {
    if super::numbers::as_number(number).is_none() {
        return Ok(None);
    }
    let found = connection
        .fetch_optional(
            query("SELECT callerid, allow FROM ps_endpoints WHERE id = ?1").bind(number),
        )
        .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    let (callerid, allow) = (found.text(0)?, found.text(1)?);
    let snapshot = [
        row_snapshot(connection, "ps_endpoints", "id", number).await?,
        row_snapshot(connection, "ps_auths", "id", number).await?,
        row_snapshot(connection, "ps_aors", "id", number).await?,
    ];
    Ok(Some(ExtensionRows {
        number: number.to_owned(),
        display_name: name_of_caller_id(callerid.as_deref().unwrap_or("")),
        codecs: codecs_of(allow.as_deref().unwrap_or("")),
        snapshot,
    }))
}

/// The extension's SIP secret, for an audited reveal.
pub async fn secret(db: &RealtimeDb, number: &str) -> Result<String, AppError> {
    let mut connection = db.read().await?;
    let row = connection
        .fetch_optional(query("SELECT password FROM ps_auths WHERE id = ?1").bind(number))
        .await?;
    match row {
        Some(row) => row.text(0)?.ok_or(AppError::NotFound),
        None => Err(AppError::NotFound),
    }
}

/// Inserts the three rows inside the caller's write transaction.
pub async fn insert(tx: &mut Conn, context: &str, new: &NewExtension<'_>) -> Result<(), AppError> {
    let number = new.number;
    pjsip::insert_aor(tx, number, "").await?;
    pjsip::insert_auth(tx, number, number, new.secret).await?;
    pjsip::insert_endpoint(
        tx,
        &pjsip::Endpoint {
            id: number,
            auth: number,
            outbound_auth: "",
            context,
            codecs: new.codecs,
            identify_by: "username",
            from_user: "",
            callerid: &caller_id(new.display_name, number),
        },
    )
    .await?;
    dialplan::route_to_extension(tx, context, number).await
}

/// Updates name and codecs, and the secret when one is given.
pub async fn update(
    tx: &mut Conn,
    number: &str,
    display_name: &str,
    codecs: &[Codec],
    secret: Option<&str>,
) -> Result<(), AppError> {
    let changed = tx
        .execute(
            query("UPDATE ps_endpoints SET callerid = ?2, allow = ?3 WHERE id = ?1")
                .bind(number)
                .bind(caller_id(display_name, number))
                .bind(Codec::join(codecs)),
        )
        .await?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    if let Some(secret) = secret {
        tx.execute(
            query("UPDATE ps_auths SET password = ?2 WHERE id = ?1")
                .bind(number)
                .bind(secret),
        )
        .await?;
    }
    Ok(())
}

/// Deletes the three rows, the route to them and the queue memberships of
/// the extension.
pub async fn delete(tx: &mut Conn, context: &str, number: &str) -> Result<(), AppError> {
    dialplan::remove(tx, context, number).await?;
    tx.execute(
        query("DELETE FROM queue_members WHERE interface = ?1").bind(format!("PJSIP/{number}")),
    )
    .await?;
    for table in ["ps_endpoints", "ps_auths", "ps_aors"] {
        tx.execute(query(format!("DELETE FROM {table} WHERE id = ?1")).bind(number))
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_ids_round_trip() {
        assert_eq!(caller_id("Alice Martin", "1000"), "\"Alice Martin\" <1000>");
        assert_eq!(name_of_caller_id("\"Alice Martin\" <1000>"), "Alice Martin");
        assert_eq!(name_of_caller_id("Bob <1001>"), "Bob");
        assert_eq!(name_of_caller_id(""), "");
    }

    #[test]
    fn codecs_from_allow_lists_skip_unknown_ones() {
        assert_eq!(codecs_of("ulaw,alaw"), vec![Codec::Ulaw, Codec::Alaw]);
        assert_eq!(codecs_of("g722&opus,!h264"), vec![Codec::G722, Codec::Opus]);
    }
}
