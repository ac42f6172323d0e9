//! The DNS layer every check stands on.
//!
//! Checks talk to [`Dns`], a small cached front over a [`DnsClient`]. The real
//! client is [`UdpClient`], a multiplexed stub resolver on hickory-proto's
//! message code; tests drive the same code through `--nameserver` and a
//! loopback server.
//!
//! Three states, never two: an answer with records, a definite "no such record"
//! (NXDOMAIN, or NOERROR without data), and a failure (timeout, SERVFAIL,
//! REFUSED...). A failure is never read as "missing".

use crate::finding::Code;
use crate::finding::Severity;
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::OnceCell;

mod lenient;
mod udp;
mod wire;

pub use udp::UdpClient;

pub static TEMPERROR: Code = Code {
    code: "dns.temperror",
    severity: Severity::Warning,
    title: "DNS lookup failed",
    explanation: "A DNS query timed out or the server answered SERVFAIL or REFUSED. The affected check \
    could not be completed, so its result is unknown: it is neither a pass nor a missing record.",
    fix: "Run the audit again; if it persists, check that the domain's authoritative name servers answer \
    (for example with `dig +trace`), or use another resolver with --nameserver.",
    incomplete: true,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&TEMPERROR];

/// The record types the audits ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueryType {
    A,
    Aaaa,
    Mx,
    Txt,
    Cname,
    Ptr,
    Tlsa,
}

impl QueryType {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryType::A => "A",
            QueryType::Aaaa => "AAAA",
            QueryType::Mx => "MX",
            QueryType::Txt => "TXT",
            QueryType::Cname => "CNAME",
            QueryType::Ptr => "PTR",
            QueryType::Tlsa => "TLSA",
        }
    }
}

/// One record of an answer, reduced to what the audits need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    /// `exchange` is lower case without the trailing dot; `.` stays `.` (null MX).
    Mx {
        preference: u16,
        exchange: String,
    },
    /// The character-strings of one TXT record, as sent (not yet joined).
    Txt(Vec<Vec<u8>>),
    Cname(String),
    Ptr(String),
    /// A TLSA record (RFC 6698). `authenticated`: the answer came with the AD
    /// bit, i.e. a validating resolver checked its DNSSEC signatures (kept on
    /// the record so that [`Answer`] stays as it is).
    Tlsa {
        usage: u8,
        selector: u8,
        matching: u8,
        data: Vec<u8>,
        authenticated: bool,
    },
}

impl RecordData {
    /// A TXT record's strings joined without separators, as RFC 7208 3.3 and
    /// RFC 6376 3.6.2.2 say; invalid UTF-8 is replaced, not rejected.
    pub fn txt_joined(&self) -> Option<String> {
        match self {
            RecordData::Txt(parts) => {
                let bytes: Vec<u8> = parts.concat();
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            _ => None,
        }
    }
}

/// A definite answer: the records of the asked type (possibly none).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub records: Vec<RecordData>,
    /// The name does not exist at all (NXDOMAIN), as opposed to NOERROR/NODATA.
    pub nxdomain: bool,
}

impl Answer {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// All TXT records, each joined into one string.
    pub fn txt_strings(&self) -> Vec<String> {
        self.records.iter().filter_map(RecordData::txt_joined).collect()
    }

    pub fn ips(&self) -> Vec<IpAddr> {
        self.records
            .iter()
            .filter_map(|r| match r {
                RecordData::A(a) => Some(IpAddr::V4(*a)),
                RecordData::Aaaa(a) => Some(IpAddr::V6(*a)),
                _ => None,
            })
            .collect()
    }
}

/// Why a query gave no definite answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DnsFailureKind {
    #[error("timed out")]
    Timeout,
    #[error("server failure (SERVFAIL)")]
    ServFail,
    #[error("query refused (REFUSED)")]
    Refused,
    #[error("invalid name")]
    InvalidName,
    #[error("{0}")]
    Other(String),
}

/// A failed lookup: which name and type, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{qtype} lookup for {name} failed: {kind}")]
pub struct DnsFailure {
    pub name: String,
    pub qtype: &'static str,
    pub kind: DnsFailureKind,
}

pub type LookupResult = Result<Arc<Answer>, DnsFailure>;

/// Anything that can answer a DNS question. Implemented by [`UdpClient`]
/// and, in unit tests, by in-memory fakes.
pub trait DnsClient: Send + Sync {
    fn query<'a>(&'a self, name: &'a str, qtype: QueryType) -> BoxFuture<'a, Result<Answer, DnsFailureKind>>;

    /// True once no name server answers any more, so every further query
    /// fails at once as a timeout; retrying one is pointless.
    fn given_up(&self) -> bool {
        false
    }
}

