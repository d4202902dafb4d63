//! The call history as CSV, streamed.

use std::path::Path;
use std::sync::Arc;

use super::filter::Search;
use super::rows::record;
use super::source::CdrSource;
use super::sql::Statements;
use super::table::CdrTable;

/// The CSV's columns.
const CSV_HEADER: [&str; 16] = [
    "start",
    "answer",
    "end",
    "source",
    "caller_name",
    "destination",
    "did",
    "duration",
    "billsec",
    "disposition",
    "channel",
    "destination_channel",
    "last_application",
    "uniqueid",
    "linkedid",
    "recording",
];

/// Bytes gathered before a piece of the CSV goes out.
const CSV_CHUNK: usize = 64 * 1024;

type CsvSink = tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>;

/// The other end of the sink: what the download reads.
pub type CsvPieces = tokio::sync::mpsc::Receiver<Result<bytes::Bytes, std::io::Error>>;

/// Writes every record the search finds (all pages) as CSV into `sink`,
/// piece by piece as rows come from SQLite: memory stays flat however many
/// rows there are, and a slow download slows the query down rather than
/// piling up (`sink` is bounded). Stops quietly when the download is gone.
pub async fn export(source: Arc<CdrSource>, search: Search, sink: CsvSink) {
    let table = match CdrTable::cached(&source).await {
        Ok(table) => table,
        Err(error) => {
            let _ = sink.send(Err(export_failed(&error))).await;
            return;
        }
    };
    let statements = Statements::new(&table, &search);
    let file = source.readers.path().to_path_buf();
    let done = tokio::task::spawn_blocking(move || {
        if let Err(error) = write_csv(&file, &statements, &sink) {
            tracing::warn!(%error, "CDR export failed");
            let _ = sink.blocking_send(Err(export_failed(&error)));
        }
    })
    .await;
    if let Err(error) = done {
        tracing::warn!(%error, "CDR export task failed");
    }
}

fn export_failed(error: &dyn std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("CDR export stopped: {error}"))
}

/// The export's own read-only connection (a long export does not hold one
/// of the pages' connections), on a blocking thread: rows go from SQLite
/// into the CSV without crossing threads one by one, in one read
/// transaction, so the file is one consistent picture even while Asterisk
/// writes. Ok(()) also when the download went away.
fn write_csv(file: &Path, statements: &Statements, sink: &CsvSink) -> rusqlite::Result<()> {
    use rusqlite::OpenFlags;
    let connection = rusqlite::Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    let mut statement = connection.prepare(&statements.export)?;
    let mut rows = statement.query(rusqlite::params_from_iter(&statements.values))?;
    let new_writer = || csv::Writer::from_writer(Vec::with_capacity(CSV_CHUNK * 2));
    let mut writer = new_writer();
    let _ = writer.write_record(CSV_HEADER);
    while let Some(row) = rows.next()? {
        let r = record(row);
        let cells = [
            r.start,
            r.answer.unwrap_or_default(),
            r.end.unwrap_or_default(),
            r.source,
            r.caller_name,
            r.destination,
            r.did,
            r.duration.to_string(),
            r.billsec.to_string(),
            r.disposition.as_asterisk().to_owned(),
            r.channel,
            r.destination_channel,
            r.last_application,
            r.uniqueid,
            r.linkedid,
            r.recording,
        ];
        for cell in &cells {
            let _ = writer.write_field(crate::server::csv_safe(cell).as_bytes());
        }
        // An empty record ends the one written field by field.
        let _ = writer.write_record(None::<&[u8]>);
        if writer.get_ref().len() >= CSV_CHUNK {
            let full = std::mem::replace(&mut writer, new_writer());
            let chunk = full.into_inner().unwrap_or_default();
            if sink.blocking_send(Ok(bytes::Bytes::from(chunk))).is_err() {
                return Ok(());
            }
        }
    }
    let rest = writer.into_inner().unwrap_or_default();
    if !rest.is_empty() {
        let _ = sink.blocking_send(Ok(bytes::Bytes::from(rest)));
    }
    Ok(())
}
