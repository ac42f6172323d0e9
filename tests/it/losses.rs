//! `mailaudit losses` end to end, and the escaping of client reports.
//!
//! The scenario: fixtures/losses/bounces (6 DSNs, 1 ARF complaint, written by
//! us), the DMARC reports of Google, Microsoft and Yahoo in fixtures/dmarc/,
//! and 2,000 emails sent (fixtures/losses/campaigns.csv: 1,200 + 800).

use crate::support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mailaudit"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn p(rel: &str) -> String {
    root().join(rel).display().to_string()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["losses"].clone()
}

fn dmarc_args() -> Vec<String> {
    ["google", "microsoft", "yahoo"]
        .iter()
        .flat_map(|d| ["--dmarc".to_string(), p(&format!("fixtures/dmarc/{d}"))])
        .collect()
}

/// `losses` with `before`, the scenario's DMARC reports, then `after`.
fn losses_args(before: &[&str], after: &[&str]) -> Vec<String> {
    let mut args = vec!["losses".to_string()];
    args.extend(before.iter().map(|a| a.to_string()));
    args.extend(dmarc_args());
    args.extend(after.iter().map(|a| a.to_string()));
    args
}

fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The stdout of `args` run again with its last value (the format) replaced.
fn rendered_as(args: &[&str], format: &str) -> String {
    let mut args = args.to_vec();
    if let Some(last) = args.last_mut() {
        *last = format;
    }
    String::from_utf8(run(&args).stdout).unwrap()
}

