//! Asking the lists: query names (RFC 5782 section 2), one lookup per
//! (target, zone) pair under a per-list concurrency bound, and the answers
//! decoded into a per-pair result. A failure is never "not listed".

use super::targets::Target;
use super::zones::{Decoded, Zone, ZoneKind, decode};
use crate::dns::{Dns, DnsFailureKind, QueryType, RecordData, is_queryable_name, reversed_labels};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::Semaphore;

/// Queries in flight per list at once: lists rate-limit, and a /24 pool is
/// 256 queries per list.
pub const PER_ZONE_CONCURRENCY: usize = 8;
/// Queries in flight in total, so the resolver is not flooded either.
pub const TOTAL_CONCURRENCY: usize = 48;
/// Longest TXT reason kept.
const MAX_REASON_CHARS: usize = 500;

/// The outcome of one (target, list) lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotListed,
    Listed,
    /// The list answered with a code that means "your query was refused".
    QueryRefused,
    /// No usable answer (timeout, SERVFAIL, an answer no list gives).
    Unknown,
    /// Deliberately not asked (an IPv6 address on a list without IPv6 data).
    NotChecked,
}

/// Why a result is unknown or refused: findings are merged per cause, and
/// each cause has its own fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Timeout, SERVFAIL or another failed lookup.
    NoAnswer,
    /// The DNS server answered REFUSED.
    ResolverRefused,
    /// An answer outside 127.0.0.0/8.
    RewrittenAnswer,
    /// The list answered a code meaning "your query is refused".
    ListRefused,
    /// The list did not list its own always-listed test entry.
    DeadList,
    /// The list lists its never-listed test entry.
    AnswersEverything,
    /// The query name is too long for DNS.
    BadName,
}

impl Cause {
    pub fn of_failure(kind: &DnsFailureKind) -> Cause {
        match kind {
            DnsFailureKind::Refused => Cause::ResolverRefused,
            DnsFailureKind::InvalidName => Cause::BadName,
            DnsFailureKind::Timeout | DnsFailureKind::ServFail | DnsFailureKind::Other(_) => Cause::NoAnswer,
        }
    }
}

/// One decoded listing code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The answer address, e.g. `127.0.0.4`.
    pub code: String,
    /// The sub-list it names, e.g. `XBL` (empty when the table has no name for it).
    pub sublist: String,
    pub meaning: String,
}

/// The result of looking one target up on one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListResult {
    pub target: String,
    pub zone: String,
    /// The list's display name.
    pub list: String,
    /// The DNS name that was asked (empty when nothing was asked).
    pub query: String,
    pub status: Status,
    /// The A records the list answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
    /// The list's TXT reason for a listing, when it publishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the result is refused, unknown or not checked, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The kind of problem behind a refused or unknown result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

/// The name to ask: reversed octets (IPv4) or nibbles (IPv6) of an address,
/// or the domain itself, followed by the zone. `None` when the target does not
/// belong on this kind of list.
pub fn query_name(target: &Target, zone: &Zone) -> Option<String> {
    match (target.kind, zone.kind) {
        (ZoneKind::Ip, ZoneKind::Ip) => target
            .address()
            .map(|ip| format!("{}.{}", reversed_labels(ip), zone.zone)),
        (ZoneKind::Domain, ZoneKind::Domain) => Some(format!("{}.{}", target.target, zone.zone)),
        _ => None,
    }
}

/// One concurrency bound per zone, plus a total bound. The semaphores are
/// shared by the whole process, so `check` auditing many domains at once still
/// keeps each list at [`PER_ZONE_CONCURRENCY`] queries in flight.
#[derive(Clone)]
pub struct Limits {
    per_zone: Arc<HashMap<String, Arc<Semaphore>>>,
    total: Arc<Semaphore>,
}

type SemaphoreRegistry = Mutex<HashMap<String, Arc<Semaphore>>>;

fn registry() -> &'static SemaphoreRegistry {
    static REGISTRY: OnceLock<SemaphoreRegistry> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

fn total_semaphore() -> Arc<Semaphore> {
    static TOTAL: OnceLock<Arc<Semaphore>> = OnceLock::new();
    TOTAL
        .get_or_init(|| Arc::new(Semaphore::new(TOTAL_CONCURRENCY)))
        .clone()
}

impl Limits {
    pub fn new(zones: &[Zone]) -> Self {
        let mut shared = registry().lock().unwrap_or_else(|p| p.into_inner());
        let per_zone = zones
            .iter()
            .map(|z| {
                let semaphore = shared
                    .entry(z.zone.clone())
                    .or_insert_with(|| Arc::new(Semaphore::new(PER_ZONE_CONCURRENCY)))
                    .clone();
                (z.zone.clone(), semaphore)
            })
            .collect();
        Limits {
            per_zone: Arc::new(per_zone),
            total: total_semaphore(),
        }
    }

