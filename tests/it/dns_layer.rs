//! The DNS layer against the loopback test server: the three states (records,
//! definite absence, failure), TXT joining, TCP fallback, CNAME following, and
//! giving up a server that does not answer.

use crate::support;

use mailaudit::dns::{Dns, DnsFailureKind, QueryType, ResolverSettings, UdpClient};
use mailaudit::pacing::{Paced, PacingOptions};
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

/// A loopback UDP socket that counts the datagrams sent to it and never answers.
struct CountingSilence {
    addr: SocketAddr,
    received: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl CountingSilence {
    fn start() -> CountingSilence {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .expect("timeout");
        let addr = socket.local_addr().expect("addr");
        let received = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, halt) = (received.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 2048];
            while !halt.load(Ordering::Relaxed) {
                if socket.recv(&mut buf).is_ok() {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        CountingSilence { addr, received, stop }
    }

    fn received(&self) -> usize {
        // Let datagrams already on their way arrive.
        std::thread::sleep(Duration::from_millis(100));
        self.received.load(Ordering::Relaxed)
    }
}

impl Drop for CountingSilence {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Over a client that retries each timeout twice, as `check --retries 2` does.
fn paced_dns(addr: SocketAddr, timeout_ms: u64) -> Dns {
    let settings = ResolverSettings {
        nameservers: vec![addr],
        timeout: Duration::from_millis(timeout_ms),
        ..Default::default()
    };
    let options = PacingOptions {
        queries_per_second: None,
        retries: 2,
        backoff: Duration::from_millis(10),
    };
    Dns::new(Arc::new(Paced::new(
        UdpClient::new(&settings).expect("client"),
        options,
    )))
}

#[tokio::test]
async fn a_dead_server_is_given_up_and_later_lookups_fail_at_once_as_timeouts() {
    let silent = CountingSilence::start();
    let dns = paced_dns(silent.addr, 200);

    // A first wave, as one domain's checks send it: every lookup times out.
    let names: Vec<String> = (0..20).map(|i| format!("n{i}.example.test")).collect();
    let wave = futures::future::join_all(names.iter().map(|n| dns.txt(n))).await;
    assert!(
        wave.iter()
            .all(|r| r.as_ref().is_err_and(|e| e.kind == DnsFailureKind::Timeout))
    );
    assert!(
        dns.server_given_up(),
        "the server answered neither the queries nor the probe"
    );
    // Without giving up, 20 lookups with 2 retries each send 60 datagrams. The
    // retries wait for the liveness probe (2 datagrams) and then fail at once.
    let first = silent.received();
    assert!((20..=2 * 20 + 2).contains(&first), "{first} datagrams for 20 lookups");

    // Everything after the give-up fails as a timeout (never "missing")
    // without sending anything.
    let names: Vec<String> = (0..200).map(|i| format!("m{i}.example.test")).collect();
    let later = futures::future::join_all(names.iter().map(|n| dns.lookup(n, QueryType::Mx))).await;
    assert!(
        later
            .iter()
            .all(|r| r.as_ref().is_err_and(|e| e.kind == DnsFailureKind::Timeout))
    );
    assert_eq!(silent.received(), first, "no datagram after the give-up");
    assert!(dns.every_lookup_failed());
}

#[tokio::test]
async fn a_server_that_answers_the_probe_is_not_given_up_for_a_few_slow_names() {
    let server = TestDnsServer::start_dir("fixtures/zones/foundation");
    let dns = paced_dns(server.addr, 200);
    // Names under a `;@timeout` directive never get an answer: enough in a
    // row to start a liveness probe, which the server answers (REFUSED for
    // the root is an answer).
    let names: Vec<String> = (0..5).map(|i| format!("x{i}.slow.basic.test")).collect();
    let slow = futures::future::join_all(names.iter().map(|n| dns.txt(n))).await;
    assert!(
        slow.iter()
            .all(|r| r.as_ref().is_err_and(|e| e.kind == DnsFailureKind::Timeout))
    );
    assert!(!dns.server_given_up());
    let spf = dns.txt("basic.test").await.expect("the server still answers");
    assert_eq!(spf.txt_strings(), vec!["v=spf1 ip4:192.0.2.0/24 -all"]);
    assert!(!dns.every_lookup_failed());
}

#[test]
fn check_with_a_dead_server_stops_sending_after_the_first_domain() {
    let silent = CountingSilence::start();
    let addr = silent.addr.to_string();
    let run = |domains: &[&str]| {
        let before = silent.received();
        let out = support::mailaudit()
            .args(["check", "--no-config", "--no-blocklists", "--format", "json"])
            .args(["--nameserver", &addr, "--timeout", "0.3", "--concurrency", "1"])
            .args(domains)
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (silent.received() - before, stdout)
    };
    let (one, _) = run(&["a.example.test"]);
    let many: Vec<String> = (0..10).map(|i| format!("d{i}.example.test")).collect();
    let (ten, stdout) = run(&many.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(one > 0);
    // The first domain's lookups (and the probe) go out; after the give-up
    // the other nine send nothing. Each domain alone would send `one`.
    assert!(ten <= one + 4, "{ten} datagrams for 10 domains, {one} for one");
    // Failed lookups stay failures: nothing is reported missing.
    assert!(
        !stdout.contains(".missing\""),
        "a failure was read as missing: {stdout}"
    );
}
