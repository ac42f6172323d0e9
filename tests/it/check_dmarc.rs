//! DMARC through the real binary against the loopback DNS server
//! (fixtures/zones/dmarc). Every code has a case that must raise it and a
//! nearby case that must not.

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

/// The DMARC-related findings (dmarc.* and temperrors about DMARC names).
fn dmarc_codes(domain: &Value) -> Vec<String> {
    let mut codes = finding_codes_where(domain, |f| {
        let code = f["code"].as_str().unwrap();
        code.starts_with("dmarc.")
            || (code == "dns.temperror"
                && (f["message"].as_str().unwrap().contains("_dmarc")
                    || f["message"].as_str().unwrap().contains("DMARC")))
    });
    codes.sort();
    codes
}

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/dmarc")
}

#[test]
fn good_records_raise_nothing() {
    let server = server();
    let r = check(
        &server,
        &["dmarc.test", "split.dmarc.test", "single.dmarc.test", "bis.dmarc.test"],
    );
    for (name, d) in &r {
        // bis.dmarc.test says psd=n: its own organisational domain by the
        // RFC 9989 walk, not dmarc.test as the PSL has it (info only).
        let expected: Vec<String> = if name == "bis.dmarc.test" {
            vec!["dmarc.org_domain_differs".into()]
        } else {
            vec![]
        };
        assert_eq!(dmarc_codes(d), expected, "{name}");
    }
    let org = &r["dmarc.test"]["dmarc"];
    assert_eq!(org["status"], "found");
    assert_eq!(org["policy"], "reject");
    assert_eq!(org["subdomain_policy"], "quarantine");
    assert_eq!(org["effective_policy"], "reject");
    assert_eq!(org["rua"][0]["address"], "dmarc@dmarc.test");
    assert_eq!(org["rua"][0]["external"], false);
    assert_eq!(org["dkim_alignment"], "relaxed");
    // A record split into two strings is joined; the trailing `;` is fine.
    assert_eq!(
        r["split.dmarc.test"]["dmarc"]["record"],
        "v=DMARC1; p=reject; rua=mailto:dmarc@dmarc.test;"
    );
    assert_eq!(r["bis.dmarc.test"]["dmarc"]["nonexistent_subdomain_policy"], "reject");
}

#[test]
fn missing_and_inherited() {
    let server = server();
    let r = check(&server, &["nodmarc.test", "sub.nodmarc.test", "inherit.dmarc.test"]);
    assert_eq!(dmarc_codes(&r["nodmarc.test"]), vec!["dmarc.missing"]);
    assert_eq!(finding(&r["nodmarc.test"], "dmarc.missing")["severity"], "error");
    let sub = &r["sub.nodmarc.test"];
    assert_eq!(dmarc_codes(sub), vec!["dmarc.missing"]);
    let message = finding(sub, "dmarc.missing")["message"].as_str().unwrap();
    assert!(message.contains("nodmarc.test"), "{message}");
    // A subdomain without a record is covered by its organisational domain.
    let inherit = &r["inherit.dmarc.test"];
    assert_eq!(dmarc_codes(inherit), Vec::<String>::new());
    assert_eq!(inherit["dmarc"]["status"], "inherited");
    assert_eq!(inherit["dmarc"]["inherited_from"], "dmarc.test");
    assert_eq!(inherit["dmarc"]["effective_policy"], "quarantine");
}

#[test]
fn policy_none_own_and_inherited_through_sp() {
    let server = server();
    let r = check(
        &server,
        &["none.dmarc.test", "news.lax.test", "lax.test", "spsub.dmarc.test"],
    );
    assert_eq!(dmarc_codes(&r["none.dmarc.test"]), vec!["dmarc.policy_none"]);
    assert_eq!(
        finding(&r["none.dmarc.test"], "dmarc.policy_none")["severity"],
        "warning"
    );
    // lax.test rejects, but its sp=none leaves news.lax.test unprotected.
    assert_eq!(dmarc_codes(&r["lax.test"]), Vec::<String>::new());
    assert_eq!(dmarc_codes(&r["news.lax.test"]), vec!["dmarc.policy_none"]);
    assert_eq!(r["news.lax.test"]["dmarc"]["effective_policy"], "none");
    // sp=none in a subdomain's own record does nothing: p=reject applies.
    let spsub = &r["spsub.dmarc.test"];
    assert_eq!(dmarc_codes(spsub), Vec::<String>::new());
    assert_eq!(spsub["dmarc"]["effective_policy"], "reject");
    assert!(spsub["dmarc"]["notes"][0].as_str().unwrap().contains("sp="));
}

#[test]
fn multiple_records() {
    let server = server();
    let r = check(&server, &["multi.dmarc.test", "single.dmarc.test"]);
    assert_eq!(dmarc_codes(&r["multi.dmarc.test"]), vec!["dmarc.multiple_records"]);
    assert_eq!(r["multi.dmarc.test"]["dmarc"]["status"], "multiple");
    // One DMARC record next to an unrelated TXT record is not "multiple".
    assert_eq!(r["single.dmarc.test"]["dmarc"]["status"], "found");
}

