//! Hostile and empty input against the real binary (issue 14 and the exit-code
//! contract of issue 15): every input is generated here, small, in a temporary
//! folder. Each test names the defect it guards.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn mailaudit(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailaudit"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A hang (a FIFO opened for reading) must fail the test, not block CI.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("mailaudit {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const DSN: &str = "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.com\nSubject: Undelivered Mail Returned to Sender\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nDelivery failed.\n\n\
--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; MTA\n\nFinal-Recipient: rfc822; RCPT\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--B--\n";

fn dsn(mta: &str, rcpt: &str) -> String {
    DSN.replace("MTA", mta).replace("RCPT", rcpt)
}

fn report(id: &str) -> String {
    format!(
        "<feedback><report_metadata><org_name>o</org_name><report_id>{id}</report_id></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>\
         <record><row><source_ip>192.0.2.1</source_ip><count>1</count></row>\
         <identifiers><header_from>example.com</header_from></identifiers></record></feedback>"
    )
}

fn zip_of(entries: usize, body: impl Fn(usize) -> String) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for i in 0..entries {
        w.start_file(format!("r{i}.xml"), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body(i).as_bytes()).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

/// Point 1: 40,000 nested message/rfc822 levels crashed every reader (exit 134).
#[test]
fn deep_mime_nesting_is_skipped_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.eml"),
        b"Content-Type:message/rfc822\n\n".repeat(40_000),
    )
    .unwrap();
    std::fs::write(dir.path().join("old.csv"), "keep me\n").unwrap();
    for args in [
        vec!["bounces", "n.eml", "--suppression-list", "old.csv"],
        vec!["dmarc-reports", "n.eml"],
        vec!["losses", "--bounces", "n.eml"],
    ] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("nested deeper than 32"), "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.csv")).unwrap(),
        "keep me\n"
    );
}

/// Point 2: a FIFO in a walked folder, or given directly, hung the run.
#[test]
fn fifos_are_skipped_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(dir.path().join("d/p"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(dir.path().join("d/a.eml"), dsn("mx.example.net", "a@example.org")).unwrap();
    for args in [
        vec!["bounces", "d"],
        vec!["bounces", "d/p"],
        vec!["dmarc-reports", "d"],
        vec!["losses", "--bounces", "d"],
    ] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(text(&out.stderr).contains("FIFO"), "{args:?}: {}", text(&out.stderr));
    }
}

/// Point 3: a symlink loop counted one bounce 41 times.
#[test]
fn symlink_loops_count_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.eml"), dsn("mx.example.net", "a@example.org")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("again")).unwrap();
    std::os::unix::fs::symlink(dir.path(), d.join("up")).unwrap();
    let out = mailaudit(dir.path(), &["bounces", "d", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 1);
    assert!(text(&out.stderr).contains("not read twice"));
}

/// Points 4 and 5: caps on entries and on expanded bytes show in skipped,
/// on stderr and in the exit code; memory stays bounded.
#[test]
fn report_caps_are_never_silent_and_memory_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.zip"), zip_of(1_001, |i| report(&i.to_string()))).unwrap();
    let out = mailaudit(dir.path(), &["dmarc-reports", "many.zip", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dmarc_reports"]["reports"], 1000);
    assert!(
        text(&out.stderr).contains("1 more archive entr"),
        "{}",
        text(&out.stderr)
    );

    // 20 reports with 30 MB org names took 3.8 GB: now one file expands to 64 MB at most
    // (four are enough to pass that cap).
    let big = "A".repeat(30 << 20);
    std::fs::write(
        dir.path().join("fat.zip"),
        zip_of(4, |i| {
            report(&i.to_string()).replace("<org_name>o", &format!("<org_name>{big}"))
        }),
    )
    .unwrap();
    let out = Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000; exec '{}' dmarc-reports fat.zip --format json",
            env!("CARGO_BIN_EXE_mailaudit")
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("expands beyond 64 MB"), "{stderr}");
    assert!(stderr.contains("<org_name> longer than"), "{stderr}");
}

