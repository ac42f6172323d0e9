//! `mailaudit losses`.

use super::outputs::Outputs;
use super::usage;
use clap::{Args, ValueEnum};
use mailaudit::check::{self, CheckOptions};
use mailaudit::dmarc_reports::what_if::{WhatIfBuilder, WhatIfMoney, WhatIfPolicy};
use mailaudit::losses::money::{self, Amount};
use mailaudit::losses::{self, BounceTally, InputsRead, LossOptions};
use mailaudit::output::{losses_json, losses_markdown, losses_text};
use mailaudit::{bounce, dmarc_reports, domain, exit, output};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LossesFormat {
    /// Human-readable report
    Text,
    /// The whole report as JSON (docs/losses.md)
    Json,
    /// Markdown for a client document
    Markdown,
    /// One self-contained HTML file (inline CSS and SVG, no external requests)
    Html,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  mailaudit losses --bounces bounces/ --dmarc reports/ --sent 120000\n  mailaudit losses --bounces bounces.mbox --campaigns campaigns.csv --value-per-contact 25 --currency EUR\n  mailaudit losses --bounces bounces/ --dmarc reports/ --sent 120000 --domain example.com --format html --client \"Acme Ltd\" -o acme.html\n  mailaudit losses --bounces bounces/ --sent 120000 -o markdown=losses.md -o json=losses.json\n\nMoney appears only when you give a value; the report shows the arithmetic."
)]
pub struct LossesArgs {
    /// Bounce messages: files, directories, Maildirs, mboxes (repeatable)
    #[arg(long = "bounces", value_name = "PATH")]
    pub bounces: Vec<PathBuf>,
    /// DMARC aggregate reports: files or directories (repeatable)
    #[arg(long = "dmarc", value_name = "PATH")]
    pub dmarc: Vec<PathBuf>,
    /// SMTP TLS reports (TLS-RPT) about mail to your MX: files or directories (repeatable)
    #[arg(long = "tls-reports", value_name = "PATH")]
    pub tls_reports: Vec<PathBuf>,
    /// Emails sent in the period the bounces cover
    #[arg(long, value_name = "N", conflicts_with = "campaigns")]
    pub sent: Option<u64>,
    /// Campaign export (CSV with a `sent` column) to sum the sent volume from
    #[arg(long, value_name = "FILE.csv")]
    pub campaigns: Option<PathBuf>,
    /// What one contact is worth to you (e.g. 25 or 12.50)
    #[arg(long, value_name = "AMOUNT")]
    pub value_per_contact: Option<String>,
    /// What one delivered email is worth to you (e.g. 0.05)
    #[arg(long, value_name = "AMOUNT")]
    pub value_per_email: Option<String>,
    /// Currency of the values (three letters, e.g. EUR)
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Also check this sending domain and link losses to its findings
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// DKIM selector for the domain check (repeatable)
    #[arg(long = "selector", value_name = "NAME")]
    pub selectors: Vec<String>,
    /// With --domain: skip blocklist lookups (DNS posture only)
    #[arg(long)]
    pub no_blocklists: bool,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer [default: 5]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: LossesFormat,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    #[command(flatten)]
    pub report: super::report_args::ReportArgs,
    /// With --dmarc: replay the reported mail under POLICY, e.g. "p=reject" (text, Markdown, JSON)
    #[arg(long, value_name = "POLICY", requires = "dmarc")]
    pub what_if: Option<String>,
    /// Show what changed since a saved `losses --format json` run (new and fixed problems, figures that moved)
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
}

/// `--currency CODE`, validated.
pub(super) fn currency(text: &Option<String>) -> anyhow::Result<Option<String>> {
    text.as_deref().map(money::parse_currency).transpose().map_err(usage)
}

pub(super) fn amount(flag: &str, text: &Option<String>) -> anyhow::Result<Option<Amount>> {
    text.as_deref()
        .map(|t| Amount::parse(t).map_err(|e| usage(format!("{flag}: {e}"))))
        .transpose()
}

