//! `--previous FILE` through the real binary, on `check` and `losses`: what
//! changed since a saved `--format json` run, in every format; a wrong or
//! unreadable file is a usage error (exit 2) that says what is wrong.

use crate::support;

use serde_json::{Value, json};
use std::path::Path;
use support::dns_server::TestDnsServer;
use support::{check_json, check_output, fixture, mailaudit};

const ZONE: &str = r#"$ORIGIN ch.test.
$TTL 300
@        IN SOA ns.ch.test. hostmaster.ch.test. 1 3600 600 86400 300
good     IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good     IN MX  10 mx.good.ch.test.
mx.good  IN A   192.0.2.25
_dmarc.good IN TXT "v=DMARC1; p=none"
"#;

fn save(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

fn codes(problems: &Value) -> Vec<String> {
    problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn check_previous_lists_new_and_fixed_problems_and_moved_figures() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let args = ["good.ch.test", "--no-config", "--timeout", "2"];
    let (plain_code, now) = check_json(&server.addr_arg(), &args);
    assert!(now.get("changes").is_none(), "no --previous, no changes: {now}");
    let current: Vec<Value> = now["domains"][0]["findings"].as_array().unwrap().clone();
    assert!(!current.is_empty(), "precondition: p=none gives findings");
    let status = now["domains"][0]["verdict"]["status"].as_str().unwrap().to_string();
    assert_ne!(status, "ok", "precondition");
    let errors_now = current.iter().filter(|f| f["severity"] == "error").count() as u64;

    // The saved run: an ok verdict, one problem that is gone now, and a
    // domain this run does not check.
    let mut saved = now.clone();
    saved["domains"][0]["verdict"]["status"] = json!("ok");
    saved["domains"][0]["findings"] = json!([
        {"code": "spf.lookup_limit", "severity": "error", "message": "old", "docs": "u"},
        {"code": "spf.lookup_limit", "severity": "error", "message": "old", "docs": "u"}
    ]);
    saved["domains"]
        .as_array_mut()
        .unwrap()
        .push(json!({"domain": "gone.ch.test", "findings": []}));
    let path = save(dir.path(), "previous.json", &saved);

    let with = [&args[..], &["--previous", &path]].concat();
    let (code, run) = check_json(&server.addr_arg(), &with);
    assert_eq!(code, plain_code, "--previous does not change the exit code");
    let c = &run["changes"];
    assert_eq!(c["previous"], path.as_str());
    assert_eq!(c["since_from"], "file_modified");
    assert_eq!(c["since"].as_str().unwrap().len(), 10, "{c}");
    let mut new = codes(&c["new_problems"]);
    let mut expected: Vec<String> = current
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    new.sort();
    expected.sort();
    assert_eq!(new, expected);
    assert_eq!(codes(&c["fixed_problems"]), ["spf.lookup_limit", "spf.lookup_limit"]);
    assert_eq!(c["fixed_problems"][0]["domain"], "good.ch.test");
    assert_eq!(c["domains_gone"], json!(["gone.ch.test"]));
    let moved = c["moved"].as_array().unwrap();
    let verdict = moved.iter().find(|m| m["figure"] == "verdict").unwrap();
    assert_eq!((&verdict["before"], &verdict["after"]), (&json!("ok"), &json!(status)));
    assert_eq!(verdict["direction"], "worse");
    let errors = moved.iter().find(|m| m["figure"] == "errors");
    if errors_now != 2 {
        let errors = errors.unwrap();
        assert_eq!(
            (errors["before"].as_u64(), errors["after"].as_u64()),
            (Some(2), Some(errors_now))
        );
    } else {
        assert!(errors.is_none());
    }

    for (format, needle) in [("text", "What changed since "), ("markdown", "### What changed since ")] {
        let mut a = with.clone();
        a.extend(["--format", format]);
        let (_, out) = check_output(&server.addr_arg(), &a);
        assert!(out.contains(needle), "{format}: {out}");
        // Markdown escapes the underscore.
        assert!(out.replace("\\_", "_").contains("spf.lookup_limit"), "{format}: {out}");
        assert!(out.contains("gone.ch.test"), "{format}: {out}");
    }
}

#[test]
fn check_previous_refuses_a_losses_run_and_unreadable_files() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let losses = save(dir.path(), "losses.json", &json!({"schema_version": 1, "losses": {}}));
    let newer = save(dir.path(), "v2.json", &json!({"schema_version": 2, "domains": []}));
    let missing = dir.path().join("missing.json").display().to_string();
    let empty = save(dir.path(), "empty.json", &json!(null));
    std::fs::write(&empty, "").unwrap();
    for (file, says) in [
        (losses.as_str(), "is a saved `mailaudit losses` run"),
        (newer.as_str(), "schema_version 2"),
        (missing.as_str(), "cannot read"),
        (empty.as_str(), "is empty"),
        // Reports 0 bytes but never ends: the cap is enforced while reading.
        ("/dev/zero", "not a regular file"),
    ] {
        let out = mailaudit()
            .args([
                "check",
                "good.ch.test",
                "--no-config",
                "--no-blocklists",
                "--timeout",
                "2",
            ])
            .args(["--nameserver", &server.addr_arg(), "--previous", file])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(stderr.contains(says), "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // The baseline goes through the same capped reader.
    let out = mailaudit()
        .args(["check", "good.ch.test", "--no-config", "--baseline", "/dev/zero"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read baseline /dev/zero: not a regular file"),
        "{stderr}"
    );
}

fn losses_json(args: &[&str]) -> Value {
    let out = mailaudit()
        .arg("losses")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The saved run: the Google report of example.com (sources 198.51.100.20
/// failing 120 of 120, 203.0.113.66 30 of 30); now: fixtures/losses/dmarc-services
/// (SendGrid 192.0.2.51 failing 100, Mailchimp 198.51.100.7 failing 60).
#[test]
fn losses_previous_lists_sources_that_started_and_stopped_failing() {
    let dir = tempfile::tempdir().unwrap();
    let google = fixture("dmarc/google/google.com!example.com!1793491200!1793577600.xml");
    let before = losses_json(&["--dmarc", google.to_str().unwrap()]);
    assert!(before.get("changes").is_none());
    let path = save(dir.path(), "previous.json", &before);
    let services = fixture("losses/dmarc-services");
    let now_args = ["--dmarc", services.to_str().unwrap(), "--previous", &path];
    let now = losses_json(&now_args);
    let c = &now["changes"];
    assert_eq!(c["since_from"], "report_period");
    assert_eq!(c["since"], before["losses"]["period"]["last"]);
    let subjects = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["code"] == "dmarc.source_failing")
            .map(|p| p["subject"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        subjects(&c["new_problems"]),
        ["SendGrid (192.0.2.51)", "Mailchimp / Mandrill (198.51.100.7)"]
    );
    let fixed = subjects(&c["fixed_problems"]);
    assert!(fixed.contains(&"198.51.100.20".to_string()), "{c}");
    // Own mail before: 500 passing of 620 (192.0.2.10 500 + 198.51.100.20 120;
    // 203.0.113.66 is unknown) -> 80.65%; now 600 of 760 -> 78.95%.
    let pass = c["moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["figure"] == "dmarc_pass_rate")
        .unwrap();
    let (b, a) = (pass["before"].as_f64().unwrap(), pass["after"].as_f64().unwrap());
    assert!((a - 600.0 * 100.0 / 760.0).abs() < 1e-9, "{pass}");
    assert!(b > a && pass["direction"] == "worse", "{pass}");

    for format in ["text", "markdown"] {
        let out = mailaudit()
            .arg("losses")
            .args(now_args)
            .args(["--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("What changed since "), "{format}: {text}");
        assert!(text.contains("DMARC pass rate of your own mail"), "{format}: {text}");
    }
    // The same run without --previous is the report alone.
    let plain = losses_json(&now_args[..2]);
    let mut without = now.clone();
    without.as_object_mut().unwrap().remove("changes");
    assert_eq!(plain, without);
}

#[test]
fn losses_previous_refuses_a_check_run() {
    let dir = tempfile::tempdir().unwrap();
    let check = save(dir.path(), "check.json", &json!({"schema_version": 1, "domains": []}));
    let google = fixture("dmarc/google");
    let out = mailaudit()
        .args(["losses", "--dmarc", google.to_str().unwrap(), "--previous", &check])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a saved `mailaudit check` run"), "{stderr}");
}
