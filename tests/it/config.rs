//! `mailaudit.toml` through the real binary: discovery, errors naming the
//! line (exit 2), flags overriding the file, ignore rules with reasons, and
//! `mailaudit init`.

use crate::support;

use serde_json::Value;
use std::path::Path;
use support::dns_server::TestDnsServer;
use support::mailaudit;

const ZONE: &str = r#"$ORIGIN cfg.test.
$TTL 300
@        IN SOA ns.cfg.test. hostmaster.cfg.test. 1 3600 600 86400 300
good     IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good     IN MX  10 mx.good.cfg.test.
mx.good  IN A   192.0.2.25
_dmarc.good IN TXT "v=DMARC1; p=reject"
other    IN A   192.0.2.26
;@servfail broken.cfg.test.
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The cfg.test zone on a loopback server, an empty directory to run in, and
/// the server's address for `--nameserver`.
fn serve_zone() -> (TestDnsServer, tempfile::TempDir, String) {
    let server = TestDnsServer::start_text(&[ZONE]);
    let ns = server.addr_arg();
    (server, tempfile::tempdir().unwrap(), ns)
}

fn write_config(dir: &Path, text: &str) {
    write(dir, "mailaudit.toml", text);
}

/// `check DOMAINS` for JSON, without blocklists, asking `ns`.
fn json_check<'a>(ns: &'a str, domains: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["check"];
    args.extend(domains);
    args.extend(["--format", "json", "--no-blocklists", "--nameserver", ns]);
    args
}

