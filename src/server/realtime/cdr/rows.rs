//! One CDR row read as a `CallRecord`, whatever the PBX wrote in it.

use rusqlite::types::ValueRef;

use crate::model::{CallRecord, Disposition};

/// The values of one result row. Values written by the PBX: whatever a
/// column's declared type, read what is there; anything unreadable is
/// shown as empty.
pub(super) trait Cells {
    fn text(&self, index: usize) -> String;
    fn number(&self, index: usize) -> i64;
}

impl Cells for rusqlite::Row<'_> {
    fn text(&self, index: usize) -> String {
        match self.get_ref(index) {
            Ok(ValueRef::Text(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Ok(ValueRef::Integer(n)) => n.to_string(),
            Ok(ValueRef::Real(x)) => x.to_string(),
            _ => String::new(),
        }
    }

    fn number(&self, index: usize) -> i64 {
        match self.get_ref(index) {
            Ok(ValueRef::Integer(n)) => n,
            Ok(ValueRef::Real(x)) => x as i64,
            Ok(ValueRef::Text(bytes)) => std::str::from_utf8(bytes)
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .unwrap_or(0),
            _ => 0,
        }
    }
}

/// A network database's row: numbers and text read whatever the column's
/// type (`backend::Row::any_text`).
impl Cells for crate::server::realtime::backend::Row {
    fn text(&self, index: usize) -> String {
        self.any_text(index).ok().flatten().unwrap_or_default()
    }

    fn number(&self, index: usize) -> i64 {
        self.any_number(index).ok().flatten().unwrap_or(0)
    }
}

pub(super) fn record(row: &(impl Cells + ?Sized)) -> CallRecord {
    let optional = |index| Some(row.text(index)).filter(|t| !t.is_empty());
    let source = row.text(4);
    let clid = row.text(6);
    let cnum = row.text(7);
    let cnam = row.text(8);
    CallRecord {
        id: row.number(0),
        start: row.text(1),
        answer: optional(2),
        end: optional(3),
        caller_number: if cnum.is_empty() {
            source.clone()
        } else {
            cnum
        },
        caller_name: if cnam.is_empty() {
            crate::server::realtime::extensions::name_of_caller_id(&clid)
        } else {
            cnam
        },
        source,
        destination: row.text(5),
        did: row.text(9),
        channel: row.text(10),
        destination_channel: row.text(11),
        last_application: row.text(12),
        last_data: row.text(13),
        duration: row.number(14),
        billsec: row.number(15),
        disposition: Disposition::parse(&row.text(16)),
        uniqueid: row.text(17),
        linkedid: row.text(18),
        recording: row.text(19),
    }
}
