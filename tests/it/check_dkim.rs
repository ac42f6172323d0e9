//! DKIM through the real binary against the loopback DNS server
//! (fixtures/zones/dkim, real RSA 512/1024/2048 and Ed25519 keys). Every code
//! has a case that must raise it and a nearby case that must not.

use crate::support;

use serde_json::Value;
use std::collections::HashMap;
use support::dns_server::TestDnsServer;
use support::{check_json, check_text, domains_by_name, finding, finding_codes_where, findings_with_code};

/// Run `check` on `domains` in one process; JSON report per domain.
fn check(server: &TestDnsServer, domains: &[&str], extra: &[&str]) -> HashMap<String, Value> {
    let args = [domains, extra, &["--timeout", "1"]].concat();
    domains_by_name(&check_json(&server.addr_arg(), &args).1)
}

/// dkim.* findings, and temperrors about DKIM names.
fn dkim_codes(domain: &Value) -> Vec<String> {
    let mut codes = finding_codes_where(domain, |f| {
        let code = f["code"].as_str().unwrap();
        code.starts_with("dkim.") || (code == "dns.temperror" && f["message"].as_str().unwrap().contains("_domainkey"))
    });
    codes.sort();
    codes
}

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/dkim")
}

const NONE: Vec<String> = Vec::new();

#[test]
fn key_types_and_sizes() {
    let server = server();
    let r = check(
        &server,
        &[
            "good.dkim.test",
            "short.dkim.test",
            "weak.dkim.test",
            "ed.dkim.test",
            "pkcs1.dkim.test",
            "esp.dkim.test",
        ],
        &[],
    );
    let key = |d: &str| r[d]["dkim"][0].clone();
    assert_eq!(dkim_codes(&r["good.dkim.test"]), NONE);
    assert_eq!(key("good.dkim.test")["selector"], "google");
    assert_eq!(key("good.dkim.test")["key_type"], "rsa");
    assert_eq!(key("good.dkim.test")["key_bits"], 2048);
    assert_eq!(key("good.dkim.test")["status"], "ok");
    // 1024 bits works: short_key, not weak_key.
    assert_eq!(dkim_codes(&r["short.dkim.test"]), vec!["dkim.short_key"]);
    assert_eq!(key("short.dkim.test")["key_bits"], 1024);
    assert_eq!(finding(&r["short.dkim.test"], "dkim.short_key")["subject"], "selector1");
    // 512 bits: weak_key (an error), not short_key.
    assert_eq!(dkim_codes(&r["weak.dkim.test"]), vec!["dkim.weak_key"]);
    assert_eq!(finding(&r["weak.dkim.test"], "dkim.weak_key")["severity"], "error");
    assert_eq!(key("weak.dkim.test")["key_bits"], 512);
    // Ed25519 is fine.
    assert_eq!(dkim_codes(&r["ed.dkim.test"]), NONE);
    assert_eq!(key("ed.dkim.test")["key_type"], "ed25519");
    // A bare RSAPublicKey is read and noted, not failed.
    assert_eq!(dkim_codes(&r["pkcs1.dkim.test"]), NONE);
    assert_eq!(key("pkcs1.dkim.test")["key_bits"], 2048);
    assert!(
        key("pkcs1.dkim.test")["notes"][0]
            .as_str()
            .unwrap()
            .contains("RSAPublicKey")
    );
    // A selector that is a CNAME to the ESP's key is followed.
    assert_eq!(dkim_codes(&r["esp.dkim.test"]), NONE);
    assert_eq!(key("esp.dkim.test")["key_bits"], 2048);
}

