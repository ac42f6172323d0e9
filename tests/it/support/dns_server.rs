//! A small authoritative DNS server on loopback for tests and benchmarks.
//!
//! It serves master-format zone files (parsed by hickory-proto) over UDP and
//! TCP on one port of 127.0.0.1, in a thread of its own, so tests can run the
//! real binary against it with `--nameserver`. Large answers are truncated on
//! UDP (TC bit) so clients must retry over TCP, as with real servers.
//!
//! Misbehaviour is declared in the zone files with comment directives, for the
//! name and every name below it:
//!
//! ```text
//! ;@servfail broken.example.test.
//! ;@refused  refused.example.test.
//! ;@timeout  slow.example.test.
//! ```
//!
//! Two more directives serve what a zone file cannot hold:
//!
//! ```text
//! ;@empty-txt  null.example.test.            a TXT record with no strings at all
//! ;@alias      odd\058name.example.test. plain.example.test.
//! ```
//!
//! `alias` answers queries for a name with characters a zone file refuses
//! (written with `\DDD` decimal escapes) with the records of a plain name.
//! `;@secure signed.example.test.` sets the AD bit on answers for the name and
//! below, as a validating resolver does for a DNSSEC-signed zone.
#![allow(dead_code)]

use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::{Name, Record, RecordType};
use hickory_proto::serialize::txt::Parser;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Misbehaviour {
    ServFail,
    Refused,
    Timeout,
}

/// The records the server knows, by lower-case name without trailing dot.
#[derive(Default)]
struct ZoneData {
    records: HashMap<(String, RecordType), Vec<Record>>,
    /// Every owner name and all their ancestors inside a zone (empty
    /// non-terminals exist: NODATA, not NXDOMAIN).
    names: HashSet<String>,
    /// Zone apexes, to decide whether we are authoritative.
    origins: Vec<String>,
    /// SOA record of each origin, for negative answers.
    soas: HashMap<String, Record>,
    misbehaving: Vec<(String, Misbehaviour)>,
    /// Raw query name -> the zone name whose records answer it.
    aliases: HashMap<String, String>,
    /// Names (and everything below) answered with the AD bit set.
    secure: Vec<String>,
}

/// The name as its raw labels (any bytes), lower case, without trailing dot.
fn key(name: &Name) -> String {
    name.iter()
        .map(|label| String::from_utf8_lossy(label).to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(".")
}

/// `\DDD` decimal escapes (master-file style) in a directive's name.
fn unescape(name: &str) -> String {
    let mut out = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let digits: String = (0..3).filter_map(|_| chars.next_if(char::is_ascii_digit)).collect();
            match digits.parse::<u8>() {
                Ok(byte) if digits.len() == 3 => out.push(byte as char),
                _ => out.push_str(&digits),
            }
        } else {
            out.push(c);
        }
    }
    out.trim_end_matches('.').to_ascii_lowercase()
}

fn is_at_or_below(name: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || name == ancestor || name.ends_with(&format!(".{ancestor}"))
}

