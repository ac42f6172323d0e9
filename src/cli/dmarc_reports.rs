//! `mailaudit dmarc-reports`.

use super::outputs::Outputs;
use super::{print, usage};
use clap::{Args, ValueEnum};
use mailaudit::dmarc_reports::{
    self,
    what_if::{WhatIfBuilder, WhatIfMoney, WhatIfPolicy},
};
use mailaudit::exit;
use mailaudit::output::dmarc_reports as render;
use mailaudit::sanitize::for_terminal;
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
    after_help = "Examples:\n  mailaudit dmarc-reports ~/reports/\n  mailaudit dmarc-reports report.xml.gz other.zip --format json\n  mailaudit dmarc-reports reports/ --resolve --format csv > sources.csv\n  mailaudit dmarc-reports reports/ -o json=summary.json -o csv=sources.csv\n  mailaudit dmarc-reports reports/ --what-if \"p=reject\" --value-per-email 0.05 --currency EUR"
)]
pub struct DmarcReportsArgs {
    /// Report files (.xml, .xml.gz, .zip, .eml) or directories (read recursively)
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: DmarcReportsFormat,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Look up the reverse DNS name of every source IP
    #[arg(long)]
    pub resolve: bool,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer [default: 5]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Replay the reported mail under POLICY, e.g. "p=reject" or "p=quarantine; sp=none; t=y"
    #[arg(long, value_name = "POLICY")]
    pub what_if: Option<String>,
    /// With --what-if: value of one delivered e-mail, to show the money at stake
    #[arg(long, value_name = "AMOUNT", requires = "what_if")]
    pub value_per_email: Option<String>,
    /// Currency code shown with --value-per-email (e.g. EUR)
    #[arg(long, value_name = "CODE", requires = "value_per_email")]
    pub currency: Option<String>,
}

pub async fn run(args: DmarcReportsArgs) -> anyhow::Result<u8> {
    let outputs = Outputs::parse(&args.output, args.format)?;
    super::require_paths(args.inputs.iter().map(|p| p.as_path()))?;
    let policy = args
        .what_if
        .as_deref()
        .map(|p| WhatIfPolicy::parse(p).map_err(|e| usage(format!("--what-if: {e}"))))
        .transpose()?;
    let value = super::losses::amount("--value-per-email", &args.value_per_email)?;
    let currency = super::losses::currency(&args.currency)?;
    let dns = if args.resolve {
        Some(super::dns_from_flags(&args.nameservers, args.timeout).await?)
    } else {
        None
    };
    let inputs = args.inputs.clone();
    let (mut summary, replay) = tokio::task::spawn_blocking(move || match policy {
        Some(policy) => {
            let (summary, replay) =
                dmarc_reports::summarize_paths_what_if(&inputs, Default::default(), WhatIfBuilder::new(policy));
            (summary, Some(replay))
        }
        None => (dmarc_reports::summarize_paths(&inputs), None),
    })
    .await?;
    if let Some(dns) = &dns {
        dmarc_reports::resolve_sources(dns, &mut summary, 16).await;
    }
    for note in &summary.notes {
        eprintln!("note: {}", mailaudit::sanitize::for_terminal(note));
    }
    let what_if = replay.map(|r| r.finish(&summary));
    let money = what_if
        .as_ref()
        .zip(value)
        .map(|(w, v)| WhatIfMoney::new(w, v, currency.as_deref()));
    for s in &summary.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            for_terminal(&s.file),
            for_terminal(&s.reason)
        );
    }
    let rendered = |format| -> anyhow::Result<String> {
        Ok(match format {
            DmarcReportsFormat::Text => {
                let mut text = render::text(&summary);
                if let Some(w) = &what_if {
                    text.push_str(&render::what_if_text(w, money.as_ref()));
                }
                text
            }
            DmarcReportsFormat::Json => render::json(&summary, what_if.as_ref(), money.as_ref()),
            DmarcReportsFormat::Csv => render::csv(&summary)?,
        })
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
            mailaudit::figures::count(files as u64, "file", "files"),
            if files == 1 { "was" } else { "were" }
        );
        // JSON still says "0 reports" on standard output; no file is replaced.
        let stdout_json = outputs
            .0
            .iter()
            .filter(|o| o.to_stdout() && o.format == DmarcReportsFormat::Json);
        for output in stdout_json {
            print(&rendered(output.format)?);
        }
        outputs.left_unchanged();
        return Ok(exit::INCOMPLETE);
    }
    outputs.write(|format, _| rendered(format))?;
    // A skipped file or report makes the audit incomplete, whatever else was read.
    Ok(if summary.skipped.is_empty() {
        exit::OK
    } else {
        exit::INCOMPLETE
    })
}
