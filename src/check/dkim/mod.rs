//! DKIM keys (RFC 6376, RFC 8301, RFC 8463).
//!
//! A DKIM key lives at `<selector>._domainkey.<domain>`, and the selector is
//! only written in signed mail: DNS cannot list them. So we look at the
//! selectors the user names, then at a list of selectors in wide use, and say
//! "no key at the selectors tried", never "no DKIM". A failed lookup is an
//! unknown, never an absence.

pub mod evidence;
pub mod record;
pub mod selectors;

use crate::dns::{Dns, DnsFailure, DnsFailureKind, QueryType};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use record::{KeyKind, clip, looks_like_dkim, parse_key_record};
pub use selectors::COMMON_SELECTORS;
use selectors::{MX_HINTS, ProviderHint, SPF_HINTS};
use serde::{Deserialize, Serialize};

pub static MISSING: Code = Code {
    code: "dkim.missing",
    severity: Severity::Warning,
    title: "No DKIM key",
    explanation: "DKIM signs each message so receivers can tell it really comes from your domain; \
    Gmail, Yahoo and Microsoft require it from bulk senders. Raised only with evidence: every \
    selector you named with --selector has no key, or `_domainkey.DOMAIN` does not exist at all \
    (NXDOMAIN), so no key can exist below it (RFC 8020).",
    fix: "Look at the DKIM-Signature header of a message you sent (the s= value is the selector) and run \
    again with --selector NAME. If there is none, turn on DKIM signing in your mail service and \
    publish the key it gives you.",
    incomplete: false,
};

pub static WEAK_KEY: Code = Code {
    code: "dkim.weak_key",
    severity: Severity::Error,
    title: "DKIM key too weak",
    explanation: "The RSA key is shorter than 1024 bits. Such keys can be broken, and receivers \
    (RFC 8301) treat signatures made with them as if the message were not signed.",
    fix: "Create a new 2048-bit key in your mail service, publish it under a new selector, switch \
    signing to it, then empty the old record (p=).",
    incomplete: false,
};

pub static SHORT_KEY: Code = Code {
    code: "dkim.short_key",
    severity: Severity::Warning,
    title: "DKIM key shorter than recommended",
    explanation: "The RSA key is at least 1024 bits, so signatures still verify, but it is below \
    the 2048 bits recommended today; some receivers and audits already mark 1024-bit keys down.",
    fix: "Rotate to a 2048-bit key: publish it under a new selector, switch signing to it, then \
    empty the old record (p=).",
    incomplete: false,
};

pub static TESTING: Code = Code {
    code: "dkim.testing",
    severity: Severity::Warning,
    title: "DKIM key in testing mode",
    explanation: "The key has t=y, which tells receivers the domain is only testing DKIM, so they \
    may treat failed signatures as if the message were unsigned.",
    fix: "Once signing works, remove t=y from the key record.",
    incomplete: false,
};

pub static REVOKED: Code = Code {
    code: "dkim.revoked",
    severity: Severity::Info,
    title: "DKIM key revoked",
    explanation: "The key record has an empty p=, which withdraws the key: messages signed with \
    this selector fail DKIM. That is right for a retired selector, but a problem if mail is \
    still signed with it.",
    fix: "If mail is still signed with this selector, publish its current public key; otherwise \
    nothing to do.",
    incomplete: false,
};

pub static SYNTAX: Code = Code {
    code: "dkim.syntax",
    severity: Severity::Error,
    title: "DKIM key record unreadable",
    explanation: "The key record cannot be read (missing or broken p=, unknown key type, wrong \
    version), so every signature made with this selector fails.",
    fix: "Copy the key record again from your mail service, exactly as given: v=DKIM1; k=rsa; p=... \
    (a long key may be split into several quoted strings, which is fine).",
    incomplete: false,
};

