//! Unit tests: parser on hostile input, the lint walk and `check_host()` over
//! an in-memory DNS. CLI tests against the loopback server are in tests/it/check_spf.rs.

use super::parse::{Mechanism, Qualifier, is_spf_record, parse_record};
use super::*;
use crate::dns::fake::FakeDns;
use crate::dns::{DnsFailureKind, QueryType, RecordData};

fn a(ip: &str) -> RecordData {
    RecordData::A(ip.parse().unwrap())
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn has(findings: &[Finding], code: &str) -> bool {
    findings.iter().any(|f| f.code.as_str() == code)
}

async fn run(fake: FakeDns, domain: &str, ips: &[&str]) -> (SpfReport, Vec<Finding>) {
    let ips: Vec<IpAddr> = ips.iter().map(|i| i.parse().unwrap()).collect();
    check(&fake.into_dns(), domain, &ips).await
}

/// `n` includes, each to a record with only `ip4`, so the root spends `n` lookups.
fn includes(n: usize) -> FakeDns {
    let mut fake = FakeDns::default();
    let mut root = String::from("v=spf1");
    for i in 0..n {
        root.push_str(&format!(" include:s{i}.example.test"));
        fake = fake.txt(&format!("s{i}.example.test"), &format!("v=spf1 ip4:192.0.2.{i} -all"));
    }
    root.push_str(" -all");
    fake.txt("example.test", &root)
}

// ---------- parser ----------

#[test]
fn spf_record_detection() {
    assert!(is_spf_record("v=spf1"));
    assert!(is_spf_record("v=spf1 -all"));
    assert!(is_spf_record("V=SPF1 mx -all"));
    assert!(!is_spf_record("v=spf10 -all"));
    assert!(!is_spf_record("v=spf1a -all"));
    assert!(!is_spf_record(" v=spf1 -all"));
    assert!(!is_spf_record("v=spf2.0/pra -all"));
    assert!(!is_spf_record("google-site-verification=abc"));
    assert!(!is_spf_record("v=sp"));
}

#[test]
fn parses_every_mechanism() {
    let r = parse_record(
        "v=spf1 +a -mx:mail.example.test/24//64 ~ptr ?ip4:192.0.2.7/24 ip6:2001:DB8::/32 include:_spf.example.test \
         exists:%{i}.bl.example.test a:example.test/28 redirect=_spf.example.test exp=explain.example.test -all",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.directives.len(), 9);
    assert_eq!(r.directives[1].qualifier, Qualifier::Fail);
    match &r.directives[1].mechanism {
        Mechanism::Mx {
            v4_prefix, v6_prefix, ..
        } => assert_eq!((*v4_prefix, *v6_prefix), (24, 64)),
        other => panic!("{other:?}"),
    }
    match &r.directives[3].mechanism {
        // Host bits are dropped.
        Mechanism::Ip4(net) => assert_eq!(net.to_string(), "192.0.2.0/24"),
        other => panic!("{other:?}"),
    }
    assert!(r.redirect.is_some() && r.exp.is_some());
    assert_eq!(r.all(), Some(Qualifier::Fail));
    assert!(
        r.effective_redirect().is_none(),
        "redirect is ignored when all is present"
    );
}

#[test]
fn syntax_errors_are_named() {
    let bad = [
        "ip4:192.0.2",
        "ip4:192.0.2.1/33",
        "ip4:192.0.2.1/024",
        "ip4:2001:db8::1",
        "ip6:192.0.2.1",
        "ip6:2001:db8::/129",
        "include",
        "include:localhost",
        "include:192.0.2.1",
        "a:example.test/abc",
        "a/",
        "mx//",
        "foo:bar.test",
        "all:example.test",
        "exists:%{x}.example.test",
        "include:%{d0}.example.test",
        "ip4",
        "+",
        "redirect=%",
        "1abc=foo",
        "include:ex\u{e4}mple.test",
    ];
    for term in bad {
        let r = parse_record(&format!("v=spf1 {term} -all"));
        assert_eq!(
            r.errors.len(),
            1,
            "`{term}` should be one syntax error, got {:?}",
            r.errors
        );
        assert_eq!(r.directives.len(), 1, "`{term}`: the valid `-all` is still read");
    }
    let dup = parse_record("v=spf1 redirect=a.example.test redirect=b.example.test");
    assert_eq!(dup.errors.len(), 1);
}

#[test]
fn unknown_modifiers_are_not_errors() {
    let r = parse_record("v=spf1 mx redirct=_spf.example.test foo=bar -all");
    assert!(r.errors.is_empty());
    assert_eq!(r.unknown_modifiers, vec!["redirct=_spf.example.test", "foo=bar"]);
}

#[test]
fn hostile_records_do_not_panic() {
    // Thousands of terms, a megabyte of text, non-ASCII and control bytes.
    let many: String = std::iter::once("v=spf1".to_string())
        .chain((0..20_000).map(|i| format!("ip4:10.{}.{}.0/24", i / 256 % 256, i % 256)))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(parse_record(&many).directives.len(), 20_000);
    let huge = format!("v=spf1 include:{}.test", "a".repeat(1_000_000));
    assert_eq!(parse_record(&huge).directives.len(), 1);
    let junk = format!("v=spf1 {}", "%{%{%{}}}\u{0}\u{7f}é ü/ // : = %".repeat(10_000));
    let r = parse_record(&junk);
    assert!(!r.errors.is_empty());
    // A cheap deterministic fuzz over bytes that matter to the grammar.
    let alphabet: Vec<char> = "v=spf1 :/.%{}-+~?aimxptr46lsdoe0123456789é\u{0}=".chars().collect();
    let mut state: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..3_000 {
        let mut text = String::from("v=spf1 ");
        for _ in 0..(state % 64) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = parse_record(&text);
    }
}

// ---------- the lint walk ----------

#[tokio::test]
async fn missing_record_is_an_error_but_other_txt_is_fine() {
    let (report, findings) = run(FakeDns::default().txt("example.test", "hello"), "example.test", &[]).await;
    assert_eq!(report.status, SpfStatus::Missing);
    assert!(has(&findings, "spf.missing"));

    let (report, findings) = run(
        FakeDns::default()
            .txt("example.test", "hello")
            .txt("example.test", "v=spf1 -all"),
        "example.test",
        &[],
    )
    .await;
    assert_eq!(report.status, SpfStatus::Found);
    assert!(!has(&findings, "spf.missing"), "{:?}", codes(&findings));
}

#[tokio::test]
async fn near_miss_record_is_explained() {
    let (_, findings) = run(
        FakeDns::default().txt("example.test", "v=spf1a mx -all"),
        "example.test",
        &[],
    )
    .await;
    let f = findings.iter().find(|f| f.code.as_str() == "spf.missing").unwrap();
    assert!(f.evidence.as_deref().unwrap().contains("v=spf1a mx -all"));
}

#[tokio::test]
async fn multiple_records() {
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 mx -all")
        .txt("example.test", "v=spf1 include:x.test -all");
    let (report, findings) = run(fake, "example.test", &[]).await;
    assert_eq!(report.status, SpfStatus::MultipleRecords);
    assert_eq!(report.records.len(), 2);
    assert!(has(&findings, "spf.multiple_records"));

    // One record split into several strings is one record, joined without spaces.
    let fake = FakeDns::default().set(
        "example.test",
        QueryType::Txt,
        vec![RecordData::Txt(vec![
            b"v=spf1 ip4:192.0.2.1 ".to_vec(),
            "ip4:192.0.2.2 -a".as_bytes().to_vec(),
            b"ll".to_vec(),
        ])],
    );
    let (report, findings) = run(fake, "example.test", &[]).await;
    assert!(!has(&findings, "spf.multiple_records"));
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        report.record.as_deref(),
        Some("v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all")
    );
}

