//! `mailaudit blocklist` and the blocklist part of `check`, run as the real
//! binary against local blocklist zones served by the loopback test server
//! (fixtures/zones/blocklist). Local zones borrow the built-in lists' code
//! tables (`--zone zen.bl.test=spamhaus-zen`), so the real tables are exercised.

use crate::support;

use serde_json::Value;
use support::dns_server::TestDnsServer;
use support::{finding_codes, findings_with_code, mailaudit, run_json};

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/blocklist")
}

const ZEN: &str = "zen.bl.test=spamhaus-zen";
const SPAMCOP: &str = "spamcop.bl.test=spamcop";
const MINOR: &str = "minor.bl.test=psbl";
const DBL: &str = "dbl.bl.test=spamhaus-dbl";
const URIBL: &str = "uribl.bl.test=uribl";

/// Run `mailaudit blocklist TARGETS --zone ZONES --format json` and parse the output.
fn blocklist(server: &TestDnsServer, targets: &[&str], zones: &[&str], extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["blocklist"];
    args.extend(targets);
    for zone in zones {
        args.extend(["--zone", zone]);
    }
    let nameserver = server.addr_arg();
    args.extend(["--nameserver", &nameserver, "--timeout", "0.5", "--format", "json"]);
    args.extend(extra);
    let (code, json) = run_json(&args);
    (code.unwrap_or(-1), json)
}

fn text_run(server: &TestDnsServer, targets: &[&str], zones: &[&str]) -> (i32, String) {
    let mut cmd = mailaudit();
    cmd.arg("blocklist").args(targets);
    for zone in zones {
        cmd.args(["--zone", zone]);
    }
    cmd.args(["--nameserver", &server.addr_arg(), "--timeout", "0.5"]);
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The result for (target, zone).
fn result<'a>(json: &'a Value, target: &str, zone: &str) -> &'a Value {
    json["report"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == target && r["zone"] == zone)
        .unwrap_or_else(|| panic!("no result for {target} on {zone}: {json:#}"))
}

