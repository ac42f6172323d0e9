//! The real client: a multiplexed UDP stub resolver.
//!
//! Every query of a run shares a small pool of UDP sockets per name server,
//! each bound to a port the kernel picks at random. A query gets a random ID;
//! a datagram is taken as its answer only if it comes from the server (the
//! sockets are connected), carries that ID and repeats the question (name,
//! type, class), so spoofed and stale answers are dropped. A truncated answer
//! is asked again over TCP. A socket per query, as hickory-resolver opens,
//! cost most of the CPU of a large run; this is the same protocol without it.
//!
//! A name server that stops answering is given up: once several queries in a
//! row time out with no answer in between, a query about the root checks
//! whether it answers anything at all, and the queries that follow wait for
//! that. If it times out too, every remaining query to the server fails at
//! once as a timeout (a failure, never "missing"). So a dead server costs
//! about two timeouts per run, not one per query.

use super::wire::{AliasChain, Question, Reading};
use super::{Answer, DnsClient, DnsFailureKind, QueryType, ResolverSettings};
use futures::future::BoxFuture;
use hickory_proto::op::Message;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Sockets per name server. Each has its own random source port, so an
/// off-path spoofer must guess the port as well as the 16-bit ID.
const SOCKETS_PER_SERVER: usize = 4;

/// Queries in a row that time out, with no answer from the server in between,
/// before the server is asked whether it answers anything at all.
const UNANSWERED_BEFORE_PROBE: usize = 3;

/// Room in the kernel for answers that arrive while both cores are busy;
/// the default (about 200 kB) holds only a few hundred answers.
const RECEIVE_BUFFER_BYTES: usize = 1 << 20;

/// IDs in use per socket must leave free IDs to draw from.
const MAX_PENDING_PER_SOCKET: usize = 16_384;

/// The multiplexed UDP client (see the module documentation).
pub struct UdpClient {
    servers: Vec<Arc<Server>>,
    timeout: Duration,
    attempts: usize,
    in_flight: Arc<Semaphore>,
    receivers: Vec<JoinHandle<()>>,
}

impl UdpClient {
    /// A client for `settings.nameservers`, or for the system's resolvers
    /// when that list is empty. Must be called inside a Tokio runtime.
    pub fn new(settings: &ResolverSettings) -> Result<UdpClient, DnsFailureKind> {
        let addrs = if settings.nameservers.is_empty() {
            system_nameservers()?
        } else {
            settings.nameservers.clone()
        };
        let mut servers = Vec::new();
        let mut receivers = Vec::new();
        for addr in addrs {
            let mut channels = Vec::new();
            for _ in 0..SOCKETS_PER_SERVER {
                let channel = Arc::new(Channel::connect(addr)?);
                receivers.push(tokio::spawn(receive(channel.clone())));
                channels.push(channel);
            }
            servers.push(Arc::new(Server {
                addr,
                channels,
                next_channel: AtomicUsize::new(0),
                health: Mutex::new(Health::default()),
                datagrams_sent: AtomicUsize::new(0),
            }));
        }
        let max_in_flight = settings
            .max_in_flight
            .clamp(1, SOCKETS_PER_SERVER * MAX_PENDING_PER_SOCKET);
        Ok(UdpClient {
            servers,
            timeout: settings.timeout,
            attempts: settings.attempts.max(1),
            in_flight: Arc::new(Semaphore::new(max_in_flight)),
            receivers,
        })
    }

    /// UDP queries sent so far, liveness probes included (for tests and benchmarks).
    pub fn datagrams_sent(&self) -> usize {
        self.servers
            .iter()
            .map(|s| s.datagrams_sent.load(Ordering::Relaxed))
            .sum()
    }

    /// The servers that were given up for not answering.
    pub fn given_up_servers(&self) -> Vec<SocketAddr> {
        self.servers
            .iter()
            .filter(|s| s.health().liveness() == Liveness::GivenUp)
            .map(|s| s.addr)
            .collect()
    }