pub static UNKNOWN: Code = Code {
    code: "dkim.unknown",
    severity: Severity::Info,
    title: "DKIM key not found at the guessed selectors",
    explanation: "No key was found at the selectors in wide use. DNS cannot list selectors, so \
    this proves nothing: your mail service may sign with a selector that is not on the list. \
    Whether the domain has DKIM is unknown, not failing.",
    fix: "Give your selector with --selector NAME (the s= value in the DKIM-Signature header of a \
    message you sent), or run with --dmarc-reports PATH so the selectors your mail is signed with are read from your DMARC reports.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &UNKNOWN, &WEAK_KEY, &SHORT_KEY, &TESTING, &REVOKED, &SYNTAX];

/// This many selectors answering the same record means a wildcard.
const WILDCARD_MIN: usize = 4;

status_enum! {
    /// How usable a DKIM key is.
    #[derive(Default)]
    pub enum KeyStatus {
        #[default]
        Ok => "ok",
        /// RSA 1024..2047 bits: works, below today's recommendation.
        Short => "short",
        /// RSA under 1024 bits: receivers ignore it.
        Weak => "weak",
        /// Empty p=.
        Revoked => "revoked",
        Invalid => "invalid",
    }
}

/// One key record found at a selector. Serialised in `domains[].dkim[]`
/// (schema_version 1; see docs/dkim.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkimKey {
    pub selector: String,
    /// The DNS name the key was found at.
    #[serde(default)]
    pub name: String,
    /// `selector_option` (named with --selector), `dmarc_reports` (seen in
    /// the reports given with --dmarc-reports), `common_list`, or
    /// `wildcard` (the same record at every selector; `selector` is `*`).
    #[serde(default)]
    pub source: String,
    /// For selectors seen in DMARC reports: "seen in 3 reports from google.com".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_in: Option<String>,
    /// The TXT record, strings joined.
    #[serde(default)]
    pub record: String,
    /// `rsa`, `ed25519`, or what k= says.
    #[serde(default)]
    pub key_type: String,
    /// RSA modulus size; 256 for ed25519; absent when unreadable or revoked.
    #[serde(default)]
    pub key_bits: Option<u32>,
    #[serde(default)]
    pub status: KeyStatus,
    /// t=y.
    #[serde(default)]
    pub testing: bool,
    /// Smaller remarks (PKCS#1 key format, SHA-1 only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl DkimKey {
    fn usable(&self) -> bool {
        matches!(self.status, KeyStatus::Ok | KeyStatus::Short)
    }
}

/// The selectors to try: the user's first (as typed, lower-cased; a full
/// `sel._domainkey.domain` name is cut to `sel`), then those seen in DMARC
/// reports, then the common list.
pub fn selectors_to_try(given: &[String], seen: &[&str]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for selector in given {
        let mut s = selector.trim().trim_end_matches('.').to_ascii_lowercase();
        if let Some(i) = s.find("._domainkey") {
            s.truncate(i);
        }
        if !s.is_empty() && !out.iter().any(|(seen, _)| *seen == s) {
            out.push((s, "selector_option"));
        }
    }
    for s in seen {
        if !out.iter().any(|(tried, _)| tried == s) {
            out.push((s.to_string(), "dmarc_reports"));
        }
    }
    for s in COMMON_SELECTORS {
        if !out.iter().any(|(seen, _)| seen == s) {
            out.push((s.to_string(), "common_list"));
        }
    }
    out
}

/// Mail services this domain seems to use, from its MX and SPF records as
/// already fetched by the other checks (cached). Failures are ignored: the MX
/// and SPF checks report them.
async fn provider_hints(dns: &Dns, domain: &str) -> Vec<&'static ProviderHint> {
    let (mx, txt) = futures::join!(dns.lookup(domain, QueryType::Mx), dns.txt(domain));
    let mut hints: Vec<&'static ProviderHint> = Vec::new();
    let mut add = |hint: &'static ProviderHint| {
        if !hints.iter().any(|h| h.name == hint.name) {
            hints.push(hint);
        }
    };
    if let Ok(mx) = mx {
        for record in &mx.records {
            if let crate::dns::RecordData::Mx { exchange, .. } = record {
                for (suffix, hint) in MX_HINTS {
                    if exchange == suffix || exchange.ends_with(&format!(".{suffix}")) {
                        add(hint);
                    }
                }
            }
        }
    }
    if let Ok(txt) = txt {
        for text in txt.txt_strings() {
            let lower = text.to_ascii_lowercase();
            if !lower.starts_with("v=spf1") {
                continue;
            }
            for term in lower.split_ascii_whitespace() {
                let Some(target) = term.trim_start_matches(['+', '~', '?', '-']).strip_prefix("include:") else {
                    continue;
                };
                for (suffix, hint) in SPF_HINTS {
                    if target == *suffix || target.ends_with(&format!(".{suffix}")) {
                        add(hint);
                    }
                }
            }
        }
    }
    hints
}