fn sublists(result: &Value) -> Vec<String> {
    result["listings"]
        .as_array()
        .map(|l| l.iter().map(|x| x["sublist"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn listed_ipv4_names_sublist_reason_and_delist_page() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.10"], &[ZEN, SPAMCOP], &[]);
    assert_eq!(code, 1, "a major-list listing fails the run: {json:#}");
    let zen = result(&json, "192.0.2.10", "zen.bl.test");
    assert_eq!(zen["status"], "listed");
    assert_eq!(zen["query"], "10.2.0.192.zen.bl.test");
    assert_eq!(sublists(zen), ["SBL"]);
    assert!(zen["reason"].as_str().unwrap().contains("SBL000010"));
    assert_eq!(result(&json, "192.0.2.10", "spamcop.bl.test")["status"], "not_listed");
    let listed = findings_with_code(&json, "blocklist.listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["severity"], "error");
    assert_eq!(listed[0]["subject"], "192.0.2.10");
    assert!(listed[0]["message"].as_str().unwrap().contains("Spamhaus ZEN (SBL)"));
    assert!(
        listed[0]["fix"]
            .as_str()
            .unwrap()
            .contains("https://check.spamhaus.org/")
    );
    assert!(listed[0]["evidence"].as_str().unwrap().contains("SBL000010"));
    assert!(!listed[0]["fix"].as_str().unwrap().contains("PBL"));
}

#[test]
fn clean_address_is_reported_with_the_lists_checked() {
    let s = server();
    let (code, text) = text_run(&s, &["192.0.2.30"], &[ZEN, SPAMCOP]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("NOT LISTED"), "{text}");
    assert!(
        text.contains("192.0.2.30 [command line]: not listed on Spamhaus ZEN, SpamCop"),
        "{text}"
    );
    assert!(!text.contains("blocklist.listed"), "{text}");
}

#[test]
fn multi_code_answers_decode_every_sublist() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.11"], &[ZEN, SPAMCOP], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        sublists(result(&json, "192.0.2.11", "zen.bl.test")),
        ["SBL", "XBL", "PBL"]
    );
    assert_eq!(sublists(result(&json, "192.0.2.11", "spamcop.bl.test")), ["SCBL"]);
    // PBL is policy, not reputation: its fix says to send through a relay.
    let zen = findings_with_code(&json, "blocklist.listed")
        .into_iter()
        .find(|f| f["message"].as_str().unwrap().contains("Spamhaus ZEN"))
        .unwrap();
    assert!(zen["fix"].as_str().unwrap().contains("PBL listing"));
    // One finding per (target, list), not per code.
    assert_eq!(findings_with_code(&json, "blocklist.listed").len(), 2);
    assert_eq!(json["report"]["summary"]["listed"], 2);
}

#[test]
fn listed_ipv6_uses_reversed_nibbles_and_skips_ipv4_only_lists() {
    let s = server();
    let (code, json) = blocklist(&s, &["2001:db8::25", "2001:db8::26"], &[ZEN, SPAMCOP], &[]);
    assert_eq!(code, 1);
    let listed = result(&json, "2001:db8::25", "zen.bl.test");
    assert_eq!(listed["status"], "listed");
    assert_eq!(
        listed["query"],
        "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.bl.test"
    );
    assert_eq!(sublists(listed), ["CSS"]);
    assert_eq!(result(&json, "2001:db8::26", "zen.bl.test")["status"], "not_listed");
    // SpamCop has no IPv6 data: not asked, and not claimed as "not listed".
    let spamcop = result(&json, "2001:db8::25", "spamcop.bl.test");
    assert_eq!(spamcop["status"], "not_checked");
    assert_eq!(spamcop["query"], "");
    assert_eq!(findings_with_code(&json, "blocklist.listed").len(), 1);
}

#[test]
fn listed_domains_on_domain_lists() {
    let s = server();
    let (code, json) = blocklist(
        &s,
        &["listed.test", "abused.test", "multi.test", "clean.test"],
        &[DBL, URIBL],
        &[],
    );
    assert_eq!(code, 1);
    let dbl = result(&json, "listed.test", "dbl.bl.test");
    assert_eq!(dbl["query"], "listed.test.dbl.bl.test");
    assert_eq!(sublists(dbl), ["DBL spam"]);
    assert!(dbl["reason"].as_str().unwrap().contains("spamhaus.org/query/domain"));
    assert_eq!(
        sublists(result(&json, "abused.test", "dbl.bl.test")),
        ["DBL abused-legit"]
    );
    // URIBL bitmask 127.0.0.14: three sub-lists in one answer, on a minor list.
    assert_eq!(
        sublists(result(&json, "multi.test", "uribl.bl.test")),
        ["black+grey+red"]
    );
    let uribl_finding = findings_with_code(&json, "blocklist.listed")
        .into_iter()
        .find(|f| f["subject"] == "multi.test")
        .unwrap();
    assert_eq!(uribl_finding["severity"], "warning");
    for zone in ["dbl.bl.test", "uribl.bl.test"] {
        assert_eq!(result(&json, "clean.test", zone)["status"], "not_listed");
    }
}

#[test]
fn refusal_codes_are_query_refused_not_listings() {
    let s = server();
    let (code, json) = blocklist(
        &s,
        &["192.0.2.12", "refused.test", "blocked.test"],
        &[ZEN, DBL, URIBL],
        &[],
    );
    assert_eq!(
        code, 3,
        "a refused query makes the run incomplete, not failed: {json:#}"
    );
    assert!(findings_with_code(&json, "blocklist.listed").is_empty());
    assert_eq!(result(&json, "192.0.2.12", "zen.bl.test")["status"], "query_refused");
    assert_eq!(result(&json, "refused.test", "dbl.bl.test")["status"], "query_refused");
    assert_eq!(
        result(&json, "blocked.test", "uribl.bl.test")["status"],
        "query_refused"
    );
    let refused = findings_with_code(&json, "blocklist.query_refused");
    assert_eq!(refused.len(), 3);
    let zen = refused.iter().find(|f| f["subject"] == "zen.bl.test").unwrap();
    let message = zen["message"].as_str().unwrap();
    assert!(
        message.contains("not a listing") && message.contains("public"),
        "{message}"
    );
    assert!(zen["evidence"].as_str().unwrap().contains("127.255.255.254"));
    let fix = zen["fix"].as_str().unwrap();
    assert!(
        fix.contains("public resolvers") && fix.contains("Spamhaus DQS") && fix.contains("free"),
        "{fix}"
    );
    assert!(!fix.contains("paid"), "a free key is not paid: {fix}");
}

#[test]
fn unanswered_failed_and_bogus_answers_are_unknown() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.13", "192.0.2.14", "192.0.2.15"], &[ZEN], &[]);
    assert_eq!(code, 3, "{json:#}");
    for target in ["192.0.2.13", "192.0.2.14", "192.0.2.15"] {
        assert_eq!(result(&json, target, "zen.bl.test")["status"], "unknown", "{target}");
    }
    let timeout = result(&json, "192.0.2.13", "zen.bl.test");
    assert!(timeout["detail"].as_str().unwrap().contains("timed out"));
    let bogus = result(&json, "192.0.2.14", "zen.bl.test");
    assert!(bogus["detail"].as_str().unwrap().contains("outside 127.0.0.0/8"));
    assert!(findings_with_code(&json, "blocklist.listed").is_empty());
    // One finding per cause: no answer (timeout, SERVFAIL) and a rewritten answer.
    let unknown = findings_with_code(&json, "blocklist.unknown");
    assert_eq!(unknown.len(), 2, "{json:#}");
    let no_answer = unknown
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("did not answer"))
        .unwrap();
    assert!(
        no_answer["message"].as_str().unwrap().contains("2 targets"),
        "{no_answer}"
    );
    assert!(
        no_answer["fix"].as_str().unwrap().contains("run again later"),
        "{no_answer}"
    );
    let rewritten = unknown
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("rewrites answers"))
        .unwrap();
    assert!(
        rewritten["fix"]
            .as_str()
            .unwrap()
            .contains("your own recursive resolver"),
        "{rewritten}"
    );
    assert_eq!(json["report"]["summary"]["not_listed"], 0);
}

