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

use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::{Finding, Severity};
use query::{Limits, Probe, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use query::ListResult;
pub use targets::{Target, TargetSet, parse_target, targets_for_domain};
pub use zones::{Weight, Zone, ZoneKind, builtin_zones};

pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "blocklist.listed",
        severity: Severity::Error,
        title: "Listed on a blocklist",
        explanation: "A blocklist lists this sending address or domain. Receivers that consult the list reject the \
            mail or file it as spam, and the sender is rarely told. Major lists (Spamhaus, Barracuda, SpamCop) are \
            consulted by many large receivers, so a listing there is an error; a listing on a minor list is a warning.",
        fix: "Find and stop the cause first (a compromised account or machine, a bought or stale list hitting spam \
            traps, an open relay), then request removal on the list's delisting page.",
        incomplete: false,
    },
    CodeInfo {
        code: "blocklist.query_refused",
        severity: Severity::Warning,
        title: "Blocklist refused the query",
        explanation: "The list answered with a code that means it refused the query, not that the target is listed: \
            Spamhaus answers 127.255.255.254 to queries through public resolvers (Google, Cloudflare, Quad9) and \
            127.255.255.255 to resolvers that ask too much; URIBL and SURBL answer 127.0.0.1. The target was not \
            checked on that list.",
        fix: "Run the check through your own recursive resolver (--nameserver) instead of a public one, or use the \
            list's paid data-query service (for Spamhaus, a free Data Query Service key for low volumes).",
        incomplete: true,
    },
    CodeInfo {
        code: "blocklist.unknown",
        severity: Severity::Warning,
        title: "Blocklist status unknown",
        explanation: "The lookup on a list failed (timeout, SERVFAIL) or came back with an answer no list gives \
            (an address outside 127.0.0.0/8, the mark of a resolver that rewrites unknown names, or of a list that \
            answers everything). The target may or may not be listed; this is never read as \"not listed\".",
        fix: "Run the check again; if it persists, use a resolver that does not rewrite NXDOMAIN answers \
            (--nameserver), and run `mailaudit blocklist --self-test` to see which lists answer correctly.",
        incomplete: true,
    },
];

/// How a run goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Ask every list its RFC 5782 test entries first (127.0.0.2 must be
    /// listed, 127.0.0.1 must not; TEST/INVALID for domain lists).
    pub self_test: bool,
}

