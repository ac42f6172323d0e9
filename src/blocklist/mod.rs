//! DNS blocklists (RFC 5782): is a sending IP or domain listed, on which list
//! and sub-list, why, and where to ask for removal.
//!
//! - [`zones`]: the built-in lists, their return-code tables, user zone specs.
//! - [`targets`]: what to look up (addresses, small ranges, domains).
//! - [`query`]: query names, bounded concurrent lookups, decoding.
//!
//! Three outcomes are never folded into "not listed": a refused query (the list
//! answered a code meaning "not for you"), a failed lookup, and an answer no
//! list gives. A clean report lists what was checked, so "not listed" is a
//! claim the reader can verify.

pub mod query;
pub mod targets;
pub mod zones;

use crate::dns::Dns;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use query::{Cause, Limits, Probe, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use query::ListResult;
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

const DEAD_LIST: &str = "this list did not list its own test entry: it is dead, blocks your resolver, or your \
                         resolver rewrites answers";

/// Ask every zone both RFC 5782 test entries.
async fn run_self_test(dns: &Dns, limits: &Limits, zones: &[&Zone]) -> Vec<SelfTest> {
    let probes = zones.iter().map(|zone| async move {
        let (positive, negative) = query::test_names(zone);
        let (p, n) = futures::join!(
            query::probe(dns, limits, zone, &positive),
            query::probe(dns, limits, zone, &negative)
        );
        let (status, detail) = match (p, n) {
            (_, Probe::Listed) => (
                SelfTestStatus::AnswersEverything,
                format!(
                    "{negative} is answered as listed, though RFC 5782 says it never is: the resolver rewrites \
                     answers or the list answers every query as listed, so its listings cannot be trusted"
                ),
            ),
            (Probe::Listed, Probe::NotListed) => (
                SelfTestStatus::Ok,
                format!("{positive} is listed and {negative} is not, as RFC 5782 says"),
            ),
            (Probe::NotListed, _) => (
                SelfTestStatus::TestEntryMissing,
                format!("{DEAD_LIST} ({positive} should always be listed but is not)"),
            ),
            (Probe::Refused(why), _) | (Probe::Listed, Probe::Refused(why)) => (SelfTestStatus::Refused, why),
            (Probe::Unknown(why), _) | (Probe::Listed, Probe::Unknown(why)) => (
                SelfTestStatus::Unknown,
                format!("the test entries could not be asked: {why}"),
            ),
        };
        SelfTest {
            zone: zone.zone.clone(),
            list: zone.name.clone(),
            status,
            detail,
        }
    });
    futures::future::join_all(probes).await
}

/// Results a failed self-test makes untrustworthy become unknown.
fn apply_self_tests(results: &mut [ListResult], self_tests: &[SelfTest]) {
    for test in self_tests {
        let (untrusted, cause) = match test.status {
            SelfTestStatus::AnswersEverything => (Status::Listed, Cause::AnswersEverything),
            SelfTestStatus::TestEntryMissing => (Status::NotListed, Cause::DeadList),
            _ => continue,
        };
        for result in results
            .iter_mut()
            .filter(|r| r.zone == test.zone && r.status == untrusted)
        {
            result.status = Status::Unknown;
            result.cause = Some(cause);
            result.detail = Some(test.detail.clone());
        }
    }
}

/// The fix for one cause of refused or unknown results.
fn cause_fix(cause: Cause) -> &'static str {
    match cause {
        Cause::NoAnswer => {
            "The list did not answer (timeout or server failure); run again later. If it keeps failing, the list \
             may be down or overloaded."
        }
        Cause::ResolverRefused => {
            "Your DNS server refused the query: run the check through a resolver that answers you (--nameserver)."
        }
        Cause::RewrittenAnswer => {
            "Your resolver rewrites answers (it returns an address of its own for names that do not exist, as many \
             ISP and some public resolvers do): run the check through a resolver that does not, such as your own \
             recursive resolver (--nameserver)."
        }
        Cause::ListRefused => {
            "Lists such as Spamhaus and URIBL refuse queries that reach them through large public resolvers \
             (Google 8.8.8.8, Cloudflare 1.1.1.1, Quad9) or that ask too much. Run the check through your own \
             recursive resolver (--nameserver), or use the list's data-query service: Spamhaus DQS gives a free \
             key for low-volume use."
        }
        Cause::DeadList => {
            "The list did not list its own test entry: it is dead, blocks your resolver, or your resolver rewrites \
             answers. Run the check through another resolver (--nameserver); if the list is dead, drop it (--zone)."
        }
        Cause::AnswersEverything => {
            "The list (or your resolver) answers every query as listed, so no listing from it means anything: \
             run the check through another resolver (--nameserver), or drop the list (--zone)."
        }
        Cause::BadName => "The query name is longer than DNS allows; nothing can be asked for this target.",
    }
}