#[tokio::test]
async fn ten_lookups_pass_eleven_fail() {
    let (report, findings) = run(includes(10), "example.test", &[]).await;
    assert_eq!(report.lookup_count, 10);
    assert!(!has(&findings, "spf.lookup_limit"), "{:?}", codes(&findings));

    let (report, findings) = run(includes(11), "example.test", &[]).await;
    assert_eq!(report.lookup_count, 11);
    let f = findings.iter().find(|f| f.code.as_str() == "spf.lookup_limit").unwrap();
    assert!(
        f.message.contains("11th is `include:s10.example.test`"),
        "{}",
        f.message
    );
    assert_eq!(report.lookup_terms.len(), 11);
    assert_eq!(report.include_tree.as_ref().unwrap().total_lookups, 11);
}

#[tokio::test]
async fn lookups_are_counted_across_the_tree() {
    // root: include(1) + a(1) + redirect ignored (has all) ; inc: mx(1) + exists(1) + include(1) ; inc2: ptr(1)
    let fake = FakeDns::default()
        .txt(
            "example.test",
            "v=spf1 include:inc.example.test a redirect=other.example.test exp=exp.example.test -all",
        )
        .txt(
            "inc.example.test",
            "v=spf1 mx exists:e.example.test include:inc2.example.test ip4:192.0.2.0/24 ~all",
        )
        .txt("inc2.example.test", "v=spf1 ptr -all")
        .set("example.test", QueryType::A, vec![a("192.0.2.10")])
        .set(
            "inc.example.test",
            QueryType::Mx,
            vec![RecordData::Mx {
                preference: 10,
                exchange: "mx.example.test".into(),
            }],
        )
        .set("mx.example.test", QueryType::A, vec![a("198.51.100.1")])
        .set("e.example.test", QueryType::A, vec![a("127.0.0.2")]);
    let (report, findings) = run(fake, "example.test", &[]).await;
    assert_eq!(report.lookup_count, 6, "{:?}", report.lookup_terms);
    let tree = report.include_tree.as_ref().unwrap();
    assert_eq!((tree.lookups, tree.total_lookups), (2, 6));
    assert_eq!((tree.children[0].lookups, tree.children[0].total_lookups), (3, 4));
    assert!(tree.notes.iter().any(|n| n.contains("ignored")));
    assert!(has(&findings, "spf.ptr"));
    let nets: Vec<&str> = report.authorized_networks.iter().map(|n| n.network.as_str()).collect();
    // Tree order: the include is walked before the root's `a`.
    assert_eq!(nets, vec!["198.51.100.1/32", "192.0.2.0/24", "192.0.2.10/32"]);
}