    /// The server for attempt number `attempt` (0-based): the servers that
    /// were not given up, those with the fewest unanswered queries first.
    fn pick(&self, attempt: usize) -> Option<&Arc<Server>> {
        let mut candidates: Vec<(usize, usize)> = self
            .servers
            .iter()
            .enumerate()
            .filter_map(|(index, server)| {
                let health = server.health();
                (health.liveness() != Liveness::GivenUp).then_some((health.unanswered, index))
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        candidates.sort_unstable();
        Some(&self.servers[candidates[attempt % candidates.len()].1])
    }

    /// The response to `question`: over UDP, from the next server after a
    /// timeout, and over TCP from the same server when truncated.
    async fn ask(&self, question: &Question) -> Result<Message, DnsFailureKind> {
        let _permit = self.in_flight.acquire().await.map_err(|_| DnsFailureKind::Timeout)?;
        for attempt in 0..self.attempts {
            let Some(server) = self.ready_server(attempt).await else {
                break;
            };
            let sent_at = Instant::now();
            match server.exchange_udp(question, self.timeout).await {
                Ok(response) if response.metadata.truncation => {
                    return server.exchange_tcp(question, self.timeout).await;
                }
                Ok(response) => return Ok(response),
                Err(DnsFailureKind::Timeout) => {
                    if server.health().timed_out(sent_at) {
                        tokio::spawn(probe(server.clone(), self.timeout));
                    }
                }
                Err(other) => return Err(other),
            }
        }
        Err(DnsFailureKind::Timeout)
    }

    /// The server for attempt `attempt` once it is not being probed: while a
    /// probe is out, queries wait for its outcome (at most one timeout)
    /// instead of adding to a pile of unanswered datagrams.
    async fn ready_server(&self, attempt: usize) -> Option<&Arc<Server>> {
        loop {
            let server = self.pick(attempt)?;
            let mut liveness = server.health().liveness.subscribe();
            if *liveness.borrow_and_update() != Liveness::Probing {
                return Some(server);
            }
            let _ = liveness.wait_for(|state| *state != Liveness::Probing).await;
        }
    }

    /// The answer to `question`, following CNAMEs whose targets' records
    /// the server left out. A loop or a chain longer than
    /// [`super::wire::MAX_CNAME_HOPS`] is a DNS error naming the chain.
    async fn resolve(&self, mut question: Question) -> Result<Answer, DnsFailureKind> {
        let mut chain = AliasChain::new(&question.name);
        loop {
            let response = self.ask(&question).await?;
            match super::wire::read(&response, &question) {
                Reading::Final(result) => return result,
                Reading::Truncated => {
                    return Err(DnsFailureKind::Other("the answer was truncated even over TCP".into()));
                }
                Reading::Alias(targets) => {
                    // Each round adds at least one name, so this ends.
                    chain.extend(&targets)?;
                    if let Some(target) = targets.last() {
                        question.name = target.clone();
                    }
                }
            }
        }
    }
}

impl Drop for UdpClient {
    fn drop(&mut self) {
        for receiver in &self.receivers {
            receiver.abort();
        }
    }
}

impl DnsClient for UdpClient {
    fn query<'a>(&'a self, name: &'a str, qtype: QueryType) -> BoxFuture<'a, Result<Answer, DnsFailureKind>> {
        Box::pin(async move { self.resolve(Question::new(name, qtype)?).await })
    }

    fn given_up(&self) -> bool {
        self.pick(0).is_none()
    }
}

/// The name servers of the system configuration (/etc/resolv.conf on Unix).
fn system_nameservers() -> Result<Vec<SocketAddr>, DnsFailureKind> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf()
        .map_err(|e| DnsFailureKind::Other(format!("system resolver configuration: {e}")))?;
    let mut addrs: Vec<SocketAddr> = Vec::new();
    for server in config.name_servers() {
        let port = server.connections.first().map(|c| c.port).unwrap_or(53);
        let addr = SocketAddr::new(server.ip, port);
        if !addrs.contains(&addr) {
            addrs.push(addr);
        }
    }
    if addrs.is_empty() {
        return Err(DnsFailureKind::Other(
            "the system configuration names no DNS resolver; use --nameserver IP".into(),
        ));
    }
    Ok(addrs)
}

/// Whether a server still answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Liveness {
    #[default]
    Answering,
    /// A liveness probe is on its way.
    Probing,
    /// Neither queries nor the probe were answered: fail at once.
    GivenUp,
}

#[derive(Debug)]
struct Health {
    /// Watched by queries that wait for a probe's outcome.
    liveness: watch::Sender<Liveness>,
    /// Queries that timed out since the last answer.
    unanswered: usize,
    last_answer: Option<Instant>,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            liveness: watch::Sender::new(Liveness::Answering),
            unanswered: 0,
            last_answer: None,
        }
    }
}

impl Health {
    fn liveness(&self) -> Liveness {
        *self.liveness.borrow()
    }

