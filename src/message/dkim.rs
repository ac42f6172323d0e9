//! DKIM verification of the message (RFC 6376, RFC 8463), with mail-auth.
//!
//! mail-auth verifies; the keys come from our own DNS layer so `--nameserver`,
//! retries and the three-state answers apply: every `selector._domainkey.d`
//! name is fetched through [`Dns`] first and handed to mail-auth through its
//! TXT cache. Its own resolver has no name servers, so nothing leaks past us.

use crate::check::dkim::record::{KeyKind, parse_key_record};
use crate::dns::Dns;
use crate::finding::Finding;
use mail_auth::common::crypto::Algorithm;
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::dkim::DkimError;
use mail_auth::{
    AuthenticatedMessage, DkimResult, DnsError, Error, MessageAuthenticator, Parameters, ResolverCache, Txt,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Headers a campaign signature should cover when the message has them.
pub const HEADERS_TO_SIGN: &[&str] = &[
    "From",
    "Subject",
    "Date",
    "To",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
    "Content-Type",
];

status_enum! {
    /// How one signature fared.
    pub enum SignatureStatus {
        Pass => "pass",
        /// bh= does not match the body: the body changed after signing.
        BodyHashMismatch => "body_hash_mismatch",
        /// b= does not verify over the signed headers with the published key.
        SignatureMismatch => "signature_mismatch",
        /// h= does not include From (RFC 6376 5.4).
        FromNotSigned => "from_not_signed",
        /// RSA key under 1024 bits: receivers treat it as unsigned (RFC 8301).
        WeakKey => "weak_key",
        /// No key record at the selector, or an empty (revoked) one.
        KeyMissing => "key_missing",
        /// The key record or the signature cannot be used (syntax, algorithm, expiry).
        Unusable => "unusable",
        /// The key lookup failed: unknown.
        TempError => "temp_error",
    }
}

impl SignatureStatus {
    pub fn is_valid(self) -> bool {
        self == SignatureStatus::Pass
    }

    /// In words, for the text report.
    pub fn describe(self) -> &'static str {
        match self {
            SignatureStatus::Pass => "pass",
            SignatureStatus::BodyHashMismatch => "body hash mismatch",
            SignatureStatus::SignatureMismatch => "header signature mismatch",
            SignatureStatus::FromNotSigned => "From not signed",
            SignatureStatus::WeakKey => "key under 1024 bits",
            SignatureStatus::KeyMissing => "no key",
            SignatureStatus::Unusable => "unusable",
            SignatureStatus::TempError => "key lookup failed",
        }
    }
}

/// One DKIM-Signature and what verifying it showed. Serialised in `messages[].dkim[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// d=
    pub domain: String,
    /// s=
    pub selector: String,
    /// a=, e.g. `rsa-sha256`.
    pub algorithm: String,
    /// Size of the RSA key (Ed25519 keys have no size to judge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    pub status: SignatureStatus,
    /// In plain words, what failed.
    pub detail: String,
    /// h=, as written.
    pub signed_headers: Vec<String>,
    /// l=, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_length: Option<u64>,
}

impl SignatureCheck {
    /// Whether this signature covers header `name` (h= is case-insensitive).
    pub fn signs(&self, name: &str) -> bool {
        self.signed_headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// ARC chain as verified by us (RFC 8617). Present when the message has ARC sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArcCheck {
    /// `pass`, `fail`, `none` or `temperror`.
    pub result: String,
    /// Number of ARC sets (i=1..n).
    pub sets: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// Keys fetched through [`Dns`], as mail-auth's TXT cache.
#[derive(Default)]
struct PrefetchedKeys(Mutex<HashMap<Box<str>, Txt>>);

impl ResolverCache<Box<str>, Txt> for PrefetchedKeys {
    fn get<Q>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.get(name).cloned()
    }

    fn remove<Q>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.remove(name)
    }

    // Nothing to insert: every name mail-auth may ask for is fetched up front.
    fn insert(&self, _: Box<str>, _: Txt, _: std::time::Instant) {}
}