/// Look for DKIM keys of `domain` at `selectors`, the selectors the DMARC
/// reports saw (`evidence`) and the common selectors.
pub async fn check(
    dns: &Dns,
    domain: &str,
    selectors: &[String],
    evidence: Option<&evidence::ReportEvidence>,
) -> (Vec<DkimKey>, Vec<Finding>) {
    let seen = evidence.map(|e| e.selectors_for(domain)).unwrap_or_default();
    let seen_names: Vec<&str> = seen.iter().map(|s| s.selector.as_str()).collect();
    let tried = selectors_to_try(selectors, &seen_names);
    let tree = format!("_domainkey.{domain}");
    let (tree_answer, hints) = futures::join!(dns.txt(&tree), provider_hints(dns, domain));
    // RFC 8020: under an NXDOMAIN nothing exists, so no selector can hold a
    // key; asking for each guess would only repeat the answer.
    if tree_answer.as_ref().is_ok_and(|answer| answer.nxdomain) {
        return (Vec::new(), vec![no_key_tree_finding(domain, &hints)]);
    }
    let names: Vec<String> = tried.iter().map(|(s, _)| format!("{s}.{tree}")).collect();
    let answers = futures::future::join_all(names.iter().map(|name| dns.txt(name))).await;

    let mut findings = Vec::new();
    let mut failures: Vec<DnsFailure> = Vec::new();
    let mut found: Vec<(&str, &'static str, &str, Vec<String>)> = Vec::new();
    // Selectors with a definite answer and no key there.
    let mut absent: Vec<&str> = Vec::new();
    for (((selector, source), name), answer) in tried.iter().zip(&names).zip(answers) {
        match answer {
            Ok(answer) => {
                let records: Vec<String> = answer
                    .txt_strings()
                    .into_iter()
                    .filter(|t| looks_like_dkim(t))
                    .collect();
                if records.is_empty() {
                    absent.push(selector);
                } else {
                    found.push((selector, source, name, records));
                }
            }
            // A name too long for DNS cannot hold a key: not a failure to report.
            Err(failure) if failure.kind == DnsFailureKind::InvalidName => absent.push(selector),
            Err(failure) => failures.push(failure),
        }
    }

    // The same record at many unrelated selectors is a wildcard
    // (`*._domainkey`), often `p=` to say "no keys here": report it once.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, _, _, records) in &found {
        for text in records {
            *counts.entry(text.as_str()).or_default() += 1;
        }
    }
    let wildcards: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= WILDCARD_MIN)
        .map(|(text, _)| text.to_string())
        .collect();

    let mut keys = Vec::new();
    for (selector, source, name, records) in &found {
        let records: Vec<&String> = records.iter().filter(|t| !wildcards.contains(t)).collect();
        if records.len() > 1 {
            findings.push(
                Finding::new(
                    &SYNTAX,
                    format!(
                        "Selector {selector} has {} key records; receivers may pick any of them, so signatures fail at random.",
                        records.len()
                    ),
                )
                .subject(selector.to_string())
                .evidence(clip(&records.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" | "), 2000))
                .fix("Keep exactly one v=DKIM1 record at this name."),
            );
        }
        for text in records {
            let (mut key, key_findings) = read_key(selector, source, name, text);
            key.seen_in = seen.iter().find(|s| s.selector == *selector).map(|s| s.provenance());
            keys.push(key);
            findings.extend(key_findings);
        }
    }
    for text in &wildcards {
        let name = format!("*._domainkey.{domain}");
        let (mut key, key_findings) = read_key("*", "wildcard", &name, text);
        key.notes
            .push("the same record answers at every selector tried: a wildcard, not a real selector".to_string());
        keys.push(key);
        findings.extend(key_findings);
    }

    // Revoked is only worth more than a note when nothing else can verify mail.
    if !keys.iter().any(DkimKey::usable) {
        for finding in findings.iter_mut().filter(|f| f.code == &REVOKED) {
            finding.severity = Severity::Warning;
            finding.message.push_str(" No other working key was found.");
        }
    }

    let evidence_findings = evidence
        .map(|e| evidence::findings(domain, e, &keys, &absent))
        .unwrap_or_default();
    // A selector seen signing mail without a key says more than "none found".
    let evidence_missing = evidence_findings.iter().any(|f| f.code == &MISSING);
    findings.extend(evidence_findings);
    if keys.is_empty() && failures.is_empty() && !evidence_missing {
        findings.push(not_found_finding(domain, &tried, &hints));
    }
    if !failures.is_empty() {
        findings.push(temperror_finding(&failures, keys.is_empty()));
    }
    (keys, findings)
}

