//! The call history as CSV, streamed.

use std::path::Path;
use std::sync::Arc;

use super::filter::Search;
use super::rows::{Cells, record};
use super::source::{CdrSource, Reader, bound};
use super::sql::Statements;
use super::table::CdrTable;
use crate::error::AppError;
use crate::server::realtime::backend::{Dialect, Pool};

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
    let readers = match &source.reader {
        Reader::Sqlite(readers) => readers.clone(),
        Reader::Network(pool) => {
            if let Err(error) = export_network(pool, &statements, &sink).await {
                tracing::warn!(%error, "CDR export failed");
                let _ = sink.send(Err(export_failed(&error))).await;
            }
            return;
        }
    };
    let file = readers.path().to_path_buf();
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

/// A network database's export: the export's one statement, its rows
/// streamed as the server sends them (`Conn::each_row`), in a read-only
/// snapshot, so the file is one consistent picture while Asterisk writes,
/// as it is from SQLite. A piece is sent before more rows are read:
/// memory stays at one piece, and a slow download slows the server down.
/// (Pages of LIMIT and OFFSET, which kept each statement inside the time
/// limit, cost the server their offset again on every page: 1 M rows read
/// ~100 M index entries, over 10 s; docs/figures.md.)
async fn export_network(
    pool: &Pool,
    statements: &Statements,
    sink: &CsvSink,
) -> Result<(), AppError> {
    let mut connection = pool.acquire().await?;
    connection
        .raw(match connection.dialect() {
            Dialect::MySql => "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
            Dialect::Postgres | Dialect::Sqlite => {
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            }
        })
        .await?;
    let mut writer = Some(CsvChunks::new());
    // The download went away: stop reading.
    let gone = std::sync::atomic::AtomicBool::new(false);
    let outcome = connection
        .each_row(bound(&statements.export, &statements.values), |row| {
            let chunk = writer.as_mut().and_then(|w| w.row(&row));
            let gone = &gone;
            async move {
                if let Some(chunk) = chunk
                    && sink.send(Ok(chunk)).await.is_err()
                {
                    gone.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                !gone.load(std::sync::atomic::Ordering::Relaxed)
            }
        })
        .await;
    if outcome.is_ok()
        && !gone.load(std::sync::atomic::Ordering::Relaxed)
        && let Some(rest) = writer.take().and_then(CsvChunks::finish)
    {
        let _ = sink.send(Ok(rest)).await;
    }
    // Read-only: nothing to keep. A connection whose rollback fails is in
    // a state nobody knows, and is not reused.
    if connection.raw("ROLLBACK").await.is_err() {
        connection.close_on_drop();
    }
    outcome
}

/// The CSV, gathered into pieces of about `CSV_CHUNK` bytes.
struct CsvChunks {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvChunks {
    fn new() -> CsvChunks {
        let mut chunks = CsvChunks {
            writer: Self::writer(),
        };
        let _ = chunks.writer.write_record(CSV_HEADER);
        chunks
    }

    fn writer() -> csv::Writer<Vec<u8>> {
        csv::Writer::from_writer(Vec::with_capacity(CSV_CHUNK * 2))
    }

    /// Adds one row; a full piece when there is one to send.
    fn row(&mut self, row: &(impl Cells + ?Sized)) -> Option<bytes::Bytes> {
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
            let _ = self
                .writer
                .write_field(crate::server::csv_safe(cell).as_bytes());
        }
        // An empty record ends the one written field by field.
        let _ = self.writer.write_record(None::<&[u8]>);
        if self.writer.get_ref().len() < CSV_CHUNK {
            return None;
        }
        let full = std::mem::replace(&mut self.writer, Self::writer());
        Some(bytes::Bytes::from(full.into_inner().unwrap_or_default()))
    }

    /// What is left, if anything.
    fn finish(self) -> Option<bytes::Bytes> {
        let rest = self.writer.into_inner().unwrap_or_default();
        (!rest.is_empty()).then(|| bytes::Bytes::from(rest))
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
    let mut writer = CsvChunks::new();
    while let Some(row) = rows.next()? {
        if let Some(chunk) = writer.row(row)
            && sink.blocking_send(Ok(chunk)).is_err()
        {
            return Ok(());
        }
    }
    if let Some(rest) = writer.finish() {
        let _ = sink.blocking_send(Ok(rest));
    }
    Ok(())
}