#[test]
fn guessed_selectors_are_unknown_and_missing_needs_evidence() {
    let server = server();
    let r = check(&server, &["custom.dkim.test", "junk.dkim.test", "gw.dkim.test"], &[]);
    // custom has a key at a selector nobody guessed: no evidence, so unknown, not failing.
    let custom = &r["custom.dkim.test"];
    assert_eq!(dkim_codes(custom), vec!["dkim.unknown"]);
    let f = finding(custom, "dkim.unknown");
    assert_eq!(f["severity"], "info");
    assert!(f["message"].as_str().unwrap().contains("cannot prove"));
    let dkim_row = custom["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement"].as_str().unwrap().starts_with("DKIM"))
        .unwrap();
    assert_eq!(dkim_row["status"], "unknown");
    assert!(dkim_row["why"].as_str().unwrap().contains("--selector"), "{dkim_row}");
    let evidence = f["evidence"].as_str().unwrap();
    for s in [
        "google",
        "selector1",
        "selector2",
        "k1",
        "k2",
        "k3",
        "s1",
        "s2",
        "default",
        "dkim",
        "mail",
    ] {
        assert!(evidence.split([' ', ',']).any(|w| w == s), "{s} not in {evidence}");
    }
    // An SPF record at a selector name is not a key.
    assert_eq!(dkim_codes(&r["junk.dkim.test"]), vec!["dkim.unknown"]);
    // gw has nothing below _domainkey (NXDOMAIN, RFC 8020): missing, with evidence,
    // and the provider seen in MX names the selector to publish.
    let gw = finding(&r["gw.dkim.test"], "dkim.missing");
    let message = gw["message"].as_str().unwrap();
    assert!(
        message.contains("RFC 8020") && message.contains("Google Workspace"),
        "{gw}"
    );
    assert!(gw["fix"].as_str().unwrap().contains("Google Admin"), "{gw}");

    // Every selector the user named is absent: missing.
    let r = check(&server, &["custom.dkim.test"], &["--selector", "wrong2026"]);
    let f = finding(&r["custom.dkim.test"], "dkim.missing");
    assert!(f["message"].as_str().unwrap().contains("you named (wrong2026)"), "{f}");
    assert_eq!(f["severity"], "warning");
}

#[test]
fn selector_option_finds_the_key() {
    let server = server();
    let r = check(&server, &["custom.dkim.test"], &["--selector", "mysel2026"]);
    let d = &r["custom.dkim.test"];
    assert_eq!(dkim_codes(d), NONE);
    assert_eq!(d["dkim"][0]["selector"], "mysel2026");
    assert_eq!(d["dkim"][0]["source"], "selector_option");
    assert_eq!(d["dkim"][0]["name"], "mysel2026._domainkey.custom.dkim.test");
}

#[test]
fn testing_revoked_and_syntax() {
    let server = server();
    let r = check(
        &server,
        &[
            "testing.dkim.test",
            "strict.dkim.test",
            "revoked.dkim.test",
            "rotated.dkim.test",
            "syntax.dkim.test",
        ],
        &[],
    );
    assert_eq!(dkim_codes(&r["testing.dkim.test"]), vec!["dkim.testing"]);
    assert_eq!(r["testing.dkim.test"]["dkim"][0]["testing"], true);
    assert_eq!(dkim_codes(&r["strict.dkim.test"]), NONE);
    // The only key is revoked: a warning; next to a working key: information.
    assert_eq!(dkim_codes(&r["revoked.dkim.test"]), vec!["dkim.revoked"]);
    assert_eq!(finding(&r["revoked.dkim.test"], "dkim.revoked")["severity"], "warning");
    assert_eq!(dkim_codes(&r["rotated.dkim.test"]), vec!["dkim.revoked"]);
    assert_eq!(finding(&r["rotated.dkim.test"], "dkim.revoked")["severity"], "info");
    let syntax = &r["syntax.dkim.test"];
    assert_eq!(dkim_codes(syntax), vec!["dkim.syntax", "dkim.syntax"]);
    let messages: Vec<&str> = findings_with_code(syntax, "dkim.syntax")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(messages.iter().any(|m| m.contains("base64")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("k=dsa")), "{messages:?}");
}

#[test]
fn failed_lookups_never_become_missing() {
    let server = server();
    let r = check(&server, &["broken.dkim.test"], &[]);
    let broken = &r["broken.dkim.test"];
    assert_eq!(dkim_codes(broken), vec!["dns.temperror"]);
    assert!(broken["dkim"].as_array().unwrap().is_empty());
    // Only the named selector fails; the common ones answer "no key": still not missing.
    let r = check(&server, &["partial.dkim.test"], &["--selector", "mysel"]);
    let partial = &r["partial.dkim.test"];
    assert_eq!(dkim_codes(partial), vec!["dns.temperror"]);
    let message = finding(partial, "dns.temperror")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("mysel._domainkey.partial.dkim.test"), "{message}");
}

#[test]
fn text_report_names_key_type_and_size() {
    let server = server();
    let text = check_text(&server.addr_arg(), &["short.dkim.test"]);
    assert!(
        text.contains("selector selector1: RSA 1024-bit, works but below the recommended 2048 bits"),
        "{text}"
    );
}
