//! `mailaudit bounces`: parse bounce messages into per-recipient reasons.

use super::usage;
use clap::{Args, ValueEnum};
use mailaudit::atomic_file::AtomicFile;
use mailaudit::bounce::{self, BounceRecord, MessageKind, ReadOptions, ReadSummary, Tally};
use mailaudit::exit;
use mailaudit::sanitize::{csv_cell, for_terminal, for_terminal_lines};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum BouncesFormat {
    #[default]
    Text,
    Json,
    Jsonl,
    Csv,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Paths: .eml files, directories (recursed), Maildirs, mbox files, gzip of either, or - for stdin.\n\nExamples:\n  mailaudit bounces ~/Maildir/.Bounces\n  mailaudit bounces bounces.mbox.gz --format jsonl > failed.jsonl\n  mailaudit bounces bounces/ --suppression-list suppress.csv --since 2024-01-01\n\nExit codes: 0 read everything (bounces found or not), 2 usage error (missing path, bad --since),\n3 some files or messages could not be read or parsed (listed on stderr; the rest is reported),\n  or nothing readable was found (an existing --suppression-list is then left as it was)."
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

/// A writer that goes quiet after the first error (closed pipe).
struct Out<W: Write> {
    inner: W,
    broken: bool,
}

impl<W: Write> Out<W> {
    fn put(&mut self, bytes: &[u8]) {
        if !self.broken
            && let Err(e) = self.inner.write_all(bytes)
        {
            super::note_write_error(&e);
            self.broken = true;
        }
    }
}

pub async fn run(args: BouncesArgs) -> anyhow::Result<u8> {
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
    let format = args.format;
    let all = args.all;
    let threads = args.threads;
    let handle = tokio::task::spawn_blocking(move || -> anyhow::Result<(ReadSummary, Tally, Option<AtomicFile>)> {
        let stdout = std::io::stdout();
        let mut out = Out {
            inner: std::io::BufWriter::with_capacity(256 * 1024, stdout.lock()),
            broken: false,
        };
        let mut csv_header_due = true;
        let mut tally = Tally::default();
        let mut suppressed = std::collections::HashSet::new();
        let mut first_json = true;
        if format == BouncesFormat::Json {
            out.put(b"{\"records\":[");
        }
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
            if !(all || is_failure_row(&r)) {
                return;
            }
            match format {
                BouncesFormat::Text => {}
                BouncesFormat::Jsonl => {
                    if let Ok(mut line) = serde_json::to_vec(&r) {
                        line.push(b'\n');
                        out.put(&line);
                    }
                }
                BouncesFormat::Json => {
                    if !first_json {
                        out.put(b",");
                    }
                    first_json = false;
                    if let Ok(v) = serde_json::to_vec(&r) {
                        out.put(b"\n");
                        out.put(&v);
                    }
                }
                BouncesFormat::Csv => {
                    if let Some(buf) = guarded_csv_row(&r, csv_header_due) {
                        csv_header_due = false;
                        out.put(&buf);
                    }
                }
            }
        })?;
        if let Some(e) = csv_error {
            return Err(e.into());
        }
        let suppression = match suppression {
            Some(w) => Some(w.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        match format {
            BouncesFormat::Json => {
                let skipped: Vec<serde_json::Value> = summary
                    .skipped
                    .iter()
                    .map(|(f, why)| serde_json::json!({"file": f, "why": why}))
                    .collect();
                let top_domains: Vec<_> = tally
                    .top_domains(10)
                    .into_iter()
                    .map(|(d, n)| serde_json::json!({"domain": d, "count": n}))
                    .collect();
                let top_reporting: Vec<_> = tally
                    .top_reporting(10)
                    .into_iter()
                    .map(|(d, n)| serde_json::json!({"server": d, "count": n}))
                    .collect();
                let summary_json = serde_json::json!({
                    "files_read": summary.files_read,
                    "files_skipped": summary.files_skipped,
                    "messages_parsed": summary.messages_parsed,
                    "messages_skipped": summary.messages_skipped(),
                    "skipped": skipped,
                    "kinds": tally.kinds,
                    "reasons": tally.reasons,
                    "hard": tally.hard,
                    "soft": tally.soft,
                    "top_recipient_domains": top_domains,
                    "top_reporting_servers": top_reporting,
                    "lost_addresses": tally.lost_addresses,
                    "complained_addresses": tally.complained_addresses,
                });
                out.put(b"\n],\"summary\":");
                out.put(serde_json::to_string(&summary_json)?.as_bytes());
                out.put(b"}\n");
            }
            BouncesFormat::Text if summary.messages_parsed > 0 => {
                out.put(for_terminal_lines(&render_text(&summary, &tally)).as_bytes())
            }
            _ => {}
        }
        if !out.broken
            && let Err(e) = out.inner.flush()
        {
            super::note_write_error(&e);
        }
        Ok((summary, tally, suppression))
    });
    let (summary, _tally, suppression) = handle.await??;
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
        return Ok(exit::INCOMPLETE);
    }
    if let Some(file) = suppression {
        let target = file.target().display().to_string();
        file.commit()
            .map_err(|e| anyhow::anyhow!("cannot write {target}: {e}"))?;
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
        super::counted(files, "file", "files"),
        if files == 1 { "was" } else { "were" }
    )
}