impl ZoneData {
    fn load(&mut self, text: &str, path: Option<&Path>) -> Result<(), String> {
        for line in text.lines() {
            let line = line.trim();
            let Some(rest) = line.strip_prefix(";@") else { continue };
            let mut words = rest.split_whitespace();
            let (Some(kind), Some(name)) = (words.next(), words.next()) else {
                return Err(format!("bad directive `{line}`"));
            };
            match kind {
                "empty-txt" => {
                    let owner = Name::from_ascii(name).map_err(|e| format!("`{line}`: {e}"))?;
                    let record =
                        Record::from_rdata(owner.clone(), 300, hickory_proto::rr::RData::Update0(RecordType::TXT));
                    self.records
                        .entry((key(&owner), RecordType::TXT))
                        .or_default()
                        .push(record);
                    continue;
                }
                "alias" => {
                    let Some(target) = words.next() else {
                        return Err(format!("`{line}`: alias needs a target name"));
                    };
                    self.aliases.insert(unescape(name), unescape(target));
                    continue;
                }
                "secure" => {
                    self.secure.push(name.trim_end_matches('.').to_ascii_lowercase());
                    continue;
                }
                _ => {}
            }
            let behaviour = match kind {
                "servfail" => Misbehaviour::ServFail,
                "refused" => Misbehaviour::Refused,
                "timeout" => Misbehaviour::Timeout,
                other => return Err(format!("unknown directive `{other}`")),
            };
            self.misbehaving
                .push((name.trim_end_matches('.').to_ascii_lowercase(), behaviour));
        }
        let parser = Parser::new(text, path.map(Path::to_path_buf), None);
        let (origin, sets) = parser
            .parse()
            .map_err(|e| format!("{}: {e}", path.map(|p| p.display().to_string()).unwrap_or_default()))?;
        let origin = key(&origin);
        self.origins.push(origin.clone());
        for (rr_key, set) in sets {
            for record in set.records_without_rrsigs() {
                let name = key(&record.name);
                if record.record_type() == RecordType::SOA {
                    self.soas.insert(name.clone(), record.clone());
                }
                self.records
                    .entry((name.clone(), rr_key.record_type))
                    .or_default()
                    .push(record.clone());
                // The name and its ancestors up to the origin exist.
                let mut current = name.as_str();
                loop {
                    self.names.insert(current.to_string());
                    if current == origin || !current.contains('.') {
                        break;
                    }
                    current = current.split_once('.').map(|(_, rest)| rest).unwrap_or("");
                }
            }
        }
        Ok(())
    }

    fn misbehaviour(&self, name: &str) -> Option<Misbehaviour> {
        self.misbehaving
            .iter()
            .find(|(n, _)| is_at_or_below(name, n))
            .map(|(_, b)| *b)
    }

    fn zone_of(&self, name: &str) -> Option<&str> {
        self.origins
            .iter()
            .filter(|o| is_at_or_below(name, o))
            .max_by_key(|o| o.len())
            .map(String::as_str)
    }

    /// Build the answer to one question. `None` means: do not answer at all.
    fn answer(&self, request: &Message) -> Option<Message> {
        let mut response = Message::response(request.metadata.id, OpCode::Query);
        response.metadata.recursion_desired = request.metadata.recursion_desired;
        response.add_queries(request.queries.clone());
        if let Some(edns) = &request.edns {
            let mut ours = Edns::new();
            ours.set_max_payload(edns.max_payload().max(512));
            response.set_edns(ours);
        }
        let Some(query) = request.queries.first() else {
            response.metadata.response_code = ResponseCode::FormErr;
            return Some(response);
        };
        let asked = key(query.name());
        let name = self.aliases.get(&asked).cloned().unwrap_or(asked);
        match self.misbehaviour(&name) {
            Some(Misbehaviour::Timeout) => return None,
            Some(Misbehaviour::ServFail) => {
                response.metadata.response_code = ResponseCode::ServFail;
                return Some(response);
            }
            Some(Misbehaviour::Refused) => {
                response.metadata.response_code = ResponseCode::Refused;
                return Some(response);
            }
            None => {}
        }
        // Outside every zone the name does not exist, as a recursive resolver
        // would say for the reserved `.test` names: the DMARC tree walk asks
        // up to the top-level domain (`_dmarc.test`).
        let Some(zone) = self.zone_of(&name) else {
            response.metadata.response_code = ResponseCode::NXDomain;
            return Some(response);
        };
        response.metadata.authoritative = true;
        response.metadata.authentic_data = self.secure.iter().any(|s| is_at_or_below(&name, s));
        let qtype = query.query_type();
        // Follow CNAMEs inside our data, as an authoritative server does.
        let mut current = name.clone();
        for _ in 0..8 {
            if let Some(records) = self.records.get(&(current.clone(), qtype)) {
                let aliased = current == name && name != key(query.name());
                response.add_answers(records.iter().cloned().map(|mut record| {
                    if aliased {
                        record.name = query.name().clone();
                    }
                    record
                }));
                return Some(response);
            }
            if qtype != RecordType::CNAME
                && let Some(cnames) = self.records.get(&(current.clone(), RecordType::CNAME))
            {
                response.add_answers(cnames.iter().cloned());
                let target = match &cnames[0].data {
                    hickory_proto::rr::RData::CNAME(c) => key(&c.0),
                    _ => String::new(),
                };
                current = target;
                continue;
            }
            break;
        }
        if response.answers.is_empty() && !self.names.contains(&current) {
            response.metadata.response_code = ResponseCode::NXDomain;
        }
        if let Some(soa) = self.soas.get(zone) {
            response.add_authority(soa.clone());
        }
        Some(response)
    }
}

