//! `--baseline previous.json` through the real binary: a saved run compared
//! with itself changes nothing and does not fail the gate; findings missing
//! from the baseline are new and fail it; findings gone from a complete audit
//! are fixed, from an incomplete one unverified.

use crate::support;

use serde_json::{Value, json};
use std::path::Path;
use support::dns_server::TestDnsServer;
use support::{check_json, check_text, mailaudit};

const ZONE: &str = r#"$ORIGIN bl.test.
$TTL 300
@        IN SOA ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 300
good     IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good     IN MX  10 mx.good.bl.test.
mx.good  IN A   192.0.2.25
_dmarc.good IN TXT "v=DMARC1; p=reject"
;@servfail broken.bl.test.
"#;

/// Check good.bl.test and broken.bl.test (JSON, no config file) with `extra` options.
fn check(server: &TestDnsServer, extra: &[&str]) -> (Option<i32>, Value) {
    let args = [
        &["good.bl.test", "broken.bl.test", "--no-config", "--timeout", "2"],
        extra,
    ]
    .concat();
    check_json(&server.addr_arg(), &args)
}

fn save(dir: &Path, value: &Value) -> String {
    let path = dir.join("previous.json");
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

fn findings(run: &Value, domain: usize) -> Vec<Value> {
    run["domains"][domain]["findings"].as_array().unwrap().clone()
}

#[test]
fn a_run_against_itself_is_unchanged_and_passes_the_gate() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let (plain_code, first) = check(&server, &["--fail-on", "info"]);
    let total = findings(&first, 0).len() + findings(&first, 1).len();
    assert!(
        findings(&first, 0).iter().any(|f| f["code"] != "dns.temperror"),
        "precondition: good.bl.test has a finding that can fail the gate"
    );
    assert_eq!(plain_code, Some(1), "without a baseline, --fail-on info fails");

    let path = save(dir.path(), &first);
    let (code, second) = check(&server, &["--fail-on", "info", "--baseline", &path]);
    let baseline = &second["baseline"];
    assert_eq!(baseline["new"].as_array().unwrap().len(), 0, "{baseline}");
    assert_eq!(baseline["fixed"].as_array().unwrap().len(), 0);
    assert_eq!(baseline["unchanged"], total);
    // Known findings do not fail the gate; the SERVFAIL domain keeps the run incomplete.
    assert_eq!(code, Some(3));
    // The current findings are all still in the report (it can be the next baseline).
    assert_eq!(findings(&second, 0), findings(&first, 0));
}

#[test]
fn findings_missing_from_the_baseline_are_new_and_fail_the_gate() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let (_, mut previous) = check(&server, &[]);
    let current_good = findings(&previous, 0);
    previous["domains"][0]["findings"] = json!([]);
    let path = save(dir.path(), &previous);

    let (code, run) = check(&server, &["--fail-on", "info", "--baseline", &path]);
    let new = run["baseline"]["new"].as_array().unwrap();
    assert_eq!(new.len(), current_good.len());
    assert!(new.iter().all(|e| e["domain"] == "good.bl.test"));
    assert_eq!(code, Some(1), "a new finding at or above --fail-on fails");

    let (code, _) = check(&server, &["--fail-on", "never", "--baseline", &path]);
    assert_eq!(code, Some(3), "--fail-on never: only the incomplete audit remains");
}

#[test]
fn gone_findings_are_fixed_or_unverified() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let (_, mut previous) = check(&server, &[]);
    let gone = json!({"code": "spf.lookup_limit", "severity": "error", "message": "13 lookups",
                      "subject": "old-include.example", "docs": ""});
    previous["domains"][0]["findings"]
        .as_array_mut()
        .unwrap()
        .push(gone.clone());
    previous["domains"][1]["findings"].as_array_mut().unwrap().push(gone);
    previous["domains"]
        .as_array_mut()
        .unwrap()
        .push(json!({"domain": "retired.bl.test", "findings": []}));
    let path = save(dir.path(), &previous);

    let (_, run) = check(&server, &["--baseline", &path]);
    let baseline = &run["baseline"];
    let fixed = baseline["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{baseline}");
    assert_eq!(fixed[0]["domain"], "good.bl.test");
    assert_eq!(fixed[0]["subject"], "old-include.example");
    // broken.bl.test answered SERVFAIL: the finding may still be there.
    let unverified = baseline["unverified"].as_array().unwrap();
    assert_eq!(unverified.len(), 1);
    assert_eq!(unverified[0]["domain"], "broken.bl.test");
    assert_eq!(baseline["not_checked"], json!(["retired.bl.test"]));
    assert_eq!(baseline["new"].as_array().unwrap().len(), 0);

    // Text and Markdown say the same.
    let same_run = ["good.bl.test", "broken.bl.test", "--no-config"];
    let md = check_text(
        &server.addr_arg(),
        &[&same_run[..], &["--format", "markdown", "--baseline", &path]].concat(),
    );
    assert!(md.contains("0 new, 1 fixed, 1 unverified"), "{md}");
    let text = check_text(&server.addr_arg(), &[&same_run[..], &["--baseline", &path]].concat());
    assert!(
        text.contains("Since ") && text.contains(": 0 new, 1 fixed, 1 unverified"),
        "{text}"
    );
    assert!(
        text.contains("good.bl.test spf.lookup_limit (old-include.example)"),
        "{text}"
    );
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("garbage.json", "not json"),
        ("future.json", r#"{"schema_version": 2, "domains": []}"#),
        ("sarif.json", r#"{"version": "2.1.0", "runs": []}"#),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = mailaudit()
            .args(["check", "good.bl.test", "--no-config", "--no-blocklists"])
            .args(["--nameserver", &server.addr_arg(), "--baseline", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = mailaudit()
        .args([
            "check",
            "good.bl.test",
            "--no-config",
            "--baseline",
            "/nonexistent/prev.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_empty_baseline_file_names_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    std::fs::write(&path, "").unwrap();
    // The baseline is read before any DNS query: no server needed.
    let out = mailaudit()
        .args(["check", "a.test", "--baseline", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the baseline file is empty"), "{stderr}");
    assert!(stderr.contains("--format json > baseline.json"), "{stderr}");
    assert!(!stderr.contains("EOF"), "{stderr}");
}
