use super::*;
use crate::dns::fake::FakeDns;
use crate::dns::{QueryType, RecordData};
use zones::test_zone;

fn a(addr: &str) -> Vec<RecordData> {
    vec![RecordData::A(addr.parse().unwrap())]
}

/// A resolver where every zone passes its self-test (127.0.0.2 listed,
/// dbltest.com for DBL-like zones).
fn healthy(zones: &[&str]) -> FakeDns {
    let mut dns = FakeDns::default();
    for zone in zones {
        dns = dns.set(&format!("2.0.0.127.{zone}"), QueryType::A, a("127.0.0.2")).set(
            &format!("dbltest.com.{zone}"),
            QueryType::A,
            a("127.0.1.2"),
        );
    }
    dns
}

fn set(items: &[&str]) -> TargetSet {
    let mut s = TargetSet::default();
    for i in items {
        parse_target(i, &mut s).unwrap();
    }
    s
}

#[tokio::test]
async fn listing_on_major_is_error_and_minor_is_warning() {
    let zones = [test_zone("zen.bl.test=spamhaus-zen"), test_zone("minor.bl.test")];
    let dns = healthy(&["zen.bl.test", "minor.bl.test"])
        .set("1.2.0.192.zen.bl.test", QueryType::A, a("127.0.0.2"))
        .set("2.2.0.192.minor.bl.test", QueryType::A, a("127.0.0.2"))
        .into_dns();
    let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "192.0.2.2"]), &zones).await;
    assert_eq!(report.summary.listed, 2);
    assert_eq!(report.summary.not_listed, 2);
    let by_subject = |s: &str| findings.iter().find(|f| f.subject.as_deref() == Some(s)).unwrap();
    assert_eq!(by_subject("192.0.2.1").severity, Severity::Error);
    assert!(by_subject("192.0.2.1").message.contains("SBL"));
    assert!(
        by_subject("192.0.2.1")
            .fix
            .as_deref()
            .unwrap()
            .contains("check.spamhaus.org")
    );
    assert_eq!(by_subject("192.0.2.2").severity, Severity::Warning);
    assert_eq!(findings.len(), 2);
}

#[tokio::test]
async fn wildcarding_resolver_turns_listings_into_unknown() {
    let zones = [test_zone("wild.bl.test")];
    let dns = FakeDns::default()
        .set("1.2.0.192.wild.bl.test", QueryType::A, a("127.0.0.2"))
        .set("1.0.0.127.wild.bl.test", QueryType::A, a("127.0.0.2"))
        .into_dns();
    let (report, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
    assert_eq!(report.summary.listed, 0);
    assert_eq!(report.summary.unknown, 1);
    assert_eq!(report.self_test[0].status, SelfTestStatus::AnswersEverything);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code.as_str(), "blocklist.unknown");
}

#[tokio::test]
async fn refusals_and_failures_are_grouped_per_list() {
    let zones = [test_zone("zen.bl.test=spamhaus-zen")];
    let dns = healthy(&["zen.bl.test"])
        .set("1.2.0.192.zen.bl.test", QueryType::A, a("127.255.255.254"))
        .set("2.2.0.192.zen.bl.test", QueryType::A, a("127.255.255.254"))
        .fail(
            "3.2.0.192.zen.bl.test",
            QueryType::A,
            crate::dns::DnsFailureKind::ServFail,
        )
        .into_dns();
    let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "192.0.2.2", "192.0.2.3"]), &zones).await;
    assert_eq!(report.summary.query_refused, 2);
    assert_eq!(report.summary.unknown, 1);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["blocklist.query_refused", "blocklist.unknown"]);
    assert!(findings[0].message.contains("2 targets"));
    assert!(findings.iter().all(Finding::is_incomplete));
}

