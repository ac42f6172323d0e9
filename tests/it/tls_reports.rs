//! `mailaudit tls-reports` on our own RFC 8460 fixtures (fixtures/tls-reports).
//!
//! Together the fixtures hold 4 distinct reports from 4 organisations (Google
//! JSON, Microsoft JSON with two policies, Yahoo gzip, Comcast e-mail with an
//! `application/tlsrpt+gzip` part), one repeated report-id and one truncated
//! file; period 2026-10-31T00:00:00Z to 2026-11-03T00:00:00Z.
//! shop.example sts: 1,700 successful, 125 failed (certificate-expired 90,
//! certificate-host-mismatch 20, starttls-not-supported 10,
//! sts-policy-fetch-error 5); shop.example tlsa: 40 / 3; blog.example
//! no-policy-found: 200 / 0. All: 1,940 successful, 128 failed.

use crate::support;

use serde_json::Value;
use support::{fixture, mailaudit, run_json};

fn summary(paths: &[&str]) -> (Option<i32>, Value) {
    let (code, json) = run_json(&[&["tls-reports", "--format", "json"], paths].concat());
    (code, json["tls_reports"].clone())
}

fn policy<'a>(summary: &'a Value, domain: &str, policy_type: &str) -> &'a Value {
    summary["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == domain)
        .and_then(|d| {
            d["policies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["policy_type"] == policy_type)
        })
        .unwrap_or_else(|| panic!("no {domain}/{policy_type} in {summary}"))
}

fn tally(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_string(), t["sessions"].as_u64().unwrap()))
        .collect()
}

#[test]
fn the_fixture_directory_adds_up() {
    let dir = fixture("tls-reports");
    let (code, s) = summary(&[dir.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(s["files_read"], 6);
    assert_eq!(s["reports"], 4);
    assert_eq!(s["successful_sessions"], 1940);
    assert_eq!(s["failed_sessions"], 128);
    assert_eq!(s["period"]["start"], "2026-10-31T00:00:00Z");
    assert_eq!(s["period"]["end"], "2026-11-03T00:00:00Z");
    assert_eq!(s["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(s["duplicates"][0]["report_id"], "2026-11-01T00:00:00Z_shop.example");
    let skipped = s["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("truncated.json"));
    assert_eq!(s["organizations"].as_array().unwrap().len(), 4);

    let sts = policy(&s, "shop.example", "sts");
    assert_eq!(sts["successful_sessions"], 1700);
    assert_eq!(sts["failed_sessions"], 125);
    assert_eq!(sts["mx_patterns"][0], "*.mail.shop.example");
    assert_eq!(
        tally(&sts["failures_by_result"]),
        [
            ("certificate-expired".to_string(), 90),
            ("certificate-host-mismatch".to_string(), 20),
            ("starttls-not-supported".to_string(), 10),
            ("sts-policy-fetch-error".to_string(), 5),
        ]
    );
    assert_eq!(
        tally(&sts["failures_by_mx"]),
        [
            ("mx1.mail.shop.example".to_string(), 110),
            ("mx2.mail.shop.example".to_string(), 10),
            ("(not reported)".to_string(), 5),
        ]
    );
    assert_eq!(
        tally(&sts["failures_by_sending_ip"])[0],
        ("209.85.220.41".to_string(), 70)
    );
    assert_eq!(sts["failures"][0]["receiving_mx"], "mx1.mail.shop.example");
    assert_eq!(sts["failures"][0]["result_type"], "certificate-expired");
    assert_eq!(sts["failures"][0]["sessions"], 90);
    let google = sts["by_organization"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organization"] == "Google Inc.")
        .unwrap();
    assert_eq!(
        (
            google["successful_sessions"].as_u64(),
            google["failed_sessions"].as_u64()
        ),
        (Some(900), Some(100))
    );

    let tlsa = policy(&s, "shop.example", "tlsa");
    assert_eq!(
        (tlsa["successful_sessions"].as_u64(), tlsa["failed_sessions"].as_u64()),
        (Some(40), Some(3))
    );
    let none = policy(&s, "blog.example", "no-policy-found");
    assert_eq!(
        (none["successful_sessions"].as_u64(), none["failed_sessions"].as_u64()),
        (Some(200), Some(0))
    );
}

#[test]
fn a_gzip_file_and_an_e_mail_are_read_alone() {
    let (_, gz) = summary(&[fixture("tls-reports/yahoo.json.gz").to_str().unwrap()]);
    assert_eq!(gz["failed_sessions"], 20);
    assert_eq!(gz["domains"][0]["policies"][0]["mx_patterns"][0], "*.mail.shop.example");
    let (_, eml) = summary(&[fixture("tls-reports/comcast.eml").to_str().unwrap()]);
    assert_eq!(eml["reports"], 1);
    assert_eq!(
        policy(&eml, "shop.example", "tlsa")["failures_by_result"][0]["name"],
        "validation-failure"
    );
}

#[test]
fn nothing_readable_is_incomplete() {
    let (code, s) = summary(&[fixture("tls-reports/truncated.json").to_str().unwrap()]);
    assert_eq!(code, Some(3));
    assert_eq!(s["reports"], 0);
    assert!(
        s["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not a TLS-RPT report")
    );
}

#[test]
fn hostile_inputs_are_capped_and_counts_do_not_overflow() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // A gzip that expands beyond the 32 MB cap.
    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    bomb.write_all(b"{").unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..33 {
        bomb.write_all(&spaces).unwrap();
    }
    std::fs::write(dir.path().join("bomb.json.gz"), bomb.finish().unwrap()).unwrap();
    // Two reports with the largest counts: sums saturate instead of wrapping.
    for id in ["a", "b"] {
        let report = serde_json::json!({"organization-name": "Huge", "report-id": id, "policies": [
            {"policy": {"policy-type": "sts", "policy-domain": "shop.example"},
             "summary": {"total-successful-session-count": u64::MAX, "total-failure-session-count": u64::MAX},
             "failure-details": [{"result-type": "certificate-expired", "failed-session-count": u64::MAX}]}]});
        std::fs::write(dir.path().join(format!("{id}.json")), report.to_string()).unwrap();
    }
    let (code, s) = summary(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(s["reports"], 2);
    assert_eq!(s["failed_sessions"], u64::MAX);
    assert_eq!(
        policy(&s, "shop.example", "sts")["failures_by_result"][0]["sessions"],
        u64::MAX
    );
    assert!(
        s["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("larger than 32 MB"),
        "{s}"
    );
}

#[test]
fn text_markdown_and_html_say_the_same() {
    let dir = fixture("tls-reports");
    let render = |format: &str| {
        let out = mailaudit()
            .args(["tls-reports", dir.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let headline = "4 reports from 4 organisations from 2026-10-31T00:00:00Z to 2026-11-03T00:00:00Z: \
                    128 of 2,068 TLS sessions to your MX failed (6.2%).";
    for format in ["text", "markdown", "html"] {
        let out = render(format);
        assert!(out.contains(headline), "{format}: {out}");
        assert!(
            out.contains("shop.example / sts: failures by receiving MX and result type"),
            "{format}"
        );
        assert!(out.contains("certificate-expired"), "{format}");
        assert!(
            out.contains("duplicate report 2026-11-01T00:00:00Z_shop.example"),
            "{format}"
        );
    }
    assert!(render("html").starts_with("<!DOCTYPE html>"));
    assert!(render("markdown").contains("| mx1.mail.shop.example | certificate-expired | 90 |"));
}
