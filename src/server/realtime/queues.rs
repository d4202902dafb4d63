//! Queues (`queues`) and their members (`queue_members`), as app_queue's
//! realtime support reads them. Every column we create gets a value (see
//! `pjsip`: NULL reaches Asterisk as an empty, unparsable string).

use sqlx::SqliteConnection;

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
    let mut connection = db.pool.acquire().await?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM queues WHERE name <> '' AND name NOT GLOB '*[^0-9]*' \
         ORDER BY length(name), name",
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut queues = Vec::with_capacity(names.len());
    for name in names {
        if let Some(queue) = read(&mut connection, &name).await? {
            queues.push(queue);
        }
    }
    Ok(queues)
}

pub async fn read(
    connection: &mut SqliteConnection,
    number: &str,
) -> Result<Option<QueueRows>, AppError> {
    type Row = (Option<String>, Option<i64>, Option<i64>, Option<String>);
    let found: Option<Row> = sqlx::query_as(
        "SELECT strategy, timeout, wrapuptime, musiconhold FROM queues WHERE name = ?1",
    )
    .bind(number)
    .fetch_optional(&mut *connection)
    .await?;
    let Some((strategy, timeout, wrapup, music_on_hold)) = found else {
        return Ok(None);
    };
    /// interface, membername, penalty, paused, uniqueid
    type MemberRow = (String, Option<String>, Option<i64>, Option<i64>, i64);
    let members: Vec<MemberRow> = sqlx::query_as(
        "SELECT interface, membername, penalty, paused, uniqueid FROM queue_members \
         WHERE queue_name = ?1 ORDER BY interface",
    )
    .bind(number)
    .fetch_all(&mut *connection)
    .await?;
    let mut snapshot = vec![row_snapshot(connection, "queues", "name", number).await?];
    for (.., uniqueid) in &members {
        snapshot.push(
            row_snapshot(
                connection,
                "queue_members",
                "uniqueid",
                &uniqueid.to_string(),
            )
            .await?,
        );
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
    tx: &mut SqliteConnection,
    context: &str,
    values: &QueueValues<'_>,
    create: bool,
) -> Result<(), AppError> {
    if create {
        sqlx::query(
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
        .bind(values.strategy.as_str())
        .execute(&mut *tx)
        .await?;
        super::dialplan::route_to_queue(tx, context, values.number).await?;
    } else {
        super::super::db::one_row(
            sqlx::query(
                "UPDATE queues SET musiconhold = ?2, timeout = ?3, wrapuptime = ?4, strategy = ?5 \
                 WHERE name = ?1",
            )
            .bind(values.number)
            .bind(values.music_on_hold)
            .bind(values.timeout as i64)
            .bind(values.wrapup as i64)
            .bind(values.strategy.as_str())
            .execute(&mut *tx)
            .await?,
        )?;
    }
    sqlx::query("DELETE FROM queue_members WHERE queue_name = ?1")
        .bind(values.number)
        .execute(&mut *tx)
        .await?;
    for member in values.members {
        let interface = format!("PJSIP/{}", member.number);
        sqlx::query(
            "INSERT INTO queue_members (queue_name, interface, membername, state_interface, \
             penalty, paused, uniqueid, wrapuptime, ringinuse, reason_paused) \
             VALUES (?1, ?2, ?3, ?2, ?4, ?5, \
             (SELECT COALESCE(MAX(uniqueid), 0) + 1 FROM queue_members), 0, 'no', '')",
        )
        .bind(values.number)
        .bind(&interface)
        .bind(&member.name)
        .bind(member.penalty as i64)
        .bind(i64::from(member.paused))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

pub async fn delete(
    tx: &mut SqliteConnection,
    context: &str,
    number: &str,
) -> Result<(), AppError> {
    super::dialplan::remove(tx, context, number).await?;
    sqlx::query("DELETE FROM queue_members WHERE queue_name = ?1")
        .bind(number)
        .execute(&mut *tx)
        .await?;
    super::super::db::one_row(
        sqlx::query("DELETE FROM queues WHERE name = ?1")
            .bind(number)
            .execute(&mut *tx)
            .await?,
    )
}
