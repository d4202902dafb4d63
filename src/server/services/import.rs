//! CSV import and export of extensions. An import is judged as a whole:
//! a dry run says what would be created and what is wrong, line by line;
//! the real import writes every line in one transaction, or nothing.

use std::collections::{BTreeSet, HashSet};

use crate::error::{AppError, FieldError, Problem};
use crate::model::{
    AuditAction, Codec, Extension, ExtensionForm, ImportLine, ImportReport, SecretInput,
};
use crate::server::db::extension_profiles;
use crate::server::realtime::extensions::{self as rows, NewExtension};
use crate::server::realtime::numbers;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

use super::extensions::{ValidExtension, record, validate_form};
use super::pbx_config::{Change, Pbx, generate_secret};

/// Bounds on what one upload may hold.
pub const MAX_BYTES: usize = 1024 * 1024;
pub const MAX_LINES: usize = 5000;

/// The columns, in export order. An import needs `display_name`; the others
/// are optional and may come in any order.
pub const COLUMNS: [&str; 5] = ["number", "display_name", "email", "codecs", "secret"];

struct Parsed {
    line: u32,
    form: ExtensionForm,
}

fn parse(csv_text: &str) -> Result<Vec<Parsed>, AppError> {
    let invalid = |problem| AppError::field("csv", problem);
    if csv_text.len() > MAX_BYTES {
        return Err(invalid(Problem::FileTooLarge {
            max_bytes: MAX_BYTES as u64,
        }));
    }
    let text = csv_text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| invalid(Problem::CsvHeader))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let position = |name: &str| headers.iter().position(|h| h == name);
    if position("display_name").is_none() || headers.iter().any(|h| !COLUMNS.contains(&h.as_str()))
    {
        return Err(invalid(Problem::CsvHeader));
    }
    let mut parsed = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_LINES {
            return Err(invalid(Problem::TooManyLines {
                max: MAX_LINES as u32,
            }));
        }
        // The file's own line, from the byte offset: the reader counts
        // neither the blank lines it skips nor those a record starts after.
        let line_at = |position: Option<&csv::Position>| {
            position.map_or(index as u32 + 2, |p| {
                let bytes = text.as_bytes();
                let mut end = (p.byte() as usize).min(bytes.len());
                while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
                    end += 1;
                }
                bytes[..end].iter().filter(|b| **b == b'\n').count() as u32 + 1
            })
        };
        let record = record.map_err(|error| {
            invalid(Problem::CsvLine {
                line: line_at(error.position()),
            })
        })?;
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |name: &str| {
            position(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        parsed.push(Parsed {
            line,
            form: ExtensionForm {
                pbx_connection_id: 0,
                number: field("number"),
                display_name: field("display_name"),
                email: field("email"),
                codecs: field("codecs"),
                secret: SecretInput::new(field("secret")),
                version: None,
            },
        });
    }
    Ok(parsed)
}

struct Judged {
    line: ImportLine,
    valid: Option<ValidExtension>,
}