/// What we learned about the key at one name, besides mail-auth's view of it.
#[derive(Debug, Clone, Default)]
struct KeyInfo {
    rsa_bits: Option<u32>,
    lookup_failed: bool,
    revoked: bool,
}

/// The name mail-auth asks for: `selector._domainkey.domain.`.
fn key_name(selector: &str, domain: &str) -> String {
    format!("{selector}._domainkey.{domain}.")
}

fn algorithm_name(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::RsaSha256 => "rsa-sha256",
        Algorithm::RsaSha1 => "rsa-sha1",
        Algorithm::Ed25519Sha256 => "ed25519-sha256",
    }
}

/// Fetch one key through our DNS layer into the cache.
async fn prefetch(dns: &Dns, name: &str, cache: &PrefetchedKeys, findings: &mut Vec<Finding>) -> KeyInfo {
    let mut info = KeyInfo::default();
    let entry = match dns.txt(name.trim_end_matches('.')).await {
        Ok(answer) => {
            let records = answer.txt_strings();
            let parsed = records.iter().find_map(|r| DomainKey::parse(r.as_bytes()).ok());
            if let Some(record) = records.iter().find(|r| r.contains("p=")) {
                match parse_key_record(record).kind {
                    Some(KeyKind::Rsa { bits, .. }) => info.rsa_bits = Some(bits),
                    Some(KeyKind::Revoked) => info.revoked = true,
                    _ => {}
                }
            }
            match parsed {
                Some(key) => Txt::DomainKey(Arc::new(key)),
                None if info.revoked => Txt::Error(Error::Dkim(DkimError::RevokedPublicKey)),
                None if records.is_empty() => Txt::Error(Error::Dns(DnsError::RecordNotFound(
                    mail_auth::hickory_resolver::proto::op::ResponseCode::NXDomain,
                ))),
                None => Txt::Error(Error::Dns(DnsError::InvalidRecordType)),
            }
        }
        Err(failure) => {
            info.lookup_failed = true;
            findings.push(crate::check::temperror(&failure, "a DKIM signature of the message"));
            Txt::Error(Error::Dns(DnsError::Resolver(failure.to_string())))
        }
    };
    if let Ok(mut map) = cache.0.lock() {
        map.insert(name.into(), entry);
    }
    info
}

/// A verifier whose own resolver knows no servers: any name we did not
/// prefetch fails as a temporary error instead of leaving through another path.
fn offline_authenticator() -> Option<MessageAuthenticator> {
    use mail_auth::hickory_resolver::config::{ResolverConfig, ResolverOpts};
    MessageAuthenticator::new(
        ResolverConfig::from_parts(None, vec![], vec![]),
        ResolverOpts::default(),
    )
    .ok()
}

