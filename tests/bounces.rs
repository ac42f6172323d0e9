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
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("fixture dir").map(|e| e.expect("entry").path()).collect();
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
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            if name != "tmp" {
                message_files(&p, out);
            }
        } else if !name.ends_with(".expected.json") && !name.starts_with('.') {
            out.push(p);
        }
    }
}

#[test]
fn corpus_matches_expected_answers() {
    let output = mailaudit().args(["bounces", FIXTURES, "--format", "json", "--all"]).output().expect("run mailaudit");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"));

    let records = doc["records"].as_array().expect("records");
    let skipped: Vec<String> =
        doc["summary"]["skipped"].as_array().expect("skipped").iter().map(|s| s["file"].as_str().unwrap_or("").to_string()).collect();
    let mut by_file: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for r in records {
        let source = r["source"].as_str().expect("source");
        let file = source.split('#').next().unwrap_or(source).to_string();
        by_file.entry(file).or_default().push(r);
    }

    let mut answers = Vec::new();
    expected_files(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).as_path(), &mut answers);
    let mut messages = Vec::new();
    message_files(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).as_path(), &mut messages);

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
                failures.push(format!("{rel}: expected unparsable, got {} records, skipped={:?}", got.len(), skipped.contains(&rel.to_string())));
            }
            continue;
        }
        let want = expected["records"].as_array().expect("records in answer");
        if want.len() != got.len() {
            failures.push(format!("{rel}: expected {} records, got {}: {}", want.len(), got.len(), serde_json::to_string(&got).unwrap_or_default()));
            continue;
        }
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            for (key, value) in w.as_object().expect("record object") {
                if key == "source" {
                    if g["source"].as_str().is_none_or(|s| !s.ends_with(value.as_str().unwrap_or("?"))) {
                        failures.push(format!("{rel}[{i}].source: want suffix {value}, got {}", g["source"]));
                    }
                    continue;
                }
                if &g[key] != value {
                    failures.push(format!("{rel}[{i}].{key}: want {value}, got {} (classified_by {})", g[key], g["classified_by"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    assert!(answers.len() >= 80, "only {} fixtures", answers.len());
    assert_eq!(answers.len(), messages.len(), "every fixture message needs an expected answer beside it");

    // Unparsable fixtures exist on purpose: the run reports them and exits 3.
    assert_eq!(output.status.code(), Some(3), "stderr: {}", String::from_utf8_lossy(&output.stderr));
}
