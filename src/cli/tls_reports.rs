//! `mailaudit tls-reports`.

use clap::{Args, ValueEnum};
use mailaudit::exit;
use mailaudit::output::html::ReportMeta;
use mailaudit::output::tls_reports as render;
use mailaudit::tls_reports;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsReportsFormat {
    /// Human-readable summary
    Text,
    /// The whole summary as JSON (docs/tls-reports.md)
    Json,
    /// Markdown tables
    Markdown,
    /// A self-contained HTML page
    Html,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  mailaudit tls-reports ~/tls-reports/\n  mailaudit tls-reports report.json.gz message.eml --format json"
)]
pub struct TlsReportsArgs {
    /// Report files (.json, .json.gz, .gz, e-mails with tlsrpt parts) or directories (read recursively)
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: TlsReportsFormat,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Title of the HTML report
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

pub async fn run(args: TlsReportsArgs) -> anyhow::Result<u8> {
    let outputs = super::outputs::Outputs::parse(&args.output, args.format)?;
    let inputs = args.inputs.clone();
    let summary = tokio::task::spawn_blocking(move || tls_reports::summarize_paths(&inputs)).await?;
    for s in &summary.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            mailaudit::sanitize::for_terminal(&s.file),
            mailaudit::sanitize::for_terminal(&s.reason)
        );
    }
    outputs.write(|format, _| {
        Ok(match format {
            TlsReportsFormat::Text => render::text(&summary),
            TlsReportsFormat::Markdown => render::markdown(&summary),
            TlsReportsFormat::Html => {
                let meta = ReportMeta {
                    title: args.title.clone(),
                    generated: ReportMeta::today(),
                    ..Default::default()
                };
                mailaudit::output::html::tls_reports::render(&summary, &meta)
            }
            TlsReportsFormat::Json => render::json(&summary),
        })
    })?;
    // Nothing readable at all is an incomplete audit, not a clean one.
    Ok(if summary.reports == 0 && !summary.skipped.is_empty() {
        exit::INCOMPLETE
    } else {
        exit::OK
    })
}