/// The codes of a domain's findings, in report order.
fn finding_codes(domain: &Value) -> Vec<&str> {
    domain["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = mailaudit().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn domains_of(json: &Value) -> Vec<String> {
    json["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn unknown_key_is_a_usage_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write_config(
        dir.path(),
        "domains = [\"good.cfg.test\"]\nfail_on = \"error\"\ntimout = 3\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "nothing is checked with a broken config");
    assert!(stderr.contains("mailaudit.toml:3:1"), "{stderr}");
    assert!(stderr.contains("unknown field `timout`"), "{stderr}");
}

#[test]
fn bad_values_are_usage_errors_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[[domain]]\nname = \"good.cfg.test\"\nips = [\"not-an-ip\"]\n", "3:"),
        ("fail_on = \"loudly\"\n", "1:11"),
        (
            "domains = [\"good.cfg.test\"]\n\n[[ignore]]\ncode = \"dns.temperror\"\nreason = \"\"\n",
            "5:",
        ),
        ("[[ignore]]\ncode = \"no.such_code\"\nreason = \"r\"\n", "2:"),
        ("domains = [\"a..b\"]\n", "1:"),
        ("timeout = 0\n", "1:"),
    ];
    for (text, position) in cases {
        let path = write(dir.path(), "bad.toml", text);
        let (code, _, stderr) = run_in(dir.path(), &["check", "x.test", "--config", &path]);
        assert_eq!(code, Some(2), "{text}: {stderr}");
        assert!(stderr.contains(&format!("bad.toml:{position}")), "{text}: {stderr}");
    }
    // A missing --config file is a usage error too; a missing ./mailaudit.toml is not.
    let (code, _, stderr) = run_in(dir.path(), &["check", "x.test", "--config", "nope.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("nope.toml"), "{stderr}");
}

#[test]
fn domains_and_settings_come_from_the_discovered_file() {
    let (server, dir, ns) = serve_zone();
    write_config(
        dir.path(),
        &format!(
            "domains = [\"good.cfg.test\"]\nnameservers = [\"{}\"]\ntimeout = 2\n\n\
             [blocklists]\nenabled = false\n\n[[domain]]\nname = \"Other.cfg.test\"\nselectors = [\"s9\"]\n",
            ns
        ),
    );
    // No domain and no --nameserver on the command line: both come from the file.
    let (code, stdout, stderr) = run_in(dir.path(), &["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(code, Some(0), "{stderr}");
    let run = json(&stdout);
    assert_eq!(domains_of(&run), ["good.cfg.test", "other.cfg.test"]);
    assert!(
        run["domains"][0].get("blocklist").is_none(),
        "blocklists disabled in the file"
    );
    assert!(server.queries_received() > 0, "the file's nameserver was used");
    // Domains on the command line replace the file's list.
    let (_, stdout, _) = run_in(
        dir.path(),
        &["check", "other.cfg.test", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(domains_of(&json(&stdout)), ["other.cfg.test"]);
    // --no-config: no file, so no domain.
    let (code, _, stderr) = run_in(dir.path(), &["check", "--no-config"]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn flags_override_the_file() {
    let (server, dir, ns) = serve_zone();
    // The file says never fail and points at a port where nobody answers.
    write_config(
        dir.path(),
        "domains = [\"good.cfg.test\"]\nfail_on = \"never\"\nnameservers = [\"127.0.0.1:9\"]\ntimeout = 1\nretries = 0\n",
    );
    let base = json_check(&ns, &[]);
    let (code, stdout, stderr) = run_in(dir.path(), &base);
    assert_eq!(code, Some(0), "fail_on = never from the file: {stderr}");
    let run = json(&stdout);
    assert!(server.queries_received() > 0, "--nameserver replaced the file's list");
    assert_ne!(run["domains"][0]["verdict"]["status"], "incomplete", "{run}");
    let findings = run["domains"][0]["findings"].as_array().unwrap();
    assert!(
        !findings.is_empty(),
        "precondition: good.cfg.test has some finding (info at least)"
    );

    let mut with_flag = base.clone();
    with_flag.extend(["--fail-on", "info"]);
    let (code, _, stderr) = run_in(dir.path(), &with_flag);
    assert_eq!(code, Some(1), "--fail-on info beats the file's never: {stderr}");
}

#[test]
fn ignore_rules_suppress_with_their_reason_before_the_exit_code() {
    let (_server, dir, ns) = serve_zone();
    let args = json_check(&ns, &["broken.cfg.test", "good.cfg.test"]);
    let (code, stdout, _) = run_in(dir.path(), &args);
    assert_eq!(code, Some(3), "SERVFAIL makes the audit incomplete");
    let before = json(&stdout);
    let temperrors = finding_codes(&before["domains"][0])
        .into_iter()
        .filter(|c| *c == "dns.temperror")
        .count();
    assert!(temperrors > 0);

    write_config(
        dir.path(),
        "[[ignore]]\ncode = \"dns.temperror\"\ndomain = \"broken.cfg.test\"\nreason = \"Their DNS host is being replaced (TICKET-9)\"\n\
         [[ignore]]\ncode = \"domain.nothing_checked\"\ndomain = \"broken.cfg.test\"\nreason = \"Their DNS host is being replaced (TICKET-9)\"\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &args);
    let after = json(&stdout);
    let findings = after["domains"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["code"] != "dns.temperror"), "{findings:?}");
    let suppressed = after["suppressed"].as_array().expect("suppressed list in JSON");
    // Every lookup failed, so the domain also says nothing could be checked (one more finding).
    assert_eq!(suppressed.len(), temperrors + 1);
    assert!(suppressed.iter().all(|s| s["domain"] == "broken.cfg.test"
        && s["reason"] == "Their DNS host is being replaced (TICKET-9)"
        && (s["finding"]["code"] == "dns.temperror" || s["finding"]["code"] == "domain.nothing_checked")));
    assert_eq!(
        after["domains"][0]["verdict"]["status"], "incomplete",
        "an ignored DNS failure quiets the exit code but is never a pass"
    );
    assert_ne!(
        code,
        Some(3),
        "suppressed findings do not drive the exit code: {stderr}"
    );
    // good.cfg.test is untouched by a rule scoped to another domain.
    assert_eq!(after["domains"][1], before["domains"][1]);

    // Text output says what was hidden, and why.
    let text_args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "json" && *a != "--format")
        .collect();
    let (_, text, _) = run_in(dir.path(), &text_args);
    assert!(text.contains("Suppressed by ignore rules"), "{text}");
    assert!(text.contains("TICKET-9"), "{text}");
}

#[test]
fn init_writes_a_starter_that_check_accepts_and_never_clobbers() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["init"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("mailaudit.toml"));
    let text = std::fs::read_to_string(dir.path().join("mailaudit.toml")).unwrap();
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 10, "commented");

    // The starter is picked up (it lists example.com); point DNS at a silent
    // port with a tiny timeout: the file must parse, whatever DNS says.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "check",
            "--nameserver",
            "127.0.0.1:9",
            "--timeout",
            "0.2",
            "--retries",
            "0",
            "--no-blocklists",
        ],
    );
    assert_ne!(code, Some(2), "starter config rejected: {stderr}");

    std::fs::write(dir.path().join("mailaudit.toml"), "# mine\n").unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["init"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mailaudit.toml")).unwrap(),
        "# mine\n"
    );
    let (code, _, _) = run_in(dir.path(), &["init", "--force"]);
    assert_eq!(code, Some(0));
    assert!(
        std::fs::read_to_string(dir.path().join("mailaudit.toml"))
            .unwrap()
            .contains("[[ignore]]")
    );
}

#[test]
fn findings_link_to_the_docs_only_where_docs_url_says() {
    let (_server, dir, ns) = serve_zone();
    let docs = |stdout: &str| -> Vec<Value> {
        let run = json(stdout);
        run["domains"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["docs"].clone())
            .collect()
    };
    // No docs_url: no `docs` field at all (docs/json.md).
    let (_, stdout, stderr) = run_in(dir.path(), &json_check(&ns, &["other.cfg.test"]));
    let without = docs(&stdout);
    assert!(!without.is_empty(), "{stderr}");
    assert!(without.iter().all(Value::is_null), "{without:?}");

    write_config(dir.path(), "docs_url = \"https://wiki.example.com/mail/codes.md\"\n");
    let (_, stdout, stderr) = run_in(dir.path(), &json_check(&ns, &["other.cfg.test"]));
    let run = json(&stdout);
    for finding in run["domains"][0]["findings"].as_array().unwrap() {
        let anchor = finding["code"].as_str().unwrap().replace('.', "");
        assert_eq!(
            finding["docs"],
            format!("https://wiki.example.com/mail/codes.md#{anchor}"),
            "{stderr}"
        );
    }
    // The flag overrides the file.
    let mut args = json_check(&ns, &["other.cfg.test"]);
    args.extend(["--docs-url", "https://intranet.example/codes.md"]);
    let (_, stdout, _) = run_in(dir.path(), &args);
    assert!(
        docs(&stdout)[0]
            .as_str()
            .unwrap()
            .starts_with("https://intranet.example/codes.md#")
    );

    // A URL that would break a link is refused, naming the line.
    write_config(dir.path(), "\ndocs_url = \"https://wiki.example.com/a page#top\"\n");
    let (code, _, stderr) = run_in(dir.path(), &json_check(&ns, &["other.cfg.test"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("mailaudit.toml:2:"), "{stderr}");
}

#[test]
fn explain_prints_a_code_and_lists_all() {
    let (code, stdout, _) = run_in(Path::new("."), &["explain", "dns.temperror"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Why it matters:") && stdout.contains("How to fix:"));
    assert!(!stdout.contains("http"), "no invented link: {stdout}");
    // A team's docs_url (file or flag) adds the link to its copy.
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "docs_url = \"https://wiki.example.com/codes.md\"\n");
    let (_, stdout, _) = run_in(dir.path(), &["explain", "dns.temperror"]);
    assert!(
        stdout.ends_with("More: https://wiki.example.com/codes.md#dnstemperror\n"),
        "{stdout}"
    );
    let (_, stdout, _) = run_in(
        dir.path(),
        &[
            "explain",
            "dns.temperror",
            "--docs-url",
            "https://intranet.example/c.md",
        ],
    );
    assert!(
        stdout.contains("More: https://intranet.example/c.md#dnstemperror"),
        "{stdout}"
    );
    let (code, stdout, _) = run_in(Path::new("."), &["explain", "--all"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout.lines().count(), mailaudit::codes::all().count());
    let (code, _, stderr) = run_in(Path::new("."), &["explain", "dns.temperor"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("dns.temperror"), "suggests the close code: {stderr}");
    let long = format!("dns.{}", "x".repeat(100_000));
    let (code, _, stderr) = run_in(Path::new("."), &["explain", &long]);
    assert_eq!(code, Some(2));
    assert!(stderr.len() < 1_000 && stderr.contains('…'), "{} bytes", stderr.len());
}

#[test]
fn annotations_point_at_the_line_that_lists_the_domain() {
    let (_server, dir, ns) = serve_zone();
    write_config(dir.path(), "# clients\n\n[[domain]]\nname = \"broken.cfg.test\"\n");
    let (_, stdout, stderr) = run_in(
        dir.path(),
        &["check", "--format", "sarif", "--no-blocklists", "--nameserver", &ns],
    );
    let sarif = json(&stdout);
    let results = sarif["runs"][0]["results"].as_array().expect(&stderr);
    assert!(!results.is_empty(), "SERVFAIL gives dns.temperror");
    for r in results {
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "mailaudit.toml");
        assert_eq!(location["region"]["startLine"], 4);
    }

    // A domains file: the line of the domain in it.
    write(
        dir.path(),
        "clients.txt",
        "# list\ngood.cfg.test\n\nbroken.cfg.test  # flaky DNS host\n",
    );
    let (_, stdout, _) = run_in(
        dir.path(),
        &[
            "check",
            "--domains-file",
            "clients.txt",
            "--format",
            "github",
            "--no-blocklists",
            "--nameserver",
            &ns,
        ],
    );
    let broken: Vec<&str> = stdout.lines().filter(|l| l.contains("title=broken.cfg.test")).collect();
    assert!(!broken.is_empty(), "{stdout}");
    assert!(
        broken.iter().all(|l| l.contains("file=clients.txt,line=4,")),
        "{stdout}"
    );
}

#[test]
fn pacing_flags_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["--queries-per-second", "0"],
        ["--queries-per-second", "1e-300"],
        ["--retries", "9"],
        ["--concurrency", "0"],
        // The file's range holds for the flag too (setting_limits).
        ["--concurrency", "257"],
        ["--timeout", "-1"],
    ] {
        let mut all = vec!["check", "a.test", "--no-config", "--nameserver", "127.0.0.1:9"];
        all.extend(args);
        let (code, _, stderr) = run_in(dir.path(), &all);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
    }
}

#[test]
fn blocklist_zones_come_from_the_file_unless_the_flag_gives_some() {
    let (_server, dir, ns) = serve_zone();
    write_config(
        dir.path(),
        "domains = [\"good.cfg.test\"]\n[blocklists]\nzones = [\"dbl.cfg.test=domain\"]\n",
    );
    let zones_of = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--nameserver",
            ns.as_str(),
        ];
        args.extend(extra);
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_ne!(code, Some(2), "{stderr}");
        json(&stdout)["domains"][0]["blocklist"]["zones"]
            .as_array()
            .unwrap_or_else(|| panic!("no blocklist section: {stdout}"))
            .iter()
            .map(|z| z["zone"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(zones_of(&[]), ["dbl.cfg.test"]);
    assert_eq!(zones_of(&["--blocklist-zone", "ip.cfg.test=ip"]), ["ip.cfg.test"]);
}

#[test]
fn ignoring_every_accepted_finding_makes_the_domain_pass() {
    let (_server, dir, ns) = serve_zone();
    let mut args = json_check(&ns, &["other.cfg.test"]);
    args.extend(["--fail-on", "info"]);
    let (code, stdout, _) = run_in(dir.path(), &args);
    let before = json(&stdout);
    let mut codes = finding_codes(&before["domains"][0]);
    codes.sort();
    codes.dedup();
    assert!(
        !codes.is_empty() && code == Some(1),
        "precondition: other.cfg.test has findings"
    );
    assert!(!codes.contains(&"dns.temperror"), "precondition: a complete audit");
    let rules: String = codes
        .iter()
        .map(|c| format!("[[ignore]]\ncode = \"{c}\"\ndomain = \"other.cfg.test\"\nreason = \"accepted for {c}\"\n"))
        .collect();
    write_config(dir.path(), &rules);
    let (code, stdout, stderr) = run_in(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let after = json(&stdout);
    assert_eq!(after["domains"][0]["verdict"]["status"], "ok");
    assert!(after["domains"][0]["findings"].as_array().unwrap().is_empty());
    assert_eq!(
        after["suppressed"].as_array().unwrap().len(),
        before["domains"][0]["findings"].as_array().unwrap().len()
    );
    assert!(!stderr.contains("matched no"), "{stderr}");

    // A rule for a domain not in the run is stale: said on stderr, not an error.
    let stale = format!(
        "{rules}[[ignore]]\ncode = \"{}\"\ndomain = \"gone.cfg.test\"\nreason = \"old\"\n",
        codes[0]
    );
    write_config(dir.path(), &stale);
    let (code, _, stderr) = run_in(dir.path(), &args);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("matched no") && stderr.contains("gone.cfg.test"),
        "{stderr}"
    );
}

#[test]
fn timeouts_are_retried_and_the_retries_reported() {
    let (addr, _guard) = support::dns_server::silent_server();
    let dir = tempfile::tempdir().unwrap();
    let ns = addr.to_string();
    let mut base = json_check(&ns, &["quiet.test"]);
    base.extend(["--no-config", "--timeout", "0.2"]);
    let mut retrying = base.clone();
    retrying.extend(["--retries", "1"]);
    let (code, stdout, stderr) = run_in(dir.path(), &retrying);
    assert_eq!(code, Some(3), "a silent server: incomplete, never a pass: {stderr}");
    assert_eq!(json(&stdout)["domains"][0]["verdict"]["status"], "incomplete");
    assert!(stderr.contains("timed out and were sent again"), "{stderr}");

    let mut once = base.clone();
    once.extend(["--retries", "0"]);
    let (code, _, stderr) = run_in(dir.path(), &once);
    assert_eq!(code, Some(3));
    assert!(!stderr.contains("sent again"), "{stderr}");
}

#[test]
fn a_huge_line_is_echoed_short_and_once() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(3 * 1024 * 1024 - 100);
    let config = write(dir.path(), "big.toml", &format!("domains = [\"{long}\"]\n"));
    let (code, _, stderr) = run_in(dir.path(), &["check", "--config", &config]);
    assert_eq!(code, Some(2), "{}", &stderr[..stderr.len().min(500)]);
    assert!(stderr.len() < 1_000, "{} bytes on stderr", stderr.len());
    assert!(stderr.contains("big.toml:1:"), "{stderr}");
    assert!(stderr.contains('…'), "{stderr}");
    // The snippet of the line is shown once.
    assert_eq!(stderr.matches(" | ").count(), 2, "{stderr}");
}

#[test]
fn range_errors_say_which_ends_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "t.toml", "domains = [\"a.test\"]\ntimeout = 0\n");
    let (code, _, stderr) = run_in(dir.path(), &["check", "--config", &config]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("0 is not a timeout; expected seconds, more than 0 and at most 300"),
        "{stderr}"
    );
}

/// Needs src/cli/check.rs to apply the rules with `CheckRun::apply_ignores`
/// (requested from the lead); run with `cargo test -- --ignored` meanwhile.
#[test]
fn ignore_rules_keep_requirements_and_stale_notes_truthful() {
    let (_server, dir, ns) = serve_zone();
    let rules = "[[ignore]]\ncode = \"dkim.missing\"\nreason = \"We sign as the ESP (T-1)\"\n\
                 [[ignore]]\ncode = \"dmarc.missing\"\nsubject = \"no-such-subject\"\nreason = \"r\"\n";
    write_config(dir.path(), rules);
    let args = json_check(&ns, &["other.cfg.test"]);
    let (_, stdout, stderr) = run_in(dir.path(), &args);
    let run = json(&stdout);
    let domain = &run["domains"][0];
    let findings = finding_codes(domain);
    assert!(!findings.contains(&"dkim.missing"), "{findings:?}");
    assert!(findings.contains(&"dmarc.missing"), "precondition: {findings:?}");
    let dkim = domain["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement"].as_str().unwrap().starts_with("DKIM"))
        .unwrap();
    assert_eq!(dkim["status"], "not_met");
    assert_eq!(
        dkim["why"],
        "see dkim.missing (suppressed by ignore rule: We sign as the ESP (T-1))"
    );
    // The dmarc.missing finding exists (without that subject): the note must not say "fixed".
    let note = stderr.lines().find(|l| l.contains("dmarc.missing")).unwrap_or_default();
    assert!(note.contains("matched no finding in this run"), "{stderr}");
    assert!(note.contains("exists for other subjects"), "{stderr}");
    assert!(!note.contains("fixed"), "{stderr}");
}
