//! Call routing rows in the realtime `extensions` table, in the tenant's
//! context: dialling an extension's number rings its phone, dialling a
//! queue's number enters the queue. Written in the same transaction as the
//! object they route to, so a number never routes to something missing.
//!
//! Every value is built from a validated number (digits only) and fixed
//! application names: nothing typed by a user reaches `appdata`, so no
//! dialplan can be injected (`,` `)` `$` `[` would otherwise be live).

use super::backend::{Conn, query};

use crate::error::AppError;

/// How long an extension rings before the call gives up, in seconds.
const RING_SECONDS: u32 = 30;

/// `number` rings the PJSIP endpoint of the same name.
pub async fn route_to_extension(
    tx: &mut Conn,
    context: &str,
    number: &str,
) -> Result<(), AppError> {
    let dial = format!("PJSIP/{number},{RING_SECONDS}");
    insert(tx, context, number, &[("Dial", &dial), ("Hangup", "")]).await
}

/// `number` answers and enters the queue of the same name.
pub async fn route_to_queue(tx: &mut Conn, context: &str, number: &str) -> Result<(), AppError> {
    insert(
        tx,
        context,
        number,
        &[("Answer", ""), ("Queue", number), ("Hangup", "")],
    )
    .await
}

/// Removes every priority of `number` in the context.
pub async fn remove(tx: &mut Conn, context: &str, number: &str) -> Result<(), AppError> {
    tx.execute(
        query("DELETE FROM extensions WHERE context = ?1 AND exten = ?2")
            .bind(context)
            .bind(number),
    )
    .await?;
    Ok(())
}

async fn insert(
    tx: &mut Conn,
    context: &str,
    number: &str,
    steps: &[(&str, &str)],
) -> Result<(), AppError> {
    // Callers pass validated numbers; a non-digit here is a bug, refused
    // rather than written into the dialplan.
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::BadRequest("a route needs a number".into()));
    }
    // A leftover route (written by hand, or by an older version) is replaced:
    // the number was free in the plan, so nothing else owns it.
    remove(tx, context, number).await?;
    for (priority, (app, data)) in (1..).zip(steps) {
        tx.execute(
            query(
                "INSERT INTO extensions (context, exten, priority, app, appdata) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(context)
            .bind(number)
            .bind(priority as i64)
            .bind(*app)
            .bind(*data),
        )
        .await?;
    }
    Ok(())
}
