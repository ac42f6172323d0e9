//! `mailaudit check`.
//!
//! Settings come from three places, strongest first: flags, the config file
//! (`--config`, else `./mailaudit.toml`), built-in defaults;
//! `mailaudit::settings` merges them. This file plans the domains, runs the
//! checks with bounded concurrency over a paced, retrying DNS client, applies
//! ignore rules and the baseline, and computes the exit code from what is left.

use super::outputs::{Outputs, Target};
use super::usage;
use clap::Args;
use futures::StreamExt;
use mailaudit::baseline::{self, SavedRun};
use mailaudit::check::dkim::evidence::ReportEvidence;
use mailaudit::check::{self, CheckOptions};
use mailaudit::config::{Config, Origin};
use mailaudit::dns::{Dns, UdpClient};
use mailaudit::domain::{self, NormalizedDomain};
use mailaudit::exit::{self, FailOn};
use mailaudit::output::{self, CheckFormat, CheckFormatter};
use mailaudit::pacing::Paced;
use mailaudit::run::CheckRun;
use mailaudit::settings::{self, CheckSettings};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A baseline is one JSON run; even 10,000 domains stay far below this.
const MAX_BASELINE_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Args, Debug)]
#[command(
    after_help = "Settings can also come from mailaudit.toml (see `mailaudit init`); flags override it.\n\nExamples:\n  mailaudit check example.com\n  mailaudit check example.com --selector s1 --ip 192.0.2.10\n  mailaudit check --domains-file clients.txt --format json > audit.json\n  mailaudit check --config mailaudit.toml --baseline audit.json --format sarif > audit.sarif\n  mailaudit check example.com -o sarif=audit.sarif -o markdown=summary.md -o json=audit.json\n  mailaudit check example.com --nameserver 127.0.0.1:5353"
)]
pub struct CheckArgs {
    /// Domains to check (an e-mail address means its domain)
    pub domains: Vec<String>,
    /// Read more domains from FILE, one per line (# starts a comment)
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,
    /// Config file [default: ./mailaudit.toml when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read ./mailaudit.toml
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// DKIM selector to look for (repeatable); the built-in list is tried too
    #[arg(long = "selector", value_name = "NAME")]
    pub selectors: Vec<String>,
    /// DMARC aggregate reports (file or directory; repeatable): DKIM selectors seen in them are tried too
    #[arg(long = "dmarc-reports", value_name = "PATH")]
    pub dmarc_reports: Vec<PathBuf>,
    /// Sending IP to evaluate against SPF and look up on blocklists (repeatable)
    #[arg(long = "ip", value_name = "ADDR")]
    pub ips: Vec<IpAddr>,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer [default: 5]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Extra attempts after a DNS timeout, with exponential backoff [default: 1]
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// At most this many DNS queries per second [default: no limit]
    #[arg(long, value_name = "QPS")]
    pub queries_per_second: Option<f64>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Lowest severity that makes the exit code 1 [default: error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report what changed since a saved `--format json` run; --fail-on applies to new findings only
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Show what changed since a saved `check --format json` run (new and fixed problems, verdicts); the exit code is unchanged
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// How many domains to check at once [default: 128]
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Skip blocklist lookups (DNS posture only)
    #[arg(long)]
    pub no_blocklists: bool,
    #[command(flatten)]
    pub report: super::report_args::ReportArgs,
    /// Where your team hosts docs/codes.md: finding codes link there [default: no links; reports name `mailaudit explain CODE`]
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<mailaudit::explain::DocsUrl>,
    /// Blocklist zone to query, ZONE[=SPEC] as in `mailaudit blocklist --zone` (repeatable; replaces the built-in lists)
    #[arg(long = "blocklist-zone", value_name = "ZONE[=SPEC]")]
    pub blocklist_zones: Vec<String>,
    /// Extra trust roots (PEM) for fetching MTA-STS policies, e.g. a private CA
    #[arg(long, value_name = "FILE")]
    pub tls_ca_file: Option<PathBuf>,
    /// Reach MTA-STS policy hosts on this port instead of 443 (tests)
    #[arg(long, value_name = "PORT", hide = true)]
    pub mta_sts_port: Option<u16>,
    /// Seconds one MTA-STS policy fetch may take [default: 10] (tests)
    #[arg(long, value_name = "SECS", hide = true)]
    pub mta_sts_timeout: Option<f64>,
}

/// One domain to check, with its own options and where it was listed.
struct Planned {
    domain: NormalizedDomain,
    options: CheckOptions,
    origin: Option<Origin>,
}

pub async fn run(args: CheckArgs) -> anyhow::Result<u8> {
    let outputs = Outputs::parse(&args.output, args.format)?;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let loaded = if args.no_config {
        None
    } else {
        Config::discover(args.config.as_deref(), &cwd).map_err(|e| usage(e.to_string()))?
    };
    let (config_label, config_path, config) = match loaded {
        Some((path, config)) => (Some(display_path(&path, &cwd)), Some(path), config),
        None => (None, None, Config::default()),
    };

    let flags = settings::CheckFlags {
        dns: settings::DnsFlags {
            nameservers: args.nameservers.clone(),
            timeout: args.timeout,
            retries: args.retries,
            queries_per_second: args.queries_per_second,
        },
        concurrency: args.concurrency,
        fail_on: args.fail_on,
        selectors: args.selectors.clone(),
        ips: args.ips.clone(),
        no_blocklists: args.no_blocklists,
        blocklist_zones: args.blocklist_zones.clone(),
        dmarc_reports: args.dmarc_reports.clone(),
    };
    let config_dir = config_path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| cwd.clone());
    let resolved = CheckSettings::resolve(&flags, &config, &config_dir).map_err(|e| usage(e.0))?;
    let dmarc_reports = if resolved.dmarc_reports.is_empty() {
        None
    } else {
        let summary = mailaudit::dmarc_reports::summarize_paths(&resolved.dmarc_reports);
        for skipped in &summary.skipped {
            eprintln!("warning: skipped {}: {}", skipped.file, skipped.reason);
        }
        Some(Arc::new(ReportEvidence::from_summary(&summary)))
    };
    let fail_on = resolved.fail_on;
    let base_options = CheckOptions {
        selectors: resolved.selectors.clone(),
        ips: resolved.ips.clone(),
        blocklists: resolved.blocklists,
        blocklist_zones: resolved.blocklist_zones.clone(),
        dmarc_reports,
        policy_fetcher: None,
    };