/// A running test server. Dropping it stops the threads.
pub struct TestDnsServer {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    queries: Arc<AtomicUsize>,
}

impl TestDnsServer {
    /// Serve every `*.zone` file in `dir` (relative paths are taken from the crate root).
    pub fn start_dir(dir: impl AsRef<Path>) -> TestDnsServer {
        let dir = resolve(dir.as_ref());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read zone dir {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "zone"))
            .collect();
        files.sort();
        Self::start_files(&files)
    }

    /// Serve these zone files.
    pub fn start_files(files: &[PathBuf]) -> TestDnsServer {
        let mut data = ZoneData::default();
        for file in files {
            let file = resolve(file);
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            data.load(&text, Some(&file))
                .unwrap_or_else(|e| panic!("bad zone file {}: {e}", file.display()));
        }
        Self::serve(data, "127.0.0.1:0".parse().expect("address"))
    }

    /// Serve zone text given inline (must contain `$ORIGIN`).
    pub fn start_text(zones: &[&str]) -> TestDnsServer {
        let mut data = ZoneData::default();
        for text in zones {
            data.load(text, None).unwrap_or_else(|e| panic!("bad zone text: {e}"));
        }
        Self::serve(data, "127.0.0.1:0".parse().expect("address"))
    }

    /// Load zones from `files` and serve them on `bind`, answering UDP
    /// queries after `delay` (a simulated network round trip; used by the
    /// benchmark server).
    pub fn serve_files_on(files: &[PathBuf], bind: SocketAddr, delay: Duration) -> TestDnsServer {
        let mut data = ZoneData::default();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            data.load(&text, Some(file))
                .unwrap_or_else(|e| panic!("bad zone file {}: {e}", file.display()));
        }
        Self::serve_delayed(data, bind, delay)
    }

    fn serve(data: ZoneData, bind: SocketAddr) -> TestDnsServer {
        Self::serve_delayed(data, bind, Duration::ZERO)
    }

    fn serve_delayed(data: ZoneData, bind: SocketAddr, delay: Duration) -> TestDnsServer {
        let data = Arc::new(data);
        let stop = Arc::new(AtomicBool::new(false));
        let queries = Arc::new(AtomicUsize::new(0));
        let (udp, tcp) = bind_udp_and_tcp(bind);
        let addr = udp.local_addr().expect("local addr");
        // A burst of queries larger than the default receive buffer (~200 kB)
        // would be dropped silently; real servers use large buffers too.
        let _ = socket2::SockRef::from(&udp).set_recv_buffer_size(4 << 20);
        udp.set_read_timeout(Some(Duration::from_millis(100))).expect("timeout");
        tcp.set_nonblocking(true).expect("nonblocking");

        // With a delay, answers go through one sender thread: every answer
        // waits the same time, so first in is first due.
        let delayed = (!delay.is_zero()).then(|| {
            let (tx, rx) = std::sync::mpsc::channel::<(std::time::Instant, Vec<u8>, SocketAddr)>();
            let udp = udp.try_clone().expect("clone socket");
            std::thread::spawn(move || {
                for (due, bytes, peer) in rx {
                    std::thread::sleep(due.saturating_duration_since(std::time::Instant::now()));
                    let _ = udp.send_to(&bytes, peer);
                }
            });
            tx
        });

        // Two UDP workers: a test may run many lookups concurrently.
        for _ in 0..2 {
            let udp = udp.try_clone().expect("clone socket");
            let delayed = delayed.clone();
            let (data, stop, queries) = (data.clone(), stop.clone(), queries.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while !stop.load(Ordering::Relaxed) {
                    let Ok((len, peer)) = udp.recv_from(&mut buf) else {
                        continue;
                    };
                    queries.fetch_add(1, Ordering::Relaxed);
                    let Ok(request) = Message::from_vec(&buf[..len]) else {
                        continue;
                    };
                    let max = request.edns.as_ref().map(|e| e.max_payload().max(512)).unwrap_or(512) as usize;
                    if let Some(response) = data.answer(&request)
                        && let Ok(mut bytes) = response.to_vec()
                    {
                        if bytes.len() > max {
                            let mut truncated = response.truncate();
                            truncated.metadata.truncation = true;
                            bytes = truncated.to_vec().unwrap_or_default();
                        }
                        match &delayed {
                            Some(tx) => {
                                let _ = tx.send((std::time::Instant::now() + delay, bytes, peer));
                            }
                            None => {
                                let _ = udp.send_to(&bytes, peer);
                            }
                        }
                    }
                }
            });
        }
        {
            let (data, stop, queries) = (data.clone(), stop.clone(), queries.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match tcp.accept() {
                        Ok((stream, _)) => {
                            let (data, queries) = (data.clone(), queries.clone());
                            std::thread::spawn(move || serve_tcp(stream, &data, &queries));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        TestDnsServer { addr, stop, queries }
    }

    /// The value for `--nameserver`.
    pub fn addr_arg(&self) -> String {
        self.addr.to_string()
    }

    /// How many queries have arrived so far (UDP and TCP).
    pub fn queries_received(&self) -> usize {
        self.queries.load(Ordering::Relaxed)
    }
}

impl Drop for TestDnsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve_tcp(mut stream: TcpStream, data: &ZoneData, queries: &AtomicUsize) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    loop {
        let mut len = [0u8; 2];
        if stream.read_exact(&mut len).is_err() {
            return;
        }
        let mut buf = vec![0u8; u16::from_be_bytes(len) as usize];
        if stream.read_exact(&mut buf).is_err() {
            return;
        }
        queries.fetch_add(1, Ordering::Relaxed);
        let Ok(request) = Message::from_vec(&buf) else { return };
        let Some(response) = data.answer(&request) else {
            continue;
        };
        let Ok(bytes) = response.to_vec() else { return };
        let mut framed = (bytes.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&bytes);
        if stream.write_all(&framed).is_err() {
            return;
        }
    }
}

fn resolve(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }
}

