//! `dmarc-reports --what-if`: the replay's figures are recomputed here from
//! the report rows (read through the library, summed with plain loops) and
//! compared with the command's JSON, for two fixture sets and three policies.

use crate::support;

use mailaudit::dmarc_reports::{self, Disposition};
use serde_json::Value;
use std::collections::BTreeMap;

fn rank(d: Disposition) -> u8 {
    match d {
        Disposition::None => 0,
        Disposition::Quarantine => 1,
        Disposition::Reject => 2,
    }
}

/// (ip -> [quarantined, rejected], group -> [quarantined, rejected]) computed
/// from the rows: failing rows get `p` (policy domain) or `sp` (subdomains),
/// one step less with t=y; counted when stricter than the receiver's action.
fn recompute(
    dir: &str,
    p: Disposition,
    sp: Disposition,
    testing: bool,
) -> (BTreeMap<String, [u64; 2]>, BTreeMap<String, [u64; 2]>) {
    let outcome = dmarc_reports::read_paths(&[support::fixture(dir)]);
    let summary = dmarc_reports::summarize(&outcome);
    let mut per_ip: BTreeMap<String, [u64; 2]> = BTreeMap::new();
    let mut per_group: BTreeMap<String, [u64; 2]> = BTreeMap::new();
    for loaded in &outcome.reports {
        let policy_domain = &loaded.report.policy.domain;
        for row in &loaded.report.records {
            if row.dkim_aligned || row.spf_aligned {
                continue;
            }
            let from = if row.header_from.is_empty() {
                policy_domain
            } else {
                &row.header_from
            };
            let mut d = if from != policy_domain && from.ends_with(&format!(".{policy_domain}")) {
                sp
            } else {
                p
            };
            if testing {
                d = if d == Disposition::Reject {
                    Disposition::Quarantine
                } else {
                    Disposition::None
                };
            }
            if rank(d) <= rank(row.disposition) {
                continue;
            }
            let slot = if d == Disposition::Quarantine { 0 } else { 1 };
            per_ip.entry(row.source_ip.clone()).or_default()[slot] += row.count;
            let category = summary.sources.iter().find(|s| s.ip == row.source_ip).unwrap().category;
            let group = match category.as_str() {
                "unknown" => "unknown",
                "forwarded" => "forwarded",
                _ => "own",
            };
            per_group.entry(group.to_string()).or_default()[slot] += row.count;
        }
    }
    (per_ip, per_group)
}

/// Exit code and standard output of `mailaudit ARGS`.
fn run_text(args: &[&str]) -> (Option<i32>, String) {
    let out = support::mailaudit().args(args).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn replay(dir: &str, policy: &str) -> Value {
    let path = support::fixture(dir);
    let (_, v) = support::run_json(&[
        "dmarc-reports",
        path.to_str().unwrap(),
        "--what-if",
        policy,
        "--format",
        "json",
    ]);
    v["what_if"].clone()
}

#[test]
fn replay_figures_equal_a_recomputation_from_the_rows() {
    use Disposition::*;
    let cases = [
        ("dmarc-evidence", "p=reject", Reject, Reject, false),
        ("dmarc-evidence", "p=quarantine; t=y", Quarantine, Quarantine, true),
        ("dmarc", "p=reject; sp=quarantine", Reject, Quarantine, false),
        ("dmarc", "p=quarantine", Quarantine, Quarantine, false),
    ];
    for (dir, policy, p, sp, testing) in cases {
        let w = replay(dir, policy);
        let (per_ip, per_group) = recompute(dir, p, sp, testing);
        let mut got_ip: BTreeMap<String, [u64; 2]> = BTreeMap::new();
        for s in w["sources"].as_array().unwrap() {
            let q = s["impact"]["newly_quarantined"].as_u64().unwrap();
            let r = s["impact"]["newly_rejected"].as_u64().unwrap();
            if q + r > 0 {
                got_ip.insert(s["ip"].as_str().unwrap().to_string(), [q, r]);
            }
        }
        assert_eq!(got_ip, per_ip, "{dir} {policy}");
        for group in ["own", "unknown", "forwarded"] {
            let expected = per_group.get(group).copied().unwrap_or_default();
            let got = [
                w[group]["newly_quarantined"].as_u64().unwrap(),
                w[group]["newly_rejected"].as_u64().unwrap(),
            ];
            assert_eq!(got, expected, "{dir} {policy} {group}");
        }
        // Per header-from domain the groups add up to the totals.
        let by_domain: u64 = w["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                ["own", "unknown", "forwarded"]
                    .iter()
                    .map(|g| d[g]["newly_quarantined"].as_u64().unwrap() + d[g]["newly_rejected"].as_u64().unwrap())
                    .sum::<u64>()
            })
            .sum();
        let total: u64 = per_group.values().map(|[q, r]| q + r).sum();
        assert_eq!(by_domain, total, "{dir} {policy}");
    }
}

