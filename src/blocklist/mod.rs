//! DNS blocklists (RFC 5782): is a sending IP or domain listed, on which list
//! and sub-list, why, and where to ask for removal.
//!
//! - [`zones`]: the built-in lists, their return-code tables, user zone specs.
//! - [`targets`]: what to look up (addresses, small ranges, domains).
//! - [`query`]: query names, bounded concurrent lookups, decoding.
//! - `self_test`, `findings`, `text`: the RFC 5782 self-test, results into
//!   findings, the text report.
//!
//! Three outcomes are never folded into "not listed": a refused query (the list
//! answered a code meaning "not for you"), a failed lookup, and an answer no
//! list gives. A clean report lists what was checked, so "not listed" is a
//! claim the reader can verify.

mod findings;
pub mod query;
mod self_test;
pub mod targets;
pub mod zones;

use crate::dns::Dns;
use crate::figures::plural;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use query::{Cause, Limits, Probe, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use findings::findings;
pub use query::ListResult;
use self_test::{apply_self_tests, run_self_test};
pub use targets::{Target, TargetSet, parse_target};
pub use zones::{Weight, Zone, ZoneKind, builtin_zones};

pub static LISTED: Code = Code {
    code: "blocklist.listed",
    severity: Severity::Error,
    title: "Listed on a blocklist",
    explanation: "A blocklist lists this sending address or domain. Receivers that consult the list reject the \
    mail or file it as spam, and the sender is rarely told. Major lists (Spamhaus, Barracuda, SpamCop) are \
    consulted by many large receivers, so a listing there is an error; a listing on a minor list is a warning.",
    fix: "Find and stop the cause first (a compromised account or machine, a bought or stale list hitting spam \
    traps, an open relay), then request removal on the list's delisting page.",
    incomplete: false,
};

pub static QUERY_REFUSED: Code = Code {
    code: "blocklist.query_refused",
    severity: Severity::Warning,
    title: "Blocklist refused the query",
    explanation: "The list answered with a code that means it refused the query, not that the target is listed: \
    Spamhaus answers 127.255.255.254 to queries through public resolvers (Google, Cloudflare, Quad9) and \
    127.255.255.255 to resolvers that ask too much; URIBL and SURBL answer 127.0.0.1. The target was not \
    checked on that list.",
    fix: "Run the check through your own recursive resolver (--nameserver) instead of a public one, or use the \
    list's data-query service (Spamhaus DQS gives a free key for low-volume use).",
    incomplete: true,
};

pub static RANGE_NOT_LOOKED_UP: Code = Code {
    code: "blocklist.range_not_looked_up",
    severity: Severity::Info,
    title: "SPF range not looked up on blocklists",
    explanation: "`check` looks up single addresses and SPF ranges up to /28 (16 addresses). A wider range \
    (up to /24, 256 addresses) would cost hundreds of queries per list for every domain audited, so it is \
    named here instead of being looked up. Nothing is known about its addresses either way.",
    fix: "Look the range up on its own: `mailaudit blocklist CIDR` (ranges up to /24), or pass the addresses \
    that really send with --ip.",
    incomplete: false,
};

pub static UNKNOWN: Code = Code {
    code: "blocklist.unknown",
    severity: Severity::Warning,
    title: "Blocklist status unknown",
    explanation: "The lookup on a list failed (timeout, SERVFAIL), came back with an answer no list gives (an \
    address outside 127.0.0.0/8, the mark of a resolver that rewrites unknown names), the list failed its \
    RFC 5782 self-test (it did not list its own test entry, or it lists everything), or the address was not \
    looked up because the run reached its limit. The target may or may not be listed; this is never read \
    as \"not listed\".",
    fix: "Each finding names its cause and fix: run again later when a list did not answer; use a resolver \
    that does not rewrite answers (--nameserver) when one does; run `mailaudit blocklist --self-test` to see \
    which lists answer correctly.",
    incomplete: true,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&LISTED, &QUERY_REFUSED, &RANGE_NOT_LOOKED_UP, &UNKNOWN];

/// How a run goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Self-test every zone, not only the zones some target is looked up on
    /// (`mailaudit blocklist --self-test`, which has no targets). Every run
    /// self-tests the lists it uses.
    pub self_test: bool,
}

/// Counts over all (target, list) pairs: every pair lands in exactly one of
/// `listed`, `not_listed`, `query_refused`, `unknown`, `not_checked` and
/// `other_kind`, so they sum to `pairs` (= `targets` × `lists`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub targets: usize,
    pub lists: usize,
    #[serde(default)]
    pub pairs: usize,
    pub listed: usize,
    pub not_listed: usize,
    pub query_refused: usize,
    pub unknown: usize,
    /// Deliberately not asked (an IPv6 address on a list without IPv6 data).
    pub not_checked: usize,
    /// A domain and an IP list, or an address and a domain list: nothing to ask.
    #[serde(default)]
    pub other_kind: usize,
    /// Addresses not looked up at all because the run reached the cap (not
    /// counted in `targets`).
    #[serde(default)]
    pub not_looked_up: usize,
}

