//! `-o/--output [FORMAT=]FILE`: several formats from one run, each the same
//! as a single-format run; files written whole or not at all.

use crate::support::dns_server::TestDnsServer;
use crate::support::{fixture, mailaudit};
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// stdout of `mailaudit ARGS`.
fn stdout_of(args: &[&str]) -> String {
    let out = mailaudit().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_check_run_writes_sarif_markdown_and_json_as_single_runs_do() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let ns = server.addr_arg();
    let common = [
        "check",
        "basic.test",
        "--no-config",
        "--no-blocklists",
        "--nameserver",
        &ns,
    ];
    let dir = tempfile::tempdir().unwrap();
    let (sarif, md, json) = (
        dir.path().join("audit.sarif"),
        dir.path().join("summary.md"),
        dir.path().join("audit.json"),
    );
    let outputs = [
        format!("sarif={}", sarif.display()),
        format!("markdown={}", md.display()),
        format!("json={}", json.display()),
    ];
    let out = mailaudit()
        .args(common)
        .args(["-o", &outputs[0], "--output", &outputs[1], "-o", &outputs[2]])
        .output()
        .unwrap();
    let single_json = mailaudit().args(common).args(["--format", "json"]).output().unwrap();
    // Extra outputs do not change the exit code.
    assert_eq!(out.status.code(), single_json.status.code());
    assert!(out.stdout.is_empty(), "every output went to a file");
    assert_eq!(read(&json), String::from_utf8(single_json.stdout).unwrap());
    assert_eq!(read(&sarif), stdout_of(&[&common[..], &["--format", "sarif"]].concat()));
    assert_eq!(read(&md), stdout_of(&[&common[..], &["--format", "markdown"]].concat()));
    assert!(read(&sarif).contains("\"version\": \"2.1.0\""));
}

#[test]
fn one_bounces_run_streams_every_format_and_stdout_too() {
    let input = fixture("bounces");
    let input = input.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (json, csv) = (dir.path().join("b.json"), dir.path().join("b.csv"));
    let out = mailaudit()
        .args(["bounces", input])
        .arg(format!("--output=json={}", json.display()))
        .arg("-o")
        .arg(format!("csv={}", csv.display()))
        .args(["-o", "text=-"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), stdout_of(&["bounces", input]));
    assert_eq!(read(&json), stdout_of(&["bounces", input, "--format", "json"]));
    assert_eq!(read(&csv), stdout_of(&["bounces", input, "--format", "csv"]));
    assert!(read(&csv).starts_with("source,kind,"), "{}", read(&csv));
}

#[test]
fn a_bare_file_takes_the_format_flag() {
    let input = fixture("tls-reports");
    let input = input.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tls.md");
    let status = mailaudit()
        .args(["tls-reports", input, "--format", "markdown", "-o"])
        .arg(&file)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(read(&file), stdout_of(&["tls-reports", input, "--format", "markdown"]));
}

#[test]
fn an_unwritable_output_exits_3_and_the_others_are_still_written() {
    let input = fixture("tls-reports");
    let input = input.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tls.json");
    let bad = dir.path().join("no-such-dir").join("tls.md");
    let out = mailaudit()
        .args(["tls-reports", input])
        .arg("-o")
        .arg(format!("markdown={}", bad.display()))
        .arg("-o")
        .arg(format!("json={}", good.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error: cannot write") && stderr.contains("tls.md"),
        "{stderr}"
    );
    assert!(!bad.exists());
    assert_eq!(read(&good), stdout_of(&["tls-reports", input, "--format", "json"]));
}

#[test]
fn a_run_that_reads_nothing_leaves_existing_reports_intact() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "not a bounce\n").unwrap();
    let report = dir.path().join("bounces.json");
    std::fs::write(&report, "yesterday's report\n").unwrap();
    let out = mailaudit()
        .arg("bounces")
        .arg(&empty)
        .arg(format!("--output=json={}", report.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("left unchanged"), "{stderr}");
    assert_eq!(read(&report), "yesterday's report\n");
    // No temporary file is left behind either.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn two_outputs_to_one_place_are_a_usage_error() {
    let out = mailaudit()
        .args(["tls-reports", "fixtures/tls-reports", "-o", "json=-", "-o", "text=-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output is given twice"));
}