    let meta = args.report.meta()?;
    let mut plan = plan_domains(&args, &config, config_label.as_deref(), &base_options, &cwd)?;

    // Load the baseline before spending minutes on DNS: a wrong path is a usage error now.
    let saved = match &args.baseline {
        Some(path) => Some((display_path(path, &cwd), load_baseline(path)?)),
        None => None,
    };

    let previous = args.previous.as_deref().map(load_previous_check).transpose()?;

    let client = UdpClient::new(&resolved.dns.resolver).map_err(|e| anyhow::anyhow!("cannot set up DNS: {e}"))?;
    let paced = Arc::new(Paced::new(client, resolved.dns.pacing));
    let dns = Dns::new(paced.clone());
    let fetcher = Arc::new(policy_fetcher(&args, &dns)?);
    for planned in &mut plan {
        planned.options.policy_fetcher = Some(fetcher.clone());
    }
    if resolved.dns.resolver.nameservers.is_empty() {
        dns.probe_public_dns().await.map_err(|e| anyhow::anyhow!(e))?;
    }

    let progress = progress_bar(plan.len());
    let checked = futures::stream::iter(plan.iter())
        .map(|planned| {
            let (dns, progress) = (dns.clone(), progress.clone());
            let (domain, options) = (planned.domain.clone(), planned.options.clone());
            // A task per domain: the checks run on every core, not only on
            // the thread that waits for the results.
            let task = tokio::spawn(async move {
                let report = check::check_domain(&dns, &domain, &options).await;
                progress.inc(1);
                report
            });
            async move { task.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())) }
        })
        // `buffered` (not `buffer_unordered`): output stays in input order.
        .buffered(resolved.concurrency);
    // Links only where the team said it hosts the docs (never an invented address).
    let docs_url = args.docs_url.clone().or_else(|| config.docs_url.clone());
    // JSON to standard output that nothing else needs the whole run for
    // (ignore rules, a baseline, --previous, links, other outputs) is written
    // as the domains finish, so a large run never holds every report.
    let json_to_stdout_only = docs_url.is_none()
        && matches!(outputs.0.as_slice(),
        [only] if only.format == CheckFormat::Json && only.target == Target::Stdout);
    if json_to_stdout_only && saved.is_none() && previous.is_none() && config.ignore.is_empty() {
        let code = write_json_stream(checked, fail_on).await;
        progress.finish_and_clear();
        note_retries(paced.retries_made());
        return Ok(code);
    }
    let reports: Vec<_> = checked.collect().await;
    progress.finish_and_clear();
    note_retries(paced.retries_made());

    let mut run = CheckRun::new(reports);
    for note in run.apply_ignores(&config.ignore) {
        eprintln!("note: {note}");
    }

    let code = match saved {
        Some((label, saved)) => {
            let report = baseline::diff(&saved, &run.domains, &label);
            let code = exit::exit_code(report.gate_findings(&run.domains), fail_on);
            run.baseline = Some(report);
            code
        }
        None => exit::exit_code(run.findings(), fail_on),
    };

    if let Some((previous, saved)) = &previous {
        run.changes = Some(mailaudit::changes::for_check(previous, saved, &run.domains));
    }

    let origins: BTreeMap<String, Origin> = plan
        .iter()
        .filter_map(|p| p.origin.clone().map(|o| (p.domain.name.clone(), o)))
        .collect();
    let findings = run.domains.iter_mut().flat_map(|d| d.findings.iter_mut());
    let suppressed = run.suppressed.iter_mut().map(|s| &mut s.finding);
    mailaudit::explain::link_findings(findings.chain(suppressed), docs_url.as_ref());
    outputs.write(|format, to_stdout| {
        let color = format == CheckFormat::Text && to_stdout && output::stdout_wants_color();
        let formatter = build_formatter(format, color, fail_on, origins.clone(), meta.clone(), docs_url.clone());
        let mut text = formatter.format(&run);
        if format == CheckFormat::Text {
            text.push_str(&output::text::changes_and_suppressed(&run));
        }
        Ok(text)
    })?;
    if outputs.0.iter().any(|o| o.format == CheckFormat::Github) {
        // Annotations are capped; the job summary is the full list.
        if let Err(e) = output::github::append_step_summary(&run, docs_url.as_ref()) {
            eprintln!("warning: cannot write the job summary (GITHUB_STEP_SUMMARY): {e}");
        }
    }
    Ok(code)
}