/// What the mail service seen in MX/SPF signs with, and how to turn it on.
fn provider_advice(hints: &[&ProviderHint]) -> (String, Option<String>) {
    let Some(hint) = hints.first() else {
        return (String::new(), None);
    };
    let said = if hint.selectors.is_empty() {
        format!(" Your mail seems to go through {}.", hint.name)
    } else {
        format!(
            " Your mail seems to go through {}, which signs with selector {}, and there is no key there.",
            hint.name,
            hint.selectors.join("/")
        )
    };
    let fix = format!(
        "For {}: {}. If you sign with another service, find the s= value in the DKIM-Signature header of a sent message and run again with --selector NAME.",
        hint.name, hint.advice
    );
    (said, Some(fix))
}

/// `_domainkey.DOMAIN` is NXDOMAIN: evidence that there is no key at all.
fn no_key_tree_finding(domain: &str, hints: &[&ProviderHint]) -> Finding {
    let (said, fix) = provider_advice(hints);
    let message = format!(
        "No DKIM key: _domainkey.{domain} does not exist (NXDOMAIN), so no selector below it can hold a key (RFC 8020); the selector guesses were skipped.{said}"
    );
    let finding = Finding::new(&MISSING, message)
        .subject(format!("_domainkey.{domain}"))
        .evidence(format!("TXT _domainkey.{domain}: NXDOMAIN"));
    match fix {
        Some(fix) => finding.fix(fix),
        None => finding,
    }
}

