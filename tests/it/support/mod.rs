//! Shared helpers for the integration tests. Not every test file uses every helper.
#![allow(dead_code)]

pub mod dns_server;
pub mod https_server;

use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

/// The real `mailaudit` binary, with colour off and a clean environment for output.
pub fn mailaudit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailaudit"));
    cmd.env("NO_COLOR", "1");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A path under the repository's `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(path)
}

/// Run `mailaudit ARGS`, which must print JSON on stdout: the exit code and the
/// parsed output. Panics showing stdout and stderr when stdout is not JSON.
pub fn run_json(args: &[&str]) -> (Option<i32>, Value) {
    let out = mailaudit().args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

/// `mailaudit check ARGS --nameserver NAMESERVER --format json --no-blocklists`:
/// the DNS checks alone, against a test server. `args` holds the domains and any
/// other options (e.g. `--timeout`). Returns the exit code and the parsed run.
pub fn check_json(nameserver: &str, args: &[&str]) -> (Option<i32>, Value) {
    let fixed = ["--nameserver", nameserver, "--format", "json", "--no-blocklists"];
    run_json(&[&["check"], args, &fixed].concat())
}

/// `mailaudit check ARGS --nameserver NAMESERVER --no-blocklists`: the text
/// report (stdout) of the DNS checks alone.
pub fn check_text(nameserver: &str, args: &[&str]) -> String {
    check_output(nameserver, args).1
}

/// `mailaudit check ARGS --nameserver NAMESERVER --no-blocklists`: the exit
/// code and stdout, in whatever `--format` ARGS ask for.
pub fn check_output(nameserver: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = mailaudit()
        .arg("check")
        .args(args)
        .args(["--nameserver", nameserver, "--no-blocklists"])
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `domains` of a `check` run, keyed by domain name.
pub fn domains_by_name(run: &Value) -> HashMap<String, Value> {
    run["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["domain"].as_str().unwrap().to_string(), d.clone()))
        .collect()
}

/// The report of domain `name` in a `check` run.
pub fn domain<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == name)
        .unwrap_or_else(|| panic!("{name} not in output"))
}

/// The findings of a report (one domain of `check`, or a `blocklist` run).
pub fn findings(report: &Value) -> &[Value] {
    report["findings"].as_array().unwrap()
}

/// The codes of a report's findings, in output order.
pub fn finding_codes(report: &Value) -> Vec<String> {
    finding_codes_where(report, |_| true)
}

/// The codes of the findings that `keep` accepts, in output order.
pub fn finding_codes_where(report: &Value, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    findings(report)
        .iter()
        .filter(|f| keep(f))
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Every finding with `code`, in output order.
pub fn findings_with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    findings(report).iter().filter(|f| f["code"] == code).collect()
}

/// The first finding with `code`; panics showing the report when there is none.
pub fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    findings(report)
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report}"))
}