/// Say on stderr how many queries were sent again after a timeout.
fn note_retries(retried: usize) {
    if retried > 0 {
        // Many retries across a run suggest rate limiting; a few mean one server is down.
        let hint = if retried >= 20 {
            "; if runs are slow or incomplete, try --queries-per-second"
        } else {
            ""
        };
        eprintln!(
            "note: {retried} DNS quer{} timed out and {} sent again{hint}",
            if retried == 1 { "y" } else { "ies" },
            if retried == 1 { "was" } else { "were" }
        );
    }
}

/// Write the JSON of a run to stdout one domain at a time, in the order
/// `reports` yields them; the run's exit code.
async fn write_json_stream(reports: impl futures::Stream<Item = check::DomainReport>, fail_on: FailOn) -> u8 {
    let mut reports = std::pin::pin!(reports);
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut stream = output::json::JsonStream::start(stdout, &CheckRun::new(Vec::new()));
    let mut code = exit::OK;
    while let Some(report) = reports.next().await {
        code = exit::worse(code, exit::exit_code(&report.findings, fail_on));
        // After a failed write the run still ends with its exit code.
        if let Ok(writer) = &mut stream
            && let Err(e) = writer.domain(&report)
        {
            stream = Err(e);
        }
    }
    if let Err(e) = stream.and_then(output::json::JsonStream::finish) {
        super::note_write_error(&e);
    }
    code
}

/// The HTTPS client for MTA-STS policies, resolving through `dns`.
fn policy_fetcher(args: &CheckArgs, dns: &Dns) -> anyhow::Result<check::mta_sts::PolicyFetcher> {
    use check::mta_sts::FetchSettings;
    let timeout = match args.mta_sts_timeout {
        Some(secs) => settings::timeout("--mta-sts-timeout", secs).map_err(|e| usage(e.0))?,
        None => FetchSettings::default().timeout,
    };
    let settings = FetchSettings {
        ca_file: args.tls_ca_file.clone(),
        port: args.mta_sts_port,
        timeout,
    };
    check::mta_sts::PolicyFetcher::new(dns, &settings).map_err(usage)
}

/// The formatter, with what the CI formats need beyond the run itself.
fn build_formatter(
    format: CheckFormat,
    color: bool,
    fail_on: FailOn,
    origins: BTreeMap<String, Origin>,
    meta: output::html::ReportMeta,
    docs_url: Option<mailaudit::explain::DocsUrl>,
) -> Box<dyn CheckFormatter> {
    match format {
        CheckFormat::Html => Box::new(output::html::HtmlFormatter { meta }),
        CheckFormat::Sarif => Box::new(output::sarif::SarifFormatter { origins, docs_url }),
        CheckFormat::Markdown => Box::new(output::markdown::MarkdownFormatter {
            docs_url,
            lang: meta.lang,
            ..Default::default()
        }),
        CheckFormat::Github => Box::new(output::github::GithubFormatter { origins }),
        CheckFormat::Junit => Box::new(output::junit::JunitFormatter {
            fail_on,
            ..Default::default()
        }),
        other => output::formatter(other, color),
    }
}