/// Verify every DKIM signature (and the ARC chain, if any) of `raw`.
/// `selectors`: the message must carry a signature with one of them.
pub async fn verify(
    dns: &Dns,
    raw: &[u8],
    selectors: &[String],
) -> (Vec<SignatureCheck>, Option<ArcCheck>, Vec<Finding>) {
    let mut findings = Vec::new();
    // Not strict: signatures with l= are verified (and reported), not dropped.
    let Some(message) = AuthenticatedMessage::parse_with_opts(raw, None, false) else {
        findings.push(Finding::new(
            &super::DKIM_MISSING,
            "The message has no headers, so no DKIM signature.",
        ));
        return (Vec::new(), None, findings);
    };

    let cache = PrefetchedKeys::default();
    let mut names: Vec<String> = message
        .dkim_headers
        .iter()
        .map(|h| key_name(&h.header.s, &h.header.d))
        .collect();
    names.extend(message.as_headers.iter().map(|h| key_name(&h.header.s, &h.header.d)));
    names.extend(message.ams_headers.iter().map(|h| key_name(&h.header.s, &h.header.d)));
    names.sort();
    names.dedup();
    let mut keys = HashMap::new();
    for name in &names {
        let info = prefetch(dns, name, &cache, &mut findings).await;
        keys.insert(name.clone(), info);
    }

    let Some(authenticator) = offline_authenticator() else {
        findings.push(Finding::new(
            &super::DKIM_INVALID,
            "The DKIM verifier could not be set up, so no signature was verified.",
        ));
        return (Vec::new(), None, findings);
    };
    let outputs = authenticator
        .verify_dkim(Parameters::new(&message).with_txt_cache(&cache))
        .await;

    let mut checks = Vec::new();
    for output in &outputs {
        let Some(signature) = output.signature() else {
            // A DKIM-Signature header mail-auth could not read at all.
            let why = match output.result() {
                DkimResult::Neutral(e) | DkimResult::PermError(e) | DkimResult::Fail(e) | DkimResult::TempError(e) => {
                    e.to_string()
                }
                _ => "unreadable".to_string(),
            };
            findings.push(
                Finding::new(
                    &super::DKIM_INVALID,
                    format!("A DKIM-Signature header cannot be read ({why}), so it does not count."),
                )
                .evidence(why),
            );
            continue;
        };
        let name = key_name(&signature.s, &signature.d);
        let info = keys.get(&name).cloned().unwrap_or_default();
        let (mut status, mut detail) = classify(output.result());
        if status == SignatureStatus::Pass && !signature.h.iter().any(|h| h.eq_ignore_ascii_case("from")) {
            status = SignatureStatus::FromNotSigned;
            detail = "h= does not include From, which RFC 6376 5.4 requires".to_string();
        }
        if status == SignatureStatus::Pass && info.rsa_bits.is_some_and(|b| b < 1024) {
            status = SignatureStatus::WeakKey;
            detail = "the RSA key is under 1024 bits; RFC 8301 says not to accept it".to_string();
        }
        if status == SignatureStatus::KeyMissing && info.revoked {
            detail = "the key record at the selector is revoked (empty p=)".to_string();
        }
        checks.push(SignatureCheck {
            domain: signature.d.to_ascii_lowercase(),
            selector: signature.s.clone(),
            algorithm: algorithm_name(signature.a).to_string(),
            key_bits: info.rsa_bits,
            status,
            detail,
            signed_headers: signature.h.clone(),
            body_length: (signature.l > 0).then_some(signature.l),
        });
    }
    findings.extend(signature_findings(&checks, &message, selectors));

    let arc = if message.as_headers.is_empty() && message.ams_headers.is_empty() {
        None
    } else {
        let output = authenticator
            .verify_arc(Parameters::new(&message).with_txt_cache(&cache))
            .await;
        let (result, detail) = match output.result() {
            DkimResult::Pass => ("pass", String::new()),
            DkimResult::None => ("none", String::new()),
            DkimResult::TempError(e) => ("temperror", e.to_string()),
            DkimResult::Fail(e) | DkimResult::Neutral(e) | DkimResult::PermError(e) => ("fail", e.to_string()),
        };
        Some(ArcCheck {
            result: result.to_string(),
            sets: message.as_headers.len(),
            detail,
        })
    };
    (checks, arc, findings)
}

/// mail-auth's result in our words; body hash and header signature told apart.
fn classify(result: &DkimResult) -> (SignatureStatus, String) {
    match result {
        DkimResult::Pass => (SignatureStatus::Pass, "verifies".to_string()),
        DkimResult::Neutral(Error::Dkim(DkimError::FailedBodyHashMatch)) => (
            SignatureStatus::BodyHashMismatch,
            "the body hash (bh=) does not match: the body was changed after signing".to_string(),
        ),
        DkimResult::Fail(Error::Crypto(_)) | DkimResult::Fail(Error::Dkim(DkimError::FailedAuidMatch)) => (
            SignatureStatus::SignatureMismatch,
            "the header signature (b=) does not verify: a signed header was changed, or the published key is \
             not the one that signed"
                .to_string(),
        ),
        DkimResult::PermError(Error::Dns(_)) => (
            SignatureStatus::KeyMissing,
            "no DKIM key is published at the signature's selector".to_string(),
        ),
        DkimResult::PermError(Error::Dkim(DkimError::RevokedPublicKey)) => (
            SignatureStatus::KeyMissing,
            "the key record at the selector is revoked (empty p=)".to_string(),
        ),
        DkimResult::TempError(e) => (SignatureStatus::TempError, format!("the key lookup failed: {e}")),
        DkimResult::Fail(e) | DkimResult::Neutral(e) | DkimResult::PermError(e) => {
            (SignatureStatus::Unusable, e.to_string())
        }
        DkimResult::None => (SignatureStatus::Unusable, "not verified".to_string()),
    }
}