    /// Run `lookup` while holding a slot of `zone` and a total slot.
    async fn bounded<T>(&self, zone: &str, lookup: impl Future<Output = T>) -> T {
        // Semaphores here are never closed, so acquire cannot fail; if it ever
        // did, running unbounded is better than dropping the lookup.
        let _zone_slot = match self.per_zone.get(zone) {
            Some(s) => s.clone().acquire_owned().await.ok(),
            None => None,
        };
        let _total_slot = self.total.clone().acquire_owned().await.ok();
        lookup.await
    }
}

/// Plain words for a failed lookup.
pub fn failure_detail(kind: &DnsFailureKind) -> String {
    match kind {
        DnsFailureKind::Timeout => "the DNS query timed out".into(),
        DnsFailureKind::ServFail => "the DNS server answered SERVFAIL (server failure)".into(),
        DnsFailureKind::Refused => "the DNS server refused the query (REFUSED)".into(),
        DnsFailureKind::InvalidName => "the query name is not valid in DNS".into(),
        DnsFailureKind::Other(text) => format!("the DNS query failed: {text}"),
    }
}

fn not_dnsbl_detail(address: &str) -> String {
    format!(
        "the answer {address} is outside 127.0.0.0/8, which no blocklist gives: the resolver rewrites unknown names \
         (NXDOMAIN hijacking) or the zone answers everything, so this result cannot be trusted"
    )
}

/// Look `target` up on `zone`.
pub async fn lookup_pair(dns: &Dns, limits: &Limits, target: &Target, zone: &Zone) -> ListResult {
    let mut result = ListResult {
        target: target.target.clone(),
        zone: zone.zone.clone(),
        list: zone.name.clone(),
        query: String::new(),
        status: Status::NotChecked,
        answers: vec![],
        listings: vec![],
        reason: None,
        detail: None,
        cause: None,
    };
    if let Some(IpAddr::V6(_)) = target.address()
        && !zone.ipv6
    {
        result.detail = Some("not asked: this list holds no IPv6 data".into());
        return result;
    }
    let Some(name) = query_name(target, zone) else {
        result.detail = Some(format!("not asked: this is a {} list", zone.kind.as_str()));
        return result;
    };
    result.query = name.clone();
    if !is_queryable_name(&name) {
        result.status = Status::Unknown;
        result.cause = Some(Cause::BadName);
        result.detail = Some("the query name would be longer than DNS allows".into());
        return result;
    }
    let answer = limits.bounded(&zone.zone, dns.lookup(&name, QueryType::A)).await;
    let answer = match answer {
        Err(failure) => {
            result.status = Status::Unknown;
            result.cause = Some(Cause::of_failure(&failure.kind));
            result.detail = Some(failure_detail(&failure.kind));
            return result;
        }
        Ok(answer) => answer,
    };
    let addresses = answer.ips();
    if addresses.is_empty() {
        result.status = Status::NotListed;
        return result;
    }
    result.answers = addresses.iter().map(IpAddr::to_string).collect();
    let mut refusals = Vec::new();
    for address in &addresses {
        match decode(zone, *address) {
            Decoded::Listed { sublist, meaning } => result.listings.push(Listing {
                code: address.to_string(),
                sublist,
                meaning,
            }),
            Decoded::Refused { explanation } => refusals.push(explanation),
            Decoded::NotDnsbl => {
                result.status = Status::Unknown;
                result.cause = Some(Cause::RewrittenAnswer);
                result.listings.clear();
                result.detail = Some(not_dnsbl_detail(&address.to_string()));
                return result;
            }
        }
    }
    if result.listings.is_empty() {
        result.status = Status::QueryRefused;
        result.cause = Some(Cause::ListRefused);
        refusals.dedup();
        result.detail = Some(refusals.join(" "));
        return result;
    }
    result.status = Status::Listed;
    // The reason is a courtesy: a failed TXT lookup leaves the listing as it is.
    if let Ok(txt) = limits.bounded(&zone.zone, dns.lookup(&name, QueryType::Txt)).await {
        let texts: Vec<String> = txt
            .records
            .iter()
            .filter_map(RecordData::txt_joined)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        if !texts.is_empty() {
            let joined = texts.join(" / ");
            // A list's TXT is shown to the user, not parsed: keep it to a readable size.
            result.reason = Some(if joined.chars().count() > MAX_REASON_CHARS {
                let cut: String = joined.chars().take(MAX_REASON_CHARS).collect();
                format!("{cut}…")
            } else {
                joined
            });
        }
    }
    result
}

/// What a list answered for one of its RFC 5782 test entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    Listed,
    NotListed,
    Refused(String),
    Unknown(String),
}

/// The RFC 5782 section 5 test entries of a zone: (always listed, never listed).
pub fn test_names(zone: &Zone) -> (String, String) {
    let positive = zone.table().and_then(|t| t.test_entry);
    match zone.kind {
        ZoneKind::Ip => (
            format!("{}.{}", positive.unwrap_or("2.0.0.127"), zone.zone),
            format!("1.0.0.127.{}", zone.zone),
        ),
        ZoneKind::Domain => (
            format!("{}.{}", positive.unwrap_or("test"), zone.zone),
            format!("invalid.{}", zone.zone),
        ),
    }
}

