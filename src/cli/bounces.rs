//! `mailaudit bounces`: parse bounce messages into per-recipient reasons.

use super::outputs::Outputs;
use super::usage;
use clap::Args;
use mailaudit::atomic_file::AtomicFile;
use mailaudit::bounce::{self, BounceRecord, MessageKind, ReadOptions, ReadSummary, Tally};
use mailaudit::exit;
use mailaudit::output::bounces::{BouncesFormat, RecordWriter};
use mailaudit::sanitize::{csv_cell, for_terminal};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
#[command(
    after_help = "Paths: .eml files, directories (recursed), Maildirs, mbox files, gzip of either, or - for stdin.\n\nExamples:\n  mailaudit bounces ~/Maildir/.Bounces\n  mailaudit bounces bounces.mbox.gz --format jsonl > failed.jsonl\n  mailaudit bounces bounces/ -o json=bounces.json -o csv=failed.csv\n  mailaudit bounces bounces/ --suppression-list suppress.csv --since 2024-01-01\n\nExit codes: 0 read everything (bounces found or not), 2 usage error (missing path, bad --since),\n3 some files or messages could not be read or parsed (listed on stderr; the rest is reported),\n  or nothing readable was found (an existing --suppression-list is then left as it was)."
)]
pub struct BouncesArgs {
    /// Message files, directories, Maildirs, mbox files (gzip accepted), or - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<String>,
    /// Output format: text summary, or one row per failed recipient (json, jsonl, csv)
    #[arg(long, value_enum, default_value = "text")]
    pub format: BouncesFormat,
    /// Write addresses never to mail again (hard bounces and complaints) to FILE as CSV
    #[arg(long, value_name = "FILE")]
    pub suppression_list: Option<PathBuf>,
    /// Only records dated on or after DATE (YYYY-MM-DD or RFC 3339); undated records are kept
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Also list auto-replies and ordinary mail as rows (kind auto_reply / not_bounce)
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Worker threads (0: one per core)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

fn parse_since(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// Keep a record under `--since`? Undated records are kept.
fn in_range(r: &BounceRecord, since: Option<&chrono::DateTime<chrono::FixedOffset>>) -> bool {
    match (
        since,
        r.date
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok()),
    ) {
        (Some(since), Some(date)) => date >= *since,
        _ => true,
    }
}

fn is_failure_row(r: &BounceRecord) -> bool {
    matches!(
        r.kind,
        MessageKind::Bounce | MessageKind::Delay | MessageKind::Complaint
    )
}

/// What the reading thread hands back: the counts, and the files to rename
/// in place once the run is known to have read something.
struct BouncesRead {
    summary: ReadSummary,
    suppression: Option<AtomicFile>,
    /// One per report file, in `--output` order.
    reports: Vec<std::io::Result<AtomicFile>>,
}

pub async fn run(args: BouncesArgs) -> anyhow::Result<u8> {
    let outputs = Outputs::parse(&args.output, args.format)?;
    let since = match args.since.as_deref() {
        Some(s) => Some(
            parse_since(s)
                .ok_or_else(|| usage(format!("--since: cannot read date {s:?}; use YYYY-MM-DD or RFC 3339")))?,
        ),
        None => None,
    };
    let paths: Vec<PathBuf> = args.inputs.iter().map(PathBuf::from).collect();
    super::require_paths(paths.iter().map(|p| p.as_path()))?;
    // Written to a temporary file and renamed in place only when the run read something.
    let mut suppression = match &args.suppression_list {
        Some(path) => {
            let file = AtomicFile::create(path).map_err(|e| usage(format!("cannot write {}: {e}", path.display())))?;
            let mut w = csv::Writer::from_writer(file);
            w.write_record(["address", "reason", "kind", "date", "source"])?;
            Some(w)
        }
        None => None,
    };
    // Report files too are renamed in place only when the run read something.
    let report_paths: Vec<PathBuf> = outputs.files().map(Path::to_path_buf).collect();
    let mut report_files = Vec::new();
    for (path, output) in report_paths.iter().zip(outputs.0.iter().filter(|o| !o.to_stdout())) {
        let file = AtomicFile::create(path).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        report_files.push((output.format, file));
    }
    let stdout_format = outputs.0.iter().find(|o| o.to_stdout()).map(|o| o.format);
    let all = args.all;
    let threads = args.threads;
    let handle = tokio::task::spawn_blocking(move || -> anyhow::Result<BouncesRead> {
        let stdout = std::io::stdout();
        let mut to_stdout =
            stdout_format.map(|f| RecordWriter::new(std::io::BufWriter::with_capacity(256 * 1024, stdout.lock()), f));
        let mut to_files: Vec<_> = report_files
            .into_iter()
            .map(|(format, file)| RecordWriter::new(std::io::BufWriter::with_capacity(256 * 1024, file), format))
            .collect();
        let mut tally = Tally::default();
        let mut suppressed = std::collections::HashSet::new();
        let mut csv_error = None;
        let summary = bounce::read_paths_with(&paths, ReadOptions { threads }, |r| {
            if !in_range(&r, since.as_ref()) {
                return;
            }
            tally.add(&r);
            let must_suppress = (r.kind == MessageKind::Bounce && r.hard) || r.kind == MessageKind::Complaint;
            if must_suppress
                && let (Some(w), Some(addr)) = (suppression.as_mut(), r.recipient.as_deref())
                && suppressed.insert(addr.to_string())
            {
                let kind = bounce::tally::kind_name(r.kind);
                let cells = [
                    addr,
                    r.reason.as_str(),
                    kind,
                    r.date.as_deref().unwrap_or(""),
                    &r.source,
                ];
                if let Err(e) = w.write_record(cells.iter().map(|c| csv_cell(c).into_owned())) {
                    csv_error = Some(e);
                }
            }
            if all || is_failure_row(&r) {
                if let Some(w) = to_stdout.as_mut() {
                    w.record(&r);
                }
                to_files.iter_mut().for_each(|w| w.record(&r));
            }
        })?;
        if let Some(e) = csv_error {
            return Err(e.into());
        }
        let suppression = match suppression {
            Some(w) => Some(w.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        if let Some(Err(e)) = to_stdout.map(|w| w.finish(&summary, &tally)) {
            super::note_write_error(&e);
        }
        let reports = to_files
            .into_iter()
            .map(|w| w.finish(&summary, &tally)?.into_inner().map_err(|e| e.into_error()))
            .collect();
        Ok(BouncesRead {
            summary,
            suppression,
            reports,
        })
    });
    let BouncesRead {
        summary,
        suppression,
        reports,
    } = handle.await??;
    for note in &summary.notes {
        eprintln!("note: {}", for_terminal(note));
    }
    for (file, why) in &summary.skipped {
        eprintln!("skipped {}: {}", for_terminal(file), for_terminal(why));
    }
    if summary.messages_parsed == 0 {
        // Nothing usable: no all-clear, and an existing list is not replaced by an empty one.
        eprintln!("{}", nothing_found(&args.inputs, &summary));
        if let Some(file) = &suppression {
            eprintln!("{} left unchanged.", for_terminal(&file.target().display().to_string()));
        }
        outputs.left_unchanged();
        return Ok(exit::INCOMPLETE);
    }
    if let Some(file) = suppression {
        let target = file.target().display().to_string();
        file.commit()
            .map_err(|e| anyhow::anyhow!("cannot write {target}: {e}"))?;
    }
    for (path, report) in report_paths.iter().zip(reports) {
        if let Err(e) = report.and_then(AtomicFile::commit) {
            super::note_file_error(path, &e);
        }
    }
    Ok(if summary.skipped.is_empty() {
        exit::OK
    } else {
        exit::INCOMPLETE
    })
}

/// "No bounce messages found in X: 0 of 12 files were mail."
fn nothing_found(inputs: &[String], summary: &ReadSummary) -> String {
    let files = summary.files_read + summary.files_skipped;
    format!(
        "No bounce messages found in {}: 0 of {} {} mail.",
        for_terminal(&inputs.join(", ")),
        mailaudit::figures::count(files as u64, "file", "files"),
        if files == 1 { "was" } else { "were" }
    )
}
