//! `mailaudit message`: lint campaign e-mails before they are sent.

use super::{dns_from_flags, usage};
use clap::Args;
use mailaudit::exit::{self, FailOn};
use mailaudit::message::{self, Law, MessageOptions, MessageRun};
use mailaudit::output::{self, CheckFormat};
use std::collections::BTreeMap;
use std::io::Read;
use std::net::IpAddr;

/// Bigger than any real campaign; a guard against reading a mailbox by mistake.
const MAX_MESSAGE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  mailaudit message campaign.eml\n  mailaudit message campaign.eml --ip 192.0.2.10 --law il --format json\n  mailaudit message - --transactional < receipt.eml\n  mailaudit message build/*.eml --format github --fail-on warning\n\nThe --law checks look at the form of the message only; they are not legal advice."
)]
pub struct MessageArgs {
    /// Message files (.eml, as sent or as received); `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Sending IP: evaluate the Return-Path domain's SPF for it (repeatable)
    #[arg(long = "ip", value_name = "ADDR")]
    pub ips: Vec<IpAddr>,
    /// Bulk (marketing) mail: one-click unsubscribe required [default]
    #[arg(long, conflicts_with = "transactional")]
    pub bulk: bool,
    /// Transactional mail: no unsubscribe required
    #[arg(long)]
    pub transactional: bool,
    /// Local law to check the message's form against (repeatable): il, us, ca
    #[arg(long = "law", value_enum, value_name = "LAW")]
    pub laws: Vec<Law>,
    /// DKIM selector the message must be signed with (repeatable)
    #[arg(long = "selector", value_name = "NAME")]
    pub selectors: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Language of the HTML and Markdown reports (he: Hebrew, right to left)
    #[arg(long, value_enum, default_value = "en")]
    pub lang: mailaudit::i18n::Lang,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer [default: 5]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Do not look link domains up on blocklists
    #[arg(long)]
    pub no_blocklists: bool,
    /// Blocklist zone to query, ZONE[=SPEC] as in `mailaudit blocklist --zone` (repeatable; replaces the built-in lists)
    #[arg(long = "blocklist-zone", value_name = "ZONE[=SPEC]")]
    pub blocklist_zones: Vec<String>,
}

fn read_input(name: &str) -> anyhow::Result<Vec<u8>> {
    let mut raw = Vec::new();
    let result = if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_MESSAGE_BYTES + 1)
            .read_to_end(&mut raw)
    } else {
        std::fs::File::open(name).and_then(|f| f.take(MAX_MESSAGE_BYTES + 1).read_to_end(&mut raw))
    };
    result.map_err(|e| usage(format!("cannot read {name}: {e}")))?;
    if raw.len() as u64 > MAX_MESSAGE_BYTES {
        return Err(usage(format!(
            "{name} is larger than {MAX_MESSAGE_BYTES} bytes: not one message"
        )));
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(usage(format!("{name} is empty")));
    }
    Ok(raw)
}

pub async fn run(args: MessageArgs) -> anyhow::Result<u8> {
    let outputs = super::outputs::Outputs::parse(&args.output, args.format)?;
    for selector in &args.selectors {
        mailaudit::domain::check_selector(selector).map_err(usage)?;
    }
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(usage("`-` (standard input) can be given once"));
    }
    let blocklist_zones =
        mailaudit::blocklist::zones::zones_from_specs(&args.blocklist_zones, None).map_err(|e| usage(e.to_string()))?;
    // Read every file first: a wrong path is a usage error before any DNS.
    let inputs = args
        .files
        .iter()
        .map(|name| read_input(name).map(|raw| (name.clone(), raw)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let dns = dns_from_flags(&args.nameservers, args.timeout).await?;
    let mut laws = args.laws.clone();
    laws.dedup();
    let options = MessageOptions {
        ips: args.ips.clone(),
        bulk: !args.transactional,
        selectors: args.selectors.clone(),
        laws,
        blocklists: !args.no_blocklists,
        blocklist_zones,
    };
    let mut reports = Vec::new();
    for (name, raw) in &inputs {
        reports.push(message::audit(&dns, name, raw, &options).await);
    }
    let run = MessageRun::new(reports);
    let code = exit::exit_code(run.findings(), args.fail_on);

    let render = |format: CheckFormat, to_stdout: bool| match format {
        CheckFormat::Text => output::message::text(&run, to_stdout && output::stdout_wants_color()),
        CheckFormat::Json => output::message::json(&run),
        other => {
            let check_run = output::message::as_check_run(&run);
            // CI annotations point at the message file itself.
            let origins: BTreeMap<String, mailaudit::config::Origin> = run
                .messages
                .iter()
                .filter(|m| m.file != "-")
                .map(|m| {
                    let origin = mailaudit::config::Origin {
                        file: m.file.clone(),
                        line: 1,
                    };
                    (m.file.clone(), origin)
                })
                .collect();
            let formatter: Box<dyn output::CheckFormatter> = match other {
                CheckFormat::Sarif => Box::new(output::sarif::SarifFormatter {
                    origins,
                    ..Default::default()
                }),
                CheckFormat::Github => Box::new(output::github::GithubFormatter { origins }),
                CheckFormat::Junit => Box::new(output::junit::JunitFormatter {
                    fail_on: args.fail_on,
                    cases: output::message::JUNIT_CASES,
                }),
                CheckFormat::Html => Box::new(output::html::message::MessageHtmlFormatter {
                    meta: output::html::ReportMeta {
                        generated: output::html::ReportMeta::today(),
                        lang: args.lang,
                        ..Default::default()
                    },
                }),
                CheckFormat::Markdown => Box::new(output::markdown::MarkdownFormatter {
                    lang: args.lang,
                    ..Default::default()
                }),
                format => output::formatter(format, false),
            };
            if other == CheckFormat::Github {
                // Annotations are capped; the job summary is the full list.
                if let Err(e) = output::github::append_step_summary(&check_run, None) {
                    eprintln!("warning: cannot write the job summary (GITHUB_STEP_SUMMARY): {e}");
                }
            }
            formatter.format(&check_run)
        }
    };
    outputs.write(|format, to_stdout| Ok(render(format, to_stdout)))?;
    Ok(code)
}
