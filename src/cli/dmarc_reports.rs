//! `mailaudit dmarc-reports`.

use super::print;
use clap::{Args, ValueEnum};
use mailaudit::dmarc_reports::{self, render};
use mailaudit::exit;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DmarcReportsFormat {
    /// Human-readable summary
    Text,
    /// The whole summary as JSON (docs/dmarc-reports.md)
    Json,
    /// One row per source IP
    Csv,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  mailaudit dmarc-reports ~/reports/\n  mailaudit dmarc-reports report.xml.gz other.zip --format json\n  mailaudit dmarc-reports reports/ --resolve --format csv > sources.csv"
)]
pub struct DmarcReportsArgs {
    /// Report files (.xml, .xml.gz, .zip, .eml) or directories (read recursively)
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: DmarcReportsFormat,
    /// Look up the reverse DNS name of every source IP
    #[arg(long)]
    pub resolve: bool,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub timeout: f64,
}

pub async fn run(args: DmarcReportsArgs) -> anyhow::Result<u8> {
    super::require_paths(args.inputs.iter().map(|p| p.as_path()))?;
    let dns = if args.resolve {
        Some(super::dns_from_flags(&args.nameservers, args.timeout).await?)
    } else {
        None
    };
    let inputs = args.inputs.clone();
    let mut summary = tokio::task::spawn_blocking(move || dmarc_reports::summarize_paths(&inputs)).await?;
    if let Some(dns) = &dns {
        dmarc_reports::resolve_sources(dns, &mut summary, 16).await;
    }
    for note in &summary.notes {
        eprintln!("note: {}", mailaudit::sanitize::for_terminal(note));
    }
    for s in &summary.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            render::clean(&s.file),
            render::clean(&s.reason)
        );
    }
    let text = match args.format {
        DmarcReportsFormat::Text => render::text(&summary),
        DmarcReportsFormat::Json => {
            #[derive(serde::Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                tool: serde_json::Value,
                dmarc_reports: &'a dmarc_reports::Summary,
            }
            let doc = Doc {
                schema_version: 1,
                tool: serde_json::json!({"name": "mailaudit", "version": env!("CARGO_PKG_VERSION")}),
                dmarc_reports: &summary,
            };
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s
        }
        DmarcReportsFormat::Csv => render::csv(&summary)?,
    };
    if summary.reports == 0 {
        // Nothing usable: say so, and print no all-clear summary.
        let files = summary.files_read;
        eprintln!(
            "No DMARC aggregate reports found in {}: 0 of {} {} a report.",
            mailaudit::sanitize::for_terminal(
                &args
                    .inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            super::counted(files, "file", "files"),
            if files == 1 { "was" } else { "were" }
        );
        if args.format == DmarcReportsFormat::Json {
            print(&text);
        }
        return Ok(exit::INCOMPLETE);
    }
    print(&text);
    // A skipped file or report makes the audit incomplete, whatever else was read.
    Ok(if summary.skipped.is_empty() {
        exit::OK
    } else {
        exit::INCOMPLETE
    })
}