/// Settings for the resolver.
#[derive(Debug, Clone)]
pub struct ResolverSettings {
    /// Send every query to these servers only. Empty: the system resolver.
    pub nameservers: Vec<SocketAddr>,
    /// Upper bound for one lookup, retries included.
    pub timeout: Duration,
    /// How many times a query is sent before it counts as timed out.
    pub attempts: usize,
    /// Most queries on the wire at once. A burst larger than a server's
    /// receive buffer is silently dropped and turns into timeouts and retries;
    /// too few leave a run waiting on round trips (1,000 domains a second
    /// at 10 ms need about 500).
    pub max_in_flight: usize,
}

impl Default for ResolverSettings {
    fn default() -> Self {
        ResolverSettings {
            nameservers: Vec::new(),
            timeout: Duration::from_secs(5),
            // Retries with backoff are the job of `pacing::Paced`; retrying
            // here as well would multiply the time a dead server costs.
            attempts: 1,
            max_in_flight: 1024,
        }
    }
}

/// Parse `IP` or `IP:PORT` (IPv6 as `[::1]:53` or bare `::1`). Port defaults to 53.
pub fn parse_nameserver(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let addr = if let Ok(addr) = text.parse::<SocketAddr>() {
        addr
    } else if let Ok(ip) = text.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        SocketAddr::new(ip, 53)
    } else {
        let shown: String = text.chars().take(80).collect();
        return Err(format!(
            "`{shown}` is not a name server address; expected IP or IP:PORT, e.g. 127.0.0.1:5353"
        ));
    };
    if addr.ip().is_unspecified() || addr.port() == 0 {
        return Err(format!(
            "`{text}` cannot be a name server: the address must not be 0.0.0.0 or :: and the port not 0"
        ));
    }
    Ok(addr)
}

type CacheKey = (String, QueryType);

/// A cache entry: a lookup on its way, which concurrent askers of the same
/// name wait for, or its result, kept small (a 10,000-domain run caches
/// about half a million lookups, most of them absent DKIM selectors).
enum Slot {
    Pending(Arc<OnceCell<LookupResult>>),
    Done(Result<Arc<Answer>, Box<DnsFailure>>),
}

impl Slot {
    fn result(&self) -> Option<LookupResult> {
        match self {
            Slot::Pending(cell) => cell.get().cloned(),
            Slot::Done(result) => Some(result.clone().map_err(|failure| *failure)),
        }
    }
}

/// One shared answer for each kind of absence, rather than one per name.
fn shared_if_empty(answer: Answer) -> Arc<Answer> {
    static NXDOMAIN: LazyLock<Arc<Answer>> = LazyLock::new(|| {
        Arc::new(Answer {
            records: vec![],
            nxdomain: true,
        })
    });
    static NODATA: LazyLock<Arc<Answer>> = LazyLock::new(Arc::default);
    match (answer.records.is_empty(), answer.nxdomain) {
        (true, true) => NXDOMAIN.clone(),
        (true, false) => NODATA.clone(),
        (false, _) => Arc::new(answer),
    }
}

/// Longest CNAME chain followed; a longer one (or a loop) is a DNS error.
/// The same bound as the client's own alias following.
pub const MAX_CNAME_CHAIN: usize = wire::MAX_CNAME_HOPS;

/// The per-run DNS front every check uses: normalises names, caches every
/// answer (and every failure) for the run, and merges concurrent identical
/// queries into one, so a provider's shared SPF include is fetched once.
#[derive(Clone)]
pub struct Dns {
    client: Arc<dyn DnsClient>,
    cache: Arc<Mutex<HashMap<CacheKey, Slot>>>,
}

impl Dns {
    pub fn new(client: Arc<dyn DnsClient>) -> Self {
        Dns {
            client,
            cache: Arc::default(),
        }
    }

    /// A `Dns` over a [`UdpClient`] with these settings (inside a Tokio runtime).
    pub fn from_settings(settings: &ResolverSettings) -> Result<Self, DnsFailureKind> {
        Ok(Dns::new(Arc::new(UdpClient::new(settings)?)))
    }