#[test]
fn own_sources_to_fix_first_and_money_at_stake() {
    let path = support::fixture("dmarc-evidence");
    let (_, v) = support::run_json(&[
        "dmarc-reports",
        path.to_str().unwrap(),
        "--what-if",
        "p=reject",
        "--value-per-email",
        "0.5",
        "--currency",
        "EUR",
        "--format",
        "json",
    ]);
    // Worked out by hand from fixtures/dmarc-evidence: the ESP's 80 unaligned
    // messages and 20 of 192.0.2.51 (oldkey, SPF failing) are yours; 45 + 5
    // from 203.0.113.70/.71 are spoofing.
    assert_eq!(
        v["what_if"]["fix_first"],
        serde_json::json!(["198.51.100.60", "192.0.2.51"])
    );
    assert_eq!(v["what_if"]["own"]["newly_rejected"], 100);
    assert_eq!(v["what_if"]["unknown"]["newly_rejected"], 50);
    assert_eq!(v["what_if_money"]["own_at_stake"], "50.00 EUR");
    let (_, text) = run_text(&[
        "dmarc-reports",
        path.to_str().unwrap(),
        "--what-if",
        "p=reject",
        "--value-per-email",
        "0.5",
    ]);
    assert!(text.contains("What if the policy were p=reject?"), "{text}");
    assert!(
        text.contains("at stake: 100 of your own messages x 0.5 = 50.00"),
        "{text}"
    );
    assert!(
        text.contains("198.51.100.60 (authenticates as dkim:esp-mailer.test)"),
        "{text}"
    );
    // A policy that is not one is a usage error.
    let (code, _) = run_text(&["dmarc-reports", path.to_str().unwrap(), "--what-if", "p=block"]);
    assert_eq!(code, Some(2));
}

#[test]
fn losses_what_if_shows_the_same_replay() {
    let path = support::fixture("dmarc-evidence");
    let direct = replay("dmarc-evidence", "p=quarantine; sp=reject");
    let (_, v) = support::run_json(&[
        "losses",
        "--dmarc",
        path.to_str().unwrap(),
        "--what-if",
        "p=quarantine; sp=reject",
        "--value-per-email",
        "0.05",
        "--format",
        "json",
    ]);
    assert_eq!(v["losses"]["what_if"], direct);
    assert_eq!(v["losses"]["what_if_money"]["own_messages"], 100);
    assert_eq!(v["losses"]["what_if_money"]["own_at_stake"], "5.00");
    let (_, md) = run_text(&[
        "losses",
        "--dmarc",
        path.to_str().unwrap(),
        "--what-if",
        "p=reject",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("## What if we enforce?"), "{md}");
    assert!(md.contains("100 newly rejected"), "{md}");
    // --what-if needs DMARC reports to replay.
    let (code, _) = run_text(&["losses", "--bounces", "fixtures/bounces/exim", "--what-if", "p=reject"]);
    assert_eq!(code, Some(2));
}
