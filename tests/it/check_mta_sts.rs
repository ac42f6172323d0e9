//! MTA-STS policy fetch and checks, through the real binary: policies served
//! over HTTPS on loopback (test CA made with rcgen), names resolved by the
//! loopback DNS server (fixtures/zones/tls).

use crate::support;

use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;
use support::dns_server::TestDnsServer;
use support::https_server::{Canned, TestHttpsServer};
use support::{check_json, domain, finding, finding_codes, findings_with_code, mailaudit};

const GOOD: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mx1.mail.tls.test\r\nmx: *.mail.tls.test\r\nmax_age: 604800\r\n";

/// The policy host of each case and what it serves. `wrongcert` is left
/// out: the certificate does not name it.
fn responses() -> HashMap<String, Canned> {
    let mut slow = Canned::policy(GOOD);
    slow.delay = Duration::from_secs(4);
    let mut redirect = Canned::status(301);
    redirect.location = Some("https://www.tls.test/mta-sts.txt".into());
    let mut notplain = Canned::policy(GOOD);
    notplain.content_type = Some("text/html; charset=utf-8".into());
    let big = format!("{GOOD}{}", "comment: padding to overflow the cap\n".repeat(2000));
    let cases = [
        ("good", Canned::policy(GOOD)),
        ("mismatch", Canned::policy(GOOD)),
        (
            "testing",
            Canned::policy("version: STSv1\nmode: testing\nmx: *.mail.tls.test\nmax_age: 86400\n"),
        ),
        (
            "short",
            Canned::policy("version: STSv1\nmode: enforce\nmx: mx1.mail.tls.test\nmax_age: 3600\n"),
        ),
        (
            "invalid",
            Canned::policy("version: STSv2\nmode: strict\nmx: mx1.mail.tls.test\nmax_age: forever\n"),
        ),
        ("notplain", notplain),
        ("big", Canned::policy(&big)),
        ("redirect", redirect),
        ("missing", Canned::status(404)),
        ("slow", slow),
        ("badrecord", Canned::policy(GOOD)),
    ];
    cases
        .into_iter()
        .map(|(name, canned)| (format!("mta-sts.{name}.tls.test"), canned))
        .collect()
}

struct Servers {
    dns: TestDnsServer,
    https: TestHttpsServer,
}

fn servers() -> Servers {
    Servers {
        dns: TestDnsServer::start_dir("fixtures/zones/tls"),
        https: TestHttpsServer::start(responses()),
    }
}

/// `check DOMAINS --format json` with policy fetches pointed at the test server
/// and a 2-second fetch timeout.
fn check(servers: &Servers, domains: &[&str]) -> Value {
    let mut args: Vec<String> = domains.iter().map(|d| format!("{d}.tls.test")).collect();
    args.extend(servers.https.check_args());
    args.extend(["--mta-sts-timeout", "2", "--timeout", "2", "--fail-on", "never"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    check_json(&servers.dns.addr_arg(), &args).1
}

fn mta_sts_codes(report: &Value) -> Vec<String> {
    finding_codes(report)
        .into_iter()
        .filter(|c| c.starts_with("mta_sts."))
        .collect()
}

#[test]
fn a_policy_that_covers_every_mx_raises_nothing_and_is_reported() {
    let servers = servers();
    let run = check(&servers, &["good"]);
    let good = domain(&run, "good.tls.test");
    assert!(mta_sts_codes(good).is_empty(), "{good}");
    let policy = &good["mta_sts"]["policy"];
    assert_eq!(policy["status"], "valid");
    assert_eq!(policy["mode"], "enforce");
    assert_eq!(policy["max_age"], 604800);
    assert_eq!(policy["mx"][1], "*.mail.tls.test");
    let coverage: Vec<(String, String)> = policy["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["host"].as_str().unwrap().into(),
                c["pattern"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        coverage,
        [
            ("mx1.mail.tls.test".to_string(), "mx1.mail.tls.test".to_string()),
            ("mx2.mail.tls.test".to_string(), "*.mail.tls.test".to_string())
        ]
    );
}

#[test]
fn an_uncovered_mx_is_an_error_in_enforce_and_a_warning_in_testing() {
    let servers = servers();
    let run = check(&servers, &["mismatch", "testing"]);
    let mismatch = domain(&run, "mismatch.tls.test");
    let uncovered: Vec<&str> = findings_with_code(mismatch, "mta_sts.mx_mismatch")
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "error");
            assert!(f["message"].as_str().unwrap().contains("*.mail.tls.test"), "{f}");
            f["subject"].as_str().unwrap()
        })
        .collect();
    assert_eq!(uncovered, ["deep.sub.mail.tls.test", "new.provider.tls.test"]);
    assert_eq!(mismatch["verdict"]["status"], "failing");

    let testing = domain(&run, "testing.tls.test");
    assert_eq!(finding(testing, "mta_sts.mx_mismatch")["severity"], "warning");
    assert_eq!(finding(testing, "mta_sts.testing")["severity"], "info");
}

