//! `mailaudit check` SPF section against the loopback DNS server with the
//! zones in fixtures/zones/spf/: every finding code raised where it must be and
//! not raised next door, `--ip` results, DNS failures as temperror.

use crate::support;

use serde_json::Value;
use support::dns_server::TestDnsServer;
use support::{check_json, check_text, domain, finding, finding_codes_where, findings_with_code};

fn server() -> TestDnsServer {
    TestDnsServer::start_dir("fixtures/zones/spf")
}

/// Run `check` on `domains` (JSON output) and return the parsed run.
fn check(server: &TestDnsServer, domains: &[&str], extra: &[&str]) -> Value {
    let (code, run) = check_json(&server.addr_arg(), &[domains, extra].concat());
    assert!(matches!(code, Some(0 | 1 | 3)), "exit {code:?}: {run}");
    run
}

/// The SPF finding codes of a domain (plus dns.temperror).
fn spf_codes(d: &Value) -> Vec<String> {
    finding_codes_where(d, |f| {
        let code = f["code"].as_str().unwrap();
        code.starts_with("spf.") || code == "dns.temperror"
    })
}

#[test]
fn each_code_is_raised_where_it_must_be_and_not_next_door() {
    let server = server();
    // (domain, code, must be raised)
    let cases: &[(&str, &str, bool)] = &[
        ("missing.spf.test", "spf.missing", true),
        ("nearmiss.spf.test", "spf.missing", true),
        ("good.spf.test", "spf.missing", false),
        ("multiple.spf.test", "spf.multiple_records", true),
        ("split.spf.test", "spf.multiple_records", false),
        ("syntax.spf.test", "spf.syntax", true),
        ("badmacro.spf.test", "spf.syntax", true),
        ("macro.spf.test", "spf.syntax", false),
        ("split.spf.test", "spf.syntax", false),
        ("lookups11.spf.test", "spf.lookup_limit", true),
        ("lookups10.spf.test", "spf.lookup_limit", false),
        ("expok.spf.test", "spf.lookup_limit", false),
        ("voids3.spf.test", "spf.void_limit", true),
        ("voidsnodata.spf.test", "spf.void_limit", true),
        ("voids2.spf.test", "spf.void_limit", false),
        ("loopa.spf.test", "spf.include_loop", true),
        ("diamond.spf.test", "spf.include_loop", false),
        ("plusall.spf.test", "spf.permissive_all", true),
        ("bareall.spf.test", "spf.permissive_all", true),
        ("incplusall.spf.test", "spf.permissive_all", true),
        ("good.spf.test", "spf.permissive_all", false),
        ("redirall.spf.test", "spf.permissive_all", false),
        ("weak.spf.test", "spf.weak_all", true),
        ("soft.spf.test", "spf.weak_all", false),
        ("noall.spf.test", "spf.no_all", true),
        ("redirected.spf.test", "spf.no_all", false),
        ("ptr.spf.test", "spf.ptr", true),
        ("aptr.spf.test", "spf.ptr", false),
        ("incbroken.spf.test", "dns.temperror", true),
        ("good.spf.test", "dns.temperror", false),
        ("incmissing.spf.test", "spf.missing", true),
    ];
    let mut names: Vec<&str> = cases.iter().map(|c| c.0).collect();
    names.dedup();
    let run = check(&server, &names, &["--fail-on", "never"]);
    for (name, code, raised) in cases {
        let codes = spf_codes(domain(&run, name));
        assert_eq!(
            codes.iter().any(|c| c == code),
            *raised,
            "{name}: {code} should {}be raised; got {codes:?}",
            if *raised { "" } else { "not " }
        );
    }
    // Clean records raise nothing at all.
    for name in [
        "good.spf.test",
        "split.spf.test",
        "lookups10.spf.test",
        "soft.spf.test",
        "redirected.spf.test",
    ] {
        assert_eq!(spf_codes(domain(&run, name)), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn findings_carry_message_evidence_and_fix() {
    let server = server();
    let run = check(
        &server,
        &["lookups11.spf.test", "voids3.spf.test", "weak.spf.test"],
        &[],
    );
    let d = domain(&run, "lookups11.spf.test");
    let f = finding(d, "spf.lookup_limit");
    assert_eq!(f["severity"], "error");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("11 DNS lookups"), "{message}");
    assert!(
        message.contains("the 11th is `a:host.spf.test` in nest.spf.test"),
        "{message}"
    );
    assert!(
        f["evidence"]
            .as_str()
            .unwrap()
            .starts_with("v=spf1 include:l1.spf.test")
    );
    assert!(!f["fix"].as_str().unwrap().is_empty());
    let spf = &d["spf"];
    assert_eq!(spf["lookup_count"], 11);
    assert_eq!(spf["lookup_limit"], 10);
    assert_eq!(spf["lookup_terms"].as_array().unwrap().len(), 11);
    assert_eq!(spf["lookup_terms"][10]["term"], "a:host.spf.test");
    assert_eq!(spf["lookup_terms"][10]["domain"], "nest.spf.test");
    // Per-branch counts in the tree.
    let tree = &spf["include_tree"];
    assert_eq!(
        (tree["lookups"].as_u64(), tree["total_lookups"].as_u64()),
        (Some(10), Some(11))
    );
    let nest = tree["children"].as_array().unwrap().last().unwrap();
    assert_eq!(nest["domain"], "nest.spf.test");
    assert_eq!(
        (nest["lookups"].as_u64(), nest["total_lookups"].as_u64()),
        (Some(1), Some(1))
    );

    let d = domain(&run, "voids3.spf.test");
    let f = finding(d, "spf.void_limit");
    let message = f["message"].as_str().unwrap();
    for term in ["a:gone1.spf.test", "mx:gone2.spf.test", "exists:gone3.spf.test"] {
        assert!(message.contains(term), "void term {term} not named: {message}");
    }
    assert_eq!(d["spf"]["void_lookup_count"], 3);

    let f = finding(domain(&run, "weak.spf.test"), "spf.weak_all");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["evidence"], "v=spf1 ip4:192.0.2.1 ?all");
}

#[test]
fn split_record_is_one_record_joined_without_spaces() {
    let server = server();
    let run = check(&server, &["split.spf.test"], &["--ip", "203.0.113.39"]);
    let spf = &domain(&run, "split.spf.test")["spf"];
    let record = spf["record"].as_str().unwrap();
    assert!(record.len() > 600);
    assert!(record.contains("ip4:203.0.113.20 ip4:203.0.113.21"), "{record}");
    assert!(record.ends_with(" -all"));
    assert_eq!(spf["authorized_networks"].as_array().unwrap().len(), 39);
    assert_eq!(spf["ip_evaluations"][0]["result"], "pass");
}

#[test]
fn ip_evaluation_results_and_deciding_terms() {
    let server = server();
    let run = check(
        &server,
        &["good.spf.test"],
        &[
            "--ip",
            "192.0.2.7",
            "--ip",
            "198.51.100.20",
            "--ip",
            "198.51.100.200",
            "--ip",
            "2001:db8:e5::1",
        ],
    );
    let d = domain(&run, "good.spf.test");
    let evals = d["spf"]["ip_evaluations"].as_array().unwrap();
    let summary: Vec<(String, String, String)> = evals
        .iter()
        .map(|e| {
            (
                e["result"].as_str().unwrap().to_string(),
                e["decided_by"].as_str().unwrap_or("").to_string(),
                e["decided_in"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("pass".into(), "ip4:192.0.2.0/24".into(), "good.spf.test".into()),
            (
                "pass".into(),
                "ip4:198.51.100.0/25".into(),
                "_netblocks.esp.test".into()
            ),
            ("fail".into(), "-all".into(), "good.spf.test".into()),
            (
                "pass".into(),
                "ip6:2001:db8:e5::/48".into(),
                "_netblocks.esp.test".into()
            ),
        ]
    );
    assert_eq!(
        evals[1]["path"],
        serde_json::json!([
            "good.spf.test: include:_spf.esp.test",
            "_spf.esp.test: include:_netblocks.esp.test",
            "_netblocks.esp.test: ip4:198.51.100.0/25"
        ])
    );
    // The failing IP is a finding of its own.
    let f = finding(d, "spf.ip_not_authorized");
    assert_eq!(f["subject"], "198.51.100.200");
    assert_eq!(spf_codes(d).iter().filter(|c| *c == "spf.ip_not_authorized").count(), 1);
}

#[test]
fn ip_evaluation_covers_every_result() {
    let server = server();
    let run = check(
        &server,
        &[
            "soft.spf.test",
            "weak.spf.test",
            "noall.spf.test",
            "missing.spf.test",
            "syntax.spf.test",
            "incbroken.spf.test",
            "macro.spf.test",
            "ptr.spf.test",
        ],
        &["--ip", "192.0.2.44", "--fail-on", "never"],
    );
    let result = |name: &str| {
        domain(&run, name)["spf"]["ip_evaluations"][0]["result"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(result("soft.spf.test"), "softfail");
    assert_eq!(result("weak.spf.test"), "neutral");
    assert_eq!(result("noall.spf.test"), "neutral");
    assert_eq!(result("missing.spf.test"), "none");
    assert_eq!(result("syntax.spf.test"), "permerror");
    // SERVFAIL on an include is never a pass, even though a later term lists the IP.
    assert_eq!(result("incbroken.spf.test"), "temperror");
    // The macro expands with the evaluated IP: 192.0.2.44._allow.spf.test exists.
    assert_eq!(result("macro.spf.test"), "pass");
    // No PTR records in the zones: ptr does not match.
    assert_eq!(result("ptr.spf.test"), "fail");

    let run = check(&server, &["macro.spf.test"], &["--ip", "192.0.2.45"]);
    let spf = &domain(&run, "macro.spf.test")["spf"];
    assert_eq!(spf["ip_evaluations"][0]["result"], "fail");
    assert_eq!(spf["sender_dependent_terms"][0]["term"], "exists:%{i}._allow.spf.test");
}

#[test]
fn lookup_limit_permerror_at_the_receiver_and_mx_hosts_counted_apart() {
    let server = server();
    let run = check(
        &server,
        &["lookups11.spf.test", "expok.spf.test"],
        &["--ip", "198.51.100.99", "--ip", "198.51.100.105"],
    );
    let evals = &domain(&run, "lookups11.spf.test")["spf"]["ip_evaluations"];
    // 198.51.100.99 is listed after the 11th lookup: a receiver gives permerror.
    assert_eq!(evals[0]["result"], "permerror");
    let spf = &domain(&run, "expok.spf.test")["spf"];
    assert_eq!(
        spf["lookup_count"], 10,
        "exp= and the mx hosts' address lookups do not count"
    );
    assert_eq!(spf["ip_evaluations"][1]["result"], "pass");
    assert_eq!(spf["ip_evaluations"][1]["decided_by"], "mx:mxs.spf.test");
}

#[test]
fn dns_failures_are_temperror_not_missing() {
    let server = server();
    let run = check(
        &server,
        &["down.spf.test", "incslow.spf.test"],
        &["--ip", "192.0.2.1", "--timeout", "0.5"],
    );
    let d = domain(&run, "down.spf.test");
    assert_eq!(d["spf"]["status"], "temperror");
    assert_eq!(d["spf"]["ip_evaluations"][0]["result"], "temperror");
    let codes = spf_codes(d);
    assert!(codes.contains(&"dns.temperror".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c == "spf.missing"), "{codes:?}");

    let d = domain(&run, "incslow.spf.test");
    assert_eq!(d["spf"]["status"], "found");
    assert_eq!(d["spf"]["ip_evaluations"][0]["result"], "temperror");
    let failed_names: Vec<&Value> = findings_with_code(d, "dns.temperror")
        .into_iter()
        .map(|f| &f["subject"])
        .collect();
    assert!(failed_names.iter().any(|s| *s == "slow.spf.test"), "{failed_names:?}");
    assert!(!spf_codes(d).iter().any(|c| c == "spf.missing"));
    assert_eq!(d["spf"]["include_tree"]["children"][0]["state"], "temperror");
}

#[test]
fn sending_networks_and_flattened_ranges() {
    let server = server();
    let run = check(&server, &["nets.spf.test", "good.spf.test"], &[]);
    let nets: Vec<&str> = domain(&run, "nets.spf.test")["spf"]["authorized_networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["network"].as_str().unwrap())
        .collect();
    assert_eq!(
        nets,
        vec![
            "192.0.2.10/32",
            "198.51.100.0/24",
            "10.0.0.0/8",
            "2001:db8:1::/64",
            "2001:db8::/32"
        ]
    );
    // Flattened across includes, with where each came from.
    let good = &domain(&run, "good.spf.test")["spf"]["authorized_networks"];
    assert_eq!(good[1]["network"], "198.51.100.0/25");
    assert_eq!(good[1]["domain"], "_netblocks.esp.test");
    assert_eq!(good[1]["mechanism"], "ip4");
}

#[test]
fn text_report_shows_record_lookups_tree_ranges_and_ip_result() {
    let server = server();
    let text = check_text(&server.addr_arg(), &["good.spf.test", "--ip", "198.51.100.20"]);
    for expected in [
        "v=spf1 ip4:192.0.2.0/24 include:_spf.esp.test -all",
        "DNS lookups: 2/10",
        "include:_spf.esp.test (1/1)",
        "include:_netblocks.esp.test (0/0)",
        "authorised networks: 3",
        "--ip 198.51.100.20: pass by `ip4:198.51.100.0/25` in _netblocks.esp.test",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

/// The `--ip` result of `domain` for `ip`.
fn ip_result(server: &TestDnsServer, domain_name: &str, ip: &str) -> String {
    let run = check(server, &[domain_name], &["--ip", ip, "--fail-on", "never"]);
    domain(&run, domain_name)["spf"]["ip_evaluations"][0]["result"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn rfc7208_txt_of_several_strings_next_to_an_empty_txt_record() {
    let server = server();
    // Suite case null-text: strings joined without spaces (RFC 7208 3.3); the
    // TXT RR with no strings at all (RDLENGTH 0) is simply not an SPF record.
    // hickory refuses such an answer, so the DNS layer reads it again leniently.
    assert_eq!(ip_result(&server, "nulltext.rfc7208.test", "203.0.113.5"), "pass");
    assert_eq!(ip_result(&server, "nulltext.rfc7208.test", "203.0.113.6"), "fail");
    let run = check(&server, &["nulltext.rfc7208.test"], &[]);
    let d = domain(&run, "nulltext.rfc7208.test");
    assert_eq!(d["spf"]["record"], "v=spf1 ip4:203.0.113.5 -all");
    assert!(
        !spf_codes(d).contains(&"dns.temperror".to_string()),
        "{:?}",
        spf_codes(d)
    );
    // Only the empty record: no SPF record (`none`), not a lookup failure.
    assert_eq!(ip_result(&server, "onlyempty.rfc7208.test", "203.0.113.5"), "none");
    let run = check(&server, &["onlyempty.rfc7208.test"], &[]);
    let codes = spf_codes(domain(&run, "onlyempty.rfc7208.test"));
    assert!(codes.contains(&"spf.missing".to_string()), "{codes:?}");
    assert!(!codes.contains(&"dns.temperror".to_string()), "{codes:?}");
}

#[test]
fn rfc7208_domain_spec_with_any_visible_character() {
    let server = server();
    // Suite cases a-colon-domain(-ip4mapped), mx-colon-domain(-ip4mapped):
    // `foo:bar/baz.rfc7208.test` is looked up as written.
    for name in ["colon.rfc7208.test", "mxcolon.rfc7208.test"] {
        assert_eq!(ip_result(&server, name, "203.0.113.4"), "pass", "{name}");
        assert_eq!(ip_result(&server, name, "::ffff:203.0.113.4"), "pass", "{name} mapped");
        assert_eq!(ip_result(&server, name, "203.0.113.3"), "fail", "{name}");
    }
    let run = check(&server, &["colon.rfc7208.test"], &[]);
    assert!(!spf_codes(domain(&run, "colon.rfc7208.test")).contains(&"spf.syntax".to_string()));
}

#[test]
fn rfc7208_percent_escapes_in_a_domain_spec() {
    let server = server();
    // Suite case macro-mania-in-domain: the name holds `%`, two spaces and `%20`.
    assert_eq!(ip_result(&server, "mania.rfc7208.test", "203.0.113.4"), "pass");
    assert_eq!(ip_result(&server, "mania.rfc7208.test", "203.0.113.3"), "fail");
}

#[test]
fn rfc7208_p_macro_is_the_validated_reverse_name() {
    let server = server();
    // Suite case p-macro-multiple: two names validate; the one below the
    // domain wins, so `exists:mx.pmulti.rfc7208.test.should...` matches.
    assert_eq!(ip_result(&server, "pmulti.rfc7208.test", "203.0.113.42"), "pass");
    // The only reverse name does not resolve back: %{p} is `unknown`, nothing matches.
    assert_eq!(ip_result(&server, "pmulti.rfc7208.test", "203.0.113.40"), "neutral");
    // `ptr` uses the same validation.
    assert_eq!(ip_result(&server, "ptrok.rfc7208.test", "203.0.113.42"), "pass");
    assert_eq!(ip_result(&server, "ptrok.rfc7208.test", "203.0.113.40"), "fail");
}
