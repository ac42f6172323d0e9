//! MTA-STS, TLS-RPT, BIMI, reverse DNS and the bulk-sender requirements, run
//! through the real binary against the loopback DNS server.

use crate::support;

use serde_json::Value;
use support::dns_server::TestDnsServer;
use support::https_server::{Canned, TestHttpsServer};
use support::{check_json, finding_codes, findings_with_code};

/// Run `check ARGS` against the extras zones (2-second timeout).
fn check(server: &TestDnsServer, args: &[&str]) -> (Option<i32>, Value) {
    check_json(&server.addr_arg(), &[args, &["--timeout", "2"]].concat())
}

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/extras")
}

#[test]
fn good_records_raise_nothing_and_are_reported() {
    let policy = "version: STSv1\nmode: enforce\nmx: mx.good.extras.test\nmax_age: 604800\n";
    let https = TestHttpsServer::start([("mta-sts.good.extras.test".to_string(), Canned::policy(policy))].into());
    let args = [&["good.extras.test".to_string()], &https.check_args()[..]].concat();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, json) = check(&server(), &args);
    let d = &json["domains"][0];
    let codes = finding_codes(d);
    for prefix in ["mta_sts.", "tls_rpt.", "bimi."] {
        assert!(!codes.iter().any(|c| c.starts_with(prefix)), "{codes:?}");
    }
    assert_eq!(d["mta_sts"]["id"], "20261101T000000");
    assert_eq!(d["mta_sts"]["status"], "found");
    assert_eq!(d["mta_sts"]["policy"]["coverage"][0]["pattern"], "mx.good.extras.test");
    assert_eq!(d["bimi"]["status"], "found");
    assert_eq!(d["tls_rpt"]["rua"][0], "mailto:tls@good.extras.test");
    assert_eq!(d["bimi"]["logo_url"], "https://good.extras.test/logo.svg");
}

#[test]
fn broken_records_are_syntax_findings() {
    let (_, json) = check(&server(), &["bad.extras.test"]);
    let codes = finding_codes(&json["domains"][0]);
    for code in [
        "mta_sts.syntax",
        "tls_rpt.syntax",
        "bimi.syntax",
        "bimi.dmarc_not_enforced",
    ] {
        assert!(codes.contains(&code.to_string()), "{code} not in {codes:?}");
    }
    assert!(!codes.contains(&"mta_sts.missing".to_string()));
}

#[test]
fn absent_records_are_info_and_not_applicable_without_mail() {
    let (_, json) = check(
        &server(),
        &["none.extras.test", "nomail.extras.test", "declined.extras.test"],
    );
    let none = finding_codes(&json["domains"][0]);
    assert!(
        none.contains(&"mta_sts.missing".into()) && none.contains(&"tls_rpt.missing".into()),
        "{none:?}"
    );
    assert!(
        !none.iter().any(|c| c.starts_with("bimi.")),
        "BIMI is optional: {none:?}"
    );
    let nomail = finding_codes(&json["domains"][1]);
    assert!(
        !nomail
            .iter()
            .any(|c| c.starts_with("mta_sts.") || c.starts_with("tls_rpt.")),
        "{nomail:?}"
    );
    let declined = finding_codes(&json["domains"][2]);
    assert!(
        !declined.iter().any(|c| c.starts_with("bimi.")),
        "a declination record is fine: {declined:?}"
    );
}

#[test]
fn a_failed_lookup_is_temperror_not_missing() {
    let (code, json) = check(&server(), &["flaky.extras.test", "--fail-on", "never"]);
    let codes = finding_codes(&json["domains"][0]);
    assert!(codes.contains(&"dns.temperror".into()), "{codes:?}");
    assert!(!codes.contains(&"mta_sts.missing".into()), "{codes:?}");
    assert_eq!(code, Some(3));
    // The section says "unknown", never "missing" or "found".
    assert_eq!(json["domains"][0]["mta_sts"]["status"], "unknown");
    assert_eq!(json["domains"][0]["mta_sts"]["record"], serde_json::Value::Null);
    let text = support::mailaudit()
        .args([
            "check",
            "flaky.extras.test",
            "--nameserver",
            &server().addr_arg(),
            "--no-blocklists",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("MTA-STS:"))
        .unwrap_or_default();
    assert!(line.contains("unknown: the lookup failed"), "{text}");
}

#[test]
fn reverse_dns_of_sending_ips() {
    let s = server();
    let (_, json) = check(
        &s,
        &[
            "good.extras.test",
            "--ip",
            "192.0.2.10",
            "--ip",
            "192.0.2.11",
            "--ip",
            "192.0.2.12",
        ],
    );
    let d = &json["domains"][0];
    let rdns = d["reverse_dns"].as_array().unwrap();
    assert_eq!(rdns[0]["forward_confirmed"], true);
    assert_eq!(rdns[1]["forward_confirmed"], false);
    assert_eq!(rdns[2]["ptr"].as_array().unwrap().len(), 0);
    let subject_of = |code: &str| -> Vec<String> {
        findings_with_code(d, code)
            .iter()
            .map(|f| f["subject"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(subject_of("rdns.mismatch"), vec!["192.0.2.11"]);
    assert_eq!(subject_of("rdns.missing"), vec!["192.0.2.12"]);

    let (_, json) = check(&s, &["good.extras.test", "--ip", "192.0.2.13", "--fail-on", "never"]);
    let codes = finding_codes(&json["domains"][0]);
    assert!(
        codes.contains(&"dns.temperror".into()) && !codes.iter().any(|c| c.starts_with("rdns.")),
        "{codes:?}"
    );
}

#[test]
fn requirements_never_claim_what_dns_cannot_show() {
    let (_, json) = check(&server(), &["good.extras.test"]);
    let reqs = json["domains"][0]["requirements"].as_array().unwrap();
    let status = |name: &str| {
        reqs.iter()
            .find(|r| r["requirement"].as_str().unwrap().starts_with(name))
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("Spam complaint rate"), "not_checked");
    assert_eq!(status("TLS on every connection"), "not_checked");
    assert_eq!(status("Sending IPs"), "not_checked", "no --ip given");
}

#[test]
fn several_records_of_one_kind_are_a_syntax_error() {
    let (_, json) = check(&server(), &["twice.extras.test"]);
    let d = &json["domains"][0];
    for (code, section) in [
        ("mta_sts.syntax", "mta_sts"),
        ("tls_rpt.syntax", "tls_rpt"),
        ("bimi.syntax", "bimi"),
    ] {
        let found: Vec<&serde_json::Value> = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code)
            .collect();
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert!(found[0]["message"].as_str().unwrap().starts_with("2 "), "{found:?}");
        assert!(found[0]["evidence"].as_str().unwrap().contains(" | "), "{found:?}");
        assert_eq!(d[section]["status"], "found");
    }
}
