//! `mailaudit blocklist`: look addresses, small IPv4 ranges and domains up on
//! DNS blocklists.

use super::outputs::Outputs;
use super::{print, usage};
use clap::Args;
use mailaudit::blocklist::{self, Options, TargetSet, zones};
use mailaudit::check::sort_findings;
use mailaudit::exit::{self, FailOn};
use mailaudit::output;
use std::path::PathBuf;

#[derive(Args, Debug)]
#[command(
    after_help = "Targets: an IPv4 or IPv6 address, an IPv4 range up to /24 (a sending pool), or a domain.\n\n\
Zones: --zone ZONE[=SPEC] and --zones-file replace the built-in lists (add `builtin` to keep them).\n\
SPEC is comma-separated: a built-in list id (borrow its code table), ip|domain, major|minor,\n\
ipv6|no-ipv6, name=TEXT, delist=URL. See --list-zones and docs/blocklist.md.\n\n\
Examples:\n  mailaudit blocklist 192.0.2.10 example.com\n  mailaudit blocklist 192.0.2.0/28 --format json\n  \
mailaudit blocklist 192.0.2.10 --zone builtin --zone bl.example.net=major\n  mailaudit blocklist --self-test --nameserver 127.0.0.1"
)]
pub struct BlocklistArgs {
    /// Addresses, IPv4 ranges up to /24, or domains to look up
    #[arg(value_name = "TARGET")]
    pub inputs: Vec<String>,
    /// Blocklist zone to query, ZONE[=SPEC] (repeatable; replaces the built-in lists)
    #[arg(long = "zone", value_name = "ZONE[=SPEC]")]
    pub zones: Vec<String>,
    /// Read zones from FILE, one `ZONE [SPEC]` per line (`builtin` includes the built-in lists)
    #[arg(long, value_name = "FILE")]
    pub zones_file: Option<PathBuf>,
    /// Send every DNS query to this server only (IP or IP:PORT; repeatable)
    #[arg(long = "nameserver", value_name = "IP[:PORT]")]
    pub nameservers: Vec<String>,
    /// Seconds to wait for one DNS answer [default: 5]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: BlocklistFormat,
    #[command(flatten)]
    pub output: super::outputs::OutputArgs,
    /// Lowest severity that makes the exit code 1 (major-list listings are errors, minor-list ones warnings)
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Only test the lists: ask each its RFC 5782 test entries (every lookup does this too, for the lists it uses)
    #[arg(long)]
    pub self_test: bool,
    /// Print the zones that would be queried (built-in unless replaced) and exit
    // A table for the terminal: targets, --self-test or --output with it would be ignored.
    #[arg(long, conflicts_with_all = ["inputs", "self_test", "outputs"])]
    pub list_zones: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BlocklistFormat {
    /// Human-readable report
    Text,
    /// Stable JSON, schema_version 1 (docs/blocklist.md)
    Json,
}

pub async fn run(args: BlocklistArgs) -> anyhow::Result<u8> {
    let outputs = Outputs::parse(&args.output, args.format)?;
    let zones_file = match &args.zones_file {
        Some(path) => Some(
            mailaudit::input::limits::read_settings_file(path)
                .map_err(|e| usage(format!("cannot read zones file {}: {e}", path.display())))?,
        ),
        None => None,
    };
    // An empty file is a mistake (wrong file, all commented out): falling back
    // to the built-in lists would query lists the user meant to replace.
    if let (Some(path), Some(text)) = (&args.zones_file, &zones_file)
        && zones::parse_zones_file(text).is_ok_and(|entries| entries.is_empty())
    {
        return Err(usage(format!("zones file {} has no zones", path.display())));
    }
    let zones = zones::zones_from_specs(&args.zones, zones_file.as_deref()).map_err(|e| usage(e.to_string()))?;
    if args.list_zones {
        print(&output::blocklist::list_zones(&zones));
        return Ok(exit::OK);
    }
    if zones.is_empty() {
        return Err(usage("no blocklist zone to query"));
    }
    if args.inputs.is_empty() && !args.self_test {
        return Err(usage(
            "no target given; try `mailaudit blocklist 192.0.2.10` or `mailaudit blocklist example.com`",
        ));
    }
    if args.self_test && !args.inputs.is_empty() {
        return Err(usage(
            "--self-test only tests the lists and takes no targets (every lookup self-tests the lists it uses)",
        ));
    }
    let mut targets = TargetSet::default();
    // Single addresses and domains first, ranges after.
    let (ranges, singles): (Vec<&String>, Vec<&String>) = args.inputs.iter().partition(|i| i.contains('/'));
    let errors: Vec<String> = singles
        .into_iter()
        .chain(ranges)
        .filter_map(|input| blocklist::parse_target(input, &mut targets).err())
        .map(|e| e.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(usage(errors.join("\n")));
    }
    if targets.over_cap > 0 {
        return Err(usage(format!(
            "too many addresses: {} given, at most {} are looked up in one run; split the targets over several runs",
            targets.over_cap + targets.targets.iter().filter(|t| t.address().is_some()).count(),
            blocklist::targets::MAX_IP_TARGETS
        )));
    }
    let dns = super::dns_from_flags(&args.nameservers, args.timeout).await?;

    let options = Options {
        self_test: args.self_test,
    };
    let (report, mut findings) = blocklist::check_targets_with(&dns, &targets, &zones, options).await;
    sort_findings(&mut findings);
    outputs.write(|format, _| {
        Ok(match format {
            BlocklistFormat::Json => output::blocklist::json(&report, &findings),
            BlocklistFormat::Text => output::blocklist::text(&report, &findings),
        })
    })?;
    let code = exit::exit_code(&findings, args.fail_on);
    // `--self-test` alone: lists that fail their test entries make the run incomplete.
    let self_test_failed = report
        .self_test
        .iter()
        .any(|t| t.status != blocklist::SelfTestStatus::Ok);
    if code == exit::OK && self_test_failed {
        return Ok(exit::INCOMPLETE);
    }
    Ok(code)
}