    /// Look `name` up. Names are compared case-insensitively and without the trailing dot.
    pub async fn lookup(&self, name: &str, qtype: QueryType) -> LookupResult {
        let key = (name.trim_end_matches('.').to_ascii_lowercase(), qtype);
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            match cache.get(&key) {
                Some(Slot::Done(result)) => return result.clone().map_err(|failure| *failure),
                Some(Slot::Pending(cell)) => cell.clone(),
                None => {
                    let cell = Arc::new(OnceCell::new());
                    cache.insert(key.clone(), Slot::Pending(cell.clone()));
                    cell
                }
            }
        };
        let name = &key.0;
        let result = cell
            .get_or_init(|| async {
                if !is_queryable_name(name) {
                    return Err(DnsFailure {
                        name: name.clone(),
                        qtype: qtype.as_str(),
                        kind: DnsFailureKind::InvalidName,
                    });
                }
                let failure = |kind| DnsFailure {
                    name: name.clone(),
                    qtype: qtype.as_str(),
                    kind,
                };
                // The client follows CNAMEs and reports a loop or an endless
                // chain as a failure naming it, never as "no record".
                let answer = self.client.query(name, qtype).await.map_err(failure)?;
                Ok(shared_if_empty(answer))
            })
            .await
            .clone();
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot @ Slot::Pending(_)) = cache.get_mut(&key) {
            *slot = Slot::Done(result.clone().map_err(Box::new));
        }
        result
    }

    pub async fn txt(&self, name: &str) -> LookupResult {
        self.lookup(name, QueryType::Txt).await
    }

    /// A and AAAA of `name` together. Fails only if both fail; a failure of one
    /// with records from the other returns the records found.
    pub async fn addresses(&self, name: &str) -> Result<Vec<IpAddr>, DnsFailure> {
        let (a, aaaa) = futures::join!(self.lookup(name, QueryType::A), self.lookup(name, QueryType::Aaaa));
        match (a, aaaa) {
            (Ok(a), Ok(b)) => Ok(a.ips().into_iter().chain(b.ips()).collect()),
            (Ok(a), Err(e)) | (Err(e), Ok(a)) => {
                let ips = a.ips();
                if ips.is_empty() { Err(e) } else { Ok(ips) }
            }
            (Err(e), Err(_)) => Err(e),
        }
    }

    /// Check that the resolver answers for the public DNS at all, before an
    /// audit turns a broken resolver into "record missing" everywhere. A
    /// resolver on an offline or filtered network often says every name does
    /// not exist; a root server's name always exists.
    pub async fn probe_public_dns(&self) -> Result<(), String> {
        const ALWAYS_EXISTS: &str = "a.root-servers.net";
        match self.lookup(ALWAYS_EXISTS, QueryType::A).await {
            Ok(answer) if !answer.ips().is_empty() => Ok(()),
            Ok(_) => Err(format!(
                "the DNS resolver says {ALWAYS_EXISTS} does not exist, so its answers cannot be trusted \
                 (an offline or filtered network?); nothing was checked. Use --nameserver IP with a resolver that works"
            )),
            Err(e) => Err(format!(
                "no DNS resolver answers ({e}); nothing was checked. Check the network, or use --nameserver IP"
            )),
        }
    }

    /// How many distinct lookups went to the network (for benchmarks and tests).
    pub fn queries_made(&self) -> usize {
        self.cache.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// True when lookups were made and not one got a definite answer
    /// (records or a definite absence): nothing DNS said can be relied on.
    pub fn every_lookup_failed(&self) -> bool {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut finished = cache.values().filter_map(Slot::result).peekable();
        finished.peek().is_some() && finished.all(|result| result.is_err())
    }

    /// True once the client gave up every name server for not answering.
    pub fn server_given_up(&self) -> bool {
        self.client.given_up()
    }
}

/// Cheap syntactic check so we never send garbage to a server: total length,
/// label lengths, no empty labels.
pub fn is_queryable_name(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

/// The reverse-lookup name of an address: reversed octets under in-addr.arpa
/// for IPv4, reversed nibbles under ip6.arpa for IPv6 (RFC 1035, RFC 3596).
pub fn reverse_name(ip: IpAddr) -> String {
    format!(
        "{}.{}",
        reversed_labels(ip),
        if ip.is_ipv4() { "in-addr.arpa" } else { "ip6.arpa" }
    )
}

/// The labels of an address in reverse order, as DNSBLs and PTR use them:
/// `1.2.0.192` for 192.0.2.1, 32 nibbles for IPv6.
pub fn reversed_labels(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.{}", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(v6) => {
            let mut nibbles = Vec::with_capacity(32);
            for byte in v6.octets().iter().rev() {
                nibbles.push(format!("{:x}", byte & 0x0f));
                nibbles.push(format!("{:x}", byte >> 4));
            }
            nibbles.join(".")
        }
    }
}

#[cfg(test)]
pub mod fake {
    //! An in-memory `DnsClient` for unit tests of the checks.
    use super::*;

    #[derive(Default)]
    pub struct FakeDns {
        pub records: HashMap<(String, QueryType), Result<Answer, DnsFailureKind>>,
    }

