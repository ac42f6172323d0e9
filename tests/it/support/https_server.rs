//! A small HTTPS server on loopback for the MTA-STS tests: a test CA and a
//! certificate made with rcgen on start, one canned response per host name
//! (chosen by SNI). A host without a response is not in the certificate, so
//! clients see a certificate that is not valid for it.
#![allow(dead_code)]

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What the server sends for one host.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub location: Option<String>,
    /// Wait this long before answering (a slow server).
    pub delay: Duration,
}

impl Canned {
    /// Status 200, text/plain, this body.
    pub fn policy(body: &str) -> Canned {
        Canned {
            status: 200,
            content_type: Some("text/plain".into()),
            body: body.as_bytes().to_vec(),
            location: None,
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Canned {
        Canned {
            status,
            content_type: Some("text/html".into()),
            body: b"<html>no</html>".to_vec(),
            location: None,
            delay: Duration::ZERO,
        }
    }
}

pub struct TestHttpsServer {
    pub port: u16,
    /// PEM of the test CA, for `--tls-ca-file`.
    pub ca_file: PathBuf,
    _dir: tempfile::TempDir,
    stop: Arc<AtomicBool>,
}

impl TestHttpsServer {
    /// Serve `responses` (host name -> response) on a free loopback port.
    pub fn start(responses: HashMap<String, Canned>) -> TestHttpsServer {
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "mailaudit test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA certificate");
        let mut hosts: Vec<String> = responses.keys().cloned().collect();
        hosts.sort();
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let leaf = rcgen::CertificateParams::new(hosts)
            .expect("leaf params")
            .signed_by(&leaf_key, &ca)
            .expect("leaf certificate");

        let dir = tempfile::tempdir().expect("temp dir");
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).expect("write CA");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone(), CertificateDer::from(ca.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .expect("server config");
        let config = Arc::new(config);

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let responses = Arc::new(responses);
        {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (config, responses) = (config.clone(), responses.clone());
                            std::thread::spawn(move || serve(stream, config, &responses));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        TestHttpsServer {
            port,
            ca_file,
            _dir: dir,
            stop,
        }
    }

    /// The `check` options that point policy fetches here.
    pub fn check_args(&self) -> Vec<String> {
        vec![
            "--tls-ca-file".into(),
            self.ca_file.display().to_string(),
            "--mta-sts-port".into(),
            self.port.to_string(),
        ]
    }
}

impl Drop for TestHttpsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(mut tcp: TcpStream, config: Arc<rustls::ServerConfig>, responses: &HashMap<String, Canned>) {
    let _ = tcp.set_nonblocking(false);
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(mut conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut request = Vec::new();
    {
        let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match tls.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
    }
    let path_ok = request.starts_with(b"GET /.well-known/mta-sts.txt ");
    let host = conn.server_name().unwrap_or("").to_string();
    let canned = match responses.get(&host) {
        Some(c) if path_ok => c.clone(),
        _ => Canned::status(404),
    };
    std::thread::sleep(canned.delay);
    let mut head = format!(
        "HTTP/1.1 {} Canned\r\nContent-Length: {}\r\nConnection: close\r\n",
        canned.status,
        canned.body.len()
    );
    if let Some(ct) = &canned.content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if let Some(location) = &canned.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    let _ = tls.write_all(head.as_bytes());
    let _ = tls.write_all(&canned.body);
    let _ = tls.flush();
    conn.send_close_notify();
    let _ = conn.complete_io(&mut tcp);
}