/// Point 5: an e-mail with more report attachments than the cap says so.
#[test]
fn attachment_cap_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = String::from("From: r@x.test\nSubject: reports\nContent-Type: multipart/mixed; boundary=B\n\n");
    for i in 0..1_001 {
        m.push_str(&format!(
            "--B\nContent-Type: text/xml\nContent-Disposition: attachment; filename=r{i}.xml\n\n{}\n",
            report(&i.to_string())
        ));
    }
    m.push_str("--B--\n");
    std::fs::write(dir.path().join("m.eml"), m).unwrap();
    let out = mailaudit(dir.path(), &["dmarc-reports", "m.eml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dmarc_reports"]["reports"], 1000);
    assert!(text(&out.stderr).contains("1 more attachments not read"));
}

/// Point 6: a count that is not a whole number rejects the report, visibly.
#[test]
fn bad_counts_reject_the_report_in_dmarc_reports_and_losses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.xml"), report("1")).unwrap();
    std::fs::write(
        dir.path().join("bad.xml"),
        report("2").replace("<count>1<", "<count>-5<"),
    )
    .unwrap();
    for args in [vec!["dmarc-reports", "."], vec!["losses", "--dmarc", "."]] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(
            text(&out.stderr).contains("count \"-5\" is not a whole number"),
            "{args:?}"
        );
    }
}

/// Point 7: a valid multi-member gzip report was skipped as "truncated".
#[test]
fn multi_member_gzip_report_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let xml = report("1");
    let (a, b) = xml.split_at(40);
    let mut data = Vec::new();
    for part in [a, b] {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(part.as_bytes()).unwrap();
        data.extend(enc.finish().unwrap());
    }
    std::fs::write(dir.path().join("r.xml.gz"), data).unwrap();
    let out = mailaudit(dir.path(), &["dmarc-reports", "r.xml.gz", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dmarc_reports"]["reports"], 1);
}

/// Point 8: outputs are replaced only on success; nothing read leaves them alone.
#[test]
fn outputs_are_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.csv"), "address\nkeep@example.org\n").unwrap();
    std::fs::write(dir.path().join("old.md"), "old report\n").unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = mailaudit(dir.path(), &["bounces", "/dev/null", "--suppression-list", "old.csv"]);
    assert_eq!(out.status.code(), Some(3));
    let out2 = mailaudit(dir.path(), &["losses", "--bounces", "empty", "-o", "old.md"]);
    assert_eq!(out2.status.code(), Some(3));
    assert!(text(&out2.stderr).contains("left unchanged"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.csv")).unwrap(),
        "address\nkeep@example.org\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.md")).unwrap(),
        "old report\n"
    );
    // A run that reads something replaces the list, and leaves no temporary file.
    std::fs::write(dir.path().join("a.eml"), dsn("mx.example.net", "gone@example.org")).unwrap();
    let out = mailaudit(dir.path(), &["bounces", "a.eml", "--suppression-list", "old.csv"]);
    assert_eq!(out.status.code(), Some(0));
    let list = std::fs::read_to_string(dir.path().join("old.csv")).unwrap();
    assert!(list.contains("gone@example.org") && !list.contains("keep@"), "{list}");
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

/// Points 9 and 10: formulas defused in every CSV, quoted local parts kept,
/// control characters never reach the terminal.
#[test]
fn csv_cells_are_guarded_and_terminal_text_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("\u{1b}[31mred.eml"),
        dsn("mx\u{1b}]0;pwned\u{7}.example.net", "=cmd|'/c calc'!a0@gmail.com"),
    )
    .unwrap();
    std::fs::write(dir.path().join("q.eml"), dsn("mx.example.net", "\"+1+1\"@gmail.com")).unwrap();
    std::fs::write(dir.path().join("broken.eml"), "\u{1b}[2J no headers\n").unwrap();
    let out = mailaudit(dir.path(), &["bounces", ".", "--suppression-list", "s.csv"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout:?}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let list = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    assert!(list.contains("'=cmd|'/c calc'!a0@gmail.com"), "{list}");
    assert!(list.contains("\"\"\"+1+1\"\"@gmail.com\""), "{list}");
    // Echoed arguments in errors too.
    let out = mailaudit(dir.path(), &["bounces", "\u{1b}]0;title\u{7}missing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains('\u{1b}'), "{:?}", text(&out.stderr));
    let out = mailaudit(dir.path(), &["check", "bad\u{1b}[31m.example"]);
    assert!(!text(&out.stderr).contains('\u{1b}'), "{:?}", text(&out.stderr));
    let out = mailaudit(dir.path(), &["bounces", ".", "--format", "\u{1b}[31mx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains('\u{1b}'), "{:?}", text(&out.stderr));
    let out = mailaudit(dir.path(), &["bounces", ".", "--format", "csv"]);
    let csv = text(&out.stdout);
    assert!(csv.contains(",'=cmd|"), "{csv}");
    assert!(!csv.contains(",=cmd"), "{csv}");
}

/// Issue 15 point 1: a missing path is a usage error naming it, in every command.
#[test]
fn missing_paths_are_usage_errors_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["bounces", "nope"],
        vec!["dmarc-reports", "nope"],
        vec!["losses", "--bounces", "nope"],
        vec!["losses", "--dmarc", "nope"],
        vec!["check", "--domains-file", "nope"],
        vec!["check", "--config", "nope", "example.com"],
    ] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("nope"), "{args:?}: {stderr}");
    }
}