    fn answered(&mut self, now: Instant) {
        self.unanswered = 0;
        self.last_answer = Some(now);
        self.liveness.send_if_modified(|state| {
            let changed = *state != Liveness::Answering;
            *state = Liveness::Answering;
            changed
        });
    }

    /// Count a query sent at `sent_at` that timed out; true when a liveness
    /// probe should start now. A query sent before the last answer says
    /// nothing about whether the server answers now.
    fn timed_out(&mut self, sent_at: Instant) -> bool {
        if self.last_answer.is_some_and(|answered| answered > sent_at) {
            return false;
        }
        self.unanswered += 1;
        if self.liveness() == Liveness::Answering && self.unanswered >= UNANSWERED_BEFORE_PROBE {
            self.liveness.send_replace(Liveness::Probing);
            return true;
        }
        false
    }

    fn probe_unanswered(&mut self) {
        if self.liveness() == Liveness::Probing {
            self.liveness.send_replace(Liveness::GivenUp);
        }
    }
}

/// Ask `server` about the root, twice within `timeout` in case one datagram
/// is lost; no answer gives it up.
async fn probe(server: Arc<Server>, timeout: Duration) {
    const DATAGRAMS: u32 = 2;
    let question = Question::liveness_probe();
    for _ in 0..DATAGRAMS {
        // An answer marks the server answering again (in `exchange_udp`).
        if server.exchange_udp(&question, timeout / DATAGRAMS).await.is_ok() {
            return;
        }
    }
    server.health().probe_unanswered();
}

struct Server {
    addr: SocketAddr,
    channels: Vec<Arc<Channel>>,
    next_channel: AtomicUsize,
    health: Mutex<Health>,
    datagrams_sent: AtomicUsize,
}

impl Server {
    fn health(&self) -> MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Send `question` on the next socket and wait for its answer.
    async fn exchange_udp(&self, question: &Question, timeout: Duration) -> Result<Message, DnsFailureKind> {
        let channel = &self.channels[self.next_channel.fetch_add(1, Ordering::Relaxed) % self.channels.len()];
        let (reply, answer) = oneshot::channel();
        let registration = channel.register(question.clone(), reply);
        let bytes = question.encode(registration.id)?;
        channel.send(&bytes, self.addr).await?;
        self.datagrams_sent.fetch_add(1, Ordering::Relaxed);
        match tokio::time::timeout(timeout, answer).await {
            Ok(Ok(response)) => {
                self.health().answered(Instant::now());
                Ok(response)
            }
            Ok(Err(_)) | Err(_) => Err(DnsFailureKind::Timeout),
        }
    }

    /// Ask `question` over a new TCP connection (RFC 7766 framing).
    async fn exchange_tcp(&self, question: &Question, timeout: Duration) -> Result<Message, DnsFailureKind> {
        let tcp_failure = |e: std::io::Error| DnsFailureKind::Other(format!("TCP to {}: {e}", self.addr));
        let exchange = async {
            let id: u16 = rand::random();
            let bytes = question.encode(id)?;
            let length = u16::try_from(bytes.len()).map_err(|_| DnsFailureKind::InvalidName)?;
            let mut framed = Vec::with_capacity(bytes.len() + 2);
            framed.extend_from_slice(&length.to_be_bytes());
            framed.extend_from_slice(&bytes);
            let mut stream = TcpStream::connect(self.addr).await.map_err(tcp_failure)?;
            stream.write_all(&framed).await.map_err(tcp_failure)?;
            let mut length = [0u8; 2];
            stream.read_exact(&mut length).await.map_err(tcp_failure)?;
            let mut buffer = vec![0u8; usize::from(u16::from_be_bytes(length))];
            stream.read_exact(&mut buffer).await.map_err(tcp_failure)?;
            let response = super::lenient::decode(&buffer)
                .ok_or_else(|| DnsFailureKind::Other(format!("unreadable TCP answer from {}", self.addr)))?;
            if response.metadata.id != id || !question.is_answered_by(&response) {
                return Err(DnsFailureKind::Other(format!(
                    "the TCP answer from {} does not match the question",
                    self.addr
                )));
            }
            Ok(response)
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(DnsFailureKind::Timeout))
    }
}

/// One connected UDP socket and the queries waiting for an answer on it.
struct Channel {
    socket: UdpSocket,
    pending: Mutex<HashMap<u16, Waiter>>,
}

struct Waiter {
    question: Question,
    /// Tells this waiter from a later one that drew the same ID.
    token: u64,
    reply: oneshot::Sender<Message>,
}