#[test]
fn syntax_errors() {
    let server = server();
    let r = check(&server, &["syntax.dmarc.test", "nop.dmarc.test", "unknown.dmarc.test"]);
    assert_eq!(dmarc_codes(&r["syntax.dmarc.test"]), vec!["dmarc.syntax"]);
    let message = finding(&r["syntax.dmarc.test"], "dmarc.syntax")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("p=block") && message.contains("mailto:"), "{message}");
    assert_eq!(dmarc_codes(&r["nop.dmarc.test"]), vec!["dmarc.syntax"]);
    // Unknown tags are ignored by receivers: information, not a syntax error.
    assert_eq!(dmarc_codes(&r["unknown.dmarc.test"]), vec!["dmarc.unknown_tag"]);
    assert_eq!(
        finding(&r["unknown.dmarc.test"], "dmarc.unknown_tag")["severity"],
        "info"
    );
}

#[test]
fn pct_removed_tags_and_test_mode() {
    let server = server();
    let r = check(
        &server,
        &[
            "pct.dmarc.test",
            "pct100.dmarc.test",
            "removed.dmarc.test",
            "testing.dmarc.test",
        ],
    );
    assert_eq!(dmarc_codes(&r["pct.dmarc.test"]), vec!["dmarc.pct"]);
    assert_eq!(r["pct.dmarc.test"]["dmarc"]["pct"], 25);
    // pct=100 applies the policy to all mail: only the "removed in RFC 9989" note.
    assert_eq!(dmarc_codes(&r["pct100.dmarc.test"]), vec!["dmarc.removed_tag"]);
    let removed = finding(&r["removed.dmarc.test"], "dmarc.removed_tag");
    assert_eq!(removed["severity"], "info");
    assert!(removed["message"].as_str().unwrap().contains("RFC 9989"));
    assert_eq!(dmarc_codes(&r["removed.dmarc.test"]), vec!["dmarc.removed_tag"]);
    assert_eq!(dmarc_codes(&r["testing.dmarc.test"]), vec!["dmarc.testing"]);
}

#[test]
fn no_rua() {
    let server = server();
    let r = check(&server, &["norua.dmarc.test", "dmarc.test"]);
    assert_eq!(dmarc_codes(&r["norua.dmarc.test"]), vec!["dmarc.no_rua"]);
    assert_eq!(dmarc_codes(&r["dmarc.test"]), Vec::<String>::new());
}

#[test]
fn external_report_addresses() {
    let server = server();
    let r = check(
        &server,
        &[
            "ext.dmarc.test",
            "extbad.dmarc.test",
            "internal.dmarc.test",
            "extfail.dmarc.test",
        ],
    );
    // Authorised through a CNAME.
    let ext = &r["ext.dmarc.test"];
    assert_eq!(dmarc_codes(ext), Vec::<String>::new());
    assert_eq!(ext["dmarc"]["rua"][0]["external"], true);
    assert_eq!(ext["dmarc"]["rua"][0]["authorized"], true);
    // reports.test authorises extbad, elsewhere.test does not: one finding, about elsewhere.test.
    let bad = &r["extbad.dmarc.test"];
    assert_eq!(dmarc_codes(bad), vec!["dmarc.external_rua_unauthorized"]);
    let f = finding(bad, "dmarc.external_rua_unauthorized");
    assert_eq!(f["subject"], "elsewhere.test");
    assert!(f["message"].as_str().unwrap().contains("silently dropped"));
    assert!(
        f["evidence"]
            .as_str()
            .unwrap()
            .contains("extbad.dmarc.test._report._dmarc.elsewhere.test")
    );
    assert_eq!(bad["dmarc"]["rua"][0]["authorized"], true);
    assert_eq!(bad["dmarc"]["rua"][1]["authorized"], false);
    assert_eq!(bad["dmarc"]["ruf"][0]["authorized"], false);
    // Same organisation: no authorisation needed, none looked up.
    assert_eq!(dmarc_codes(&r["internal.dmarc.test"]), Vec::<String>::new());
    assert_eq!(r["internal.dmarc.test"]["dmarc"]["rua"][0]["external"], false);
    // A failed authorisation lookup is unknown, never "unauthorised".
    let fail = &r["extfail.dmarc.test"];
    assert_eq!(dmarc_codes(fail), vec!["dns.temperror"]);
    assert!(fail["dmarc"]["rua"][0].get("authorized").is_none());
}

#[test]
fn failed_lookups_are_never_missing() {
    let server = server();
    let r = check(&server, &["broken.dmarc.test", "slow.dmarc.test"]);
    for name in ["broken.dmarc.test", "slow.dmarc.test"] {
        let d = &r[name];
        assert_eq!(dmarc_codes(d), vec!["dns.temperror"], "{name}");
        assert_eq!(d["dmarc"]["status"], "unknown");
        let message = finding(d, "dns.temperror")["message"].as_str().unwrap().to_string();
        assert!(message.contains(&format!("_dmarc.{name}")), "{message}");
    }
}

