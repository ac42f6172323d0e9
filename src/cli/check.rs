//! `mailaudit check`.

use super::{print, usage};
use clap::Args;
use futures::StreamExt;
use mailaudit::check::{self, CheckOptions, CheckRun};
use mailaudit::dns::{self, Dns, ResolverSettings};
use mailaudit::domain::{self, NormalizedDomain};
use mailaudit::exit::{self, FailOn};
use mailaudit::output::{self, CheckFormat};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  mailaudit check example.com\n  mailaudit check example.com --selector s1 --ip 192.0.2.10\n  mailaudit check --domains-file clients.txt --format json > audit.json\n  mailaudit check example.com --nameserver 127.0.0.1:5353"
)]
pub struct CheckArgs {
    /// Domains to check (an e-mail address means its domain)
    pub domains: Vec<String>,
    /// Read more domains from FILE, one per line (# starts a comment)
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,
    /// DKIM selector to look for (repeatable); the built-in list is tried too
    #[arg(long = "selector", value_name = "NAME")]
    pub selectors: Vec<String>,
    /// Sending IP to evaluate against SPF and look up on blocklists (repeatable)
    #[arg(long = "ip", value_name = "ADDR")]
    pub ips: Vec<IpAddr>,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub timeout: f64,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// How many domains to check at once
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// Skip blocklist lookups (DNS posture only)
    #[arg(long)]
    pub no_blocklists: bool,
    /// Blocklist zone to query, ZONE[=SPEC] as in `mailaudit blocklist --zone` (repeatable; replaces the built-in lists)
    #[arg(long = "blocklist-zone", value_name = "ZONE[=SPEC]")]
    pub blocklist_zones: Vec<String>,
}

pub async fn run(args: CheckArgs) -> anyhow::Result<u8> {
    let mut inputs = args.domains.clone();
    if let Some(path) = &args.domains_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| usage(format!("cannot read domains file {}: {e}", path.display())))?;
        inputs.extend(domain::parse_domains_file(&text));
    }
    if inputs.is_empty() {
        return Err(usage("no domain given; try `mailaudit check example.com`"));
    }
    let mut domains: Vec<NormalizedDomain> = Vec::new();
    let mut errors = Vec::new();
    for input in &inputs {
        match domain::normalize(input) {
            Ok(d) => {
                if !domains.iter().any(|seen| seen.name == d.name) {
                    domains.push(d);
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(usage(errors.join("\n")));
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 300.0) {
        return Err(usage("--timeout must be between 0 and 300 seconds"));
    }
    if args.concurrency == 0 {
        return Err(usage("--concurrency must be at least 1"));
    }
    for selector in &args.selectors {
        if selector.is_empty() || !dns::is_queryable_name(selector) || selector.contains(char::is_whitespace) {
            return Err(usage(format!("`{selector}` is not a valid DKIM selector")));
        }
    }
    let nameservers = args
        .nameservers
        .iter()
        .map(|n| dns::parse_nameserver(n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(usage)?;
    let settings = ResolverSettings {
        nameservers,
        timeout: Duration::from_secs_f64(args.timeout),
        ..Default::default()
    };
    let dns = Dns::from_settings(&settings).map_err(|e| anyhow::anyhow!("cannot set up DNS: {e}"))?;

    let options = CheckOptions {
        selectors: args.selectors.clone(),
        ips: args.ips.clone(),
        blocklists: !args.no_blocklists,
        blocklist_zones: mailaudit::blocklist::zones::zones_from_specs(&args.blocklist_zones, None)
            .map_err(|e| usage(e.to_string()))?,
    };
    let progress = progress_bar(domains.len());
    let reports: Vec<_> = futures::stream::iter(domains.iter())
        .map(|d| {
            let dns = dns.clone();
            let options = &options;
            let progress = &progress;
            async move {
                let report = check::check_domain(&dns, d, options).await;
                progress.inc(1);
                report
            }
        })
        .buffered(args.concurrency)
        .collect()
        .await;
    progress.finish_and_clear();

    let run = CheckRun::new(reports);
    let color = args.format == CheckFormat::Text && output::stdout_wants_color();
    print(&output::formatter(args.format, color).format(&run));
    Ok(exit::exit_code(run.findings(), args.fail_on))
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