/// A waiter's place in `pending`; dropping it (answered, timed out or
/// cancelled) frees the ID.
struct Registration<'a> {
    channel: &'a Channel,
    id: u16,
    token: u64,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        let mut pending = self.channel.pending();
        if pending.get(&self.id).is_some_and(|w| w.token == self.token) {
            pending.remove(&self.id);
        }
    }
}

impl Channel {
    fn connect(server: SocketAddr) -> Result<Channel, DnsFailureKind> {
        let setup = |e: std::io::Error| DnsFailureKind::Other(format!("cannot open a UDP socket for {server}: {e}"));
        let any: SocketAddr = if server.is_ipv4() {
            (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        // Port 0: the kernel picks a random free port.
        let socket = std::net::UdpSocket::bind(any).map_err(setup)?;
        let _ = socket2::SockRef::from(&socket).set_recv_buffer_size(RECEIVE_BUFFER_BYTES);
        socket.connect(server).map_err(setup)?;
        socket.set_nonblocking(true).map_err(setup)?;
        Ok(Channel {
            socket: UdpSocket::from_std(socket).map_err(setup)?,
            pending: Mutex::new(HashMap::new()),
        })
    }

    fn pending(&self) -> MutexGuard<'_, HashMap<u16, Waiter>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait for an answer to `question` under a random ID not in use on this socket.
    fn register(&self, question: Question, reply: oneshot::Sender<Message>) -> Registration<'_> {
        static TOKENS: AtomicU64 = AtomicU64::new(0);
        let token = TOKENS.fetch_add(1, Ordering::Relaxed);
        let mut pending = self.pending();
        loop {
            let id: u16 = rand::random();
            if let Entry::Vacant(slot) = pending.entry(id) {
                slot.insert(Waiter { question, token, reply });
                return Registration {
                    channel: self,
                    id,
                    token,
                };
            }
        }
    }

    async fn send(&self, bytes: &[u8], server: SocketAddr) -> Result<(), DnsFailureKind> {
        // An ICMP "port unreachable" for an earlier datagram is reported on
        // the next send; only a second refusal in a row means this one.
        let mut result = self.socket.send(bytes).await;
        if matches!(&result, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused) {
            result = self.socket.send(bytes).await;
        }
        result
            .map(|_| ())
            .map_err(|e| DnsFailureKind::Other(format!("cannot send to {server}: {e}")))
    }
}

/// Hand each datagram on `channel` to the query it answers; drop the rest.
async fn receive(channel: Arc<Channel>) {
    let mut buffer = vec![0u8; 65_535];
    loop {
        let length = match channel.socket.recv(&mut buffer).await {
            Ok(length) => length,
            // An ICMP error for an earlier datagram: the query itself times out.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => continue,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Some(response) = super::lenient::decode(&buffer[..length]) else {
            continue;
        };
        let waiter = {
            let mut pending = channel.pending();
            let id = response.metadata.id;
            match pending.get(&id) {
                Some(waiter) if waiter.question.is_answered_by(&response) => pending.remove(&id),
                _ => None,
            }
        };
        if let Some(waiter) = waiter {
            let _ = waiter.reply.send(response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_probed_after_unanswered_queries_and_given_up_if_the_probe_fails() {
        let t0 = Instant::now();
        let mut health = Health::default();
        let probes: Vec<bool> = (0..5).map(|_| health.timed_out(t0)).collect();
        assert_eq!(probes, [false, false, true, false, false], "one probe, on the third");
        assert_eq!(health.liveness(), Liveness::Probing);
        health.probe_unanswered();
        assert_eq!(health.liveness(), Liveness::GivenUp);
        // An answer brings it back.
        health.answered(t0 + Duration::from_secs(1));
        assert_eq!(health.liveness(), Liveness::Answering);
        assert_eq!(health.unanswered, 0);
    }

    #[test]
    fn timeouts_of_queries_sent_before_an_answer_do_not_count() {
        let t0 = Instant::now();
        let mut health = Health::default();
        health.answered(t0 + Duration::from_secs(1));
        for _ in 0..10 {
            assert!(!health.timed_out(t0));
        }
        assert_eq!(health.unanswered, 0);
        // An answer while the probe is out: the probe's timeout changes nothing.
        let later = t0 + Duration::from_secs(2);
        for _ in 0..UNANSWERED_BEFORE_PROBE {
            health.timed_out(later);
        }
        assert_eq!(health.liveness(), Liveness::Probing);
        health.answered(later + Duration::from_secs(1));
        health.probe_unanswered();
        assert_eq!(health.liveness(), Liveness::Answering);
    }
}