#[tokio::test]
async fn dead_lists_are_unknown_without_asking_for_a_self_test() {
    let zones = [
        test_zone("dead.bl.test"),
        test_zone("dead2.bl.test"),
        test_zone("live.bl.test"),
    ];
    let dns = healthy(&["live.bl.test"]).into_dns();
    let (report, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
    let status = |z: &str| report.self_test.iter().find(|t| t.zone == z).unwrap().status;
    assert_eq!(status("dead.bl.test"), SelfTestStatus::TestEntryMissing);
    assert_eq!(status("live.bl.test"), SelfTestStatus::Ok);
    assert_eq!(report.summary.unknown, 2);
    assert_eq!(report.summary.not_listed, 1);
    // One finding for the cause, naming both dead lists.
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].message.contains("dead.bl.test, dead2.bl.test"),
        "{}",
        findings[0].message
    );
    assert!(findings[0].message.contains("did not list its own test entry"));
    assert!(findings[0].fix.as_deref().unwrap().contains("another resolver"));
}

#[tokio::test]
async fn unknown_findings_merge_per_cause_with_their_own_fix() {
    let zones = [test_zone("a.bl.test"), test_zone("b.bl.test"), test_zone("c.bl.test")];
    let dns = healthy(&["a.bl.test", "b.bl.test", "c.bl.test"])
        .fail("1.2.0.192.a.bl.test", QueryType::A, crate::dns::DnsFailureKind::Timeout)
        .fail(
            "1.2.0.192.b.bl.test",
            QueryType::A,
            crate::dns::DnsFailureKind::ServFail,
        )
        .set("1.2.0.192.c.bl.test", QueryType::A, a("198.51.100.1"))
        .into_dns();
    let (_, findings) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
    assert_eq!(findings.len(), 2, "{findings:?}");
    let no_answer = findings.iter().find(|f| f.message.contains("did not answer")).unwrap();
    assert!(no_answer.message.contains("a.bl.test, b.bl.test"));
    assert!(no_answer.fix.as_deref().unwrap().contains("run again later"));
    let rewritten = findings.iter().find(|f| f.message.contains("rewrites")).unwrap();
    assert!(rewritten.fix.as_deref().unwrap().contains("resolver rewrites answers"));
}

#[tokio::test]
async fn addresses_over_the_cap_are_unknown_not_clean() {
    let zones = [test_zone("zen.bl.test=spamhaus-zen")];
    let dns = healthy(&["zen.bl.test"]).into_dns();
    let mut targets = TargetSet {
        over_cap: 12,
        over_cap_sources: vec!["SPF ip4:10.0.0.0/28".into()],
        ..Default::default()
    };
    targets.add(Target::ip("192.0.2.1".parse().unwrap(), "--ip"));
    let (report, findings) = check_targets(&dns, &targets, &zones).await;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code.as_str(), "blocklist.unknown");
    assert!(findings[0].message.contains("12 addresses were not looked up"));
    assert_eq!(report.summary.not_looked_up, 12);
}

#[tokio::test]
async fn every_pair_lands_in_one_bucket() {
    let zones = [
        test_zone("zen.bl.test=spamhaus-zen"),
        test_zone("spamcop.bl.test=spamcop"),
    ];
    let dns = healthy(&["zen.bl.test", "spamcop.bl.test"]).into_dns();
    let (report, _) = check_targets(&dns, &set(&["192.0.2.1", "2001:db8::1", "example.test"]), &zones).await;
    let s = &report.summary;
    assert_eq!(s.pairs, 6);
    assert_eq!(s.other_kind, 2);
    assert_eq!(s.not_checked, 1);
    assert_eq!(
        s.listed + s.not_listed + s.query_refused + s.unknown + s.not_checked + s.other_kind,
        s.pairs
    );
}

/// Counts queries in flight per zone and remembers the most seen at once.
#[derive(Default)]
struct CountingDns {
    in_flight: std::sync::Mutex<std::collections::HashMap<String, (usize, usize)>>,
}

