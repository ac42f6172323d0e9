//! `mailaudit dmarc-reports` on the fixtures in fixtures/dmarc/: four
//! organisations (plain XML, gzip, zip with the DMARCbis namespace, e-mail
//! with a gzip attachment), one duplicate, one truncated report.
//! Expected numbers are worked out by hand from the fixture files.

use mailaudit::dmarc_reports::{self, Category};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mailaudit"))
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/dmarc")
}

/// The fixtures include a truncated report: a skipped file makes the run
/// incomplete (exit 3) while the rest is reported.
fn json_of(args: &[&str]) -> Value {
    let out = bin().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn totals_across_all_wrappers_count_the_duplicate_once() {
    let v = json_of(&["dmarc-reports", fixtures().to_str().unwrap(), "--format", "json"]);
    let s = &v["dmarc_reports"];
    assert_eq!(s["files_read"], 6);
    // google (xml), microsoft (gz), yahoo (zip), mail.ru (eml); the gz copy of google is a duplicate.
    assert_eq!(s["reports"], 4);
    let t = &s["totals"];
    // 650 google + 385 microsoft + 300 yahoo + 100 mail.ru
    assert_eq!(t["messages"], 1435);
    // 500 + 300 + 250 + 100
    assert_eq!(t["dmarc_pass"], 1150);
    assert_eq!(t["dmarc_fail"], 285);
    // google 120 + 30, yahoo 40 + 10
    assert_eq!(t["quarantined"], 200);
    // microsoft 80 (the CRM under p=reject)
    assert_eq!(t["rejected"], 80);
    assert_eq!(t["delivered"], 1435 - 200 - 80);
    assert_eq!(s["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(s["duplicates"][0]["report_id"], "15838473629104857362");
    assert!(
        s["duplicates"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("resent-copy.xml.gz")
    );
}

#[test]
fn malformed_report_is_named_and_skipped() {
    let out = bin()
        .args(["dmarc-reports", fixtures().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped = v["dmarc_reports"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("broken/truncated.xml"));
    assert!(skipped[0]["reason"].as_str().unwrap().contains("truncated"));
    // Its org never shows up, not even partly counted.
    let orgs: Vec<&str> = v["dmarc_reports"]["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["org_name"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["google.com", "Enterprise Outlook", "Yahoo", "Mail.Ru"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("truncated.xml"));
}

#[test]
fn only_a_broken_report_is_an_incomplete_run() {
    let out = bin()
        .args(["dmarc-reports", fixtures().join("broken").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn sources_are_told_apart() {
    let outcome = dmarc_reports::read_paths(&[fixtures()]);
    let s = dmarc_reports::summarize(&outcome);
    let by_ip = |ip: &str| s.sources.iter().find(|x| x.ip == ip).unwrap();
    let own = by_ip("192.0.2.10");
    assert_eq!(own.category, Category::Aligned);
    assert_eq!(own.counts.messages, 1100);
    let crm = by_ip("198.51.100.20");
    assert_eq!(crm.category, Category::Misaligned);
    assert_eq!(crm.counts.dmarc_fail, 240);
    assert_eq!(crm.counts.rejected, 80);
    assert_eq!(
        crm.authenticated_as,
        ["dkim:crm-mailer.example", "spf:bounce.crm-mailer.example"]
    );
    assert_eq!(crm.reported_by, ["Enterprise Outlook", "Yahoo", "google.com"]);
    let partly = by_ip("192.0.2.11");
    assert_eq!(partly.category, Category::PartlyAligned);
    assert_eq!((partly.counts.dmarc_pass, partly.counts.dmarc_fail), (50, 10));
    let spoof = by_ip("203.0.113.66");
    assert_eq!(spoof.category, Category::Unknown);
    assert!(spoof.authenticated_as.is_empty());
    let fwd = by_ip("203.0.113.7");
    assert_eq!(fwd.category, Category::Forwarded);
    // The receiver's own words are kept, entities decoded.
    assert_eq!(fwd.override_reasons, ["forwarded: looks forwarded & re-signed"]);
    // Largest failing volume first.
    let order: Vec<&str> = s.sources.iter().map(|x| x.ip.as_str()).collect();
    assert_eq!(
        order,
        [
            "198.51.100.20",
            "203.0.113.66",
            "192.0.2.11",
            "203.0.113.7",
            "192.0.2.10"
        ]
    );
    assert_eq!(own.network.as_deref(), Some("192.0.2.0/24"));
    let own_failing: Vec<&str> = s.own_failing().map(|x| x.ip.as_str()).collect();
    assert_eq!(own_failing, ["198.51.100.20", "192.0.2.11"]);
    let unknown: Vec<&str> = s.unknown().map(|x| x.ip.as_str()).collect();
    assert_eq!(unknown, ["203.0.113.66"]);
}

#[test]
fn per_domain_and_per_org_summaries() {
    let s = dmarc_reports::summarize(&dmarc_reports::read_paths(&[fixtures()]));
    assert_eq!(s.domains.len(), 1);
    let d = &s.domains[0];
    assert_eq!(d.domain, "example.com");
    assert_eq!(d.sources, 5);
    // Yahoo's 200 from 192.0.2.10 are DKIM-aligned only; 50 from 192.0.2.11 SPF-aligned only.
    // SPF aligned: 500 + 300 + 50 + 100 = 950; DKIM aligned: 500 + 300 + 200 + 100 = 1100.
    assert_eq!(d.counts.spf_aligned, 950);
    assert_eq!(d.counts.dkim_aligned, 1100);
    // The policy of the latest report (Microsoft's, 3 Nov) is the one shown.
    assert_eq!(d.policy.as_ref().unwrap().p.as_deref(), Some("reject"));
    let ms = s
        .organisations
        .iter()
        .find(|o| o.org_name == "Enterprise Outlook")
        .unwrap();
    assert_eq!((ms.reports, ms.counts.messages, ms.counts.rejected), (1, 385, 80));
    assert_eq!(s.period_begin.as_deref(), Some("2026-11-01T00:00:00Z"));
    assert_eq!(s.period_end.as_deref(), Some("2026-11-03T00:00:00Z"));
}

#[test]
fn csv_has_one_row_per_source() {
    let out = bin()
        .args(["dmarc-reports", fixtures().to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().unwrap().clone();
    assert_eq!(&headers[0], "source_ip");
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(&records[0][0], "198.51.100.20");
    assert_eq!(&records[0][3], "misaligned");
    assert_eq!(&records[0][4], "240");
}

#[test]
fn text_names_the_misaligned_service_separately_from_spoofing() {
    let out = bin()
        .args(["dmarc-reports", fixtures().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let own = text.find("Your sources that fail alignment").unwrap();
    let unknown = text.find("Unknown sources").unwrap();
    let crm = text.find("198.51.100.20").unwrap();
    let spoof = text.find("203.0.113.66").unwrap();
    assert!(own < crm && crm < unknown && unknown < spoof, "{text}");
    assert!(text.contains("authenticates as dkim:crm-mailer.example"));
}

#[test]
fn a_single_file_of_each_wrapper_reads() {
    for sub in ["google", "microsoft", "yahoo", "mailru"] {
        let outcome = dmarc_reports::read_paths(&[fixtures().join(sub)]);
        assert_eq!(outcome.skipped, vec![], "{sub}");
        assert!(!outcome.reports.is_empty(), "{sub}");
    }
}

#[test]
fn no_path_is_a_usage_error() {
    let out = bin().args(["dmarc-reports"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn streaming_summary_equals_the_collected_one() {
    let collected = dmarc_reports::summarize(&dmarc_reports::read_paths(&[fixtures()]));
    let streamed = dmarc_reports::summarize_paths(&[fixtures()]);
    assert_eq!(collected, streamed);
    assert_eq!(streamed.reports, 4);
}

use crate::support;

#[test]
fn resolve_names_sources_and_keeps_failures_apart() {
    let server = support::dns_server::TestDnsServer::start_files(&[
        support::fixture("zones/losses/reverse.zone"),
        support::fixture("zones/losses/reverse-crm.zone"),
    ]);
    let out = support::mailaudit()
        .args([
            "dmarc-reports",
            "fixtures/dmarc",
            "--resolve",
            "--nameserver",
            &server.addr_arg(),
        ])
        .args(["--timeout", "2", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = v["dmarc_reports"]["sources"].as_array().unwrap();
    let get = |ip: &str| sources.iter().find(|s| s["ip"] == ip).unwrap().clone();
    assert_eq!(get("192.0.2.10")["ptr"], "mail.example.com");
    assert_eq!(get("198.51.100.20")["ptr"], "o1.crm-mailer.example");
    // No PTR record is "no name"...
    assert!(get("192.0.2.11")["ptr"].is_null());
    assert_eq!(get("192.0.2.11")["ptr_error"], "no PTR record");
    // ...a zone that does not answer is a failed lookup, not "no name".
    let unknown = get("203.0.113.66");
    assert!(unknown["ptr"].is_null());
    assert!(
        unknown["ptr_error"].as_str().unwrap().starts_with("lookup failed"),
        "{unknown}"
    );
    // Without --resolve nothing is looked up.
    let plain = json_of(&["dmarc-reports", fixtures().to_str().unwrap(), "--format", "json"]);
    assert!(plain["dmarc_reports"]["sources"][0]["ptr"].is_null());
    assert!(plain["dmarc_reports"]["sources"][0].get("ptr_error").is_none());
}

#[test]
fn each_reporter_shows_the_report_format_it_sent() {
    let v = json_of(&["dmarc-reports", fixtures().to_str().unwrap(), "--format", "json"]);
    let orgs = v["dmarc_reports"]["organisations"].as_array().unwrap();
    let org = |name: &str| orgs.iter().find(|o| o["org_name"] == name).unwrap().clone();
    // Yahoo's zip is in the RFC 9990 namespace and says how it found the policy.
    assert_eq!(org("Yahoo")["formats"], serde_json::json!({"rfc9990": 1}));
    assert_eq!(org("Yahoo")["discovery_methods"], serde_json::json!(["treewalk"]));
    assert_eq!(org("google.com")["formats"], serde_json::json!({"rfc7489": 1}));
    assert_eq!(org("Enterprise Outlook")["formats"], serde_json::json!({"rfc7489": 1}));
    let out = bin()
        .args(["dmarc-reports", fixtures().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Yahoo  [RFC 9990 (treewalk)]"), "{text}");
    assert!(text.contains("google.com  [RFC 7489]"), "{text}");
}

#[test]
fn dkim_selectors_seen_per_signing_domain_with_volume_and_pass_rate() {
    let v = json_of(&["dmarc-reports", fixtures().to_str().unwrap(), "--format", "json"]);
    let selectors = v["dmarc_reports"]["selectors"].as_array().unwrap();
    let found: Vec<(String, String, u64, u64, u64)> = selectors
        .iter()
        .map(|s| {
            (
                s["domain"].as_str().unwrap().to_string(),
                s["selector"].as_str().unwrap().to_string(),
                s["messages"].as_u64().unwrap(),
                s["pass"].as_u64().unwrap(),
                s["reports"].as_u64().unwrap(),
            )
        })
        .collect();
    // s1 signs the own server's mail (1,100 messages, all verified) and is
    // also claimed, failing, on the CRM's 120 and 5 spoofed messages; crm1 is
    // the CRM's own key. The duplicate google report is not counted twice.
    assert_eq!(
        found,
        vec![
            ("crm-mailer.example".into(), "crm1".into(), 240, 240, 3),
            ("example.com".into(), "s1".into(), 1225, 1100, 4),
        ]
    );
    let s1 = &selectors[1];
    assert_eq!(s1["reported_by"]["google.com"], 1);
    let out = bin()
        .args(["dmarc-reports", fixtures().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("DKIM selectors seen"), "{text}");
    assert!(text.contains("89.8% verified"), "{text}");
}