#[test]
fn a_minor_list_only_listing_is_a_warning() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.20"], &[ZEN, MINOR], &[]);
    assert_eq!(code, 0, "minor listings do not fail at --fail-on error: {json:#}");
    let listed = findings_with_code(&json, "blocklist.listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["severity"], "warning");
    assert!(listed[0]["message"].as_str().unwrap().contains("PSBL"));
    assert_eq!(result(&json, "192.0.2.20", "zen.bl.test")["status"], "not_listed");
    let (code, _) = blocklist(&s, &["192.0.2.20"], &[ZEN, MINOR], &["--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn a_list_that_answers_everything_gives_no_listing() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.10"], &["wild.bl.test=major"], &[]);
    assert_eq!(code, 3, "{json:#}");
    assert!(findings_with_code(&json, "blocklist.listed").is_empty());
    assert_eq!(result(&json, "192.0.2.10", "wild.bl.test")["status"], "unknown");
    assert_eq!(json["report"]["self_test"][0]["status"], "answers_everything");
    // The same address on a list that behaves is a listing.
    let (code, _) = blocklist(&s, &["192.0.2.10"], &[ZEN], &[]);
    assert_eq!(code, 1);
}

#[test]
fn a_dead_list_is_unknown_without_asking_for_a_self_test() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.30"], &[ZEN, "dead.bl.test"], &[]);
    assert_eq!(code, 3, "a dead list's silence is not \"not listed\": {json:#}");
    let tests = json["report"]["self_test"].as_array().unwrap();
    let status = |zone: &str| tests.iter().find(|t| t["zone"] == zone).unwrap()["status"].clone();
    assert_eq!(status("zen.bl.test"), "ok");
    assert_eq!(status("dead.bl.test"), "test_entry_missing");
    assert_eq!(result(&json, "192.0.2.30", "dead.bl.test")["status"], "unknown");
    assert_eq!(result(&json, "192.0.2.30", "zen.bl.test")["status"], "not_listed");
    let unknown = findings_with_code(&json, "blocklist.unknown");
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("this list did not list its own test entry: it is dead, blocks your resolver, or your resolver rewrites answers"),
        "{}",
        unknown[0]["message"]
    );
    // A working list's clean answer stays a clean answer.
    let (code, json) = blocklist(&s, &["192.0.2.30"], &[ZEN], &[]);
    assert_eq!(code, 0, "{json:#}");
    // --self-test only tests the lists: with targets it is a usage error.
    let out = mailaudit()
        .args([
            "blocklist",
            "192.0.2.30",
            "--self-test",
            "--zone",
            ZEN,
            "--nameserver",
            &s.addr_arg(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn self_test_without_targets_checks_the_lists_only() {
    let s = server();
    let out = mailaudit()
        .args([
            "blocklist",
            "--self-test",
            "--zone",
            ZEN,
            "--zone",
            DBL,
            "--nameserver",
            &s.addr_arg(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("SELF-TEST OK"), "{text}");
    assert!(text.contains("self-test Spamhaus DBL (dbl.bl.test): ok"), "{text}");
    let out = mailaudit()
        .args(["blocklist", "--self-test", "--zone", ZEN, "--zone", "wild.bl.test"])
        .args(["--nameserver", &s.addr_arg()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains("SELF-TEST FAILED") && text.contains("ANSWERS EVERYTHING"),
        "{text}"
    );
}

#[test]
fn each_target_and_list_pair_is_asked_once() {
    let s = server();
    // 192.0.2.32 twice and again inside the /30: four distinct addresses.
    let (code, json) = blocklist(&s, &["192.0.2.32", "192.0.2.32", "192.0.2.32/30"], &[SPAMCOP], &[]);
    assert_eq!(code, 0);
    assert_eq!(json["report"]["targets"].as_array().unwrap().len(), 4);
    assert_eq!(json["report"]["results"].as_array().unwrap().len(), 4);
    // Four lookups and the list's two RFC 5782 test entries.
    assert_eq!(s.queries_received(), 6);
}

#[test]
fn a_small_range_is_expanded_and_reported() {
    let s = server();
    let (code, json) = blocklist(&s, &["192.0.2.8/29"], &[ZEN], &[]);
    assert_eq!(
        code, 1,
        "listings outrank the refused and unanswered addresses in the /29"
    );
    assert_eq!(json["report"]["summary"]["targets"], 8);
    let status = |t: &str| result(&json, t, "zen.bl.test")["status"].clone();
    assert_eq!(status("192.0.2.10"), "listed");
    assert_eq!(status("192.0.2.11"), "listed");
    assert_eq!(status("192.0.2.12"), "query_refused");
    assert_eq!(status("192.0.2.13"), "unknown");
    assert_eq!(status("192.0.2.9"), "not_listed");
    assert_eq!(findings_with_code(&json, "blocklist.listed").len(), 2);
}

#[test]
fn zones_file_adds_and_replaces_zones() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zones.txt");
    std::fs::write(
        &path,
        "# local test lists\nzen.bl.test spamhaus-zen\nminor.bl.test psbl, major   # promoted\n",
    )
    .unwrap();
    let (code, json) = blocklist(&s, &["192.0.2.20"], &[], &["--zones-file", path.to_str().unwrap()]);
    assert_eq!(code, 1, "the promoted list makes the listing an error: {json:#}");
    assert_eq!(json["report"]["zones"].as_array().unwrap().len(), 2);
    assert_eq!(findings_with_code(&json, "blocklist.listed")[0]["severity"], "error");
}

#[test]
fn usage_errors() {
    let s = server();
    for args in [
        vec!["blocklist", "192.0.2.0/23"],
        vec!["blocklist", "192.0.2.1", "--zone", "zen.bl.test=nosuchlist"],
        vec!["blocklist", "192.0.2.999"],
        vec!["blocklist"],
    ] {
        let out = mailaudit()
            .args(&args)
            .args(["--nameserver", &s.addr_arg()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    assert_eq!(s.queries_received(), 0, "nothing is asked when the input is bad");
}

#[test]
fn list_zones_shows_the_builtin_lists() {
    let out = mailaudit().args(["blocklist", "--list-zones"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for zone in [
        "zen.spamhaus.org",
        "dbl.spamhaus.org",
        "b.barracudacentral.org",
        "bl.spamcop.net",
    ] {
        assert!(text.contains(zone), "{text}");
    }
    assert!(!text.contains("sorbs"));
}

#[test]
fn list_zones_refuses_what_it_would_ignore() {
    // --list-zones prints a table and exits: a target, --self-test or an
    // --output file beside it would be silently dropped, so it is a usage error.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zones.txt");
    let file = file.to_str().unwrap();
    for extra in [vec!["192.0.2.10"], vec!["--self-test"], vec!["-o", file]] {
        let out = mailaudit()
            .args([&["blocklist", "--list-zones"][..], &extra[..]].concat())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--list-zones"),
            "{extra:?}"
        );
    }
    assert!(!std::path::Path::new(file).exists());
}

/// `check` with local lists: the domain on domain lists, the --ip address on IP lists.
fn check(server: &TestDnsServer, domain: &str, extra: &[&str]) -> (i32, Value) {
    let nameserver = server.addr_arg();
    let args = [
        &[
            "check",
            domain,
            "--nameserver",
            &nameserver,
            "--timeout",
            "0.5",
            "--format",
            "json",
        ],
        extra,
    ]
    .concat();
    let (code, json) = run_json(&args);
    (code.unwrap_or(-1), json)
}

#[test]
fn check_reports_blocklist_status_of_domain_and_ips() {
    let s = server();
    let zones = ["--blocklist-zone", ZEN, "--blocklist-zone", DBL];
    let mut args = vec!["--ip", "192.0.2.10"];
    args.extend(zones);
    let (code, json) = check(&s, "listed.test", &args);
    assert_eq!(code, 1, "{json:#}");
    let domain = &json["domains"][0];
    let report = &domain["blocklist"];
    let subjects: Vec<&str> = findings_with_code(domain, "blocklist.listed")
        .into_iter()
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    // The domain, the --ip address and the MX host's address (192.0.2.11) are all listed.
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects.contains(&"listed.test") && subjects.contains(&"192.0.2.10") && subjects.contains(&"192.0.2.11"));
    let mx_target = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "192.0.2.11")
        .unwrap();
    assert!(
        mx_target["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().starts_with("MX")),
        "{mx_target}"
    );
    let ip = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "192.0.2.10")
        .unwrap();
    assert!(ip["sources"].as_array().unwrap().iter().any(|s| s == "--ip"));

    // The same run for a clean domain lists what was checked and finds nothing.
    let mut args = vec!["--ip", "192.0.2.30"];
    args.extend(zones);
    let (_, json) = check(&s, "clean.test", &args);
    let domain = &json["domains"][0];
    assert!(
        !finding_codes(domain).iter().any(|c| c.starts_with("blocklist.")),
        "{domain:#}"
    );
    // clean.test, 192.0.2.30 (--ip and SPF) and its MX address 192.0.2.31.
    assert_eq!(
        domain["blocklist"]["summary"]["not_listed"], 3,
        "{:#}",
        domain["blocklist"]
    );
}

#[test]
fn check_without_blocklists_asks_no_list() {
    let s = server();
    let (_, json) = check(
        &s,
        "listed.test",
        &["--ip", "192.0.2.10", "--blocklist-zone", ZEN, "--no-blocklists"],
    );
    let domain = &json["domains"][0];
    assert!(domain.get("blocklist").is_none_or(Value::is_null), "{domain:#}");
    assert!(
        !finding_codes(domain).iter().any(|c| c.starts_with("blocklist.")),
        "{domain:#}"
    );
}

#[test]
fn check_text_report_lists_blocklists_checked() {
    let s = server();
    let out = mailaudit()
        .args(["check", "clean.test", "--nameserver", &s.addr_arg(), "--timeout", "0.5"])
        .args(["--ip", "192.0.2.30", "--blocklist-zone", ZEN, "--blocklist-zone", DBL])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Blocklists:"), "{text}");
    assert!(
        text.contains("192.0.2.30 [--ip, SPF ip4]: not listed on Spamhaus ZEN"),
        "{text}"
    );
    assert!(
        text.contains("clean.test [the domain]: not listed on Spamhaus DBL"),
        "{text}"
    );
    assert!(
        text.contains("192.0.2.31 [MX mx.clean.test]: not listed on Spamhaus ZEN"),
        "{text}"
    );
}

#[test]
fn single_addresses_are_looked_up_before_wide_spf_ranges() {
    // Eight /24s in SPF used to fill the cap and hide the listed 192.0.2.10.
    let s = server();
    let (code, json) = check(&s, "wide.test", &["--blocklist-zone", ZEN]);
    let domain = &json["domains"][0];
    assert_eq!(code, 1, "{domain:#}");
    let listed = findings_with_code(domain, "blocklist.listed");
    assert_eq!(listed.len(), 1, "{domain:#}");
    assert_eq!(listed[0]["subject"], "192.0.2.10");
    let report = &domain["blocklist"];
    // The /24s are named as not looked up (info: the user did not ask), not expanded.
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 8, "{report:#}");
    assert!(
        skipped[0]
            .as_str()
            .unwrap()
            .contains("range wider than /28; check it with `mailaudit blocklist 10.0.0.0/24`")
    );
    assert_eq!(
        report["summary"]["targets"], 3,
        "the domain, 192.0.2.10 and the MX address: {report:#}"
    );
    assert!(findings_with_code(domain, "blocklist.unknown").is_empty());
    let ranges = findings_with_code(domain, "blocklist.range_not_looked_up");
    assert_eq!(ranges.len(), 1, "{domain:#}");
    assert_eq!(ranges[0]["severity"], "info");
    assert!(
        ranges[0]["message"]
            .as_str()
            .unwrap()
            .contains("8 SPF ranges wider than /28")
    );
    // A domain whose SPF holds single addresses only gets no such finding.
    let (_, json) = check(&s, "clean.test", &["--blocklist-zone", ZEN]);
    assert!(findings_with_code(&json["domains"][0], "blocklist.range_not_looked_up").is_empty());
}

#[test]
fn addresses_over_the_cap_are_unknown_in_check() {
    let s = server();
    let (code, json) = check(&s, "many.test", &["--blocklist-zone", ZEN]);
    let domain = &json["domains"][0];
    assert_eq!(
        code, 1,
        "192.0.2.10 is still looked up and listed: {:#}",
        domain["findings"]
    );
    let report = &domain["blocklist"];
    assert_eq!(report["summary"]["targets"], 2049, "2048 addresses and the domain");
    // 130 × 16 range addresses + 192.0.2.10 + the MX address = 2082.
    assert_eq!(report["summary"]["not_looked_up"], 34);
    let unknown = findings_with_code(domain, "blocklist.unknown");
    assert_eq!(unknown.len(), 1, "{:#}", domain["findings"]);
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("34 addresses were not looked up")
    );
    assert_eq!(
        findings_with_code(domain, "blocklist.listed")[0]["subject"],
        "192.0.2.10"
    );
    // Without the listing the run is incomplete, not clean.
    let (code, json) = check(
        &s,
        "many.test",
        &[
            "--blocklist-zone",
            "zen.bl.test=spamhaus-zen,minor",
            "--fail-on",
            "error",
        ],
    );
    let domain = &json["domains"][0];
    let codes = finding_codes(domain);
    assert!(codes.contains(&"blocklist.unknown".to_string()), "{codes:?}");
    assert_eq!(code, 3, "{:#}", domain["findings"]);
}

#[test]
fn too_many_addresses_on_the_command_line_is_a_usage_error() {
    let s = server();
    let mut args: Vec<String> = vec!["blocklist".into()];
    args.extend((0..8).map(|n| format!("10.0.{n}.0/24")));
    args.extend([
        "192.0.2.10".into(),
        "--zone".into(),
        ZEN.into(),
        "--nameserver".into(),
        s.addr_arg(),
    ]);
    let out = mailaudit().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("too many addresses: 2049 given, at most 2048"),
        "{stderr}"
    );
    assert_eq!(s.queries_received(), 0);
}

#[test]
fn check_looks_up_small_spf_ranges_and_shows_them_as_one_line() {
    let s = server();
    let out = mailaudit()
        .args(["check", "range.test", "--nameserver", &s.addr_arg(), "--timeout", "0.5"])
        .args(["--blocklist-zone", ZEN])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("198.51.100.16/28 (16 addresses) [SPF ip4]: not listed on Spamhaus ZEN"),
        "{text}"
    );
    assert!(
        text.contains("not looked up: 203.0.113.0/24 (SPF ip4:203.0.113.0/24): range wider than /28; check it with `mailaudit blocklist 203.0.113.0/24`"),
        "{text}"
    );
    assert!(!text.contains("198.51.100.17 "), "{text}");
    assert!(text.contains("(272 IPv4 addresses, 0 IPv6 ranges)"), "{text}");
    // One address is one address (the SPF summary above the blocklist lines).
    let out = mailaudit()
        .args(["check", "clean.test", "--nameserver", &s.addr_arg(), "--timeout", "0.5"])
        .args(["--blocklist-zone", ZEN])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(1 IPv4 address, 0 IPv6 ranges)"), "{text}");
}

#[test]
fn ipv4_mapped_ipv6_is_looked_up_as_ipv4() {
    let s = server();
    let (code, json) = blocklist(&s, &["::ffff:192.0.2.10"], &[ZEN], &[]);
    assert_eq!(code, 1, "{json:#}");
    let zen = result(&json, "192.0.2.10", "zen.bl.test");
    assert_eq!(zen["query"], "10.2.0.192.zen.bl.test");
    let source = json["report"]["targets"][0]["sources"][0].as_str().unwrap();
    assert!(source.contains("IPv4-mapped ::ffff:192.0.2.10"), "{source}");
}

#[test]
fn an_empty_zones_file_is_a_usage_error() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty.txt", ""),
        ("comments.txt", "# nothing yet\n\n   # still nothing\n"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = mailaudit()
            .args(["blocklist", "192.0.2.10", "--zones-file", path.to_str().unwrap()])
            .args(["--nameserver", &s.addr_arg()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("zones file {} has no zones", path.display())),
            "{stderr}"
        );
    }
    assert_eq!(s.queries_received(), 0);
}

#[test]
fn summary_buckets_sum_to_every_target_and_list_pair() {
    let s = server();
    for zones in [&[ZEN][..], &[ZEN, DBL, SPAMCOP][..]] {
        let (_, json) = blocklist(&s, &["192.0.2.0/24", "listed.test", "2001:db8::25"], zones, &[]);
        let summary = &json["report"]["summary"];
        let n = |k: &str| summary[k].as_u64().unwrap_or_else(|| panic!("no {k}: {summary}"));
        let pairs = n("targets") * n("lists");
        assert_eq!(n("pairs"), pairs, "{summary}");
        let sum: u64 = [
            "listed",
            "not_listed",
            "query_refused",
            "unknown",
            "not_checked",
            "other_kind",
        ]
        .iter()
        .map(|k| n(k))
        .sum();
        assert_eq!(sum, pairs, "{summary}");
    }
}

#[test]
fn text_summary_line_says_more_only_after_named_targets() {
    let s = server();
    let targets: Vec<String> = (0..12).map(|n| format!("192.0.2.{}", 40 + n * 2)).collect();
    let refs: Vec<&str> = targets.iter().map(String::as_str).collect();
    let (code, text) = text_run(&s, &refs, &[ZEN]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("    12 targets [command line]: not listed on Spamhaus ZEN"),
        "{text}"
    );
    assert!(!text.contains("more target"), "{text}");
    let (_, text) = text_run(&s, &["192.0.2.40"], &[ZEN]);
    assert!(text.contains("1 target on 1 list: 0 listings"), "{text}");
}