/// Counts over all (target, list) results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub targets: usize,
    pub lists: usize,
    pub listed: usize,
    pub not_listed: usize,
    pub query_refused: usize,
    pub unknown: usize,
    pub not_checked: usize,
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
    let self_test_run = run_self_test(dns, &limits, zones, options.self_test);
    let (mut results, mut self_tests) = futures::join!(futures::future::join_all(lookups), self_test_run);

    // Lists with listings are asked their never-listed entry even without
    // --self-test: a resolver that rewrites NXDOMAIN must not produce listings.
    let listed_zones: Vec<&Zone> = zones
        .iter()
        .filter(|z| !self_tests.iter().any(|t| t.zone == z.zone))
        .filter(|z| results.iter().any(|r| r.zone == z.zone && r.status == Status::Listed))
        .collect();
    let negative_probes = listed_zones.iter().map(|zone| {
        let limits = limits.clone();
        async move {
            let (_, negative) = query::test_names(zone);
            let outcome = query::probe(dns, &limits, zone, &negative).await;
            (zone, negative, outcome)
        }
    });
    for (zone, negative, outcome) in futures::future::join_all(negative_probes).await {
        if outcome == Probe::Listed {
            self_tests.push(answers_everything(zone, &negative));
        }
    }
    apply_self_tests(&mut results, &self_tests);

    let findings = findings(targets, zones, &results);
    let summary = Summary {
        targets: targets.targets.len(),
        lists: zones.len(),
        listed: count(&results, Status::Listed),
        not_listed: count(&results, Status::NotListed),
        query_refused: count(&results, Status::QueryRefused),
        unknown: count(&results, Status::Unknown),
        not_checked: count(&results, Status::NotChecked),
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

fn count(results: &[ListResult], status: Status) -> usize {
    results.iter().filter(|r| r.status == status).count()
}

fn answers_everything(zone: &Zone, negative: &str) -> SelfTest {
    SelfTest {
        zone: zone.zone.clone(),
        list: zone.name.clone(),
        status: SelfTestStatus::AnswersEverything,
        detail: format!(
            "{negative} is answered as listed, though RFC 5782 says it never is: the resolver rewrites answers or \
             the list answers every query as listed, so its listings cannot be trusted"
        ),
    }
}

/// Ask every zone both RFC 5782 test entries (only with --self-test).
async fn run_self_test(dns: &Dns, limits: &Limits, zones: &[Zone], enabled: bool) -> Vec<SelfTest> {
    if !enabled {
        return Vec::new();
    }
    let probes = zones.iter().map(|zone| async move {
        let (positive, negative) = query::test_names(zone);
        let (p, n) = futures::join!(
            query::probe(dns, limits, zone, &positive),
            query::probe(dns, limits, zone, &negative)
        );
        let (status, detail) = match (p, n) {
            (_, Probe::Listed) => return answers_everything(zone, &negative),
            (Probe::Listed, Probe::NotListed) => (
                SelfTestStatus::Ok,
                format!("{positive} is listed and {negative} is not, as RFC 5782 says"),
            ),
            (Probe::NotListed, _) => (
                SelfTestStatus::TestEntryMissing,
                format!(
                    "{positive} should always be listed but is not: the list may be dead or blocking your resolver, \
                     so \"not listed\" from it cannot be trusted"
                ),
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
        let untrusted = match test.status {
            SelfTestStatus::AnswersEverything => Status::Listed,
            SelfTestStatus::TestEntryMissing => Status::NotListed,
            _ => continue,
        };
        for result in results
            .iter_mut()
            .filter(|r| r.zone == test.zone && r.status == untrusted)
        {
            result.status = Status::Unknown;
            result.detail = Some(test.detail.clone());
        }
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
        let mut finding = Finding::new("blocklist.listed", message)
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
    // target: one finding per list and cause, naming the targets affected.
    let mut groups: BTreeMap<(usize, Status, String), Vec<&ListResult>> = BTreeMap::new();
    for result in results
        .iter()
        .filter(|r| matches!(r.status, Status::QueryRefused | Status::Unknown))
    {
        let zone_index = zones.iter().position(|z| z.zone == result.zone).unwrap_or(usize::MAX);
        groups
            .entry((zone_index, result.status, result.detail.clone().unwrap_or_default()))
            .or_default()
            .push(result);
    }
    for ((_, status, detail), group) in groups {
        let first = group[0];
        let list = &first.list;
        let n = group.len();
        let what = if n == 1 {
            first.target.clone()
        } else {
            format!("{n} targets")
        };
        let (code, message) = match status {
            Status::QueryRefused => (
                "blocklist.query_refused",
                format!("{list} refused the lookup of {what}, so it was not checked there (not a listing): {detail}"),
            ),
            _ => (
                "blocklist.unknown",
                format!(
                    "Could not tell whether {what} {} listed on {list}: {detail}.",
                    if n == 1 { "is" } else { "are" }
                ),
            ),
        };
        let shown: Vec<&str> = group.iter().take(5).map(|r| r.target.as_str()).collect();
        let more = if n > 5 {
            format!(" and {} more", n - 5)
        } else {
            String::new()
        };
        let answer = if first.answers.is_empty() {
            String::new()
        } else {
            format!(" -> {}", first.answers.join(", "))
        };
        let evidence = format!(
            "{}{answer}; targets: {}{more}",
            if first.query.is_empty() {
                &first.zone
            } else {
                &first.query
            },
            shown.join(", ")
        );
        findings.push(
            Finding::new(code, message.replace("..", "."))
                .subject(first.zone.clone())
                .evidence(evidence),
        );
    }
    findings
}

/// How many clean targets are named one by one in the text report before the
/// rest are summed up in one line.
const CLEAN_TARGETS_SHOWN: usize = 10;

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
        let mut clean: Vec<&Target> = Vec::new();
        for target in &self.targets {
            let results = by_target.remove(target.target.as_str()).unwrap_or_default();
            let all_clean = results
                .iter()
                .all(|r| matches!(r.status, Status::NotListed | Status::NotChecked));
            if all_clean && self.targets.len() > CLEAN_TARGETS_SHOWN {
                clean.push(target);
                continue;
            }
            lines.push(format!(
                "{} [{}]: {}",
                target.target,
                target.sources.join(", "),
                describe(&results)
            ));
        }
        if !clean.is_empty() {
            let mut sources: Vec<&str> = clean
                .iter()
                .flat_map(|t| t.sources.iter().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let lists: Vec<&str> = self
                .zones
                .iter()
                .filter(|z| clean.iter().any(|t| t.kind == z.kind))
                .map(|z| z.name.as_str())
                .collect();
            lines.push(format!(
                "{} more target{} [{}]: not listed on {}{}",
                clean.len(),
                plural(clean.len()),
                sources.join(", "),
                lists.join(", "),
                if clean.iter().any(|t| t.target.contains(':')) {
                    " (IPv6 addresses only on lists with IPv6 data)"
                } else {
                    ""
                }
            ));
        }
        for skipped in &self.skipped {
            lines.push(format!("not looked up: {skipped}"));
        }
        for test in &self.self_test {
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
        let dns = FakeDns::default()
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
        assert_eq!(findings[0].code, "blocklist.unknown");
    }

    #[tokio::test]
    async fn refusals_and_failures_are_grouped_per_list() {
        let zones = [test_zone("zen.bl.test=spamhaus-zen")];
        let dns = FakeDns::default()
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
    async fn self_test_flags_dead_lists() {
        let zones = [test_zone("dead.bl.test"), test_zone("live.bl.test")];
        let dns = FakeDns::default()
            .set("2.0.0.127.live.bl.test", QueryType::A, a("127.0.0.2"))
            .into_dns();
        let (report, findings) =
            check_targets_with(&dns, &set(&["192.0.2.1"]), &zones, Options { self_test: true }).await;
        let status = |z: &str| report.self_test.iter().find(|t| t.zone == z).unwrap().status;
        assert_eq!(status("dead.bl.test"), SelfTestStatus::TestEntryMissing);
        assert_eq!(status("live.bl.test"), SelfTestStatus::Ok);
        assert_eq!(report.summary.unknown, 1);
        assert_eq!(report.summary.not_listed, 1);
        assert_eq!(findings.len(), 1);
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
        // 64 clean addresses are summed up in one line that names the lists.
        let lines = report.text_lines();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[1],
            "64 more targets [command line 192.0.2.0/26]: not listed on a.bl.test, b.bl.test"
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
        let dns = FakeDns::default().into_dns();
        let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "example.test"]), &zones).await;
        assert!(findings.is_empty());
        let lines = report.text_lines();
        assert_eq!(lines[0], "2 targets on 2 lists: 0 listings, 0 refused, 0 unknown");
        assert_eq!(lines[1], "192.0.2.1 [command line]: not listed on Spamhaus ZEN");
        assert_eq!(lines[2], "example.test [command line]: not listed on Spamhaus DBL");
    }
}