#[tokio::test]
async fn mx_host_addresses_do_not_count_against_the_ten() {
    let mut fake = FakeDns::default().txt("example.test", "v=spf1 mx mx:b.example.test -all");
    let mxs: Vec<RecordData> = (0..10)
        .map(|i| RecordData::Mx {
            preference: i,
            exchange: format!("mx{i}.example.test"),
        })
        .collect();
    fake = fake
        .set("example.test", QueryType::Mx, mxs.clone())
        .set("b.example.test", QueryType::Mx, mxs);
    for i in 0..10 {
        fake = fake.set(
            &format!("mx{i}.example.test"),
            QueryType::A,
            vec![a(&format!("192.0.2.{i}"))],
        );
    }
    let (report, findings) = run(fake, "example.test", &[]).await;
    assert_eq!(report.lookup_count, 2);
    assert!(!has(&findings, "spf.lookup_limit"), "{findings:?}");
    assert_eq!(report.authorized_networks.len(), 10);
}

#[tokio::test]
async fn more_than_ten_mx_hosts_is_a_limit_error() {
    let mxs: Vec<RecordData> = (0..11)
        .map(|i| RecordData::Mx {
            preference: i,
            exchange: format!("mx{i}.example.test"),
        })
        .collect();
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 mx -all")
        .set("example.test", QueryType::Mx, mxs);
    let (_, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    assert!(has(&findings, "spf.lookup_limit"));
}

#[tokio::test]
async fn void_lookups_two_pass_three_fail() {
    let two = FakeDns::default().txt(
        "example.test",
        "v=spf1 a:gone1.example.test exists:gone2.example.test ip4:192.0.2.1 -all",
    );
    let (report, findings) = run(two, "example.test", &[]).await;
    assert_eq!(report.void_lookup_count, 2);
    assert!(!has(&findings, "spf.void_limit"));

    let three = FakeDns::default()
        .txt(
            "example.test",
            "v=spf1 a:gone1.example.test mx:gone2.example.test include:gone3.example.test -all",
        )
        .txt("example.test", "");
    let (report, findings) = run(three, "example.test", &[]).await;
    assert_eq!(report.void_lookup_count, 3, "{:?}", report.void_lookups);
    let f = findings.iter().find(|f| f.code.as_str() == "spf.void_limit").unwrap();
    assert!(f.message.contains("include:gone3.example.test"), "{}", f.message);
    // The include of a missing domain is also its own error.
    assert!(has(&findings, "spf.missing"));
}

#[tokio::test]
async fn include_loops_are_found_and_end() {
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 include:b.example.test -all")
        .txt("b.example.test", "v=spf1 include:c.example.test -all")
        .txt("c.example.test", "v=spf1 include:example.test -all");
    let (report, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    let f = findings.iter().find(|f| f.code.as_str() == "spf.include_loop").unwrap();
    assert_eq!(
        f.subject.as_deref(),
        Some("c.example.test"),
        "the record holding the looping term"
    );
    assert!(
        f.message
            .contains("example.test → b.example.test → c.example.test → example.test"),
        "{}",
        f.message
    );
    assert_eq!(report.lookup_count, 3);
    assert_eq!(report.ip_evaluations[0].result, "permerror");

    // The same include twice in different branches is not a loop.
    let fake = FakeDns::default()
        .txt(
            "example.test",
            "v=spf1 include:b.example.test include:c.example.test -all",
        )
        .txt("b.example.test", "v=spf1 include:shared.example.test -all")
        .txt("c.example.test", "v=spf1 include:shared.example.test -all")
        .txt("shared.example.test", "v=spf1 ip4:192.0.2.1 -all");
    let (report, findings) = run(fake, "example.test", &[]).await;
    assert!(!has(&findings, "spf.include_loop"), "{findings:?}");
    assert_eq!(report.lookup_count, 4);
}

#[tokio::test]
async fn all_qualifiers() {
    for (record, code, present) in [
        ("v=spf1 mx +all", "spf.permissive_all", true),
        ("v=spf1 mx all", "spf.permissive_all", true),
        ("v=spf1 mx -all", "spf.permissive_all", false),
        ("v=spf1 ip4:0.0.0.0/1 ip4:128.0.0.0/1 -all", "spf.permissive_all", true),
        ("v=spf1 ip6:::/0 -all", "spf.permissive_all", true),
        (
            "v=spf1 ip4:17.0.0.0/8 ip6:2001:db8::/32 -all",
            "spf.permissive_all",
            false,
        ),
        ("v=spf1 -ip4:0.0.0.0/1 -all", "spf.permissive_all", false),
        ("v=spf1 mx ?all", "spf.weak_all", true),
        ("v=spf1 mx ~all", "spf.weak_all", false),
        ("v=spf1 mx", "spf.no_all", true),
        ("v=spf1 mx redirect=r.example.test", "spf.no_all", false),
        ("v=spf1 ptr -all", "spf.ptr", true),
        ("v=spf1 a:ptr.example.test -all", "spf.ptr", false),
    ] {
        let fake = FakeDns::default()
            .txt("example.test", record)
            .txt("r.example.test", "v=spf1 -all");
        let (_, findings) = run(fake, "example.test", &[]).await;
        assert_eq!(has(&findings, code), present, "{record}: {:?}", codes(&findings));
    }
}

#[tokio::test]
async fn plus_all_inside_an_include_authorises_everyone() {
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 include:lax.example.test -all")
        .txt("lax.example.test", "v=spf1 +all");
    let (_, findings) = run(fake, "example.test", &["203.0.113.5"]).await;
    let f = findings
        .iter()
        .find(|f| f.code.as_str() == "spf.permissive_all")
        .unwrap();
    assert_eq!(f.subject.as_deref(), Some("lax.example.test"));
    // ... but `?all` or no `all` inside an include is harmless.
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 include:lax.example.test -all")
        .txt("lax.example.test", "v=spf1 ip4:192.0.2.1 ?all");
    let (_, findings) = run(fake, "example.test", &[]).await;
    assert!(findings.is_empty(), "{findings:?}");
}

#[tokio::test]
async fn dns_failures_are_temperror_never_missing() {
    let fake = FakeDns::default().fail("example.test", QueryType::Txt, DnsFailureKind::ServFail);
    let (report, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    assert_eq!(report.status, SpfStatus::Temperror);
    assert_eq!(codes(&findings), vec!["dns.temperror"]);
    assert_eq!(report.ip_evaluations[0].result, "temperror");

    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 include:slow.example.test ip4:192.0.2.1 -all")
        .fail("slow.example.test", QueryType::Txt, DnsFailureKind::Timeout);
    let (report, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    assert!(!has(&findings, "spf.missing"));
    let f = findings.iter().find(|f| f.code.as_str() == "dns.temperror").unwrap();
    assert_eq!(f.subject.as_deref(), Some("slow.example.test"));
    // The include comes first, so a receiver stops there: temperror, not pass.
    assert_eq!(report.ip_evaluations[0].result, "temperror");
    assert_eq!(report.include_tree.unwrap().children[0].state, "temperror");
}

#[tokio::test]
async fn deep_and_wide_trees_are_bounded() {
    // A 200-deep include chain: the walk stops, evaluation hits the limit.
    let mut fake = FakeDns::default();
    for i in 0..200 {
        fake = fake.txt(
            &format!("d{i}.example.test"),
            &format!("v=spf1 include:d{}.example.test -all", i + 1),
        );
    }
    let dns = fake.into_dns();
    let (report, findings) = check(&dns, "d0.example.test", &["192.0.2.1".parse().unwrap()]).await;
    assert!(has(&findings, "spf.lookup_limit"));
    assert!(report.walk_truncated);
    assert_eq!(report.ip_evaluations[0].result, "permerror");
    assert!(dns.queries_made() < 100, "{}", dns.queries_made());

    // 5,000 `a:` terms: counted, but only the first ones are resolved.
    let record = std::iter::once("v=spf1".to_string())
        .chain((0..5_000).map(|i| format!("a:h{i}.example.test")))
        .collect::<Vec<_>>()
        .join(" ");
    let dns = FakeDns::default().txt("example.test", &record).into_dns();
    let (report, _) = check(&dns, "example.test", &[]).await;
    assert_eq!(report.lookup_count, 5_000);
    assert!(dns.queries_made() < 200, "{}", dns.queries_made());
}

#[tokio::test]
async fn syntax_findings_in_root_and_includes() {
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 ip4:192.0.2.300 include:inc.example.test -all")
        .txt("inc.example.test", "v=spf1 foo:bar.test -all");
    let (_, findings) = run(fake, "example.test", &[]).await;
    let syntax: Vec<&Finding> = findings.iter().filter(|f| f.code.as_str() == "spf.syntax").collect();
    assert_eq!(syntax.len(), 2, "{syntax:?}");
    assert!(syntax.iter().any(|f| f.subject.as_deref() == Some("inc.example.test")));

    let clean = FakeDns::default().txt("example.test", "v=spf1 ip4:192.0.2.30 -all");
    let (_, findings) = run(clean, "example.test", &[]).await;
    assert!(findings.is_empty());

    let typo = FakeDns::default().txt("example.test", "v=spf1 ip4:192.0.2.30 redirct=x.example.test -all");
    let (_, findings) = run(typo, "example.test", &[]).await;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[tokio::test]
async fn sender_dependent_macros() {
    let fake = FakeDns::default()
        .txt(
            "example.test",
            "v=spf1 exists:%{i}._spf.%{d} include:%{d}.inc.test -all",
        )
        .txt("example.test.inc.test", "v=spf1 ip4:198.51.100.0/24 -all")
        .set("192.0.2.1._spf.example.test", QueryType::A, vec![a("127.0.0.2")]);
    let (report, findings) = run(fake, "example.test", &["192.0.2.1", "192.0.2.2"]).await;
    assert!(findings.iter().all(|f| f.code.as_str() != "spf.syntax"), "{findings:?}");
    assert_eq!(report.sender_dependent_terms.len(), 1);
    let fake = FakeDns::default().txt("example.test", "v=spf1 include:%{i}._spf.%{d} -all");
    let (tree_report, _) = run(fake, "example.test", &[]).await;
    let child = &tree_report.include_tree.unwrap().children[0];
    assert_eq!(
        (child.domain.as_str(), child.state.as_str()),
        ("%{i}._spf.%{d}", "depends_on_sender")
    );
    // %{d} alone is known without a sender: the include was followed.
    assert_eq!(report.authorized_networks[0].network, "198.51.100.0/24");
    assert_eq!(report.ip_evaluations[0].result, "pass");
    assert_eq!(
        report.ip_evaluations[0].decided_by.as_deref(),
        Some("exists:%{i}._spf.%{d}")
    );
    assert_eq!(report.ip_evaluations[1].result, "fail");
}

// ---------- evaluation (--ip) ----------

#[tokio::test]
async fn ip_results_and_deciding_terms() {
    let fake = || {
        FakeDns::default()
            .txt(
                "example.test",
                "v=spf1 -ip4:192.0.2.66 include:esp.example.test a ~ip4:198.51.100.0/24 ?ip6:2001:db8::/32 -all",
            )
            .txt("esp.example.test", "v=spf1 ip4:192.0.2.0/25 -all")
            .set("example.test", QueryType::A, vec![a("203.0.113.9")])
    };
    for (ip, result, by, in_domain) in [
        ("192.0.2.10", "pass", "ip4:192.0.2.0/25", "esp.example.test"),
        ("192.0.2.66", "fail", "-ip4:192.0.2.66", "example.test"),
        ("203.0.113.9", "pass", "a", "example.test"),
        ("::ffff:203.0.113.9", "pass", "a", "example.test"),
        ("198.51.100.7", "softfail", "~ip4:198.51.100.0/24", "example.test"),
        ("2001:db8::1", "neutral", "?ip6:2001:db8::/32", "example.test"),
        ("192.0.2.200", "fail", "-all", "example.test"),
    ] {
        let (report, _) = run(fake(), "example.test", &[ip]).await;
        let e = &report.ip_evaluations[0];
        assert_eq!(
            (e.result.as_str(), e.decided_by.as_deref(), e.decided_in.as_deref()),
            (result, Some(by), Some(in_domain)),
            "{ip}: {e:?}"
        );
    }
    let (report, findings) = run(fake(), "example.test", &["192.0.2.10"]).await;
    assert_eq!(
        report.ip_evaluations[0].path,
        vec![
            "example.test: include:esp.example.test",
            "esp.example.test: ip4:192.0.2.0/25"
        ]
    );
    assert!(!has(&findings, "spf.ip_not_authorized"));
    let (_, findings) = run(fake(), "example.test", &["192.0.2.200"]).await;
    assert!(has(&findings, "spf.ip_not_authorized"));
}

#[tokio::test]
async fn ip_none_neutral_and_redirect() {
    let (report, _) = run(FakeDns::default(), "example.test", &["192.0.2.1"]).await;
    assert_eq!(report.ip_evaluations[0].result, "none");
    let (report, _) = run(
        FakeDns::default().txt("example.test", "v=spf1 ip4:10.0.0.1"),
        "example.test",
        &["192.0.2.1"],
    )
    .await;
    assert_eq!(report.ip_evaluations[0].result, "neutral");
    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 redirect=_spf.example.test")
        .txt("_spf.example.test", "v=spf1 ip4:192.0.2.0/24 ~all");
    let (report, _) = run(fake, "example.test", &["192.0.2.1", "10.0.0.1"]).await;
    assert_eq!(report.ip_evaluations[0].result, "pass");
    assert_eq!(report.ip_evaluations[1].result, "softfail");
    assert_eq!(
        report.ip_evaluations[1].decided_in.as_deref(),
        Some("_spf.example.test")
    );
}

#[tokio::test]
async fn evaluation_stops_at_the_first_match_but_lint_keeps_counting() {
    // A match before the 11th lookup passes at the receiver; the lint still
    // reports the record as over the limit for every other sender.
    let mut fake = includes(12);
    fake = fake.txt("example.test.invalid", "x");
    let (report, findings) = run(fake, "example.test", &["192.0.2.0", "192.0.2.11"]).await;
    assert!(has(&findings, "spf.lookup_limit"));
    assert_eq!(report.ip_evaluations[0].result, "pass");
    assert_eq!(report.ip_evaluations[1].result, "permerror");
    assert!(report.ip_evaluations[1].explanation.contains("11th"));
}

#[tokio::test]
async fn eval_void_limit_and_ptr() {
    let fake = FakeDns::default().txt(
        "example.test",
        "v=spf1 a:g1.example.test a:g2.example.test a:g3.example.test ip4:192.0.2.1 -all",
    );
    let (report, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    assert_eq!(report.ip_evaluations[0].result, "permerror");
    assert!(has(&findings, "spf.void_limit"));

    let fake = FakeDns::default()
        .txt("example.test", "v=spf1 ptr -all")
        .set(
            "1.2.0.192.in-addr.arpa",
            QueryType::Ptr,
            vec![RecordData::Ptr("mail.example.test".into())],
        )
        .set("mail.example.test", QueryType::A, vec![a("192.0.2.1")])
        .set(
            "2.2.0.192.in-addr.arpa",
            QueryType::Ptr,
            vec![RecordData::Ptr("forged.example.test".into())],
        );
    let (report, _) = run(fake, "example.test", &["192.0.2.1", "192.0.2.2"]).await;
    assert_eq!(report.ip_evaluations[0].result, "pass");
    assert_eq!(
        report.ip_evaluations[1].result, "fail",
        "forward lookup does not confirm"
    );
}

// ---------- report surface ----------

#[tokio::test]
async fn sending_networks_keep_small_ranges_only() {
    let fake = FakeDns::default()
        .txt(
            "example.test",
            "v=spf1 ip4:192.0.2.1 ip4:198.51.100.0/24 ip4:10.0.0.0/8 ip6:2001:db8::/64 ip6:2001:db8::/32 -ip4:203.0.113.1 include:i.example.test a -all",
        )
        .txt("i.example.test", "v=spf1 ip4:203.0.113.128/25 -all")
        .set("example.test", QueryType::A, vec![a("192.0.2.99")]);
    let (report, _) = run(fake, "example.test", &[]).await;
    let nets: Vec<String> = report.sending_networks().iter().map(|n| n.to_string()).collect();
    assert_eq!(
        nets,
        vec!["192.0.2.1/32", "198.51.100.0/24", "2001:db8::/64", "203.0.113.128/25"]
    );
}

#[tokio::test]
async fn text_lines_are_useful() {
    let fake = includes(2).set("nothing", QueryType::A, vec![]);
    let (mut report, _) = run(fake, "example.test", &["192.0.2.1"]).await;
    let text = report.text_lines().join("\n");
    assert!(text.starts_with("v=spf1 include:s0.example.test"), "{text}");
    assert!(text.contains("DNS lookups: 2/10"), "{text}");
    assert!(text.contains("include:s1.example.test (0/0)"), "{text}");
    assert!(text.contains("authorised networks: 2 (2 IPv4 addresses"), "{text}");
    assert!(
        text.contains("--ip 192.0.2.1: pass by `ip4:192.0.2.1` in s1.example.test (via include:s1.example.test)"),
        "{text}"
    );
    report.status = SpfStatus::Missing;
    assert_eq!(report.text_lines(), vec!["(none)"]);
}

#[tokio::test]
async fn json_field_names_are_stable() {
    let (report, _) = run(includes(1), "example.test", &["192.0.2.0"]).await;
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "status",
        "record",
        "records",
        "lookup_count",
        "lookup_limit",
        "lookup_terms",
        "walk_truncated",
        "void_lookup_count",
        "void_lookups",
        "include_tree",
        "authorized_networks",
        "sender_dependent_terms",
        "ip_evaluations",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["ip_evaluations"][0]["result"], "pass");
    assert_eq!(json["include_tree"]["children"][0]["via"], "include");
    let back: SpfReport = serde_json::from_value(json).unwrap();
    assert_eq!(back.lookup_count, 1);
}

#[tokio::test]
async fn redirect_to_itself_is_a_loop_and_case_does_not_matter() {
    let fake = FakeDns::default().txt("example.test", "v=spf1 redirect=EXAMPLE.test.");
    let (_, findings) = run(fake, "example.test", &["192.0.2.1"]).await;
    assert!(has(&findings, "spf.include_loop"), "{:?}", codes(&findings));

    let fake = FakeDns::default()
        .txt("example.test", "V=SPF1 IP4:192.0.2.1 INCLUDE:Inc.Example.Test -ALL")
        .txt("inc.example.test", "v=spf1 ip4:192.0.2.2 -all");
    let (report, findings) = run(fake, "example.test", &["192.0.2.2"]).await;
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(report.ip_evaluations[0].result, "pass");
    assert_eq!(report.include_tree.unwrap().children[0].domain, "inc.example.test");
}