#[test]
fn a_short_max_age_in_enforce_is_a_warning() {
    let servers = servers();
    let run = check(&servers, &["short"]);
    let short = domain(&run, "short.tls.test");
    assert_eq!(mta_sts_codes(short), ["mta_sts.max_age_short"]);
    assert!(
        finding(short, "mta_sts.max_age_short")["message"]
            .as_str()
            .unwrap()
            .contains("3600")
    );
}

#[test]
fn invalid_policies_name_what_is_wrong() {
    let servers = servers();
    let run = check(&servers, &["invalid", "notplain", "big"]);
    let expected = [
        ("invalid", "not STSv1"),
        ("invalid", "not enforce, testing or none"),
        ("invalid", "max_age `forever`"),
        ("notplain", "text/html, not text/plain"),
        ("big", "larger than 64 KiB"),
    ];
    for (name, words) in expected {
        let report = domain(&run, &format!("{name}.tls.test"));
        assert_eq!(mta_sts_codes(report), ["mta_sts.policy_invalid"], "{name}");
        let message = finding(report, "mta_sts.policy_invalid")["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
        assert_eq!(report["mta_sts"]["policy"]["status"], "invalid");
    }
}

#[test]
fn policies_senders_cannot_fetch_are_unreachable_never_a_pass() {
    let servers = servers();
    let run = check(
        &servers,
        &["redirect", "missing", "wrongcert", "slow", "noaddr", "dnsfail"],
    );
    let expected = [
        ("redirect", "unreachable", "do not follow redirects"),
        ("missing", "unreachable", "404"),
        ("wrongcert", "unreachable", "TLS"),
        ("slow", "unknown", "timed out"),
        ("noaddr", "unreachable", "has no address"),
        ("dnsfail", "unknown", "SERVFAIL"),
    ];
    for (name, status, words) in expected {
        let report = domain(&run, &format!("{name}.tls.test"));
        assert_eq!(mta_sts_codes(report), ["mta_sts.policy_unreachable"], "{name}");
        let unreachable = finding(report, "mta_sts.policy_unreachable");
        assert_eq!(unreachable["severity"], "error");
        let message = unreachable["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
        assert_eq!(report["mta_sts"]["policy"]["status"], status, "{name}");
        assert_ne!(report["verdict"]["status"], "ok", "{name}");
    }
}

#[test]
fn a_policy_behind_an_invalid_record_is_not_fetched() {
    let servers = servers();
    let run = check(&servers, &["badrecord"]);
    let report = domain(&run, "badrecord.tls.test");
    assert_eq!(mta_sts_codes(report), ["mta_sts.syntax"]);
    assert!(report["mta_sts"].get("policy").is_none(), "{report}");
}

#[test]
fn without_the_test_ca_the_certificate_is_not_trusted() {
    let servers = servers();
    let args = [
        "good.tls.test",
        "--mta-sts-port",
        &servers.https.port.to_string(),
        "--timeout",
        "2",
        "--fail-on",
        "never",
    ];
    let (_, run) = check_json(&servers.dns.addr_arg(), &args);
    let good = domain(&run, "good.tls.test");
    let message = finding(good, "mta_sts.policy_unreachable")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("TLS"), "{message}");
}

#[test]
fn the_text_report_shows_mode_max_age_and_coverage() {
    let servers = servers();
    let out = mailaudit()
        .args(["check", "mismatch.tls.test", "--nameserver", &servers.dns.addr_arg()])
        .args(servers.https.check_args())
        .args(["--no-blocklists", "--timeout", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "policy: mode enforce, max_age 604800",
        "mx patterns: mx1.mail.tls.test, *.mail.tls.test",
        "MX mx1.mail.tls.test covered by mx1.mail.tls.test",
        "MX new.provider.tls.test NOT covered",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
    assert_eq!(out.status.code(), Some(1), "an enforce mismatch is an error");
}

#[test]
fn an_unreadable_ca_file_is_a_usage_error() {
    let out = mailaudit()
        .args(["check", "good.tls.test", "--tls-ca-file", "/nonexistent/ca.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read CA file"));
}
