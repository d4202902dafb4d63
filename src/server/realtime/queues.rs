//! Queues (`queues`) and their members (`queue_members`), as app_queue's
//! realtime support reads them. Every column we create gets a value (see
//! `pjsip`: NULL reaches Asterisk as an empty, unparsable string).

use super::backend::{Conn, query};
use super::{RealtimeDb, fingerprint, row_snapshot};
use crate::error::AppError;
use crate::model::{QueueMember, QueueStrategy};

#[derive(Debug, Clone)]
pub struct QueueRows {
    pub number: String,
    pub strategy: QueueStrategy,
    pub timeout: u32,
    pub wrapup: u32,
    pub music_on_hold: String,
    pub members: Vec<QueueMember>,
    snapshot: Vec<Option<String>>,
}

impl QueueRows {
    pub fn version(&self) -> String {
        fingerprint(self.snapshot.iter().map(Option::as_deref))
    }
}

/// What a save writes.
pub struct QueueValues<'a> {
    pub number: &'a str,
    pub strategy: QueueStrategy,
    pub timeout: u32,
    pub wrapup: u32,
    pub music_on_hold: &'a str,
    pub members: &'a [QueueMember],
}

/// Numbered queues, by number.
pub async fn all(db: &RealtimeDb) -> Result<Vec<QueueRows>, AppError> {
    let mut connection = db.read().await?;
    let sql = format!(
        "SELECT name FROM queues WHERE {} ORDER BY LENGTH(name), name",
        connection.dialect().digits_only("name")
    );
    let names = connection.texts(query(sql)).await?;
    let mut queues = Vec::with_capacity(names.len());
    for name in names {
        if let Some(queue) = read(&mut connection, &name).await? {
            queues.push(queue);
        }
    }
    Ok(queues)
}

pub async fn read(connection: &mut Conn, number: &str) -> Result<Option<QueueRows>, AppError> {
    let found = connection
        .fetch_optional(
            query("SELECT strategy, timeout, wrapuptime, musiconhold FROM queues WHERE name = ?1")
                .bind(number),
        )
        .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    let (strategy, timeout, wrapup, music_on_hold) =
        (found.text(0)?, found.int(1)?, found.int(2)?, found.text(3)?);
    /// interface, membername, penalty, paused, uniqueid
    type MemberRow = (String, Option<String>, Option<i64>, Option<i64>, i64);
    let members = connection
        .fetch_all(
            query(
                "SELECT interface, membername, penalty, paused, uniqueid FROM queue_members \
                 WHERE queue_name = ?1 ORDER BY interface",
            )
            .bind(number),
        )
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.text(0)?.unwrap_or_default(),
                row.text(1)?,
                row.int(2)?,
                row.int(3)?,
                row.int(4)?.unwrap_or_default(),
            ))
        })
        .collect::<Result<Vec<MemberRow>, AppError>>()?;
    let mut snapshot = vec![row_snapshot(connection, "queues", "name", number).await?];
    for (.., uniqueid) in &members {
        snapshot.push(row_snapshot(connection, "queue_members", "uniqueid", *uniqueid).await?);
    }
    let clamp = |v: Option<i64>| v.unwrap_or(0).clamp(0, u32::MAX as i64) as u32;
    Ok(Some(QueueRows {
        number: number.to_owned(),
        strategy: strategy
            .as_deref()
            .and_then(QueueStrategy::parse)
            .unwrap_or_default(),
        timeout: clamp(timeout),
        wrapup: clamp(wrapup),
        music_on_hold: music_on_hold.unwrap_or_default(),
        members: members
            .into_iter()
            .map(|(interface, name, penalty, paused, _)| QueueMember {
                number: interface
                    .strip_prefix("PJSIP/")
                    .unwrap_or(&interface)
                    .to_owned(),
                name: name.unwrap_or_default(),
                penalty: clamp(penalty),
                paused: paused.unwrap_or(0) != 0,
            })
            .collect(),
        snapshot,
    }))
}

/// Inserts or replaces the queue row and all its members; a new queue also
/// gets the route that makes its number enter it.
pub async fn write(
    tx: &mut Conn,
    context: &str,
    values: &QueueValues<'_>,
    create: bool,
) -> Result<(), AppError> {
    if create {
        tx.execute(
            query(
                "INSERT INTO queues (name, musiconhold, announce, context, timeout, ringinuse, \
             setinterfacevar, setqueuevar, setqueueentryvar, retry, wrapuptime, maxlen, \
             servicelevel, strategy, joinempty, leavewhenempty, reportholdtime, memberdelay, \
             weight, timeoutrestart, autopause, autofill) \
             VALUES (?1, ?2, '', '', ?3, 'no', 'yes', 'yes', 'yes', 5, ?4, 0, 60, ?5, 'yes', \
             'no', 'no', 0, 0, 'no', 'no', 'yes')",
            )
            .bind(values.number)
            .bind(values.music_on_hold)
            .bind(values.timeout as i64)
            .bind(values.wrapup as i64)
            .bind(values.strategy.as_str()),
        )
        .await?;
        super::dialplan::route_to_queue(tx, context, values.number).await?;
    } else {
        let changed = tx
            .execute(
                query(
                    "UPDATE queues SET musiconhold = ?2, timeout = ?3, wrapuptime = ?4, \
                     strategy = ?5 WHERE name = ?1",
                )
                .bind(values.number)
                .bind(values.music_on_hold)
                .bind(values.timeout as i64)
                .bind(values.wrapup as i64)
                .bind(values.strategy.as_str()),
            )
            .await?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
    }
    tx.execute(query("DELETE FROM queue_members WHERE queue_name = ?1").bind(values.number))
        .await?;
    // uniqueid has no default in every schema (an integer, not a sequence,
    // on PostgreSQL), and MySQL refuses a subquery on the table an INSERT
    // writes: the next one is read first, under the plan's lock.
    let mut uniqueid = tx
        .fetch_one(query(
            "SELECT COALESCE(MAX(uniqueid), 0) FROM queue_members",
        ))
        .await?
        .int(0)?
        .unwrap_or(0);
    for member in values.members {
        uniqueid += 1;
        let interface = format!("PJSIP/{}", member.number);
        tx.execute(
            query(
                "INSERT INTO queue_members (queue_name, interface, membername, state_interface, \
                 penalty, paused, uniqueid, wrapuptime, ringinuse, reason_paused) \
                 VALUES (?1, ?2, ?3, ?2, ?4, ?5, ?6, 0, 'no', '')",
            )
            .bind(values.number)
            .bind(&interface)
            .bind(&member.name)
            .bind(member.penalty as i64)
            .bind(i64::from(member.paused))
            .bind(uniqueid),
        )
        .await?;
    }
    Ok(())
}

pub async fn delete(tx: &mut Conn, context: &str, number: &str) -> Result<(), AppError> {
    super::dialplan::remove(tx, context, number).await?;
    tx.execute(query("DELETE FROM queue_members WHERE queue_name = ?1").bind(number))
        .await?;
    let deleted = tx
        .execute(query("DELETE FROM queues WHERE name = ?1").bind(number))
        .await?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