/// Findings about the signatures as a whole and each one.
fn signature_findings(
    checks: &[SignatureCheck],
    message: &AuthenticatedMessage<'_>,
    selectors: &[String],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if message.dkim_headers.is_empty() && !message.has_dkim_errors {
        findings.push(
            Finding::new(
                &super::DKIM_MISSING,
                "The message has no DKIM-Signature header: it is not signed.",
            )
            .evidence("no DKIM-Signature header"),
        );
    } else if !selectors.is_empty()
        && !checks
            .iter()
            .any(|c| selectors.iter().any(|s| s.eq_ignore_ascii_case(&c.selector)))
    {
        let seen: Vec<String> = checks
            .iter()
            .map(|c| format!("s={} d={}", c.selector, c.domain))
            .collect();
        findings.push(
            Finding::new(
                &super::DKIM_MISSING,
                format!(
                    "The message is not signed with the selector{} you named ({}).",
                    if selectors.len() == 1 { "" } else { "s" },
                    selectors.join(", ")
                ),
            )
            .evidence(format!(
                "signatures: {}",
                if seen.is_empty() {
                    "none".to_string()
                } else {
                    seen.join("; ")
                }
            )),
        );
    }
    let present: Vec<&str> = HEADERS_TO_SIGN
        .iter()
        .copied()
        .filter(|name| {
            message
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
        })
        .collect();
    for check in checks {
        let subject = format!("s={} d={}", check.selector, check.domain);
        match check.status {
            SignatureStatus::Pass | SignatureStatus::TempError => {}
            SignatureStatus::WeakKey => findings.push(
                Finding::new(
                    &super::DKIM_WEAK_KEY,
                    format!(
                        "The signature by {} is made with a {}-bit RSA key; receivers treat it as no signature.",
                        check.domain,
                        check.key_bits.unwrap_or(0)
                    ),
                )
                .subject(subject.clone()),
            ),
            status => findings.push(
                Finding::new(
                    &super::DKIM_INVALID,
                    format!(
                        "The DKIM signature by {} does not verify: {}.",
                        check.domain, check.detail
                    ),
                )
                .evidence(format!("{subject} a={}: {}", check.algorithm, status.describe()))
                .subject(subject.clone()),
            ),
        }
        if check.status != SignatureStatus::WeakKey && check.key_bits.is_some_and(|b| b < 2048) {
            findings.push(
                Finding::new(
                    &crate::check::dkim::SHORT_KEY,
                    format!(
                        "The signature by {} uses a {}-bit RSA key, below the 2048 bits recommended today.",
                        check.domain,
                        check.key_bits.unwrap_or(0)
                    ),
                )
                .subject(subject.clone()),
            );
        }
        if let Some(length) = check.body_length {
            findings.push(
                Finding::new(
                    &super::DKIM_BODY_LENGTH,
                    format!(
                        "The signature by {} covers only the first {length} bytes of the body (l=): anything \
                         appended later still verifies.",
                        check.domain
                    ),
                )
                .evidence(format!("l={length}"))
                .subject(subject.clone()),
            );
        }
        let unsigned: Vec<&str> = present.iter().copied().filter(|name| !check.signs(name)).collect();
        if !unsigned.is_empty() && check.status != SignatureStatus::FromNotSigned {
            findings.push(
                Finding::new(
                    &super::DKIM_HEADERS_UNSIGNED,
                    format!(
                        "The signature by {} does not cover {}: they can be changed without breaking it.",
                        check.domain,
                        unsigned.join(", ")
                    ),
                )
                .evidence(format!("h={}", check.signed_headers.join(":")))
                .subject(subject),
            );
        }
    }
    findings
}
