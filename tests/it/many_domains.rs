//! An agency run: a domains file against the loopback DNS server, once at the
//! default concurrency and once one domain at a time. The output must be
//! identical byte for byte (order, findings, verdicts) and no lookup may fail
//! except where the zone says so: concurrency, pacing and retries must not
//! make results flaky. 90 domains are several times the default concurrency
//! of 16, which is what interleaving needs; scale is benches/check.sh's job.

use crate::support;

use serde_json::Value;
use std::fmt::Write;
use support::dns_server::TestDnsServer;
use support::mailaudit;

const DOMAINS: usize = 90;

/// Every 30th domain answers SERVFAIL; others vary in what they publish.
fn is_servfail(i: usize) -> bool {
    i % 30 == 29
}

fn name(i: usize) -> String {
    format!("d{i:03}.many.test")
}

/// The zone and the domains file (with comments and blank lines, as people write them).
fn generate() -> (String, String) {
    let mut zone = String::from(
        "$ORIGIN many.test.\n$TTL 300\n@ IN SOA ns.many.test. hostmaster.many.test. 1 3600 600 86400 300\n\
         _spf.provider IN TXT \"v=spf1 ip4:203.0.113.0/24 ~all\"\n",
    );
    let mut list = String::from("# agency client list\n\n");
    for i in 0..DOMAINS {
        let d = format!("d{i:03}");
        if is_servfail(i) {
            let _ = writeln!(zone, ";@servfail {d}.many.test.");
        } else {
            match i % 7 {
                // SPF without an `all`, no DMARC.
                0 => {
                    let _ = writeln!(zone, "{d} IN TXT \"v=spf1 include:_spf.provider.many.test\"");
                }
                // Two SPF records.
                1 => {
                    let _ = writeln!(zone, "{d} IN TXT \"v=spf1 -all\"\n{d} IN TXT \"v=spf1 ~all\"");
                    let _ = writeln!(zone, "_dmarc.{d} IN TXT \"v=DMARC1; p=none\"");
                }
                _ => {
                    let _ = writeln!(
                        zone,
                        "{d} IN TXT \"v=spf1 include:_spf.provider.many.test ip4:192.0.2.{} -all\"",
                        i % 250
                    );
                    let _ = writeln!(
                        zone,
                        "_dmarc.{d} IN TXT \"v=DMARC1; p=reject; rua=mailto:d@{d}.many.test\""
                    );
                    let _ = writeln!(
                        zone,
                        "s1._domainkey.{d} IN TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC{i:03}\""
                    );
                }
            }
            if i % 5 != 0 {
                let _ = writeln!(zone, "{d} IN MX 10 mx.{d}.many.test.\nmx.{d} IN A 192.0.2.{}", i % 250);
            }
        }
        let _ = writeln!(list, "{}{}", name(i), if i % 50 == 0 { "   # batch start" } else { "" });
    }
    (zone, list)
}

fn run(server: &TestDnsServer, list: &str, concurrency: &str) -> (Option<i32>, Vec<u8>) {
    let out = mailaudit()
        .args([
            "check",
            "--domains-file",
            list,
            "--format",
            "json",
            "--no-blocklists",
            "--no-config",
        ])
        .args(["--nameserver", &server.addr_arg(), "--selector", "s1", "--timeout", "5"])
        .args(["--concurrency", concurrency])
        .output()
        .unwrap();
    assert!(
        out.status.code() != Some(2),
        "usage error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), out.stdout)
}

#[test]
fn many_domains_give_the_same_result_at_any_concurrency() {
    let dir = tempfile::tempdir().unwrap();
    let (zone, list) = generate();
    let zone_path = dir.path().join("many.zone");
    std::fs::write(&zone_path, zone).unwrap();
    let list_path = dir.path().join("clients.txt");
    std::fs::write(&list_path, list).unwrap();
    let server = TestDnsServer::start_files(&[zone_path]);
    let list = list_path.to_str().unwrap();

    let (first_code, first) = run(&server, list, "16");
    let (second_code, second) = run(&server, list, "1");
    assert_eq!(first_code, second_code);
    assert!(
        first == second,
        "the concurrent and the one-at-a-time run differ:\n{}",
        first_difference(&first, &second)
    );

    let json: Value = serde_json::from_slice(&first).expect("JSON");
    let domains = json["domains"].as_array().unwrap();
    assert_eq!(domains.len(), DOMAINS);
    for (i, d) in domains.iter().enumerate() {
        assert_eq!(d["domain"], name(i), "input order is kept");
        let temperror = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "dns.temperror");
        if is_servfail(i) {
            assert!(temperror, "{} answers SERVFAIL", name(i));
            assert_eq!(d["verdict"]["status"], "incomplete");
        } else {
            assert!(!temperror, "a lookup of {} failed under load: {d}", name(i));
        }
    }
    // Exit code: the SERVFAIL domains make the run incomplete unless something failed outright.
    assert!(matches!(first_code, Some(1) | Some(3)), "{first_code:?}");
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: {x}\n     vs: {y}", n + 1);
        }
    }
    format!("lengths {} vs {}", a.len(), b.len())
}
