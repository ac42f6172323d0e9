//! The fixture corpus: run the real binary over fixtures/bounces and compare
//! every record with the expected answer stored beside each message
//! (`<file>.expected.json`). Only the fields an answer names are compared.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "fixtures/bounces";

fn mailaudit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mailaudit"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            expected_files(&p, out);
        } else if p.to_string_lossy().ends_with(".expected.json") {
            out.push(p);
        }
    }
}

fn message_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("fixture dir") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            if name != "tmp" {
                message_files(&p, out);
            }
        } else if !name.ends_with(".expected.json") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_matches_expected_answers() {
    let output = mailaudit()
        .args(["bounces", FIXTURES, "--format", "json", "--all"])
        .output()
        .expect("run mailaudit");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"));

    let records = doc["records"].as_array().expect("records");
    let skipped: Vec<String> = doc["summary"]["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["file"].as_str().unwrap_or("").to_string())
        .collect();
    let mut by_file: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for r in records {
        let source = r["source"].as_str().expect("source");
        let file = source.split('#').next().unwrap_or(source).to_string();
        by_file.entry(file).or_default().push(r);
    }

    let mut answers = Vec::new();
    expected_files(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).as_path(),
        &mut answers,
    );
    let mut messages = Vec::new();
    message_files(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).as_path(),
        &mut messages,
    );

    let mut failures = Vec::new();
    for answer in &answers {
        let text = std::fs::read_to_string(answer).expect("read answer");
        let expected: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", answer.display()));
        let full = answer.to_string_lossy();
        let rel = full.trim_end_matches(".expected.json");
        let rel = &rel[rel.find(FIXTURES).expect("under fixtures")..];
        let got = by_file.get(rel).cloned().unwrap_or_default();
        if expected.get("unparsable").and_then(Value::as_bool) == Some(true) {
            if !skipped.iter().any(|s| s == rel || s.starts_with(&format!("{rel}#"))) || !got.is_empty() {
                failures.push(format!(
                    "{rel}: expected unparsable, got {} records, skipped={:?}",
                    got.len(),
                    skipped.contains(&rel.to_string())
                ));
            }
            continue;
        }
        let want = expected["records"].as_array().expect("records in answer");
        if want.len() != got.len() {
            failures.push(format!(
                "{rel}: expected {} records, got {}: {}",
                want.len(),
                got.len(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
            continue;
        }
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            for (key, value) in w.as_object().expect("record object") {
                if key == "source" {
                    if g["source"]
                        .as_str()
                        .is_none_or(|s| !s.ends_with(value.as_str().unwrap_or("?")))
                    {
                        failures.push(format!("{rel}[{i}].source: want suffix {value}, got {}", g["source"]));
                    }
                    continue;
                }
                if &g[key] != value {
                    failures.push(format!(
                        "{rel}[{i}].{key}: want {value}, got {} (classified_by {})",
                        g[key], g["classified_by"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(answers.len() >= 80, "only {} fixtures", answers.len());
    assert_eq!(
        answers.len(),
        messages.len(),
        "every fixture message needs an expected answer beside it"
    );

    // Unparsable fixtures exist on purpose: the run reports them and exits 3.
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn run_ok(args: &[&str]) -> (Option<i32>, String, String) {
    let out = mailaudit().args(args).output().expect("run mailaudit");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A big mbox built from the corpus: parallel output must equal the
/// single-thread output, record for record, in input order.
#[test]
fn parallel_output_is_in_input_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut messages = Vec::new();
    message_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join("postfix"),
        &mut messages,
    );
    message_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join("gmail"),
        &mut messages,
    );
    messages.sort();
    let mut mbox = Vec::new();
    for round in 0..40 {
        for m in &messages {
            let data = std::fs::read(m)
                .expect("read fixture")
                .iter()
                .copied()
                .filter(|&b| b != b'\r')
                .collect::<Vec<u8>>();
            mbox.extend_from_slice(format!("From MAILER-DAEMON Tue Jan 16 09:12:{:02} 2024\n", round % 60).as_bytes());
            for line in data.split_inclusive(|&b| b == b'\n') {
                if line.starts_with(b"From ") {
                    mbox.push(b'>');
                }
                mbox.extend_from_slice(line);
            }
            mbox.extend_from_slice(b"\n");
        }
    }
    let path = dir.path().join("big.mbox");
    std::fs::write(&path, &mbox).expect("write mbox");
    let p = path.to_string_lossy().into_owned();
    let (code1, single, _) = run_ok(&["bounces", &p, "--format", "jsonl", "--all", "--threads", "1"]);
    let (code4, parallel, _) = run_ok(&["bounces", &p, "--format", "jsonl", "--all", "--threads", "4"]);
    assert_eq!(code1, Some(0));
    assert_eq!(code4, Some(0));
    let lines: Vec<&str> = parallel.lines().collect();
    assert!(lines.len() >= 40 * messages.len(), "{} rows", lines.len());
    assert_eq!(single, parallel);
    // Sources run #1, #2, ... without gaps or swaps.
    let mut last = 0u64;
    for l in &lines {
        let v: Value = serde_json::from_str(l).expect("jsonl row");
        let n: u64 = v["source"]
            .as_str()
            .and_then(|s| s.rsplit('#').next())
            .and_then(|n| n.parse().ok())
            .expect("#N");
        assert!(n == last || n == last + 1, "order broken at #{n} after #{last}");
        last = n;
    }
}

#[test]
fn suppression_list_holds_hard_bounces_and_complaints_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("suppress.csv");
    let l = list.to_string_lossy().into_owned();
    let (code, _, _) = run_ok(&[
        "bounces",
        "fixtures/bounces/postfix/three-recipients.eml",
        "fixtures/bounces/arf/aol-with-rcpt.eml",
        "fixtures/bounces/autoreply/sieve-vacation.eml",
        "--format",
        "jsonl",
        "--suppression-list",
        &l,
    ]);
    assert_eq!(code, Some(0));
    let csv = std::fs::read_to_string(&list).expect("list written");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "address,reason,kind,date,source");
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].starts_with("gina@example.org,user_unknown,bounce,2024-01-16T09:12:40Z,"));
    assert!(rows[2].starts_with("paco@aol.example,complaint,complaint,"));
    // Soft bounces (mailbox full, blocked) and auto-replies stay mailable.
    assert!(!csv.contains("hank@") && !csv.contains("ivy@") && !csv.contains("tim@"));
}

#[test]
fn jsonl_lists_failures_only_unless_all() {
    let files = [
        "fixtures/bounces/postfix/user-unknown.eml",
        "fixtures/bounces/autoreply/sieve-vacation.eml",
        "fixtures/bounces/not-bounce/newsletter.eml",
    ];
    let (_, out, _) = run_ok(&[&["bounces"], &files[..], &["--format", "jsonl"]].concat());
    assert_eq!(out.lines().count(), 1);
    let (_, out, _) = run_ok(&[&["bounces"], &files[..], &["--format", "jsonl", "--all"]].concat());
    assert_eq!(out.lines().count(), 3);
    assert!(out.contains("\"kind\":\"auto_reply\"") && out.contains("\"kind\":\"not_bounce\""));
}

#[test]
fn csv_has_one_header_and_one_row_per_failed_recipient() {
    let (code, out, _) = run_ok(&[
        "bounces",
        "fixtures/bounces/postfix/three-recipients.eml",
        "fixtures/bounces/exim/quota.eml",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0));
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 5, "{out}");
    assert!(rows[0].starts_with("source,kind,recipient,reason,hard,status,smtp_code"));
    assert!(rows[1].contains(",bounce,gina@example.org,user_unknown,true,5.1.1,550,"));
    assert_eq!(rows.iter().filter(|r| r.starts_with("source,")).count(), 1);
}

#[test]
fn since_drops_older_records_and_keeps_newer() {
    let f = "fixtures/bounces/postfix/user-unknown.eml"; // dated 2024-01-16
    let (_, out, _) = run_ok(&["bounces", f, "--format", "jsonl", "--since", "2024-01-17"]);
    assert_eq!(out.lines().count(), 0);
    let (_, out, _) = run_ok(&["bounces", f, "--format", "jsonl", "--since", "2024-01-16"]);
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run_ok(&["bounces", "fixtures/bounces/no-such-file.eml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no such file"), "{err}");
    let (code, _, err) = run_ok(&["bounces", "fixtures/bounces/postfix", "--since", "last tuesday"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--since"), "{err}");
}

#[test]
fn unparsable_files_are_named_and_the_run_goes_on() {
    let (code, out, _) = run_ok(&["bounces", "fixtures/bounces/broken"]);
    assert_eq!(code, Some(3));
    assert!(out.contains("skipped"), "{out}");
    assert!(
        out.contains("fixtures/bounces/broken/binary-junk.eml: binary data"),
        "{out}"
    );
    assert!(
        out.contains("cora@example.org") || out.contains("Permanently lost addresses"),
        "{out}"
    );
    let (code, _, _) = run_ok(&["bounces", "fixtures/bounces/postfix"]);
    assert_eq!(code, Some(0));
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = mailaudit()
        .args(["bounces", "-", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let data = std::fs::read("fixtures/bounces/containers/two.mbox.gz").expect("fixture");
    child.stdin.take().expect("stdin").write_all(&data).expect("write");
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("\"source\":\"-#1\"") && text.contains("\"source\":\"-#2\""));
}

#[test]
fn text_summary_shows_totals_and_lost_addresses() {
    let (code, out, _) = run_ok(&[
        "bounces",
        "fixtures/bounces/postfix/three-recipients.eml",
        "fixtures/bounces/autoreply",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("Read 6 files holding 6 messages: 6 parsed, 0 skipped."),
        "{out}"
    );
    assert!(out.contains("3 bounce, 0 delay, 0 complaint, 5 auto-reply"), "{out}");
    assert!(out.contains("Failed recipients: 3 (1 hard"), "{out}");
    assert!(
        out.contains("Permanently lost addresses (1):\n  gina@example.org"),
        "{out}"
    );
    assert!(!out.contains("hank@example.org"), "{out}");
}

/// Every fixture cut at many points, and with bytes flipped, must parse or
/// be refused, never panic.
#[test]
fn damaged_messages_never_panic() {
    let mut messages = Vec::new();
    message_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES), &mut messages);
    for m in messages {
        let data = std::fs::read(&m).expect("read");
        let step = (data.len() / 23).max(1);
        for cut in (0..data.len()).step_by(step) {
            let _ = mailaudit::bounce::parse_message("x", &data[..cut]);
            let mut flipped = data.clone();
            flipped[cut] ^= 0xA5;
            let _ = mailaudit::bounce::parse_message("x", &flipped);
            let mut widened = data[..cut].to_vec();
            widened.extend_from_slice("\u{e9}\u{a0}".as_bytes());
            widened.extend_from_slice(&data[cut..]);
            let _ = mailaudit::bounce::parse_message("x", &widened);
        }
    }
}
