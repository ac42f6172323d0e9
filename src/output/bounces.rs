//! `bounces`: one row per failed recipient (JSON, JSON Lines, CSV), streamed
//! while the messages are read, and the text summary.

use crate::bounce::{BounceRecord, ReadSummary, Tally};
use crate::figures::count;
use crate::sanitize::{csv_cell, for_terminal_lines};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum BouncesFormat {
    #[default]
    Text,
    Json,
    Jsonl,
    Csv,
}

/// Writes one format to `inner` as records arrive. After the first write
/// error (a closed pipe, a full disk) it goes quiet and [`finish`](Self::finish)
/// returns that error.
pub struct RecordWriter<W: Write> {
    inner: W,
    format: BouncesFormat,
    first_row: bool,
    error: Option<std::io::Error>,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(inner: W, format: BouncesFormat) -> Self {
        let mut writer = RecordWriter {
            inner,
            format,
            first_row: true,
            error: None,
        };
        if format == BouncesFormat::Json {
            writer.put(b"{\"records\":[");
        }
        writer
    }

    fn put(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.inner.write_all(bytes)
        {
            self.error = Some(e);
        }
    }

    /// One row (the caller decides which records are rows).
    pub fn record(&mut self, r: &BounceRecord) {
        let first = std::mem::replace(&mut self.first_row, false);
        match self.format {
            BouncesFormat::Text => {}
            BouncesFormat::Jsonl => {
                if let Ok(mut line) = serde_json::to_vec(r) {
                    line.push(b'\n');
                    self.put(&line);
                }
            }
            BouncesFormat::Json => {
                if !first {
                    self.put(b",");
                }
                if let Ok(v) = serde_json::to_vec(r) {
                    self.put(b"\n");
                    self.put(&v);
                }
            }
            BouncesFormat::Csv => match csv_row(r, first) {
                Some(buf) => self.put(&buf),
                // Not written: the header is still due.
                None => self.first_row = first,
            },
        }
    }

    /// The end of the document (the JSON summary, the text report), flushed.
    pub fn finish(mut self, summary: &ReadSummary, tally: &Tally) -> std::io::Result<W> {
        match self.format {
            BouncesFormat::Json => {
                self.put(b"\n],\"summary\":");
                let json = serde_json::to_string(&summary_json(summary, tally)).map_err(std::io::Error::other)?;
                self.put(json.as_bytes());
                self.put(b"}\n");
            }
            BouncesFormat::Text if summary.messages_parsed > 0 => {
                self.put(for_terminal_lines(&text(summary, tally)).as_bytes())
            }
            _ => {}
        }
        if let Some(e) = self.error {
            return Err(e);
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// The `"summary"` object of `--format json`.
fn summary_json(summary: &ReadSummary, tally: &Tally) -> serde_json::Value {
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
    serde_json::json!({
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
    })
}

/// One record as a CSV row (with the header row first when `header`), every
/// cell defused against spreadsheet formulas.
fn csv_row(r: &BounceRecord, header: bool) -> Option<Vec<u8>> {
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

/// The text summary: every figure adds up (files read + skipped; messages
/// parsed + skipped).
pub fn text(summary: &ReadSummary, tally: &Tally) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let found = summary.messages_parsed + summary.messages_skipped();
    let _ = write!(s, "Read {}", count(summary.files_read as u64, "file", "files"));
    if summary.files_skipped > 0 {
        let _ = write!(s, " ({} more skipped)", summary.files_skipped);
    }
    let _ = writeln!(
        s,
        " holding {}: {} parsed, {} skipped.",
        count(found as u64, "message", "messages"),
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
