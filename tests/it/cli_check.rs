//! `mailaudit check` as a CI job sees it: usage errors, exit codes, JSON shape,
//! and DNS failures reported as incomplete, never as a pass.

use crate::support;

use std::time::{Duration, Instant};
use support::dns_server::{TestDnsServer, silent_server};
use support::{check_json, mailaudit};

#[test]
fn invalid_domains_are_usage_errors_naming_the_input() {
    let out = mailaudit()
        .args(["check", "good.test", "bad..name", "--nameserver", "127.0.0.1:9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad..name"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing is checked silently when one input is bad"
    );

    let out = mailaudit().args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mailaudit()
        .args(["check", "a.test", "--nameserver", "not-an-ip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mailaudit()
        .args(["check", "a.test", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    let out = mailaudit().args(["check", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Examples:") && text.contains("--nameserver"), "{text}");
}

#[test]
fn a_silent_server_makes_the_audit_incomplete_within_the_timeout() {
    let (addr, _guard) = silent_server();
    let started = Instant::now();
    let (code, json) = check_json(&addr.to_string(), &["quiet.test", "--timeout", "0.5"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, Some(3), "{json:#}");
    let findings = support::findings(&json["domains"][0]);
    assert!(findings.iter().any(|f| f["code"] == "dns.temperror"), "{findings:?}");
    assert!(
        !findings
            .iter()
            .any(|f| f["code"].as_str().unwrap().ends_with(".missing")),
        "a timeout must not be reported as a missing record: {findings:?}"
    );
    assert_eq!(json["domains"][0]["verdict"]["status"], "incomplete");
}

#[test]
fn json_output_has_the_documented_shape_and_input_order() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let (code, json) = check_json(
        &server.addr_arg(),
        &[
            "Basic.TEST.",
            "postmaster@basic.test",
            "split.basic.test",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["schema_version"], 1);
    let domains = json["domains"].as_array().unwrap();
    // The e-mail address means the same domain: checked once, in input order.
    let names: Vec<&str> = domains.iter().map(|d| d["domain"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["basic.test", "split.basic.test"]);
    for d in domains {
        for key in ["verdict", "findings", "spf", "dmarc", "dkim", "mx"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
}

#[test]
fn a_failed_write_is_not_a_pass() {
    // A CI job on a full disk must not upload an empty report and pass.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux: nothing to test
    };
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let out = mailaudit()
        .args([
            "check",
            "basic.test",
            "--nameserver",
            &server.addr_arg(),
            "--no-blocklists",
            "--format",
            "json",
        ])
        .args(["--fail-on", "never"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));
}

#[test]
fn empty_domains_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clients.txt");
    std::fs::write(&path, "# nothing yet\n\n").unwrap();
    let out = mailaudit()
        .args(["check", "--no-config", "--domains-file", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("clients.txt lists no domains"));
}