fn findings(targets: &TargetSet, zones: &[Zone], results: &[ListResult]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let zone_of = |name: &str| zones.iter().find(|z| z.zone == name);
    let sources_of = |target: &str| {
        targets
            .targets
            .iter()
            .find(|t| t.target == target)
            .map(|t| t.sources.join(", "))
            .unwrap_or_default()
    };
    for result in results.iter().filter(|r| r.status == Status::Listed) {
        let Some(zone) = zone_of(&result.zone) else { continue };
        let mut sublists: Vec<&str> = result
            .listings
            .iter()
            .map(|l| l.sublist.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        sublists.dedup();
        let on = if sublists.is_empty() {
            zone.name.clone()
        } else {
            format!("{} ({})", zone.name, sublists.join(", "))
        };
        let mut message = format!("{} is listed on {on}", result.target);
        if let Some(first) = result.listings.first() {
            message.push_str(&format!(": {}", first.meaning));
            if result.listings.len() > 1 {
                let rest: Vec<&str> = result.listings[1..].iter().map(|l| l.meaning.as_str()).collect();
                message.push_str(&format!("; {}", rest.join("; ")));
            }
        }
        message.push('.');
        let mut evidence = format!("{} -> {}", result.query, result.answers.join(", "));
        if let Some(reason) = &result.reason {
            evidence.push_str(&format!("; reason: \"{reason}\""));
        }
        let sources = sources_of(&result.target);
        if !sources.is_empty() {
            evidence.push_str(&format!("; checked as: {sources}"));
        }
        let mut finding = Finding::new(&LISTED, message)
            .severity(zone.weight.severity())
            .subject(result.target.clone())
            .evidence(evidence);
        let mut fix = finding.fix.clone().unwrap_or_default();
        if sublists.contains(&"PBL") {
            // PBL is policy, not reputation: the cure is the route, not a removal request.
            let pbl = "A PBL listing means this address is not meant to send mail directly to other servers: send \
                       through your provider's or ESP's mail server, or, if it is a real mail server, ask for removal.";
            fix = if sublists.iter().all(|s| *s == "PBL") {
                pbl.to_string()
            } else {
                let mut chars = fix.chars();
                let lowered: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
                format!("{pbl} For the other listings: {lowered}{}", chars.as_str())
            };
        }
        if let Some(url) = &zone.delist_url {
            fix.push_str(&format!(" Delisting page: {url}"));
        }
        finding = finding.fix(fix);
        findings.push(finding);
    }
    // Refusals and failures are about the list or the resolver, not the
    // target: one finding per cause (a refusal: per list explanation), naming
    // the lists and targets affected.
    type Key = (Status, Cause, String);
    let mut groups: BTreeMap<Key, Vec<&ListResult>> = BTreeMap::new();
    for result in results
        .iter()
        .filter(|r| matches!(r.status, Status::QueryRefused | Status::Unknown))
    {
        let cause = result.cause.unwrap_or(Cause::NoAnswer);
        // A refusal's explanation is the list's own; other causes merge across lists.
        let detail_key = if cause == Cause::ListRefused {
            result.detail.clone().unwrap_or_default()
        } else {
            String::new()
        };
        groups
            .entry((result.status, cause, detail_key))
            .or_default()
            .push(result);
    }
    for ((status, cause, _), group) in groups {
        let first = group[0];
        let mut lists: Vec<&str> = Vec::new();
        let mut list_zones: Vec<&str> = Vec::new();
        for r in &group {
            if !list_zones.contains(&r.zone.as_str()) {
                list_zones.push(&r.zone);
                lists.push(&r.list);
            }
        }
        let mut target_names: Vec<&str> = Vec::new();
        for r in &group {
            if !target_names.contains(&r.target.as_str()) {
                target_names.push(&r.target);
            }
        }
        let n = target_names.len();
        let what = if n == 1 {
            target_names[0].to_string()
        } else {
            format!("{n} targets")
        };
        let on = lists.join(", ");
        let detail = first.detail.clone().unwrap_or_default();
        let (code, message) = match status {
            Status::QueryRefused => (
                &QUERY_REFUSED,
                format!("{on} refused the lookup of {what}, so it was not checked there (not a listing): {detail}"),
            ),
            _ => {
                let why = match cause {
                    Cause::NoAnswer => "the list did not answer".to_string(),
                    Cause::ResolverRefused => "your DNS server refused the query".to_string(),
                    Cause::RewrittenAnswer => "your resolver rewrites answers (an answer outside 127.0.0.0/8, \
                                               which no blocklist gives)"
                        .to_string(),
                    _ => detail.clone(),
                };
                (
                    &UNKNOWN,
                    format!(
                        "Could not tell whether {what} {} listed on {on}: {why}.",
                        if n == 1 { "is" } else { "are" }
                    ),
                )
            }
        };
        let shown: Vec<&str> = target_names.iter().take(5).copied().collect();
        let more = if n > 5 {
            format!(" and {} more", n - 5)
        } else {
            String::new()
        };
        let mut asked: Vec<String> = Vec::new();
        for zone in &list_zones {
            if let Some(r) = group.iter().find(|r| r.zone == *zone) {
                let answer = if r.answers.is_empty() {
                    String::new()
                } else {
                    format!(" -> {}", r.answers.join(", "))
                };
                let name = if r.query.is_empty() { &r.zone } else { &r.query };
                asked.push(format!("{name}{answer}"));
            }
        }
        let evidence = format!("{} ({detail}); targets: {}{more}", asked.join("; "), shown.join(", "));
        findings.push(
            Finding::new(code, message.replace("..", "."))
                .subject(list_zones.join(", "))
                .evidence(evidence)
                .fix(cause_fix(cause)),
        );
    }
    findings
}

/// How many clean lines are shown one by one in the text report before the
/// rest are summed up in one line.
const CLEAN_LINES_SHOWN: usize = 10;

/// One line of the text report under construction: a target, or a run of
/// consecutive addresses with the same sources and the same result.
struct Line<'a> {
    first: &'a Target,
    last: &'a Target,
    count: usize,
    clean: bool,
    listed: bool,
    text: String,
}

