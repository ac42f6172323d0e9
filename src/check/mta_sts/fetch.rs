//! Fetching `https://mta-sts.DOMAIN/.well-known/mta-sts.txt` as a sending
//! server does (RFC 8461 section 3.3): HTTPS only, a certificate valid for the
//! host, no redirects, a time limit and a size cap. The host name is resolved
//! through our own DNS layer, so `--nameserver` applies here too.

use crate::dns::Dns;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Largest policy file read; senders need far less (RFC 8461 suggests 64 KiB).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;
/// How long a whole fetch may take, connection and body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How to fetch policies.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// PEM file of extra trust roots (private CAs, tests), added to the built-in ones.
    pub ca_file: Option<PathBuf>,
    /// Reach the policy host on this port instead of 443 (tests run servers in parallel).
    pub port: Option<u16>,
    pub timeout: Duration,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            ca_file: None,
            port: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// The body and media type of a policy served with status 200.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Why no policy body was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered, but not with a policy a sender accepts
    /// (a status other than 200, a redirect, a certificate that is not valid, no address).
    Refused(String),
    /// The network failed (timeout, connection reset, DNS failure): whether
    /// senders can fetch the policy is unknown.
    Network(String),
    /// The body is larger than [`MAX_POLICY_BYTES`].
    TooLarge,
}

/// An HTTPS client set up for policy fetches. Cheap to share between domains.
pub struct PolicyFetcher {
    client: reqwest::Client,
    port: Option<u16>,
}

impl std::fmt::Debug for PolicyFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyFetcher").field("port", &self.port).finish()
    }
}

impl PolicyFetcher {
    /// A client that resolves host names through `dns`. Fails on an unreadable CA file.
    pub fn new(dns: &Dns, settings: &FetchSettings) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the host itself, around --nameserver.
            .no_proxy()
            .timeout(settings.timeout)
            .user_agent(concat!("mailaudit/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(DnsResolver(dns.clone())));
        if let Some(path) = &settings.ca_file {
            let pem = std::fs::read(path).map_err(|e| format!("cannot read CA file {}: {e}", path.display()))?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| format!("CA file {} is not PEM certificates: {e}", path.display()))?;
            if certificates.is_empty() {
                return Err(format!("CA file {} holds no PEM certificate", path.display()));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let client = builder.build().map_err(|e| format!("cannot set up HTTPS: {e}"))?;
        Ok(PolicyFetcher {
            client,
            port: settings.port,
        })
    }

    /// Where the policy of `domain` lives (with the test port, if any).
    pub fn url(&self, domain: &str) -> String {
        match self.port {
            Some(port) => format!("https://mta-sts.{domain}:{port}/.well-known/mta-sts.txt"),
            None => format!("https://mta-sts.{domain}/.well-known/mta-sts.txt"),
        }
    }

    pub async fn fetch(&self, domain: &str) -> Result<Fetched, FetchError> {
        let mut response = self.client.get(self.url(domain)).send().await.map_err(classify)?;
        let status = response.status();
        if status.is_redirection() {
            let target = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("?");
            return Err(FetchError::Refused(format!(
                "HTTP {status} redirect to {target}; senders do not follow redirects"
            )));
        }
        if status != reqwest::StatusCode::OK {
            return Err(FetchError::Refused(format!("HTTP {status}")));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|c| String::from_utf8_lossy(c.as_bytes()).into_owned());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > MAX_POLICY_BYTES {
                return Err(FetchError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched { content_type, body })
    }
}

/// The host name had no usable answer; carried through reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum HostLookupError {
    /// A definite answer: the name has no address.
    #[error("{0} has no address (A/AAAA)")]
    NoAddress(String),
    #[error("{0}")]
    Failed(crate::dns::DnsFailure),
}

/// Resolves the policy host through [`Dns`] (its cache and `--nameserver`).
struct DnsResolver(Dns);

impl reqwest::dns::Resolve for DnsResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let error = match dns.addresses(&host).await {
                // Port 0: the connector puts the URL's port in.
                Ok(ips) if !ips.is_empty() => {
                    let addrs: reqwest::dns::Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
                    return Ok(addrs);
                }
                Ok(_) => HostLookupError::NoAddress(host),
                Err(failure) => HostLookupError::Failed(failure),
            };
            Err(Box::new(error) as Box<dyn std::error::Error + Send + Sync>)
        })
    }
}

/// Sort a reqwest error into "the server said no" and "the network failed",
/// with the innermost causes spelled out (a TLS error says why the certificate was refused).
fn classify(error: reqwest::Error) -> FetchError {
    let mut causes = Vec::new();
    let mut lookup = None;
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(found) = cause.downcast_ref::<HostLookupError>() {
            lookup = Some(found);
        }
        let text = cause.to_string();
        if !causes.iter().any(|c: &String| c.contains(&text)) {
            causes.push(text);
        }
        source = cause.source();
    }
    let detail = causes.last().cloned().unwrap_or_else(|| error.to_string());
    match lookup {
        Some(HostLookupError::NoAddress(host)) => FetchError::Refused(format!("{host} has no address (A/AAAA)")),
        Some(HostLookupError::Failed(failure)) => FetchError::Network(failure.to_string()),
        None if error.is_timeout() => FetchError::Network("timed out".into()),
        None if is_certificate_error(&causes) => FetchError::Refused(format!("TLS: {detail}")),
        None => FetchError::Network(detail),
    }
}

/// rustls reports certificate and handshake refusals as "invalid peer certificate" and the like.
fn is_certificate_error(causes: &[String]) -> bool {
    causes.iter().any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("certificate") || c.contains("handshake") || c.contains("alert")
    })
}