pub async fn run(args: LossesArgs) -> anyhow::Result<u8> {
    let outputs = Outputs::parse(&args.output, args.format)?;
    if args.bounces.is_empty() && args.dmarc.is_empty() && args.tls_reports.is_empty() {
        return Err(usage(
            "nothing to read; give --bounces PATH, --dmarc PATH and/or --tls-reports PATH (e.g. `mailaudit losses --bounces bounces/ --sent 50000`)",
        ));
    }
    super::require_paths(
        args.bounces
            .iter()
            .chain(&args.dmarc)
            .chain(&args.tls_reports)
            .map(|p| p.as_path()),
    )?;
    let value_per_contact = amount("--value-per-contact", &args.value_per_contact)?;
    let value_per_email = amount("--value-per-email", &args.value_per_email)?;
    let currency = currency(&args.currency)?;
    if currency.is_some() && value_per_contact.is_none() && value_per_email.is_none() {
        return Err(usage("--currency needs --value-per-contact or --value-per-email"));
    }
    let (sent, sent_source) = match (&args.sent, &args.campaigns) {
        (Some(n), _) => (Some(*n), Some("--sent".to_string())),
        (None, Some(path)) => {
            let text = mailaudit::input::limits::read_settings_file(path)
                .map_err(|e| usage(format!("cannot read campaigns file {}: {e}", path.display())))?;
            let (total, rows, column) = losses::sent_from_campaigns(&text)
                .map_err(|e| usage(format!("campaigns file {}: {e}", path.display())))?;
            (
                Some(total),
                Some(format!(
                    "sum of column `{column}` over {rows} rows of {}",
                    path.display()
                )),
            )
        }
        (None, None) => (None, None),
    };
    let previous = args
        .previous
        .as_deref()
        .map(|path| mailaudit::changes::load(path, mailaudit::changes::Command::Losses))
        .transpose()
        .map_err(|e| usage(format!("--previous: {e}")))?;
    let target = args
        .domain
        .as_deref()
        .map(domain::normalize)
        .transpose()
        .map_err(|e| usage(e.to_string()))?;
    let dns = match &target {
        Some(_) => Some(super::dns_from_flags(&args.nameservers, args.timeout).await?),
        None => None,
    };

    let bounce_paths = args.bounces.clone();
    // With --domain, only the bounces of that domain's mail count.
    let bounce_domain = target.as_ref().map(|d| d.name.clone());
    let bounce_job = tokio::task::spawn_blocking(move || {
        let mut tally = match &bounce_domain {
            Some(d) => BounceTally::for_domain(d),
            None => BounceTally::default(),
        };
        let summary = if bounce_paths.is_empty() {
            Ok(bounce::ReadSummary::default())
        } else {
            bounce::read_paths(&bounce_paths, |record| tally.add(&record))
        };
        (tally, summary)
    });
    let dmarc_paths = args.dmarc.clone();
    // With --domain, only that domain's mail (and its subdomains') counts.
    let dmarc_domain = target.as_ref().map(|d| d.name.clone());
    let what_if_policy = args
        .what_if
        .as_deref()
        .map(|p| WhatIfPolicy::parse(p).map_err(|e| usage(format!("--what-if: {e}"))))
        .transpose()?;
    let dmarc_job = tokio::task::spawn_blocking(move || {
        (!dmarc_paths.is_empty()).then(|| {
            let builder = match &dmarc_domain {
                Some(d) => dmarc_reports::SummaryBuilder::for_domain(d),
                None => dmarc_reports::SummaryBuilder::default(),
            };
            match what_if_policy {
                Some(policy) => {
                    let replay = match &dmarc_domain {
                        Some(d) => WhatIfBuilder::for_domain(policy, d),
                        None => WhatIfBuilder::new(policy),
                    };
                    let (summary, replay) = dmarc_reports::summarize_paths_what_if(&dmarc_paths, builder, replay);
                    let what_if = replay.finish(&summary);
                    (summary, Some(what_if))
                }
                None => (dmarc_reports::summarize_paths_with(&dmarc_paths, builder), None),
            }
        })
    });
    let tls_paths = args.tls_reports.clone();
    let tls_job = tokio::task::spawn_blocking(move || {
        (!tls_paths.is_empty()).then(|| mailaudit::tls_reports::summarize_paths(&tls_paths))
    });
    let check_report = match (&target, &dns) {
        (Some(d), Some(dns)) => {
            let fetcher = check::mta_sts::PolicyFetcher::new(dns, &Default::default()).map_err(usage)?;
            let options = CheckOptions {
                selectors: args.selectors.clone(),
                blocklists: !args.no_blocklists,
                blocklist_zones: mailaudit::blocklist::builtin_zones(),
                policy_fetcher: Some(std::sync::Arc::new(fetcher)),
                ..Default::default()
            };
            Some(check::check_domain(dns, d, &options).await)
        }
        _ => None,
    };
    let (tally, bounce_summary) = bounce_job.await?;
    let bounce_summary = bounce_summary.map_err(|e| anyhow::anyhow!("{e}"))?;
    let (dmarc_summary, what_if) = match dmarc_job.await? {
        Some((summary, what_if)) => (Some(summary), what_if),
        None => (None, None),
    };
    let notes = bounce_summary
        .notes
        .iter()
        .chain(dmarc_summary.iter().flat_map(|s| &s.notes));
    for note in notes {
        eprintln!("note: {}", mailaudit::sanitize::for_terminal(note));
    }

    let mut inputs = InputsRead {
        bounce_files: bounce_summary.files_read,
        bounce_messages: bounce_summary.messages_parsed,
        skipped: bounce_summary.skipped.clone(),
        ..Default::default()
    };
    if let Some(s) = &dmarc_summary {
        inputs.dmarc_files = s.files_read;
        inputs.dmarc_reports = s.reports;
        inputs
            .skipped
            .extend(s.skipped.iter().map(|x| (x.file.clone(), x.reason.clone())));
    }
    let options = LossOptions {
        sent,
        sent_source,
        value_per_contact,
        value_per_email,
        currency,
        have_bounces: !args.bounces.is_empty(),
    };
    let mut report = losses::build(&tally, dmarc_summary.as_ref(), check_report.as_ref(), inputs, &options);
    report.what_if_money = what_if
        .as_ref()
        .zip(value_per_email)
        .map(|(w, v)| WhatIfMoney::new(w, v, options.currency.as_deref()));
    report.what_if = what_if;
    if let Some(tls_summary) = tls_job.await? {
        losses::tls::add_tls_reports(&mut report, &tls_summary);
    }
    let changes = previous.as_ref().and_then(|p| match &p.run {
        mailaudit::changes::Previous::Losses(before) => Some(mailaudit::changes::for_losses(p, before, &report)),
        mailaudit::changes::Previous::Check(_) => None,
    });
    let meta = args.report.meta()?;
    let rendered = |format| match format {
        LossesFormat::Text => losses_text::render_with(&report, changes.as_ref()),
        LossesFormat::Json => losses_json::render(&report, changes.as_ref()),
        LossesFormat::Markdown => losses_markdown::render_with(&report, &meta, changes.as_ref()),
        LossesFormat::Html => output::html::losses_with(&report, &meta, changes.as_ref()),
    };
    for (file, why) in &report.inputs.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            mailaudit::sanitize::for_terminal(file),
            mailaudit::sanitize::for_terminal(why)
        );
    }
    let nothing_read =
        report.inputs.bounce_messages == 0 && report.inputs.dmarc_reports == 0 && report.inputs.tls_reports == 0;
    if nothing_read {
        // No all-clear from no data, and an existing -o file is left as it was.
        let inputs: Vec<String> = args
            .bounces
            .iter()
            .chain(&args.dmarc)
            .chain(&args.tls_reports)
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "No bounce messages, DMARC or TLS reports found in {}: nothing to report.",
            mailaudit::sanitize::for_terminal(&inputs.join(", "))
        );
        outputs.left_unchanged();
        return Ok(exit::INCOMPLETE);
    }
    outputs.write(|format, _| Ok(rendered(format)))?;
    Ok(if report.inputs.skipped.is_empty() {
        exit::OK
    } else {
        exit::INCOMPLETE
    })
}