impl BlocklistReport {
    /// Lines for the text report: what was checked and the result per target
    /// and list, so "not listed" is a claim the user can read.
    pub fn text_lines(&self) -> Vec<String> {
        let s = &self.summary;
        let mut lines = vec![format!(
            "{} target{} on {} list{}: {} listing{}, {} refused, {} unknown",
            s.targets,
            plural(s.targets),
            s.lists,
            plural(s.lists),
            s.listed,
            plural(s.listed),
            s.query_refused,
            s.unknown
        )];
        let mut by_target: std::collections::HashMap<&str, Vec<&ListResult>> = std::collections::HashMap::new();
        for result in &self.results {
            by_target.entry(result.target.as_str()).or_default().push(result);
        }
        let mut runs: Vec<Line> = Vec::new();
        for target in &self.targets {
            let results = by_target.remove(target.target.as_str()).unwrap_or_default();
            let clean = !results.is_empty()
                && results
                    .iter()
                    .all(|r| matches!(r.status, Status::NotListed | Status::NotChecked));
            let text = describe(&results);
            // A listing is always its own line; other results of a range's
            // consecutive addresses that read the same are one line.
            let listed = results.iter().any(|r| r.status == Status::Listed);
            if let Some(run) = runs.last_mut()
                && !listed
                && !run.listed
                && run.text == text
                && run.last.sources == target.sources
                && next_address(run.last) == target.address()
            {
                run.last = target;
                run.count += 1;
                continue;
            }
            runs.push(Line {
                first: target,
                last: target,
                count: 1,
                clean,
                listed,
                text,
            });
        }
        let clean_runs = runs.iter().filter(|r| r.clean).count();
        let sum_clean = clean_runs > CLEAN_LINES_SHOWN;
        // Many lines with the same problem (a dead list behind a long SPF
        // tree) read as one: the finding names the cause already.
        let mut same_text: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for run in runs.iter().filter(|r| !r.clean && !r.listed) {
            *same_text.entry(run.text.as_str()).or_default() += 1;
        }
        let mut summed: Vec<&Line> = Vec::new();
        let mut summed_same: Vec<(&str, Vec<&Line>)> = Vec::new();
        for run in &runs {
            if sum_clean && run.clean {
                summed.push(run);
                continue;
            }
            if !run.clean && !run.listed && same_text.get(run.text.as_str()).is_some_and(|n| *n > CLEAN_LINES_SHOWN) {
                match summed_same.iter_mut().find(|(t, _)| *t == run.text) {
                    Some((_, group)) => group.push(run),
                    None => summed_same.push((run.text.as_str(), vec![run])),
                }
                continue;
            }
            lines.push(run_line(run));
        }
        for (text, group) in &summed_same {
            let n: usize = group.iter().map(|r| r.count).sum();
            let mut sources: Vec<&str> = group
                .iter()
                .flat_map(|r| r.first.sources.iter().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let shown = sources.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let more_sources = if sources.len() > 5 {
                format!(" and {} more", sources.len() - 5)
            } else {
                String::new()
            };
            let more = if lines.len() > 1 { "more " } else { "" };
            lines.push(format!("{n} {more}target{} [{shown}{more_sources}]: {text}", plural(n)));
        }
        if !summed.is_empty() {
            let n: usize = summed.iter().map(|r| r.count).sum();
            let mut sources: Vec<&str> = summed
                .iter()
                .flat_map(|r| r.first.sources.iter().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let lists: Vec<&str> = self
                .zones
                .iter()
                .filter(|z| summed.iter().any(|r| r.first.kind == z.kind))
                .map(|z| z.name.as_str())
                .collect();
            // "more" only when some target was named before this line.
            let more = if lines.len() > 1 { "more " } else { "" };
            lines.push(format!(
                "{n} {more}target{} [{}]: not listed on {}{}",
                plural(n),
                sources.join(", "),
                lists.join(", "),
                if summed.iter().any(|r| r.first.target.contains(':')) {
                    " (IPv6 addresses only on lists with IPv6 data)"
                } else {
                    ""
                }
            ));
        }
        for skipped in &self.skipped {
            lines.push(format!("not looked up: {skipped}"));
        }
        if self.summary.not_looked_up > 0 {
            let n = self.summary.not_looked_up;
            lines.push(format!(
                "not looked up: {n} more address{} over the limit of {} (status unknown)",
                if n == 1 { "" } else { "es" },
                targets::MAX_IP_TARGETS
            ));
        }
        // A passing self-test is news only when it is all the run did.
        let test_only = self.targets.is_empty();
        for test in self
            .self_test
            .iter()
            .filter(|t| test_only || t.status != SelfTestStatus::Ok)
        {
            let status = match test.status {
                SelfTestStatus::Ok => "ok",
                SelfTestStatus::AnswersEverything => "ANSWERS EVERYTHING",
                SelfTestStatus::TestEntryMissing => "TEST ENTRY MISSING",
                SelfTestStatus::Refused => "refused",
                SelfTestStatus::Unknown => "unknown",
            };
            lines.push(format!(
                "self-test {} ({}): {status}: {}",
                test.list, test.zone, test.detail
            ));
        }
        lines
    }
}

/// The address right after `target`'s, for joining runs of a range.
fn next_address(target: &Target) -> Option<std::net::IpAddr> {
    match target.address()? {
        std::net::IpAddr::V4(v4) => u32::from(v4).checked_add(1).map(|n| std::net::IpAddr::V4(n.into())),
        std::net::IpAddr::V6(v6) => u128::from(v6).checked_add(1).map(|n| std::net::IpAddr::V6(n.into())),
    }
}

/// A run as one line: a single target as itself, a run of addresses as the
/// range it covers ("192.0.2.0/28 (16 addresses)"), its sources without the
/// range repeated.
fn run_line(run: &Line) -> String {
    if run.count == 1 {
        return format!("{} [{}]: {}", run.first.target, run.first.sources.join(", "), run.text);
    }
    let range = match (run.first.address(), run.last.address()) {
        (Some(first), Some(last)) => {
            let max = if first.is_ipv4() { 32 } else { 128 };
            let cidr = run
                .count
                .is_power_of_two()
                .then(|| max - run.count.trailing_zeros() as u8)
                .and_then(|prefix| ipnet::IpNet::new(first, prefix).ok())
                .filter(|net| net.network() == first && net.broadcast() == last);
            match cidr {
                Some(net) => net.to_string(),
                None => format!("{first}-{last}"),
            }
        }
        _ => format!("{}-{}", run.first.target, run.last.target),
    };
    let sources: Vec<String> = run
        .first
        .sources
        .iter()
        .map(|s| {
            s.strip_suffix(&format!(":{range}"))
                .or_else(|| s.strip_suffix(&format!(" {range}")))
                .unwrap_or(s)
                .to_string()
        })
        .collect();
    format!(
        "{range} ({} addresses) [{}]: {}",
        run.count,
        sources.join(", "),
        run.text
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One target's results in one line: listings first, then problems, then the
/// lists it is not on.
fn describe(results: &[&ListResult]) -> String {
    if results.is_empty() {
        return "no list of this kind configured".into();
    }
    let names = |status: Status| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.list.clone())
            .collect()
    };
    let mut parts = Vec::new();
    for r in results.iter().filter(|r| r.status == Status::Listed) {
        let subs: Vec<&str> = r
            .listings
            .iter()
            .map(|l| l.sublist.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        parts.push(if subs.is_empty() {
            format!("LISTED on {}", r.list)
        } else {
            format!("LISTED on {} ({})", r.list, subs.join(", "))
        });
    }
    let refused = names(Status::QueryRefused);
    if !refused.is_empty() {
        parts.push(format!("query refused by {}", refused.join(", ")));
    }
    let unknown = names(Status::Unknown);
    if !unknown.is_empty() {
        parts.push(format!("unknown on {}", unknown.join(", ")));
    }
    let clean = names(Status::NotListed);
    if !clean.is_empty() {
        parts.push(format!("not listed on {}", clean.join(", ")));
    }
    let skipped = names(Status::NotChecked);
    if !skipped.is_empty() {
        parts.push(format!("not asked on {} (no IPv6 data)", skipped.join(", ")));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::fake::FakeDns;
    use crate::dns::{QueryType, RecordData};
    use zones::test_zone;

    fn a(addr: &str) -> Vec<RecordData> {
        vec![RecordData::A(addr.parse().unwrap())]
    }

    /// A resolver where every zone passes its self-test (127.0.0.2 listed,
    /// dbltest.com for DBL-like zones).
    fn healthy(zones: &[&str]) -> FakeDns {
        let mut dns = FakeDns::default();
        for zone in zones {
            dns = dns.set(&format!("2.0.0.127.{zone}"), QueryType::A, a("127.0.0.2")).set(
                &format!("dbltest.com.{zone}"),
                QueryType::A,
                a("127.0.1.2"),
            );
        }
        dns
    }

    fn set(items: &[&str]) -> TargetSet {
        let mut s = TargetSet::default();
        for i in items {
            parse_target(i, &mut s).unwrap();
        }
        s
    }

    #[tokio::test]
    async fn listing_on_major_is_error_and_minor_is_warning() {
        let zones = [test_zone("zen.bl.test=spamhaus-zen"), test_zone("minor.bl.test")];
        let dns = healthy(&["zen.bl.test", "minor.bl.test"])
            .set("1.2.0.192.zen.bl.test", QueryType::A, a("127.0.0.2"))
            .set("2.2.0.192.minor.bl.test", QueryType::A, a("127.0.0.2"))
            .into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "192.0.2.2"]), &zones).await;
        assert_eq!(report.summary.listed, 2);
        assert_eq!(report.summary.not_listed, 2);
        let by_subject = |s: &str| findings.iter().find(|f| f.subject.as_deref() == Some(s)).unwrap();
        assert_eq!(by_subject("192.0.2.1").severity, Severity::Error);
        assert!(by_subject("192.0.2.1").message.contains("SBL"));
        assert!(
            by_subject("192.0.2.1")
                .fix
                .as_deref()
                .unwrap()
                .contains("check.spamhaus.org")
        );
        assert_eq!(by_subject("192.0.2.2").severity, Severity::Warning);
        assert_eq!(findings.len(), 2);
    }

    #[tokio::test]
    async fn wildcarding_resolver_turns_listings_into_unknown() {
        let zones = [test_zone("wild.bl.test")];
        let dns = FakeDns::default()
            .set("1.2.0.192.wild.bl.test", QueryType::A, a("127.0.0.2"))
            .set("1.0.0.127.wild.bl.test", QueryType::A, a("127.0.0.2"))
            .into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
        assert_eq!(report.summary.listed, 0);
        assert_eq!(report.summary.unknown, 1);
        assert_eq!(report.self_test[0].status, SelfTestStatus::AnswersEverything);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code.as_str(), "blocklist.unknown");
    }