/// Validates every line against the rules, the rest of the file, the PBX's
/// number plan and the tenant's emails. Lines without a number get the
/// lowest free ones, in file order.
async fn judge(
    state: &AppState,
    pbx: &Pbx,
    parsed: Vec<Parsed>,
    taken: &BTreeSet<u64>,
) -> Result<Vec<Judged>, AppError> {
    let used_emails: HashSet<String> =
        extension_profiles::tenant_emails(&state.db, pbx.connection.tenant_id)
            .await?
            .into_iter()
            .map(|e| e.to_lowercase())
            .collect();
    let mut taken = taken.clone();
    let mut emails_in_file = HashSet::new();
    let mut judged = Vec::with_capacity(parsed.len());
    // Explicit numbers first, so automatic ones never take a number a later
    // line asks for.
    let explicit_in_file: BTreeSet<u64> = parsed
        .iter()
        .filter_map(|item| numbers::as_number(item.form.number.trim()))
        .collect();
    let mut auto_blocked: BTreeSet<u64> = taken.union(&explicit_in_file).copied().collect();
    let mut seen_numbers = HashSet::new();
    for item in parsed {
        let mut problems: Vec<FieldError> = Vec::new();
        let valid = match validate_form(&item.form) {
            Ok(valid) => Some(valid),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        let mut number = item.form.number.trim().to_owned();
        if let Some(valid) = &valid {
            if let Some(email) = &valid.email {
                let key = email.to_lowercase();
                if used_emails.contains(&key) || !emails_in_file.insert(key) {
                    problems.push(FieldError::new(
                        "email",
                        Problem::EmailInUse {
                            email: email.clone(),
                        },
                    ));
                }
            }
            let requested = valid.number.as_deref();
            if let Some(n) = requested.and_then(numbers::as_number)
                && !seen_numbers.insert(n)
            {
                problems.push(FieldError::new(
                    "number",
                    Problem::NumberInUse {
                        number: n.to_string(),
                    },
                ));
            }
            // Automatic numbers skip every number the file asks for.
            let blocked = if requested.is_none() {
                &auto_blocked
            } else {
                &taken
            };
            match numbers::choose(blocked, pbx.range(), requested, "number") {
                Ok(chosen) => {
                    if problems.is_empty() {
                        taken.insert(chosen);
                        auto_blocked.insert(chosen);
                    }
                    number = chosen.to_string();
                }
                Err(AppError::Invalid(found)) => {
                    if !problems.iter().any(|p| p.field == "number") {
                        problems.extend(found);
                    }
                }
                Err(other) => return Err(other),
            }
        }
        let ok = problems.is_empty();
        judged.push(Judged {
            line: ImportLine {
                line: item.line,
                number: number.clone(),
                display_name: item.form.display_name.trim().chars().take(80).collect(),
                problems,
            },
            valid: valid.filter(|_| ok).map(|mut v| {
                v.number = Some(number);
                v
            }),
        });
    }
    Ok(judged)
}

fn report(judged: &[Judged], dry_run: bool, imported: bool) -> ImportReport {
    let valid = judged.iter().filter(|j| j.valid.is_some()).count() as u32;
    ImportReport {
        dry_run,
        imported,
        total: judged.len() as u32,
        valid,
        lines: judged
            .iter()
            .filter(|j| dry_run || !j.line.problems.is_empty())
            .map(|j| j.line.clone())
            .collect(),
    }
}

pub async fn import(
    state: &AppState,
    actor: &SignedIn,
    pbx_id: i64,
    csv_text: &str,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    actor.scope.require_write()?;
    let parsed = parse(csv_text)?;
    if parsed.is_empty() {
        return Err(AppError::field("csv", Problem::Required));
    }
    if dry_run {
        let mut connection = pbx.realtime.read().await?;
        let taken = numbers::taken(&mut connection).await?;
        drop(connection);
        let judged = judge(state, &pbx, parsed, &taken).await?;
        return Ok(report(&judged, true, false));
    }
    // Judged again under the write lock: the plan may have moved since the
    // dry run.
    let mut change = Change::begin(state, &pbx).await?;
    let taken = numbers::taken(&mut change.realtime).await?;
    let judged = judge(state, &pbx, parsed, &taken).await?;
    if judged.iter().any(|j| j.valid.is_none()) {
        return Ok(report(&judged, false, false));
    }
    let context = pbx.realtime.context();
    for valid in judged.iter().filter_map(|j| j.valid.as_ref()) {
        let number = valid.number.clone().unwrap_or_default();
        let secret = valid.secret.clone().unwrap_or_else(generate_secret);
        rows::insert(
            &mut change.realtime,
            &context,
            &NewExtension {
                number: &number,
                display_name: &valid.display_name,
                codecs: &valid.codecs,
                secret: &secret,
            },
        )
        .await?;
        let written = rows::read(&mut change.realtime, &number)
            .await?
            .ok_or(AppError::NotFound)?;
        let after = Extension {
            pbx_connection_id: pbx.connection.id,
            number: number.clone(),
            display_name: valid.display_name.clone(),
            email: valid.email.clone(),
            codecs: valid.codecs.clone(),
            registration: None,
            version: written.version(valid.email.as_deref()),
        };
        record(
            &mut change,
            actor,
            &pbx,
            AuditAction::Create,
            None,
            Some(&after),
        )
        .await?;
    }
    change.commit().await?;
    tracing::info!(
        pbx_connection = pbx_id,
        count = judged.len(),
        by = actor.scope.user_id,
        "extensions imported"
    );
    Ok(report(&judged, false, true))
}

/// Every extension of the PBX as CSV, secrets left out.
pub async fn export(state: &AppState, actor: &SignedIn, pbx_id: i64) -> Result<String, AppError> {
    let pbx = Pbx::open(state, &actor.scope, pbx_id).await?;
    let emails = extension_profiles::emails(&state.db, &actor.scope, pbx_id).await?;
    let all = rows::summaries(&pbx.realtime).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_error = |e: csv::Error| crate::server::errors::internal(format_args!("csv: {e}"));
    writer.write_record(&COLUMNS[..4]).map_err(write_error)?;
    for row in all {
        let email = emails.get(&row.number).cloned().unwrap_or_default();
        writer
            .write_record([
                row.number.as_str(),
                csv_safe(&row.display_name).as_ref(),
                csv_safe(&email).as_ref(),
                &Codec::join(&row.codecs),
            ])
            .map_err(write_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| crate::server::errors::internal(format_args!("csv: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

use crate::server::csv_safe;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked_and_lines_numbered_from_the_header() {
        let parsed = parse("Display_Name,number\nAlice,1000\n\nBob,\n").unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].line, 2);
        assert_eq!(parsed[0].form.number, "1000");
        assert_eq!(parsed[1].line, 4);
        assert!(parse("name,number\nAlice,1000\n").is_err());
        assert!(parse("display_name,password\nAlice,x\n").is_err());
    }

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(csv_safe("=cmd()"), "'=cmd()");
        assert_eq!(csv_safe("Alice"), "Alice");
    }
}