/// Ask one test entry.
pub async fn probe(dns: &Dns, limits: &Limits, zone: &Zone, name: &str) -> Probe {
    match limits.bounded(&zone.zone, dns.lookup(name, QueryType::A)).await {
        Err(failure) => Probe::Unknown(failure_detail(&failure.kind)),
        Ok(answer) => {
            let addresses = answer.ips();
            if addresses.is_empty() {
                return Probe::NotListed;
            }
            let decoded: Vec<Decoded> = addresses.iter().map(|a| decode(zone, *a)).collect();
            if decoded
                .iter()
                .any(|d| matches!(d, Decoded::Listed { .. } | Decoded::NotDnsbl))
            {
                Probe::Listed
            } else {
                let text = decoded
                    .into_iter()
                    .filter_map(|d| match d {
                        Decoded::Refused { explanation } => Some(explanation),
                        _ => None,
                    })
                    .next()
                    .unwrap_or_default();
                Probe::Refused(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocklist::zones::{builtin, test_zone};
    use crate::dns::fake::FakeDns;
    use std::net::Ipv4Addr;

    fn a(addrs: &[&str]) -> Vec<RecordData> {
        addrs
            .iter()
            .map(|s| RecordData::A(s.parse::<Ipv4Addr>().unwrap()))
            .collect()
    }

    #[test]
    fn query_names_reverse_octets_and_nibbles() {
        let zen = builtin("spamhaus-zen").unwrap().to_zone();
        let dbl = builtin("spamhaus-dbl").unwrap().to_zone();
        let v4 = Target::ip("192.0.2.10".parse().unwrap(), "t");
        assert_eq!(query_name(&v4, &zen).unwrap(), "10.2.0.192.zen.spamhaus.org");
        let v6 = Target::ip("2001:db8::1".parse().unwrap(), "t");
        assert_eq!(
            query_name(&v6, &zen).unwrap(),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org"
        );
        let d = Target::domain("Example.TEST", "t");
        assert_eq!(query_name(&d, &dbl).unwrap(), "example.test.dbl.spamhaus.org");
        assert_eq!(query_name(&d, &zen), None);
        assert_eq!(query_name(&v4, &dbl), None);
    }

    #[tokio::test]
    async fn decodes_listing_refusal_failure_and_bogus_answers() {
        let zen = test_zone("zen.bl.test=spamhaus-zen");
        let dns = FakeDns::default()
            .set("2.2.0.192.zen.bl.test", QueryType::A, a(&["127.0.0.2", "127.0.0.4"]))
            .txt("2.2.0.192.zen.bl.test", "https://example.test/sbl/1")
            .set("3.2.0.192.zen.bl.test", QueryType::A, a(&["127.255.255.254"]))
            .fail("4.2.0.192.zen.bl.test", QueryType::A, DnsFailureKind::Timeout)
            .set("5.2.0.192.zen.bl.test", QueryType::A, a(&["198.51.100.1"]))
            .into_dns();
        let limits = Limits::new(std::slice::from_ref(&zen));
        let check = |last: u8| {
            let target = Target::ip(format!("192.0.2.{last}").parse().unwrap(), "t");
            let (dns, limits, zen) = (dns.clone(), limits.clone(), zen.clone());
            async move { lookup_pair(&dns, &limits, &target, &zen).await }
        };
        let listed = check(2).await;
        assert_eq!(listed.status, Status::Listed);
        let subs: Vec<&str> = listed.listings.iter().map(|l| l.sublist.as_str()).collect();
        assert_eq!(subs, ["SBL", "XBL"]);
        assert_eq!(listed.reason.as_deref(), Some("https://example.test/sbl/1"));
        let refused = check(3).await;
        assert_eq!(refused.status, Status::QueryRefused);
        assert!(refused.detail.unwrap().contains("public"));
        assert_eq!(check(4).await.status, Status::Unknown);
        let bogus = check(5).await;
        assert_eq!(bogus.status, Status::Unknown);
        assert!(bogus.detail.unwrap().contains("outside 127.0.0.0/8"));
        assert_eq!(check(6).await.status, Status::NotListed);
    }

    #[tokio::test]
    async fn ipv6_is_not_asked_on_ipv4_only_lists() {
        let spamcop = builtin("spamcop").unwrap().to_zone();
        let dns = FakeDns::default().into_dns();
        let limits = Limits::new(std::slice::from_ref(&spamcop));
        let target = Target::ip("2001:db8::1".parse().unwrap(), "t");
        let result = lookup_pair(&dns, &limits, &target, &spamcop).await;
        assert_eq!(result.status, Status::NotChecked);
        assert_eq!(dns.queries_made(), 0);
    }

    #[test]
    fn test_entries_follow_rfc_5782() {
        assert_eq!(
            test_names(&test_zone("x.bl.test")),
            ("2.0.0.127.x.bl.test".into(), "1.0.0.127.x.bl.test".into())
        );
        assert_eq!(
            test_names(&test_zone("d.bl.test=domain")),
            ("test.d.bl.test".into(), "invalid.d.bl.test".into())
        );
        assert_eq!(
            test_names(&test_zone("dbl.bl.test=spamhaus-dbl")).0,
            "dbltest.com.dbl.bl.test"
        );
    }
}