/// No key at any selector tried. Missing when the user named selectors (they
/// said where the key is); otherwise the guesses prove nothing: unknown.
fn not_found_finding(domain: &str, tried: &[(String, &'static str)], hints: &[&ProviderHint]) -> Finding {
    let list: Vec<&str> = tried.iter().map(|(s, _)| s.as_str()).collect();
    let named: Vec<&str> = tried
        .iter()
        .filter(|(_, source)| *source == "selector_option")
        .map(|(s, _)| s.as_str())
        .collect();
    let (said, fix) = provider_advice(hints);
    let finding = if named.is_empty() {
        Finding::new(
            &UNKNOWN,
            format!(
                "No DKIM key found at the {} selectors guessed; this cannot prove there is none, because DNS only shows a key to someone who knows its selector.{said}",
                list.len()
            ),
        )
    } else {
        Finding::new(
            &MISSING,
            format!(
                "No DKIM key at the selector{} you named ({}), nor at the {} common selectors.{said}",
                if named.len() == 1 { "" } else { "s" },
                named.join(", "),
                list.len() - named.len()
            ),
        )
    };
    let finding = finding.evidence(format!(
        "selectors tried under ._domainkey.{domain}: {}",
        list.join(", ")
    ));
    match fix {
        Some(fix) => finding.fix(fix),
        None => finding,
    }
}

fn temperror_finding(failures: &[DnsFailure], nothing_found: bool) -> Finding {
    let names: Vec<&str> = failures.iter().map(|f| f.name.as_str()).collect();
    let shown = names.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    let more = if names.len() > 10 {
        format!(" and {} more", names.len() - 10)
    } else {
        String::new()
    };
    let consequence = if nothing_found {
        "so whether the domain has a DKIM key is unknown"
    } else {
        "so keys there (and their problems) are unknown"
    };
    let evidence = failures
        .iter()
        .take(10)
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    Finding::new(
        &crate::dns::TEMPERROR,
        format!(
            "DKIM key lookups failed for {} selector name{} ({shown}{more}), {consequence}.",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        ),
    )
    .subject(names.first().copied().unwrap_or_default().to_string())
    .evidence(evidence)
}

/// Read one key record into its report entry and findings.
fn read_key(selector: &str, source: &str, name: &str, text: &str) -> (DkimKey, Vec<Finding>) {
    let parsed = parse_key_record(text);
    let evidence = clip(text, 2000);
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let finding = |code: &'static Code, message: String| {
        Finding::new(code, message)
            .subject(selector.to_string())
            .evidence(format!("{name} TXT \"{evidence}\""))
    };
    let (key_bits, status) = match (&parsed.kind, parsed.problems.is_empty()) {
        (Some(KeyKind::Revoked), true) => {
            findings.push(finding(
                &REVOKED,
                format!("The key at selector {selector} is revoked (empty p=): mail signed with it fails DKIM."),
            ));
            (None, KeyStatus::Revoked)
        }
        (Some(KeyKind::Ed25519), true) => (Some(256), KeyStatus::Ok),
        (Some(KeyKind::Rsa { bits, pkcs1 }), true) => {
            if *pkcs1 {
                notes.push(
                    "key is a bare RSAPublicKey, not the SubjectPublicKeyInfo RFC 6376 asks for; most receivers accept it"
                        .to_string(),
                );
            }
            if *bits > 4096 {
                notes.push(format!(
                    "RSA {bits}-bit is above the 4096 bits receivers must support (RFC 8301); some cannot verify it"
                ));
            }
            let status = if *bits < 1024 {
                findings.push(finding(
                    &WEAK_KEY,
                    format!(
                        "The key at selector {selector} is RSA {bits}-bit: too weak, receivers treat its signatures as missing."
                    ),
                ));
                KeyStatus::Weak
            } else if *bits < 2048 {
                findings.push(finding(
                    &SHORT_KEY,
                    format!(
                        "The key at selector {selector} is RSA {bits}-bit: it works, but 2048 bits is today's recommendation."
                    ),
                ));
                KeyStatus::Short
            } else {
                KeyStatus::Ok
            };
            (Some(*bits), status)
        }
        _ => {
            let why = if parsed.problems.is_empty() {
                "the key cannot be read".to_string()
            } else {
                parsed.problems.join("; ")
            };
            findings.push(finding(
                &SYNTAX,
                format!("The key record at selector {selector} is broken ({why}), so mail signed with it fails DKIM."),
            ));
            (None, KeyStatus::Invalid)
        }
    };
    if parsed.testing && !matches!(status, KeyStatus::Invalid | KeyStatus::Revoked) {
        findings.push(finding(
            &TESTING,
            format!(
                "The key at selector {selector} is marked as testing (t=y): receivers may ignore failed signatures."
            ),
        ));
    }
    if parsed.sha1_only {
        notes.push("h= allows only SHA-1, which receivers no longer accept (RFC 8301)".to_string());
    }
    let key = DkimKey {
        selector: selector.to_string(),
        name: name.to_string(),
        source: source.to_string(),
        record: text.to_string(),
        key_type: parsed.key_type,
        key_bits,
        status,
        testing: parsed.testing,
        notes,
        seen_in: None,
    };
    (key, findings)
}

/// Lines for the text report's "Records found" section.
pub fn text_lines(keys: &[DkimKey]) -> Vec<String> {
    if keys.is_empty() {
        return vec!["(no key found at the selectors tried)".into()];
    }
    keys.iter()
        .map(|k| {
            let kind = match (k.key_type.as_str(), k.key_bits) {
                ("rsa", Some(bits)) => format!("RSA {bits}-bit"),
                ("ed25519", _) => "Ed25519".to_string(),
                (other, _) => other.to_uppercase(),
            };
            let verdict = match k.status {
                KeyStatus::Ok => format!("{kind}, good"),
                KeyStatus::Short => format!("{kind}, works but below the recommended 2048 bits"),
                KeyStatus::Weak => format!("{kind}, too weak: receivers ignore it"),
                KeyStatus::Revoked => "revoked (empty key)".to_string(),
                KeyStatus::Invalid => "broken record: signatures fail".to_string(),
            };
            let testing = if k.testing { ", testing mode (t=y)" } else { "" };
            let seen = k.seen_in.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            format!("selector {}: {verdict}{testing}{seen}", k.selector)
        })
        .collect()
}

#[cfg(test)]
mod tests;