/// Domains from the command line and `--domains-file`; the config's list
/// only when neither gives any. Per-domain settings of the config apply
/// wherever the domain came from.
fn plan_domains(
    args: &CheckArgs,
    config: &Config,
    config_label: Option<&str>,
    base: &CheckOptions,
    cwd: &Path,
) -> anyhow::Result<Vec<Planned>> {
    let mut inputs: Vec<(String, Option<Origin>)> = args.domains.iter().map(|d| (d.clone(), None)).collect();
    if let Some(path) = &args.domains_file {
        let text = mailaudit::input::limits::read_settings_file(path)
            .map_err(|e| usage(format!("cannot read domains file {}: {e}", path.display())))?;
        let label = display_path(path, cwd);
        for (line, entry) in domain::parse_domains_file(&text) {
            inputs.push((
                entry,
                Some(Origin {
                    file: label.clone(),
                    line,
                }),
            ));
        }
        if !inputs.iter().any(|(_, origin)| origin.is_some()) {
            return Err(usage(format!(
                "domains file {} lists no domains (one per line; # starts a comment)",
                path.display()
            )));
        }
    }
    let configured = config.configured_domains();
    if inputs.is_empty() {
        inputs = configured
            .iter()
            .map(|d| {
                let origin = config_label.map(|file| Origin {
                    file: file.to_string(),
                    line: d.line,
                });
                (d.name.clone(), origin)
            })
            .collect();
    }
    if inputs.is_empty() {
        return Err(usage(
            "no domain given; try `mailaudit check example.com`, or list domains in mailaudit.toml (`mailaudit init`)",
        ));
    }

    // Linear in the number of domains: 100,000 plan in well under a second.
    if inputs.len() >= 10_000 {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() {
            eprintln!("Planning {} domains...", inputs.len());
        }
    }
    let configured_by_name: std::collections::HashMap<&str, &mailaudit::config::ConfiguredDomain> =
        configured.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut planned_names: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut plan: Vec<Planned> = Vec::new();
    let mut errors = Vec::new();
    for (input, origin) in inputs {
        match domain::normalize(&input) {
            Ok(d) => {
                if !planned_names.insert(d.name.clone()) {
                    continue;
                }
                let mut options = base.clone();
                if let Some(entry) = configured_by_name.get(d.name.as_str()) {
                    for s in &entry.selectors {
                        if !options.selectors.contains(s) {
                            options.selectors.push(s.clone());
                        }
                    }
                    for ip in &entry.ips {
                        if !options.ips.contains(ip) {
                            options.ips.push(*ip);
                        }
                    }
                }
                plan.push(Planned {
                    domain: d,
                    options,
                    origin,
                });
            }
            Err(e) => errors.push(match &origin {
                Some(o) => format!("{}:{}: {e}", o.file, o.line),
                None => e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(usage(errors.join("\n")));
    }
    Ok(plan)
}

/// `--previous FILE`: a saved `check` run, or a usage error that says what is wrong with it.
fn load_previous_check(
    path: &Path,
) -> anyhow::Result<(mailaudit::changes::PreviousRun, mailaudit::changes::SavedCheck)> {
    use mailaudit::changes::{self, Command, Previous};
    let previous = changes::load(path, Command::Check).map_err(|e| usage(format!("--previous: {e}")))?;
    match &previous.run {
        Previous::Check(saved) => {
            let saved = saved.clone();
            Ok((previous, saved))
        }
        Previous::Losses(_) => Err(usage("--previous: not a saved check run")),
    }
}

fn load_baseline(path: &Path) -> anyhow::Result<SavedRun> {
    use mailaudit::input::limits::{CappedReadError, read_text_capped};
    let shown = path.display();
    let text = read_text_capped(path, MAX_BASELINE_BYTES).map_err(|e| match e {
        CappedReadError::TooLarge(_) => usage(format!("baseline {shown} is larger than {MAX_BASELINE_BYTES} bytes")),
        other => usage(format!("cannot read baseline {shown}: {other}")),
    })?;
    SavedRun::parse(&text).map_err(|e| usage(format!("baseline {shown}: {e}")))
}

/// A path as CI annotations want it: relative to the working directory
/// (the repository root in a CI job) when it is inside it.
fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
}

/// A progress bar on stderr for long runs; hidden when stderr is not a terminal.
fn progress_bar(total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if total < 5 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} domains ({eta} left)") {
        bar.set_style(style);
    }
    bar
}