/// An address on loopback where nothing ever answers (UDP datagrams are
/// swallowed, TCP connections are accepted by the kernel and never served).
/// Keep the returned guard alive for as long as the address is used.
pub fn silent_server() -> (SocketAddr, impl Drop) {
    struct Guard(#[allow(dead_code)] UdpSocket, #[allow(dead_code)] TcpListener);
    impl Drop for Guard {
        fn drop(&mut self) {}
    }
    let (udp, tcp) = bind_udp_and_tcp("127.0.0.1:0".parse().expect("addr"));
    (udp.local_addr().expect("addr"), Guard(udp, tcp))
}

/// UDP first, then TCP on the same port. The UDP port the kernel picks may
/// already be taken for TCP by another test on a busy machine: pick again
/// rather than fail the test.
fn bind_udp_and_tcp(bind: SocketAddr) -> (UdpSocket, TcpListener) {
    (0..100)
        .find_map(|_| {
            let udp = UdpSocket::bind(bind).ok()?;
            let tcp = TcpListener::bind(udp.local_addr().ok()?).ok()?;
            Some((udp, tcp))
        })
        .expect("no loopback port was free for both UDP and TCP")
}

// The server answers parsed messages; keep MessageType in scope for readers
// who want to extend it with other opcodes.
#[allow(unused)]
const _: MessageType = MessageType::Response;