/// Issue 15 point 1: input that yields nothing usable is exit 3, never an all-clear.
#[test]
fn empty_input_is_incomplete_not_all_clear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("e")).unwrap();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("e/{i}.txt")), "just text\n").unwrap();
    }
    let out = mailaudit(dir.path(), &["bounces", "e"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("No bounce messages found in e: 0 of 3 files were mail."));
    assert!(text(&out.stdout).is_empty());
    let out = mailaudit(dir.path(), &["dmarc-reports", "e"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("No DMARC aggregate reports found in e"));
    let out = mailaudit(dir.path(), &["losses", "--bounces", "e", "--sent", "100"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(!text(&out.stdout).contains("no losses found"));
}

/// The exit-code contract: one skipped broken file gives 3 in every command,
/// while the rest is still reported.
#[test]
fn a_skipped_broken_file_gives_3_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.eml"), dsn("mx.example.net", "a@example.org")).unwrap();
    std::fs::write(dir.path().join("r.xml"), report("1")).unwrap();
    std::fs::write(dir.path().join("z.eml"), [0u8, 1, 2, 3, 0, 0, 0, 9].repeat(100)).unwrap();
    std::fs::write(dir.path().join("z.xml"), "<feedback><report_metadata>").unwrap();
    for args in [
        vec!["bounces", "a.eml", "z.eml"],
        vec!["dmarc-reports", "r.xml", "z.xml"],
        vec!["losses", "--bounces", "a.eml", "--bounces", "z.eml"],
        vec!["losses", "--dmarc", "r.xml", "--dmarc", "z.xml"],
    ] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(text(&out.stderr).contains("skipped"), "{args:?}");
        assert!(!text(&out.stdout).is_empty(), "{args:?}: the rest is still reported");
    }
}

/// Issue 15 point 8: "Read N files holding M messages: P parsed, S skipped" adds up.
#[test]
fn bounce_counts_add_up_with_plurals() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.eml"), dsn("mx.example.net", "a@example.org")).unwrap();
    let mbox = format!(
        "From x@y Mon Jan  1 00:00:00 2024\n{}\nFrom x@y Mon Jan  1 00:00:00 2024\nnot mail\n",
        dsn("mx.example.net", "b@example.org")
    );
    std::fs::write(dir.path().join("b.mbox"), mbox).unwrap();
    let out = mailaudit(dir.path(), &["bounces", "."]);
    assert!(
        text(&out.stdout).starts_with("Read 2 files holding 3 messages: 2 parsed, 1 skipped."),
        "{}",
        text(&out.stdout)
    );
    let out = mailaudit(dir.path(), &["bounces", "a.eml"]);
    assert!(text(&out.stdout).starts_with("Read 1 file holding 1 message: 1 parsed, 0 skipped."));
}

/// Point 13: settings files must be regular files within a cap (`/dev/zero`
/// grew to 2 GB), and an IPv6 range wider than /120 is refused like a wide
/// IPv4 one, never stood for by its first address.
#[test]
fn settings_files_are_capped_and_wide_ipv6_ranges_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "--domains-file", "/dev/zero"],
        vec!["check", "--config", "/dev/zero", "example.com"],
        vec!["losses", "--bounces", ".", "--campaigns", "/dev/zero"],
        vec!["blocklist", "--zones-file", "/dev/zero", "192.0.2.1"],
    ] {
        let out = mailaudit(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("not a regular file"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    for wide in ["::/0", "2001:db8::/64"] {
        let out = mailaudit(dir.path(), &["blocklist", wide]);
        assert_eq!(out.status.code(), Some(2), "{wide}");
        assert!(text(&out.stderr).contains("too large"), "{wide}: {}", text(&out.stderr));
    }
}