impl crate::dns::DnsClient for CountingDns {
    fn query<'a>(
        &'a self,
        name: &'a str,
        _qtype: QueryType,
    ) -> futures::future::BoxFuture<'a, Result<crate::dns::Answer, crate::dns::DnsFailureKind>> {
        Box::pin(async move {
            let zone = name.splitn(5, '.').nth(4).unwrap_or("").to_string();
            {
                let mut map = self.in_flight.lock().unwrap();
                let entry = map.entry(zone.clone()).or_default();
                entry.0 += 1;
                entry.1 = entry.1.max(entry.0);
            }
            // Yield a few times so other lookups get to start if the bound allows.
            for _ in 0..20 {
                tokio::task::yield_now().await;
            }
            self.in_flight.lock().unwrap().get_mut(&zone).unwrap().0 -= 1;
            // The RFC 5782 test entry is listed, everything else is not.
            if name.starts_with("2.0.0.127.") {
                return Ok(crate::dns::Answer {
                    records: vec![RecordData::A("127.0.0.2".parse().unwrap())],
                    nxdomain: false,
                });
            }
            Ok(crate::dns::Answer {
                records: vec![],
                nxdomain: true,
            })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_are_concurrent_but_bounded_per_list() {
    let client = std::sync::Arc::new(CountingDns::default());
    let dns = Dns::new(client.clone());
    let zones = [test_zone("a.bl.test"), test_zone("b.bl.test")];
    let (report, _) = check_targets(&dns, &set(&["192.0.2.0/26"]), &zones).await;
    assert_eq!(report.summary.not_listed, 128);
    // 64 clean addresses of one range are one line that names the range and the lists.
    let lines = report.text_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[1],
        "192.0.2.0/26 (64 addresses) [command line]: not listed on a.bl.test, b.bl.test"
    );
    let map = client.in_flight.lock().unwrap();
    for z in ["a.bl.test", "b.bl.test"] {
        let max = map[z].1;
        assert!(max <= query::PER_ZONE_CONCURRENCY, "{z}: {max} at once");
        assert!(max > 1, "{z}: lookups ran one at a time");
    }
}

#[tokio::test]
async fn text_lines_say_what_was_checked() {
    let zones = [
        test_zone("zen.bl.test=spamhaus-zen"),
        test_zone("dbl.bl.test=spamhaus-dbl"),
    ];
    let dns = healthy(&["zen.bl.test", "dbl.bl.test"]).into_dns();
    let (report, findings) = check_targets(&dns, &set(&["192.0.2.1", "example.test"]), &zones).await;
    assert!(findings.is_empty());
    let lines = report.text_lines();
    assert_eq!(lines[0], "2 targets on 2 lists: 0 listings, 0 refused, 0 unknown");
    assert_eq!(lines[1], "192.0.2.1 [command line]: not listed on Spamhaus ZEN");
    assert_eq!(lines[2], "example.test [command line]: not listed on Spamhaus DBL");
    assert_eq!(lines.len(), 3, "a passing self-test is not news: {lines:?}");
}

#[tokio::test]
async fn many_clean_lines_are_summed_without_a_dangling_more() {
    let zones = [test_zone("a.bl.test")];
    let dns = healthy(&["a.bl.test"]).into_dns();
    let items: Vec<String> = (0..12).map(|n| format!("192.0.2.{}", n * 2)).collect();
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    let (report, _) = check_targets(&dns, &set(&refs), &zones).await;
    let lines = report.text_lines();
    assert_eq!(
        lines[1], "12 targets [command line]: not listed on a.bl.test",
        "{lines:?}"
    );
    let (report, _) = check_targets(&dns, &set(&["192.0.2.1"]), &zones).await;
    assert!(report.text_lines()[0].starts_with("1 target on 1 list: 0 listings"));
    // The same problem on many lines is one line too.
    let dead = [test_zone("dead.bl.test")];
    let (report, _) = check_targets(&dns, &set(&refs), &dead).await;
    let lines = report.text_lines();
    assert_eq!(
        lines[1], "12 targets [command line]: unknown on dead.bl.test",
        "{lines:?}"
    );
}
