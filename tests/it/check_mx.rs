//! MX through the real binary against the loopback DNS server
//! (fixtures/zones/mx). Every code has a case that must raise it and a nearby
//! case that must not.

use crate::support;

use serde_json::Value;
use std::collections::HashMap;
use support::dns_server::TestDnsServer;
use support::{check_json, check_text, domains_by_name, finding, finding_codes_where};

/// Run `check` on `domains` in one process; JSON report per domain.
fn check(server: &TestDnsServer, domains: &[&str]) -> HashMap<String, Value> {
    let args = [domains, &["--timeout", "1"]].concat();
    domains_by_name(&check_json(&server.addr_arg(), &args).1)
}

/// mx.* findings, and temperrors from the MX check.
fn mx_codes(domain: &Value) -> Vec<String> {
    let mut codes = finding_codes_where(domain, |f| {
        let code = f["code"].as_str().unwrap();
        let message = f["message"].as_str().unwrap();
        code.starts_with("mx.")
            || (code == "dns.temperror" && (message.contains("MX") || message.contains("where mail")))
    });
    codes.sort();
    codes
}

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/mx")
}

const NONE: Vec<String> = Vec::new();

#[test]
fn good_mx_hosts_and_addresses() {
    let server = server();
    let r = check(&server, &["good.mx.test"]);
    let d = &r["good.mx.test"];
    assert_eq!(mx_codes(d), NONE);
    let mx = d["mx"].as_array().unwrap();
    assert_eq!(mx.len(), 2);
    assert_eq!(mx[0]["preference"], 10);
    assert_eq!(mx[0]["host"], "mx1.good.mx.test");
    assert_eq!(mx[0]["addresses"], serde_json::json!(["192.0.2.10", "2001:db8::10"]));
    assert_eq!(mx[0]["status"], "ok");
    assert_eq!(mx[0]["null"], false);
    assert_eq!(mx[1]["host"], "mx2.good.mx.test");
}

#[test]
fn missing_mx() {
    let server = server();
    let r = check(&server, &["fallback.mx.test", "nothing.mx.test"]);
    let fallback = &r["fallback.mx.test"];
    assert_eq!(mx_codes(fallback), vec!["mx.missing"]);
    assert!(
        finding(fallback, "mx.missing")["message"]
            .as_str()
            .unwrap()
            .contains("192.0.2.20")
    );
    assert_eq!(fallback["mx"][0]["implicit"], true);
    assert_eq!(fallback["mx"][0]["addresses"][0], "192.0.2.20");
    let nothing = &r["nothing.mx.test"];
    assert_eq!(mx_codes(nothing), vec!["mx.missing"]);
    assert!(
        finding(nothing, "mx.missing")["message"]
            .as_str()
            .unwrap()
            .contains("fails")
    );
}

#[test]
fn null_mx() {
    let server = server();
    let r = check(&server, &["null.mx.test", "mixed.mx.test"]);
    let null = &r["null.mx.test"];
    assert_eq!(mx_codes(null), vec!["mx.null"]);
    assert_eq!(finding(null, "mx.null")["severity"], "info");
    assert_eq!(null["mx"][0]["null"], true);
    // A null MX must stand alone: mixed with real hosts it is a warning.
    let mixed = &r["mixed.mx.test"];
    assert_eq!(mx_codes(mixed), vec!["mx.null"]);
    assert_eq!(finding(mixed, "mx.null")["severity"], "warning");
    // Inbound TLS policy applies only to a domain that receives mail.
    let inbound_tls = |d: &Value| {
        finding_codes_where(d, |f| {
            let code = f["code"].as_str().unwrap();
            code.starts_with("mta_sts.") || code.starts_with("tls_rpt.")
        })
    };
    assert_eq!(inbound_tls(null), Vec::<String>::new());
    assert!(inbound_tls(mixed).contains(&"mta_sts.missing".to_string()), "{mixed:#}");
}

#[test]
fn cname_target() {
    let server = server();
    let r = check(&server, &["cname.mx.test", "good.mx.test"]);
    let d = &r["cname.mx.test"];
    // The alias resolves: mx.cname, not mx.unresolvable.
    assert_eq!(mx_codes(d), vec!["mx.cname"]);
    assert_eq!(d["mx"][0]["cname"], "real.cname.mx.test");
    assert_eq!(d["mx"][0]["addresses"][0], "192.0.2.30");
    assert_eq!(finding(d, "mx.cname")["subject"], "alias.cname.mx.test");
    assert!(r["good.mx.test"]["mx"][0].get("cname").is_none());
}

#[test]
fn unresolvable_targets() {
    let server = server();
    let r = check(&server, &["dead.mx.test", "backup.mx.test", "ipliteral.mx.test"]);
    let dead = &r["dead.mx.test"];
    assert_eq!(mx_codes(dead), vec!["mx.unresolvable"]);
    assert_eq!(finding(dead, "mx.unresolvable")["severity"], "error");
    assert_eq!(dead["mx"][0]["status"], "no_address");
    // A dead backup while the primary works: still raised, as a warning.
    let backup = &r["backup.mx.test"];
    assert_eq!(mx_codes(backup), vec!["mx.unresolvable"]);
    assert_eq!(finding(backup, "mx.unresolvable")["severity"], "warning");
    assert_eq!(finding(backup, "mx.unresolvable")["subject"], "gone.backup.mx.test");
    let ip = &r["ipliteral.mx.test"];
    assert_eq!(mx_codes(ip), vec!["mx.unresolvable"]);
    assert!(
        finding(ip, "mx.unresolvable")["message"]
            .as_str()
            .unwrap()
            .contains("IP address")
    );
}

#[test]
fn failed_lookups_are_unknown() {
    let server = server();
    let r = check(&server, &["flakyhost.mx.test", "slow.mx.test"]);
    // The host's lookups fail: unknown, not "no address".
    let flaky = &r["flakyhost.mx.test"];
    assert_eq!(mx_codes(flaky), vec!["dns.temperror"]);
    assert_eq!(flaky["mx"][0]["status"], "lookup_failed");
    assert!(
        finding(flaky, "dns.temperror")["message"]
            .as_str()
            .unwrap()
            .contains("mx.flakyhost.mx.test")
    );
    // The MX lookup times out: unknown, not missing.
    let slow = &r["slow.mx.test"];
    assert_eq!(mx_codes(slow), vec!["dns.temperror"]);
    assert!(slow["mx"].as_array().unwrap().is_empty());
}

#[test]
fn text_report_lists_hosts_and_addresses() {
    let server = server();
    let text = check_text(&server.addr_arg(), &["good.mx.test", "null.mx.test"]);
    assert!(
        text.contains("10 mx1.good.mx.test -> 192.0.2.10, 2001:db8::10"),
        "{text}"
    );
    assert!(text.contains("0 . (null MX: this domain accepts no mail)"), "{text}");
}