    impl FakeDns {
        pub fn txt(mut self, name: &str, value: &str) -> Self {
            let entry = self
                .records
                .entry((name.to_string(), QueryType::Txt))
                .or_insert_with(|| Ok(Answer::default()));
            if let Ok(answer) = entry {
                answer.records.push(RecordData::Txt(vec![value.as_bytes().to_vec()]));
            }
            self
        }
        pub fn fail(mut self, name: &str, qtype: QueryType, kind: DnsFailureKind) -> Self {
            self.records.insert((name.to_string(), qtype), Err(kind));
            self
        }
        pub fn set(mut self, name: &str, qtype: QueryType, records: Vec<RecordData>) -> Self {
            self.records.insert(
                (name.to_string(), qtype),
                Ok(Answer {
                    records,
                    nxdomain: false,
                }),
            );
            self
        }
        pub fn into_dns(self) -> Dns {
            Dns::new(Arc::new(self))
        }
    }

    impl DnsClient for FakeDns {
        fn query<'a>(&'a self, name: &'a str, qtype: QueryType) -> BoxFuture<'a, Result<Answer, DnsFailureKind>> {
            let result = self
                .records
                .get(&(name.to_string(), qtype))
                .cloned()
                .unwrap_or(Ok(Answer {
                    records: vec![],
                    nxdomain: true,
                }));
            Box::pin(async move { result })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_names() {
        assert_eq!(reverse_name("192.0.2.1".parse().unwrap()), "1.2.0.192.in-addr.arpa");
        let v6 = reverse_name("2001:db8::1".parse().unwrap());
        assert_eq!(
            v6,
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        );
    }

    #[test]
    fn nameserver_parsing() {
        assert_eq!(parse_nameserver("127.0.0.1").unwrap(), "127.0.0.1:53".parse().unwrap());
        assert_eq!(
            parse_nameserver("127.0.0.1:5353").unwrap(),
            "127.0.0.1:5353".parse().unwrap()
        );
        assert_eq!(parse_nameserver("::1").unwrap(), "[::1]:53".parse().unwrap());
        assert!(parse_nameserver("dns.example").is_err());
        assert!(parse_nameserver("0.0.0.0:53").is_err());
        assert!(parse_nameserver("127.0.0.1:0").is_err());
    }

    #[tokio::test]
    async fn probe_rejects_resolvers_that_deny_everything() {
        let lying = fake::FakeDns::default().into_dns();
        assert!(lying.probe_public_dns().await.unwrap_err().contains("does not exist"));
        let dead = fake::FakeDns::default()
            .fail("a.root-servers.net", QueryType::A, DnsFailureKind::Timeout)
            .into_dns();
        assert!(
            dead.probe_public_dns()
                .await
                .unwrap_err()
                .contains("no DNS resolver answers")
        );
        let working = fake::FakeDns::default()
            .set(
                "a.root-servers.net",
                QueryType::A,
                vec![RecordData::A(Ipv4Addr::new(198, 41, 0, 4))],
            )
            .into_dns();
        assert!(working.probe_public_dns().await.is_ok());
    }

    #[tokio::test]
    async fn cache_keeps_failures_and_answers() {
        let dns = fake::FakeDns::default()
            .txt("a.test", "v=spf1 -all")
            .fail("b.test", QueryType::Txt, DnsFailureKind::ServFail)
            .into_dns();
        assert_eq!(dns.txt("A.test.").await.unwrap().txt_strings(), vec!["v=spf1 -all"]);
        assert!(dns.txt("b.test").await.is_err());
        assert!(dns.txt("c.test").await.unwrap().nxdomain);
        assert_eq!(dns.queries_made(), 3);
        // Asked again: the same three states from the finished entries.
        assert_eq!(dns.txt("a.test").await.unwrap().txt_strings(), vec!["v=spf1 -all"]);
        assert_eq!(dns.txt("b.test").await.unwrap_err().kind, DnsFailureKind::ServFail);
        assert!(dns.txt("c.test").await.unwrap().nxdomain);
        assert_eq!(dns.queries_made(), 3);
        assert!(!dns.every_lookup_failed());
    }

    #[tokio::test]
    async fn every_lookup_failed_only_when_none_answered() {
        let dns = fake::FakeDns::default()
            .fail("a.test", QueryType::Txt, DnsFailureKind::Timeout)
            .fail("b.test", QueryType::Mx, DnsFailureKind::ServFail)
            .into_dns();
        assert!(!dns.every_lookup_failed(), "no lookup yet");
        assert!(dns.txt("a.test").await.is_err());
        assert!(dns.lookup("b.test", QueryType::Mx).await.is_err());
        assert!(dns.every_lookup_failed());
        // A definite absence is an answer.
        assert!(dns.txt("c.test").await.unwrap().nxdomain);
        assert!(!dns.every_lookup_failed());
    }
}