#[test]
fn scenario_totals_worked_out_by_hand() {
    let args = losses_args(
        &["--bounces", &p("fixtures/losses/bounces")],
        &[
            "--campaigns",
            &p("fixtures/losses/campaigns.csv"),
            "--value-per-contact",
            "40",
            "--value-per-email",
            "0.25",
            "--currency",
            "EUR",
            "--format",
            "json",
        ],
    );
    let args = as_strs(&args);
    let r = json(&args);
    assert_eq!(r["sent"], 2000);
    // Failed: ann, bob (5.1.1), dave (5.7.26), carol (5.7.515), erin (5.2.2). gina's is a delay.
    assert_eq!(r["failed_messages"], 5);
    assert_eq!(r["delayed_messages"], 1);
    assert_eq!(r["complaints"], 1);
    // Permanently lost: the two unknown users (hard) and frank, who complained.
    // Authentication and full-mailbox failures do not make the address dead.
    assert_eq!(r["contacts_lost"]["total"], 3);
    let reason = |name: &str| {
        r["by_reason"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["reason"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(reason("user_unknown")["messages"], 2);
    assert_eq!(reason("auth_failure")["messages"], 2);
    assert_eq!(reason("mailbox_full")["messages"], 1);
    // 2 of 2,000 = 0.1%
    assert_eq!(reason("user_unknown")["pct_of_sent"], 0.1);
    // Microsoft: carol; its DMARC reports show 385 messages: 1/385.
    let ms = r["by_provider"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["provider"].as_str().unwrap().starts_with("Microsoft"))
        .cloned()
        .unwrap();
    assert_eq!(ms["failed_messages"], 1);
    assert_eq!(ms["dmarc_volume"], 385);
    // Complaint rate 1/2000 = 0.05%: under Gmail's 0.10%.
    assert_eq!(r["rates"][0]["pct"], 0.05);
    assert_eq!(r["rates"][0]["status"], "ok");
    // Money: 3 contacts × 40 = 120.00 EUR; (5 failed + 170 quarantined) × 0.25 = 43.75 EUR.
    assert_eq!(r["money"]["lines"][0]["amount"], "120.00 EUR");
    assert_eq!(r["money"]["lines"][1]["quantity"], 175);
    assert_eq!(r["money"]["lines"][1]["amount"], "43.75 EUR");
    // Largest loss first: authentication (2 bounces + 170 quarantined) before the 2 dead addresses.
    assert!(
        r["actions"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Fix authentication")
    );
    assert_eq!(r["actions"][0]["messages_affected"], 172);
    assert!(
        r["actions"][1]["title"]
            .as_str()
            .unwrap()
            .starts_with("Remove 2 dead addresses")
    );

    // Carol's bounce carries a hostile Subject: it is shown, escaped, never as markup.
    let html = rendered_as(&args, "html");
    assert!(
        html.contains("&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt; Sale"),
        "{html}"
    );
    assert!(!html.contains("<script"));
    let md = rendered_as(&args, "markdown");
    assert!(
        md.contains("&lt;script&gt;alert\\(&quot;subject&quot;\\)&lt;/script&gt; Sale"),
        "{md}"
    );
    assert!(!md.contains("<script"));
}

#[test]
fn dmarc_only_scenario_counts_rejections_as_lost() {
    let args = losses_args(
        &[],
        &[
            "--sent",
            "2000",
            "--value-per-email",
            "0.25",
            "--value-per-contact",
            "40",
            "--format",
            "json",
        ],
    );
    let args = as_strs(&args);
    let r = json(&args);
    // No bounces: contacts are not measured, so the value per contact is not applied.
    assert_eq!(r["bounces_given"], false);
    assert!(
        r["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("--value-per-contact was not applied"))
    );
    let text = rendered_as(&args, "text");
    assert!(text.contains("Contacts permanently lost: not measured"), "{text}");
    assert!(!text.contains("0 existing contacts"), "{text}");
    let d = &r["dmarc"];
    // google 120 + yahoo 40 (CRM) + yahoo 10 (192.0.2.11) quarantined; microsoft 80 (CRM) rejected.
    assert_eq!(d["own_quarantined"], 170);
    assert_eq!(d["own_rejected"], 80);
    // The spoofer's 30 quarantined by google are not counted.
    assert_eq!(d["unknown_quarantined"], 30);
    // No bounces given: rejections are lost too. (170 + 80) × 0.25 = 62.50, no currency given.
    let line = &r["money"]["lines"][0];
    assert_eq!(line["quantity"], 250);
    assert_eq!(line["amount"], "62.50");
    assert_eq!(
        line["arithmetic"],
        "(170 quarantined by DMARC + 80 rejected by DMARC) = 250 emails × 0.25 = 62.50"
    );
    // Only the value given appears.
    assert_eq!(r["money"]["lines"].as_array().unwrap().len(), 1);
    // Microsoft reported 385 messages, 85 failing DMARC.
    let ms = r["by_provider"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["provider"].as_str().unwrap().starts_with("Microsoft"))
        .cloned()
        .unwrap();
    assert_eq!(
        (ms["dmarc_volume"].as_u64(), ms["dmarc_fail"].as_u64()),
        (Some(385), Some(85))
    );
}

#[test]
fn without_values_there_is_no_money_anywhere() {
    for format in ["json", "text", "markdown", "html"] {
        let a = losses_args(&[], &["--sent", "2000", "--format", format]);
        let out = run(&as_strs(&a));
        assert_eq!(out.status.code(), Some(0));
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(!s.contains("Estimated"), "{format}");
        assert!(!s.contains(" × "), "{format}");
        if format == "json" {
            let v: Value = serde_json::from_str(&s).unwrap();
            assert!(v["losses"]["money"].is_null());
        }
    }
}

#[test]
fn usage_errors() {
    let d = p("fixtures/dmarc/google");
    for args in [
        vec!["losses"],
        vec!["losses", "--dmarc", &d, "--value-per-contact", "1,5"],
        vec!["losses", "--dmarc", &d, "--value-per-email", "-3"],
        vec!["losses", "--dmarc", &d, "--currency", "EUR"],
        vec!["losses", "--dmarc", &d, "--value-per-email", "1", "--currency", "EURO"],
        vec!["losses", "--dmarc", &d, "--sent", "5", "--campaigns", "x.csv"],
        vec!["losses", "--dmarc", &d, "--campaigns", "/nonexistent/campaigns.csv"],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn campaigns_file_gives_the_sent_volume_and_output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("report.md");
    let out = run(&[
        "losses",
        "--dmarc",
        &p("fixtures/dmarc/microsoft"),
        "--campaigns",
        &p("fixtures/losses/campaigns.csv"),
        "--format",
        "markdown",
        "--title",
        "November review",
        "--client",
        "Example Shop",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let md = std::fs::read_to_string(&out_file).unwrap();
    assert!(md.starts_with("# November review\n"));
    assert!(md.contains("**Client:** Example Shop"));
    assert!(
        md.contains(
            "**Sent volume:** 2,000 (sum of column `sent` over 2 rows of"
                .replace('`', "\\`")
                .as_str()
        )
    );
}

/// A DMARC report whose every free-text field is hostile.
fn hostile_report(dir: &Path) {
    let xml = r#"<?xml version="1.0"?>
<feedback>
  <report_metadata>
    <org_name>&lt;script&gt;alert('org')&lt;/script&gt;</org_name>
    <report_id>x</report_id>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>quarantine</p></policy_published>
  <record>
    <row><source_ip>192.0.2.50</source_ip><count>10</count>
      <policy_evaluated><disposition>quarantine</disposition><dkim>fail</dkim><spf>fail</spf>
        <reason><type>local_policy</type><comment>&lt;iframe src="https://evil.example/"&gt;</comment></reason>
      </policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results>
      <dkim><domain>"&gt;&lt;img src=x onerror=alert(1)&gt;|[click](https://evil.example)</domain><result>pass</result></dkim>
    </auth_results>
  </record>
</feedback>
"#;
    std::fs::write(dir.join("hostile.xml"), xml).unwrap();
}

#[test]
fn hostile_strings_do_not_inject_markup() {
    let dir = tempfile::tempdir().unwrap();
    hostile_report(dir.path());
    let base = [
        "losses",
        "--dmarc",
        dir.path().to_str().unwrap(),
        "--sent",
        "100",
        "--title",
        "<script>alert('title')</script>",
        "--client",
        "Acme <b>&</b> \"Co\"",
    ];
    let html = {
        let mut a = base.to_vec();
        a.extend(["--format", "html"]);
        String::from_utf8(run(&a).stdout).unwrap()
    };
    // The hostile DKIM domain is shown, escaped.
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
    assert!(html.contains("Acme &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;"));
    for bad in ["<script", "<img", "<iframe", "<b>", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "{bad} in HTML");
    }
    // Self-contained: no attribute points anywhere outside the file. The only
    // URL is the SVG namespace, which is a name, not a request.
    for attr in ["src=\"http", "href=\"http", "src='http", "href='http"] {
        assert!(!html.contains(attr), "{attr}");
    }
    assert!(html.contains("<svg") || !html.contains("<rect"));
    assert!(html.contains("Content-Security-Policy"));

    let md = {
        let mut a = base.to_vec();
        a.extend(["--format", "markdown"]);
        String::from_utf8(run(&a).stdout).unwrap()
    };
    assert!(!md.contains("<img") && !md.contains("<script") && !md.contains("<b>"));
    // A pipe would break the table, brackets would make a link.
    assert!(md.contains("\\|\\[click\\]\\(https://evil.example\\)"), "{md}");
}

#[test]
fn check_html_escapes_hostile_txt_records() {
    let server = support::dns_server::TestDnsServer::start_dir(support::fixture("zones/losses"));
    let out = support::mailaudit()
        .args([
            "check",
            "hostile.test",
            "--nameserver",
            &server.addr_arg(),
            "--no-blocklists",
            "--format",
            "html",
            "--title",
            "Audit <b>Q4</b>",
            "--client",
            "Shop & <i>Co</i>",
        ])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // Title and client name from the command line are shown, escaped.
    assert!(html.contains("Audit &lt;b&gt;Q4&lt;/b&gt;"), "{html}");
    assert!(html.contains("Shop &amp; &lt;i&gt;Co&lt;/i&gt;"), "{html}");
    // The SPF record is shown, escaped.
    assert!(
        html.contains("include:&lt;script&gt;alert(1)&lt;/script&gt;.test"),
        "{html}"
    );
    for bad in ["<script", "<img", "<b>", "<i>"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

#[test]
fn losses_with_domain_links_auth_losses_to_check_findings() {
    let server = support::dns_server::TestDnsServer::start_dir(support::fixture("zones/losses"));
    // Google's report, as if it were about hostile.test; plus the original
    // example.com reports, which --domain hostile.test must leave out.
    let dir = tempfile::tempdir().unwrap();
    let google = std::fs::read_dir(root().join("fixtures/dmarc/google"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xml"))
        .unwrap();
    let xml = std::fs::read_to_string(google)
        .unwrap()
        .replace("example.com", "hostile.test");
    std::fs::write(
        dir.path().join("hostile.xml"),
        xml.replace("15838473629104857362", "99"),
    )
    .unwrap();
    let args = losses_args(
        &["--dmarc", &dir.path().display().to_string()],
        &[
            "--domain",
            "hostile.test",
            "--nameserver",
            &server.addr_arg(),
            "--timeout",
            "2",
            "--format",
            "json",
        ],
    );
    let args = as_strs(&args);
    let r = json(&args);
    assert_eq!(r["check"]["domain"], "hostile.test");
    // Only hostile.test's mail: the 650 messages of the rewritten Google report.
    assert_eq!(r["dmarc"]["messages"], 650);
    assert_eq!(r["dmarc"]["domains"], serde_json::json!(["hostile.test"]));
    assert_eq!(r["dmarc"]["own_quarantined"], 120);
    let findings: Vec<String> = r["check"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| f["code"].as_str().unwrap().to_string())
        .filter(|c| c.starts_with("spf.") || c.starts_with("dkim.") || c.starts_with("dmarc."))
        .collect();
    assert!(!findings.is_empty(), "{r}");
    let auth = r["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix authentication"))
        .cloned()
        .unwrap();
    let related: Vec<String> = auth["related_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(related, findings);

    // And the HTML version escapes what the DNS said.
    let html = rendered_as(&args, "html");
    assert!(!html.contains("<script") && !html.contains("<img"));
}

/// Three bounces of our own making: one of sender.test's mail (16 Jan), one
/// of elsewhere.test's (20 Jan), one that does not say who sent the original.
fn three_senders(dir: &Path) {
    let original = std::fs::read_to_string(root().join("fixtures/bounces/postfix/user-unknown.eml")).unwrap();
    std::fs::write(dir.join("ours.eml"), &original).unwrap();
    let theirs = original
        .replace(
            "From: Sender News <newsletter@sender.test>",
            "From: Other <news@elsewhere.test>",
        )
        .replace("bob@example.org", "carol@example.org")
        .replace("Arrival-Date: Tue, 16 Jan 2024", "Arrival-Date: Sat, 20 Jan 2024");
    std::fs::write(dir.join("theirs.eml"), theirs).unwrap();
    let unknown = original
        .replace("From: Sender News <newsletter@sender.test>\n", "")
        .replace("bob@example.org", "dave@example.org");
    std::fs::write(dir.join("unknown.eml"), unknown).unwrap();
}

#[test]
fn losses_with_domain_counts_only_the_bounces_of_that_domains_mail() {
    let dir = tempfile::tempdir().unwrap();
    three_senders(dir.path());
    let bounces = dir.path().display().to_string();
    let all = json(&["losses", "--bounces", &bounces, "--sent", "100", "--format", "json"]);
    assert_eq!(all["failed_messages"], 3, "{all}");

    let server = support::dns_server::TestDnsServer::start_dir(support::fixture("zones/losses"));
    let args = [
        "losses",
        "--bounces",
        &bounces,
        "--sent",
        "100",
        "--domain",
        "sender.test",
        "--no-blocklists",
        "--nameserver",
        &server.addr_arg(),
        "--timeout",
        "1",
        "--format",
        "json",
    ];
    let r = json(&args);
    assert_eq!(r["failed_messages"], 1, "{r}");
    assert_eq!(r["contacts_lost"]["hard_bounced"], 1);
    assert_eq!(r["domain_filter"]["other_domains"], 1);
    assert_eq!(r["domain_filter"]["sender_unknown"], 1);
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("Only the bounces of mail sender.test sent are counted: 2 bounces left out"),
        "{notes}"
    );
}

#[test]
fn the_period_covered_is_shown_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    three_senders(dir.path());
    let bounces = dir.path().display().to_string();
    let args = ["losses", "--bounces", &bounces, "--sent", "100", "--format", "json"];
    let r = json(&args);
    assert_eq!(
        r["period"],
        serde_json::json!({"first": "2024-01-16", "last": "2024-01-20"})
    );
    for format in ["text", "markdown", "html"] {
        let out = rendered_as(&args, format);
        assert!(
            out.contains("Period covered: 2024-01-16 to 2024-01-20"),
            "{format}: {out}"
        );
    }
    // With DMARC reports too, the period spans both.
    let args = losses_args(&["--bounces", &bounces], &["--format", "json"]);
    let r = json(&as_strs(&args));
    let first = r["period"]["first"].as_str().unwrap();
    let last = r["period"]["last"].as_str().unwrap();
    assert_eq!(first, "2024-01-16");
    assert!(
        last > "2024-01-20" && r["dmarc"]["period_end"].as_str().unwrap().starts_with(last),
        "{r}"
    );
}

/// The numbers of "N emails lost (a failed delivery + b quarantined by DMARC ...)".
fn headline_sum(rendered: &str) -> (u64, Vec<u64>) {
    // Markdown escapes the brackets.
    let rendered = &rendered.replace("\\(", "(").replace("\\)", ")");
    let number = |s: &str| s.trim().replace(',', "").parse::<u64>().unwrap();
    let at = rendered.find(" lost (").expect("a headline with emails lost");
    let before = &rendered[..at];
    let total_text = before.trim_end_matches(" emails").trim_end_matches(" email");
    let total_start = total_text
        .rfind(|c: char| !(c.is_ascii_digit() || c == ','))
        .map_or(0, |i| i + 1);
    let total = number(&total_text[total_start..]);
    let after = &rendered[at + " lost (".len()..];
    let parts = after[..after.find(')').unwrap()]
        .split(" + ")
        .map(|part| number(part.split(' ').next().unwrap()))
        .collect();
    (total, parts)
}

#[test]
fn headline_and_parts_reconcile_in_every_format_for_every_fixture_set() {
    let dir = tempfile::tempdir().unwrap();
    three_senders(dir.path());
    let own = dir.path().display().to_string();
    let scenario = p("fixtures/losses/bounces");
    let value = ["--value-per-email", "0.25", "--sent", "2000", "--format", "json"];
    let sets: Vec<Vec<String>> = vec![
        losses_args(&["--bounces", &scenario], &value),
        losses_args(&[], &value),
        [&["losses", "--bounces", &scenario][..], &value[..]]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [&["losses", "--bounces", &own][..], &value[..]]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    ];
    for set in &sets {
        let args = as_strs(set);
        let r = json(&args);
        let lost = &r["emails_lost"];
        let total = lost["total"].as_u64().unwrap();
        let parts = ["failed_deliveries", "dmarc_quarantined", "dmarc_rejected"]
            .iter()
            .map(|k| lost[k].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(total, parts, "{args:?}: {lost}");
        // The parts of the parts: reasons and providers add up to the failed deliveries.
        let failed = r["failed_messages"].as_u64().unwrap();
        let by_reason: u64 = r["by_reason"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["messages"].as_u64().unwrap())
            .sum();
        let by_provider: u64 = r["by_provider"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["failed_messages"].as_u64().unwrap())
            .sum();
        assert_eq!((by_reason, by_provider), (failed, failed), "{args:?}");
        // Money is priced on the same figure.
        assert_eq!(r["money"]["lines"][0]["quantity"].as_u64().unwrap(), total, "{args:?}");
        for format in ["text", "markdown", "html"] {
            let out = rendered_as(&args, format);
            let (shown, shown_parts) = headline_sum(&out);
            assert_eq!(shown, total, "{format} {args:?}: {out}");
            assert_eq!(shown_parts.iter().sum::<u64>(), shown, "{format} {args:?}: {out}");
        }
    }
}