    #[tokio::test]
    async fn refusals_and_failures_are_grouped_per_list() {
        let zones = [test_zone("zen.bl.test=spamhaus-zen")];
        let dns = healthy(&["zen.bl.test"])
            .set("1.2.0.192.zen.bl.test", QueryType::A, a("127.255.255.254"))
            .set("2.2.0.192.zen.bl.test", QueryType::A, a("127.255.255.254"))
            .fail(
                "3.2.0.192.zen.bl.test",
                QueryType::A,
                crate::dns::DnsFailureKind::ServFail,
            )
            .into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "192.0.2.2", "192.0.2.3"]), &zones).await;
        assert_eq!(report.summary.query_refused, 2);
        assert_eq!(report.summary.unknown, 1);
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["blocklist.query_refused", "blocklist.unknown"]);
        assert!(findings[0].message.contains("2 targets"));
        assert!(findings.iter().all(Finding::is_incomplete));
    }

    #[tokio::test]
    async fn dead_lists_are_unknown_without_asking_for_a_self_test() {
        let zones = [
            test_zone("dead.bl.test"),
            test_zone("dead2.bl.test"),
            test_zone("live.bl.test"),
        ];
        let dns = healthy(&["live.bl.test"]).into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
        let status = |z: &str| report.self_test.iter().find(|t| t.zone == z).unwrap().status;
        assert_eq!(status("dead.bl.test"), SelfTestStatus::TestEntryMissing);
        assert_eq!(status("live.bl.test"), SelfTestStatus::Ok);
        assert_eq!(report.summary.unknown, 2);
        assert_eq!(report.summary.not_listed, 1);
        // One finding for the cause, naming both dead lists.
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(
            findings[0].message.contains("dead.bl.test, dead2.bl.test"),
            "{}",
            findings[0].message
        );
        assert!(findings[0].message.contains("did not list its own test entry"));
        assert!(findings[0].fix.as_deref().unwrap().contains("another resolver"));
    }

    #[tokio::test]
    async fn unknown_findings_merge_per_cause_with_their_own_fix() {
        let zones = [test_zone("a.bl.test"), test_zone("b.bl.test"), test_zone("c.bl.test")];
        let dns = healthy(&["a.bl.test", "b.bl.test", "c.bl.test"])
            .fail("1.2.0.192.a.bl.test", QueryType::A, crate::dns::DnsFailureKind::Timeout)
            .fail(
                "1.2.0.192.b.bl.test",
                QueryType::A,
                crate::dns::DnsFailureKind::ServFail,
            )
            .set("1.2.0.192.c.bl.test", QueryType::A, a("198.51.100.1"))
            .into_dns();
        let (_, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
        assert_eq!(findings.len(), 2, "{findings:?}");
        let no_answer = findings.iter().find(|f| f.message.contains("did not answer")).unwrap();
        assert!(no_answer.message.contains("a.bl.test, b.bl.test"));
        assert!(no_answer.fix.as_deref().unwrap().contains("run again later"));
        let rewritten = findings.iter().find(|f| f.message.contains("rewrites")).unwrap();
        assert!(rewritten.fix.as_deref().unwrap().contains("resolver rewrites answers"));
    }

    #[tokio::test]
    async fn addresses_over_the_cap_are_unknown_not_clean() {
        let zones = [test_zone("zen.bl.test=spamhaus-zen")];
        let dns = healthy(&["zen.bl.test"]).into_dns();
        let mut targets = TargetSet {
            over_cap: 12,
            over_cap_sources: vec!["SPF ip4:10.0.0.0/28".into()],
            ..Default::default()
        };
        targets.add(Target::ip("192.0.2.1".parse().unwrap(), "--ip"));
        let (report, findings) = check_targets(&dns, &targets, &zones).await;
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code.as_str(), "blocklist.unknown");
        assert!(findings[0].message.contains("12 addresses were not looked up"));
        assert_eq!(report.summary.not_looked_up, 12);
    }

    #[tokio::test]
    async fn every_pair_lands_in_one_bucket() {
        let zones = [
            test_zone("zen.bl.test=spamhaus-zen"),
            test_zone("spamcop.bl.test=spamcop"),
        ];
        let dns = healthy(&["zen.bl.test", "spamcop.bl.test"]).into_dns();
        let (report, _) = check_targets(&dns, &set(&["192.0.2.1", "2001:db8::1", "example.test"]), &zones).await;
        let s = &report.summary;
        assert_eq!(s.pairs, 6);
        assert_eq!(s.other_kind, 2);
        assert_eq!(s.not_checked, 1);
        assert_eq!(
            s.listed + s.not_listed + s.query_refused + s.unknown + s.not_checked + s.other_kind,
            s.pairs
        );
    }

    /// Counts queries in flight per zone and remembers the most seen at once.
    #[derive(Default)]
    struct CountingDns {
        in_flight: std::sync::Mutex<std::collections::HashMap<String, (usize, usize)>>,
    }

    impl crate::dns::DnsClient for CountingDns {
        fn query<'a>(
            &'a self,
            name: &'a str,
            _qtype: QueryType,
        ) -> futures::future::BoxFuture<'a, Result<crate::dns::Answer, crate::dns::DnsFailureKind>> {
            Box::pin(async move {
                let zone = name.splitn(5, '.').nth(4).unwrap_or("").to_string();
                {
                    let mut map = self.in_flight.lock().unwrap();
                    let entry = map.entry(zone.clone()).or_default();
                    entry.0 += 1;
                    entry.1 = entry.1.max(entry.0);
                }
                // Yield a few times so other lookups get to start if the bound allows.
                for _ in 0..20 {
                    tokio::task::yield_now().await;
                }
                self.in_flight.lock().unwrap().get_mut(&zone).unwrap().0 -= 1;
                // The RFC 5782 test entry is listed, everything else is not.
                if name.starts_with("2.0.0.127.") {
                    return Ok(crate::dns::Answer {
                        records: vec![RecordData::A("127.0.0.2".parse().unwrap())],
                        nxdomain: false,
                    });
                }
                Ok(crate::dns::Answer {
                    records: vec![],
                    nxdomain: true,
                })
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn lookups_are_concurrent_but_bounded_per_list() {
        let client = std::sync::Arc::new(CountingDns::default());
        let dns = Dns::new(client.clone());
        let zones = [test_zone("a.bl.test"), test_zone("b.bl.test")];
        let (report, _) = check_targets(&dns, &set(&["192.0.2.0/26"]), &zones).await;
        assert_eq!(report.summary.not_listed, 128);
        // 64 clean addresses of one range are one line that names the range and the lists.
        let lines = report.text_lines();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[1],
            "192.0.2.0/26 (64 addresses) [command line]: not listed on a.bl.test, b.bl.test"
        );
        let map = client.in_flight.lock().unwrap();
        for z in ["a.bl.test", "b.bl.test"] {
            let max = map[z].1;
            assert!(max <= query::PER_ZONE_CONCURRENCY, "{z}: {max} at once");
            assert!(max > 1, "{z}: lookups ran one at a time");
        }
    }

    #[tokio::test]
    async fn text_lines_say_what_was_checked() {
        let zones = [
            test_zone("zen.bl.test=spamhaus-zen"),
            test_zone("dbl.bl.test=spamhaus-dbl"),
        ];
        let dns = healthy(&["zen.bl.test", "dbl.bl.test"]).into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "example.test"]), &zones).await;
        assert!(findings.is_empty());
        let lines = report.text_lines();
        assert_eq!(lines[0], "2 targets on 2 lists: 0 listings, 0 refused, 0 unknown");
        assert_eq!(lines[1], "192.0.2.1 [command line]: not listed on Spamhaus ZEN");
        assert_eq!(lines[2], "example.test [command line]: not listed on Spamhaus DBL");
        assert_eq!(lines.len(), 3, "a passing self-test is not news: {lines:?}");
    }

    #[tokio::test]
    async fn many_clean_lines_are_summed_without_a_dangling_more() {
        let zones = [test_zone("a.bl.test")];
        let dns = healthy(&["a.bl.test"]).into_dns();
        let items: Vec<String> = (0..12).map(|n| format!("192.0.2.{}", n * 2)).collect();
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        let (report, _) = check_targets(&dns, &set(&refs), &zones).await;
        let lines = report.text_lines();
        assert_eq!(
            lines[1], "12 targets [command line]: not listed on a.bl.test",
            "{lines:?}"
        );
        let (report, _) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
        assert!(report.text_lines()[0].starts_with("1 target on 1 list: 0 listings"));
        // The same problem on many lines is one line too.
        let dead = [test_zone("dead.bl.test")];
        let (report, _) = check_targets(&dns, &set(&refs), &dead).await;
        let lines = report.text_lines();
        assert_eq!(
            lines[1], "12 targets [command line]: unknown on dead.bl.test",
            "{lines:?}"
        );
    }
}