/// One record as a CSV row (with the header row first when `header`), every
/// cell defused against spreadsheet formulas.
fn guarded_csv_row(r: &BounceRecord, header: bool) -> Option<Vec<u8>> {
    let mut raw = csv::WriterBuilder::new()
        .has_headers(header)
        .from_writer(Vec::with_capacity(512));
    raw.serialize(r).ok()?;
    let raw = raw.into_inner().ok()?;
    let mut rows = csv::ReaderBuilder::new().has_headers(false).from_reader(raw.as_slice());
    let mut out = csv::Writer::from_writer(Vec::with_capacity(512));
    for row in rows.records() {
        let row = row.ok()?;
        out.write_record(row.iter().map(|c| csv_cell(c).into_owned())).ok()?;
    }
    out.into_inner().ok()
}

fn render_text(summary: &ReadSummary, tally: &Tally) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    // Every figure adds up: files read + files skipped; messages parsed + messages skipped.
    let found = summary.messages_parsed + summary.messages_skipped();
    let _ = write!(s, "Read {}", super::counted(summary.files_read, "file", "files"));
    if summary.files_skipped > 0 {
        let _ = write!(s, " ({} more skipped)", summary.files_skipped);
    }
    let _ = writeln!(
        s,
        " holding {}: {} parsed, {} skipped.",
        super::counted(found, "message", "messages"),
        summary.messages_parsed,
        summary.messages_skipped()
    );
    let kind = |k: &str| tally.kinds.get(k).copied().unwrap_or(0);
    let _ = writeln!(
        s,
        "\nKinds: {} bounce, {} delay, {} complaint, {} auto-reply (not counted), {} not a bounce.",
        kind("bounce"),
        kind("delay"),
        kind("complaint"),
        kind("auto_reply"),
        kind("not_bounce")
    );
    let _ = writeln!(
        s,
        "Failed recipients: {} ({} hard: address lost; {} soft: may recover).",
        tally.failures(),
        tally.hard,
        tally.soft
    );
    if !tally.reasons.is_empty() {
        let _ = writeln!(s, "\nBy reason:");
        let mut reasons: Vec<_> = tally.reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for (reason, n) in reasons {
            let _ = writeln!(s, "  {n:>7}  {reason}");
        }
    }
    let domains = tally.top_domains(10);
    if !domains.is_empty() {
        let _ = writeln!(s, "\nTop recipient domains:");
        for (d, n) in domains {
            let _ = writeln!(s, "  {n:>7}  {d}");
        }
    }
    let servers = tally.top_reporting(10);
    if !servers.is_empty() {
        let _ = writeln!(s, "\nTop reporting servers:");
        for (d, n) in servers {
            let _ = writeln!(s, "  {n:>7}  {d}");
        }
    }
    if !tally.lost_addresses.is_empty() {
        let _ = writeln!(s, "\nPermanently lost addresses ({}):", tally.lost_addresses.len());
        for a in &tally.lost_addresses {
            let _ = writeln!(s, "  {a}");
        }
    }
    if !tally.complained_addresses.is_empty() {
        let _ = writeln!(
            s,
            "\nAddresses that complained ({}): never mail them again.",
            tally.complained_addresses.len()
        );
        for a in &tally.complained_addresses {
            let _ = writeln!(s, "  {a}");
        }
    }
    if !summary.skipped.is_empty() {
        let _ = writeln!(s, "\nSkipped (could not be read or parsed):");
        for (f, why) in &summary.skipped {
            let _ = writeln!(s, "  {f}: {why}");
        }
    }
    s
}
