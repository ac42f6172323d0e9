//! The DNS layer against the loopback test server: the three states (records,
//! definite absence, failure), TXT joining, TCP fallback, CNAME following.

mod support;

use mailaudit::dns::{Dns, DnsFailureKind, QueryType, ResolverSettings};
use std::time::{Duration, Instant};
use support::dns_server::{TestDnsServer, silent_server};

fn dns_for(addr: std::net::SocketAddr, timeout_ms: u64) -> Dns {
    let settings = ResolverSettings {
        nameservers: vec![addr],
        timeout: Duration::from_millis(timeout_ms),
        attempts: 1,
        ..Default::default()
    };
    Dns::from_settings(&settings).expect("resolver")
}

#[tokio::test]
async fn answers_absence_and_failures_are_three_states() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = dns_for(server.addr, 2000);

    let spf = dns.txt("basic.test").await.expect("answer");
    assert_eq!(spf.txt_strings(), vec!["v=spf1 ip4:192.0.2.0/24 -all"]);

    // Two character-strings are one record, joined without a space.
    let split = dns.txt("split.basic.test").await.expect("answer");
    assert_eq!(split.txt_strings(), vec!["v=spf1 ip4:198.51.100.0/24 -all"]);

    let nx = dns.txt("nope.basic.test").await.expect("definite answer");
    assert!(nx.nxdomain && nx.is_empty());
    let nodata = dns
        .lookup("mx.basic.test", QueryType::Txt)
        .await
        .expect("definite answer");
    assert!(
        !nodata.nxdomain && nodata.is_empty(),
        "name exists with other types: NODATA, not NXDOMAIN"
    );

    let servfail = dns
        .txt("_dmarc.broken.basic.test")
        .await
        .expect_err("SERVFAIL is a failure");
    assert_eq!(servfail.kind, DnsFailureKind::ServFail);
    assert_eq!(servfail.name, "_dmarc.broken.basic.test");
    let refused = dns.txt("refused.basic.test").await.expect_err("REFUSED is a failure");
    assert_eq!(refused.kind, DnsFailureKind::Refused);
}

#[tokio::test]
async fn large_answers_fall_back_to_tcp_and_cnames_are_followed() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = dns_for(server.addr, 2000);
    let big = dns.txt("big.basic.test").await.expect("answer over TCP");
    assert_eq!(big.txt_strings()[0].len(), 255 * 6);
    let via_alias = dns.lookup("alias.basic.test", QueryType::A).await.expect("answer");
    assert_eq!(via_alias.ips(), vec!["192.0.2.25".parse::<std::net::IpAddr>().unwrap()]);
    let cname = dns.lookup("alias.basic.test", QueryType::Cname).await.expect("answer");
    assert_eq!(
        cname.records,
        vec![mailaudit::dns::RecordData::Cname("mx.basic.test".into())]
    );
}

#[tokio::test]
async fn silence_is_a_timeout_not_an_absence() {
    let (addr, _guard) = silent_server();
    let dns = dns_for(addr, 300);
    let started = Instant::now();
    let err = dns.txt("example.test").await.expect_err("no answer is a failure");
    assert_eq!(err.kind, DnsFailureKind::Timeout);
    // Bounded by the configured timeout (3x plus slack), not hickory's defaults.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );

    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = dns_for(server.addr, 300);
    let err = dns.txt("x.slow.basic.test").await.expect_err("timeout directive");
    assert_eq!(err.kind, DnsFailureKind::Timeout);
}

#[tokio::test]
async fn each_name_is_asked_once_per_run() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = dns_for(server.addr, 2000);
    let lookups = (0..20).map(|_| dns.txt("basic.test"));
    let answers = futures::future::join_all(lookups).await;
    assert!(answers.iter().all(|a| a.is_ok()));
    assert_eq!(server.queries_received(), 1, "concurrent identical lookups are merged");
}

/// Issue 14 point 11: a CNAME loop is a DNS error naming the loop, not "missing";
/// `check` reports failed lookups for the name, never `spf.missing`.
#[tokio::test]
async fn cname_loop_is_a_failure_not_missing() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = dns_for(server.addr, 2000);
    let err = dns.txt("loop1.basic.test").await.expect_err("a loop is a failure");
    assert!(err.to_string().contains("CNAME loop"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mailaudit"))
        .args([
            "check",
            "loop1.basic.test",
            "--format",
            "json",
            "--timeout",
            "2",
            "--nameserver",
        ])
        .arg(server.addr.to_string())
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    for missing in ["spf.missing", "dmarc.missing", "mx.missing"] {
        assert!(!json.contains(missing), "{missing} in {json}");
    }
    assert!(json.contains("CNAME loop"), "{json}");
}
