//! DKIM selectors from evidence: `check --dmarc-reports` (and `dmarc_reports`
//! in mailaudit.toml) with the reports in fixtures/dmarc-evidence/ and the
//! zone fixtures/zones/evidence/. The reports name s2024 (key in DNS), oldkey
//! (no key) and nothing about `default` (key in DNS).

use crate::support;

use serde_json::Value;
use support::dns_server::TestDnsServer;
use support::{check_json, domain, finding, findings_with_code};

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/evidence")
}

fn run(server: &TestDnsServer, extra: &[&str]) -> Value {
    let args = [&["evidence.test"], extra, &["--fail-on", "never"]].concat();
    let (code, run) = check_json(&server.addr_arg(), &args);
    assert_eq!(code, Some(0), "{run}");
    run
}

#[test]
fn selectors_seen_in_reports_are_tried_and_say_where_they_come_from() {
    let server = server();
    let with = run(&server, &["--dmarc-reports", "fixtures/dmarc-evidence"]);
    let d = domain(&with, "evidence.test");
    let keys = d["dkim"].as_array().unwrap();
    let s2024 = keys.iter().find(|k| k["selector"] == "s2024").expect("s2024 found");
    assert_eq!(s2024["source"], "dmarc_reports");
    assert_eq!(s2024["seen_in"], "seen in 1 report from Yahoo, 2 from google.com");

    // oldkey signs mail in the reports but has no key: a real dkim.missing,
    // an error, naming the selector and where it was seen.
    let missing = findings_with_code(d, "dkim.missing");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0]["subject"], "oldkey");
    assert_eq!(missing[0]["severity"], "error");
    let message = missing[0]["message"].as_str().unwrap();
    assert!(message.contains("80 messages"), "{message}");
    assert!(
        message.contains("seen in 1 report from Yahoo, 2 from google.com"),
        "{message}"
    );

    // `default` has a key that no report shows: maybe unused (info).
    let unused = finding(d, "dkim.unused_key");
    assert_eq!(unused["subject"], "default");
    assert_eq!(unused["severity"], "info");
    assert_eq!(findings_with_code(d, "dkim.unused_key").len(), 1, "s2024 is in use");

    // Without the reports: s2024 is not on any list, oldkey is unknown, and
    // nothing is said about unused keys.
    let without = run(&server, &[]);
    let d = domain(&without, "evidence.test");
    assert!(d["dkim"].as_array().unwrap().iter().all(|k| k["selector"] != "s2024"));
    assert!(findings_with_code(d, "dkim.missing").is_empty());
    assert!(findings_with_code(d, "dkim.unused_key").is_empty());
}

#[test]
fn reports_that_do_not_cover_the_domain_say_nothing_about_unused_keys() {
    let server = server();
    // fixtures/dmarc covers example.com only.
    let run = run(&server, &["--dmarc-reports", "fixtures/dmarc"]);
    let d = domain(&run, "evidence.test");
    assert!(findings_with_code(d, "dkim.unused_key").is_empty());
    assert!(findings_with_code(d, "dkim.missing").is_empty());
}

#[test]
fn config_file_names_the_reports_relative_to_itself() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for entry in std::fs::read_dir(support::fixture("dmarc-evidence")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, reports.join(path.file_name().unwrap())).unwrap();
    }
    let config = dir.path().join("mailaudit.toml");
    std::fs::write(
        &config,
        "domains = [\"evidence.test\"]\ndmarc_reports = [\"reports\"]\n",
    )
    .unwrap();
    let (code, run) = support::run_json(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "--nameserver",
        &server.addr_arg(),
        "--format",
        "json",
        "--no-blocklists",
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, Some(0), "{run}");
    let d = domain(&run, "evidence.test");
    assert_eq!(finding(d, "dkim.missing")["subject"], "oldkey");

    // A path that does not exist is a usage error, before any DNS query.
    let out = support::mailaudit()
        .args([
            "check",
            "evidence.test",
            "--no-config",
            "--dmarc-reports",
            "/nonexistent/reports",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn text_report_says_where_a_selector_came_from() {
    let server = server();
    let text = support::check_text(
        &server.addr_arg(),
        &[
            "evidence.test",
            "--dmarc-reports",
            "fixtures/dmarc-evidence",
            "--fail-on",
            "never",
        ],
    );
    assert!(
        text.contains("selector s2024: RSA 2048-bit, good (seen in 1 report from Yahoo, 2 from google.com)"),
        "{text}"
    );
}