/// What a list's RFC 5782 test entries showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfTestStatus {
    /// Test entry listed, never-listed entry not listed.
    Ok,
    /// The never-listed entry is listed: every answer is "listed".
    AnswersEverything,
    /// The always-listed entry is not listed: the list is dead or blocked.
    TestEntryMissing,
    Refused,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfTest {
    pub zone: String,
    pub list: String,
    pub status: SelfTestStatus,
    pub detail: String,
}

/// Everything a blocklist run learned. Serialised as `blocklist` in `check`'s
/// JSON and as `report` in `mailaudit blocklist --format json` (docs/blocklist.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BlocklistReport {
    pub summary: Summary,
    pub zones: Vec<Zone>,
    pub targets: Vec<Target>,
    /// What was deliberately not looked up, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// One entry per (target, list) pair of matching kind.
    pub results: Vec<ListResult>,
    /// The RFC 5782 self-test of every list used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub self_test: Vec<SelfTest>,
}

/// Look every target up on every list of its kind.
pub async fn check_targets(dns: &Dns, targets: &TargetSet, zones: &[Zone]) -> (BlocklistReport, Vec<Finding>) {
    check_targets_with(dns, targets, zones, Options::default()).await
}

pub async fn check_targets_with(
    dns: &Dns,
    targets: &TargetSet,
    zones: &[Zone],
    options: Options,
) -> (BlocklistReport, Vec<Finding>) {
    let limits = Limits::new(zones);
    let limits_ref = &limits;
    let lookups = targets.targets.iter().flat_map(|target| {
        zones
            .iter()
            .filter(move |zone| zone.kind == target.kind)
            .map(move |zone| query::lookup_pair(dns, limits_ref, target, zone))
    });
    // The self-test is not optional: a dead list or a resolver that rewrites
    // answers would otherwise read as "not listed" (or "listed"). `Dns`
    // caches per run, so many domains in one run ask each list once.
    let tested: Vec<&Zone> = zones
        .iter()
        .filter(|z| options.self_test || targets.targets.iter().any(|t| t.kind == z.kind))
        .collect();
    let self_test_run = run_self_test(dns, &limits, &tested);
    let (mut results, self_tests) = futures::join!(futures::future::join_all(lookups), self_test_run);
    apply_self_tests(&mut results, &self_tests);

    let mut findings = findings(targets, zones, &results);
    if targets.over_cap > 0 {
        findings.push(over_cap_finding(targets));
    }
    if !targets.skipped.is_empty() {
        findings.push(ranges_finding(&targets.skipped));
    }
    let pairs = targets.targets.len() * zones.len();
    let summary = Summary {
        targets: targets.targets.len(),
        lists: zones.len(),
        pairs,
        listed: count(&results, Status::Listed),
        not_listed: count(&results, Status::NotListed),
        query_refused: count(&results, Status::QueryRefused),
        unknown: count(&results, Status::Unknown),
        not_checked: count(&results, Status::NotChecked),
        other_kind: pairs.saturating_sub(results.len()),
        not_looked_up: targets.over_cap,
    };
    let report = BlocklistReport {
        summary,
        zones: zones.to_vec(),
        targets: targets.targets.clone(),
        skipped: targets.skipped.clone(),
        results,
        self_test: self_tests,
    };
    (report, findings)
}

fn over_cap_finding(targets: &TargetSet) -> Finding {
    let n = targets.over_cap;
    let (noun, verb, pronoun) = if n == 1 {
        ("address", "was", "it")
    } else {
        ("addresses", "were", "they")
    };
    Finding::new(
        &UNKNOWN,
        format!(
            "{n} {noun} {verb} not looked up: the run reached its limit of {} addresses, so {pronoun} may or may \
             not be listed.",
            targets::MAX_IP_TARGETS
        ),
    )
    .subject(format!("{n} {noun} not looked up"))
    .evidence(format!("from: {}", targets.over_cap_sources.join(", ")))
    .fix(format!(
        "Look the rest up with `mailaudit blocklist CIDR`, a range at a time (up to {} addresses per run), or \
         narrow the SPF ranges to the addresses that really send.",
        targets::MAX_IP_TARGETS
    ))
}

/// Ranges deliberately not looked up: said once, as information.
fn ranges_finding(skipped: &[String]) -> Finding {
    let n = skipped.len();
    let ranges: Vec<&str> = skipped
        .iter()
        .map(|s| s.split(' ').next().unwrap_or(s.as_str()))
        .collect();
    let shown = ranges.iter().take(8).copied().collect::<Vec<_>>().join(", ");
    let more = if n > 8 {
        format!(" and {} more", n - 8)
    } else {
        String::new()
    };
    Finding::new(
        &RANGE_NOT_LOOKED_UP,
        format!(
            "{n} SPF range{} wider than /{} {} not looked up on blocklists: {shown}{more}.",
            plural(n),
            targets::MAX_SPF_PREFIX_EXPANDED,
            if n == 1 { "was" } else { "were" }
        ),
    )
    .subject(if n == 1 {
        ranges[0].to_string()
    } else {
        format!("{n} SPF ranges")
    })
    .evidence(skipped.join("; "))
}

fn count(results: &[ListResult], status: Status) -> usize {
    results.iter().filter(|r| r.status == status).count()
}

#[cfg(test)]
mod tests;