#[test]
fn text_report_speaks_plainly() {
    let server = server();
    let text = check_text(&server.addr_arg(), &["inherit.dmarc.test"]);
    assert!(text.contains("covered by dmarc.test's record"), "{text}");
    assert!(
        text.contains("Policy: quarantine (mail that fails authentication goes to spam)"),
        "{text}"
    );
    assert!(text.contains("daily summaries to dmarc@dmarc.test"), "{text}");
}

#[test]
fn rfc9989_tree_walk_decides_the_organisational_domain() {
    let server = server();
    let r = check(
        &server,
        &["a.b.c.d.e.f.g.deep.walk.test", "shop.brand.psd.walk.test", "walk.test"],
    );
    // Ten labels: the name, then its last seven labels and up: eight queries.
    let deep = &r["a.b.c.d.e.f.g.deep.walk.test"]["dmarc"];
    let asked: Vec<&str> = deep["tree_walk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["domain"].as_str().unwrap())
        .collect();
    assert_eq!(
        asked,
        vec![
            "a.b.c.d.e.f.g.deep.walk.test",
            "d.e.f.g.deep.walk.test",
            "e.f.g.deep.walk.test",
            "f.g.deep.walk.test",
            "g.deep.walk.test",
            "deep.walk.test",
            "walk.test",
            "test",
        ]
    );
    assert_eq!(deep["tree_walk"][3]["found"], "record");
    // Records at f.g.deep.walk.test and walk.test: the fewest labels wins,
    // and its p=none applies through sp (none) to the subdomain.
    assert_eq!(deep["organizational_domain"], "walk.test");
    assert_eq!(deep["inherited_from"], "walk.test");
    assert!(!dmarc_codes(&r["a.b.c.d.e.f.g.deep.walk.test"]).contains(&"dmarc.org_domain_differs".to_string()));

    // psd=y at psd.walk.test stops the walk; the organisational domain is one
    // label below it, which the PSL does not know: an info finding.
    let shop = &r["shop.brand.psd.walk.test"];
    let dmarc = &shop["dmarc"];
    assert_eq!(dmarc["organizational_domain"], "brand.psd.walk.test");
    assert_eq!(dmarc["psl_organizational_domain"], "walk.test");
    assert_eq!(dmarc["tree_walk"].as_array().unwrap().len(), 3, "stops at psd=y");
    assert_eq!(dmarc["tree_walk"][2]["found"], "psd=y");
    // No record at brand.psd.walk.test: the public suffix domain's applies.
    assert_eq!(dmarc["inherited_from"], "psd.walk.test");
    assert_eq!(dmarc["effective_policy"], "reject");
    let differs = finding(shop, "dmarc.org_domain_differs");
    assert_eq!(differs["severity"], "info");
    assert!(differs["message"].as_str().unwrap().contains("brand.psd.walk.test"));
    assert!(
        differs["evidence"]
            .as_str()
            .unwrap()
            .contains("_dmarc.psd.walk.test: psd=y")
    );

    // An ordinary organisational domain: walk and PSL agree.
    assert_eq!(r["walk.test"]["dmarc"]["organizational_domain"], "walk.test");
    assert!(!dmarc_codes(&r["walk.test"]).contains(&"dmarc.org_domain_differs".to_string()));
}

#[test]
fn rfc9989_np_then_sp_then_p_for_subdomains_that_do_not_exist() {
    let server = server();
    let r = check(
        &server,
        &["np.walk.test", "sp.walk.test", "p.walk.test", "own.np.walk.test"],
    );
    let policies = |name: &str| {
        let d = &r[name]["dmarc"];
        (
            d["effective_policy"].as_str().unwrap().to_string(),
            d["nonexistent_subdomain_policy"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(policies("np.walk.test"), ("none".into(), "reject".into()));
    assert_eq!(policies("sp.walk.test"), ("none".into(), "quarantine".into()));
    assert_eq!(policies("p.walk.test"), ("quarantine".into(), "quarantine".into()));
    // Its own record gives its policy; non-existent names below it fall to
    // the organisational domain's np=.
    assert_eq!(policies("own.np.walk.test"), ("none".into(), "reject".into()));
    let notes = r["own.np.walk.test"]["dmarc"]["notes"].to_string();
    assert!(
        notes.contains("reject for subdomains of own.np.walk.test that do not exist"),
        "{notes}"
    );
    assert!(notes.contains("np.walk.test's record"), "{notes}");
}

#[test]
fn testing_flag_and_pct_are_explained_for_both_rfcs() {
    let server = server();
    let r = check(&server, &["testing.walk.test", "pct.dmarc.test"]);
    let notes = r["testing.walk.test"]["dmarc"]["notes"].to_string();
    assert!(notes.contains("t=y (RFC 9989 test mode)"), "{notes}");
    assert!(notes.contains("pct=0 is the closest RFC 7489 equivalent"), "{notes}");
    let notes = r["pct.dmarc.test"]["dmarc"]["notes"].to_string();
    assert!(
        notes.contains("pct=25: RFC 7489 receivers apply the policy to 25%"),
        "{notes}"
    );
    assert!(notes.contains("RFC 9989 removed pct"), "{notes}");
}
