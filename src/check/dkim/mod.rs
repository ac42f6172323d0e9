//! DKIM keys (RFC 6376, RFC 8301, RFC 8463).
//!
//! A DKIM key lives at `<selector>._domainkey.<domain>`, and the selector is
//! only written in signed mail: DNS cannot list them. So we look at the
//! selectors the user names, then at a list of selectors in wide use, and say
//! "no key at the selectors tried", never "no DKIM". A failed lookup is an
//! unknown, never an absence.

pub mod evidence;
pub mod record;

use crate::dns::{Dns, DnsFailure, DnsFailureKind, QueryType};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use record::{KeyKind, clip, looks_like_dkim, parse_key_record};
use serde::{Deserialize, Serialize};

pub static MISSING: Code = Code {
    code: "dkim.missing",
    severity: Severity::Warning,
    title: "No DKIM key found at the selectors tried",
    explanation: "DKIM signs each message so receivers can tell it really comes from your domain; \
    Gmail, Yahoo and Microsoft require it from bulk senders. No key was found at the selectors \
    tried. DNS cannot list selectors, so this does not prove there is none: your mail service may \
    sign with a selector that is not on the list.",
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

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &WEAK_KEY, &SHORT_KEY, &TESTING, &REVOKED, &SYNTAX];

/// Selectors in wide use, tried after the ones the user names. Order: the
/// big mailbox providers, then common generic names, then ESPs.
pub const COMMON_SELECTORS: &[&str] = &[
    "google",
    "selector1",
    "selector2",
    "k1",
    "k2",
    "k3",
    "s1",
    "s2",
    "default",
    "dkim",
    "mail",
    "smtp",
    "mx",
    "key1",
    "key2",
    "sig1",
    "dkim1",
    "fm1",
    "fm2",
    "fm3",
    "protonmail",
    "protonmail2",
    "protonmail3",
    "mandrill",
    "mte1",
    "mte2",
    "mxvault",
    "krs",
    "pic",
    "zendesk1",
    "zendesk2",
    "mailjet",
    "cm",
    "ctct1",
    "ctct2",
    "everlytickey1",
    "everlytickey2",
    "amazonses",
];

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

/// A mail service recognised from the MX or SPF records, and the selectors it
/// signs with by default.
struct ProviderHint {
    name: &'static str,
    selectors: &'static [&'static str],
    advice: &'static str,
}

// Services recognised from both their MX hosts and their SPF include.
const GOOGLE_WORKSPACE: ProviderHint = ProviderHint {
    name: "Google Workspace",
    selectors: &["google"],
    advice: "turn on \"Authenticate email\" in the Google Admin console (Apps > Gmail)",
};

const MICROSOFT_365: ProviderHint = ProviderHint {
    name: "Microsoft 365",
    selectors: &["selector1", "selector2"],
    advice: "enable DKIM for the domain in the Microsoft Defender portal and publish the two CNAMEs it shows",
};

const MX_HINTS: &[(&str, ProviderHint)] = &[
    ("google.com", GOOGLE_WORKSPACE),
    ("googlemail.com", GOOGLE_WORKSPACE),
    ("mail.protection.outlook.com", MICROSOFT_365),
    (
        "messagingengine.com",
        ProviderHint {
            name: "Fastmail",
            selectors: &["fm1", "fm2", "fm3"],
            advice: "publish the DKIM CNAMEs shown in Fastmail's domain settings",
        },
    ),
    (
        "protonmail.ch",
        ProviderHint {
            name: "Proton Mail",
            selectors: &["protonmail", "protonmail2", "protonmail3"],
            advice: "publish the DKIM CNAMEs shown in Proton's domain settings",
        },
    ),
];

const SPF_HINTS: &[(&str, ProviderHint)] = &[
    ("_spf.google.com", GOOGLE_WORKSPACE),
    ("spf.protection.outlook.com", MICROSOFT_365),
    (
        "servers.mcsv.net",
        ProviderHint {
            name: "Mailchimp",
            selectors: &["k1", "k2", "k3"],
            advice: "authenticate the domain in Mailchimp and publish the k1/k2 CNAMEs it shows",
        },
    ),
    (
        "mandrillapp.com",
        ProviderHint {
            name: "Mailchimp Transactional (Mandrill)",
            selectors: &["mandrill", "mte1", "mte2"],
            advice: "verify the sending domain in Mandrill and publish the DKIM record it shows",
        },
    ),
    (
        "sendgrid.net",
        ProviderHint {
            name: "SendGrid",
            selectors: &["s1", "s2"],
            advice: "authenticate the domain in SendGrid and publish the s1/s2 CNAMEs it shows",
        },
    ),
    (
        "mailgun.org",
        ProviderHint {
            name: "Mailgun",
            selectors: &["mx", "krs", "pic", "smtp"],
            advice: "verify the domain in Mailgun and publish the DKIM record it shows (its selector is in the Mailgun DNS settings)",
        },
    ),
    (
        "zendesk.com",
        ProviderHint {
            name: "Zendesk",
            selectors: &["zendesk1", "zendesk2"],
            advice: "publish the zendesk1/zendesk2 CNAMEs from Zendesk's email settings",
        },
    ),
    (
        "spf.constantcontact.com",
        ProviderHint {
            name: "Constant Contact",
            selectors: &["ctct1", "ctct2"],
            advice: "authenticate the domain in Constant Contact and publish the ctct1/ctct2 CNAMEs",
        },
    ),
    (
        "amazonses.com",
        ProviderHint {
            name: "Amazon SES",
            selectors: &[],
            advice: "Easy DKIM uses random selectors: copy the three CNAME names from the SES console and pass the part before ._domainkey with --selector",
        },
    ),
];

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
    let names: Vec<String> = tried.iter().map(|(s, _)| format!("{s}._domainkey.{domain}")).collect();
    let (answers, hints) = futures::join!(
        futures::future::join_all(names.iter().map(|name| dns.txt(name))),
        provider_hints(dns, domain)
    );

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
        findings.push(missing_finding(domain, &tried, &hints));
    }
    if !failures.is_empty() {
        findings.push(temperror_finding(&failures, keys.is_empty()));
    }
    (keys, findings)
}

fn missing_finding(domain: &str, tried: &[(String, &'static str)], hints: &[&ProviderHint]) -> Finding {
    let list: Vec<&str> = tried.iter().map(|(s, _)| s.as_str()).collect();
    let mut message = format!(
        "No DKIM key found at the {} selectors tried; this cannot prove there is none, because DNS only shows a key to someone who knows its selector.",
        list.len()
    );
    let mut fix = None;
    if let Some(hint) = hints.first() {
        if hint.selectors.is_empty() {
            message.push_str(&format!(" Your mail seems to go through {}.", hint.name));
        } else {
            message.push_str(&format!(
                " Your mail seems to go through {}, which signs with selector {}, and there is no key there.",
                hint.name,
                hint.selectors.join("/")
            ));
        }
        fix = Some(format!(
            "For {}: {}. If you sign with another service, find the s= value in the DKIM-Signature header of a sent message and run again with --selector NAME.",
            hint.name, hint.advice
        ));
    }
    let mut finding = Finding::new(&MISSING, message).evidence(format!(
        "selectors tried under ._domainkey.{domain}: {}",
        list.join(", ")
    ));
    if let Some(fix) = fix {
        finding = finding.fix(fix);
    }
    finding
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
mod tests {
    use super::*;
    use crate::dns::RecordData;
    use crate::dns::fake::FakeDns;

    const RSA_512: &str = include_str!("testdata/rsa512.b64");
    const RSA_1024: &str = include_str!("testdata/rsa1024.b64");
    const RSA_2048: &str = include_str!("testdata/rsa2048.b64");
    const ED25519: &str = include_str!("testdata/ed25519-raw.b64");

    fn key(p: &str) -> String {
        format!("v=DKIM1; k=rsa; p={}", p.trim())
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    async fn run(fake: FakeDns, selectors: &[&str]) -> (Vec<DkimKey>, Vec<Finding>) {
        let given: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
        check(&fake.into_dns(), "example.test", &given, None).await
    }

    #[tokio::test]
    async fn key_sizes() {
        let (keys, findings) = run(
            FakeDns::default()
                .txt("a._domainkey.example.test", &key(RSA_512))
                .txt("b._domainkey.example.test", &key(RSA_1024))
                .txt("c._domainkey.example.test", &key(RSA_2048))
                .txt(
                    "d._domainkey.example.test",
                    &format!("v=DKIM1; k=ed25519; p={}", ED25519.trim()),
                ),
            &["a", "b", "c", "d"],
        )
        .await;
        assert_eq!(keys.len(), 4);
        let by_selector = |s: &str| {
            findings
                .iter()
                .filter(|f| f.subject.as_deref() == Some(s))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&by_selector("a").into_iter().cloned().collect::<Vec<_>>()),
            vec!["dkim.weak_key"]
        );
        assert_eq!(
            codes(&by_selector("b").into_iter().cloned().collect::<Vec<_>>()),
            vec!["dkim.short_key"]
        );
        assert!(by_selector("c").is_empty());
        assert!(by_selector("d").is_empty());
        assert_eq!(keys[0].key_bits, Some(512));
        assert_eq!(keys[3].key_type, "ed25519");
        assert!(!codes(&findings).contains(&"dkim.missing"));
        let lines = text_lines(&keys);
        assert!(lines[1].contains("RSA 1024-bit"), "{lines:?}");
        assert!(lines[2].contains("RSA 2048-bit, good"), "{lines:?}");
    }

    #[tokio::test]
    async fn missing_lists_selectors_and_uses_provider_hint() {
        let fake = FakeDns::default()
            .set(
                "example.test",
                QueryType::Mx,
                vec![RecordData::Mx {
                    preference: 1,
                    exchange: "aspmx.l.google.com".into(),
                }],
            )
            .txt("example.test", "v=spf1 include:_spf.google.com ~all");
        let (keys, findings) = run(fake, &["mine"]).await;
        assert!(keys.is_empty());
        assert_eq!(codes(&findings), vec!["dkim.missing"]);
        let f = &findings[0];
        assert!(f.message.contains("cannot prove"), "{}", f.message);
        assert!(f.message.contains("Google Workspace"), "{}", f.message);
        assert!(f.evidence.as_deref().unwrap().contains("mine, google, selector1"));
    }

    #[tokio::test]
    async fn failed_lookup_is_not_missing() {
        let (keys, findings) = run(
            FakeDns::default().fail("sel._domainkey.example.test", QueryType::Txt, DnsFailureKind::ServFail),
            &["sel"],
        )
        .await;
        assert!(keys.is_empty());
        assert_eq!(codes(&findings), vec!["dns.temperror"]);
        assert!(findings[0].message.contains("sel._domainkey.example.test"));
        assert!(findings[0].message.contains("unknown"));
    }

    #[tokio::test]
    async fn testing_revoked_and_syntax() {
        let (_, findings) = run(
            FakeDns::default()
                .txt(
                    "t._domainkey.example.test",
                    &format!("v=DKIM1; t=y; p={}", RSA_2048.trim()),
                )
                .txt(
                    "n._domainkey.example.test",
                    &format!("v=DKIM1; t=s; p={}", RSA_2048.trim()),
                )
                .txt("old._domainkey.example.test", "v=DKIM1; p=")
                .txt("bad._domainkey.example.test", "v=DKIM1; p=@@@"),
            &["t", "n", "old", "bad"],
        )
        .await;
        let pairs: Vec<(&str, &str, Severity)> = findings
            .iter()
            .map(|f| (f.code.as_str(), f.subject.as_deref().unwrap_or(""), f.severity))
            .collect();
        assert!(pairs.contains(&("dkim.testing", "t", Severity::Warning)));
        assert!(!pairs.iter().any(|p| p.1 == "n"));
        // Another key works, so the revoked one is only a note.
        assert!(pairs.contains(&("dkim.revoked", "old", Severity::Info)));
        assert!(pairs.contains(&("dkim.syntax", "bad", Severity::Error)));
    }

    #[tokio::test]
    async fn only_revoked_key_is_a_warning() {
        let (_, findings) = run(
            FakeDns::default().txt("old._domainkey.example.test", "v=DKIM1; p="),
            &["old"],
        )
        .await;
        assert_eq!(codes(&findings), vec!["dkim.revoked"]);
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[tokio::test]
    async fn wildcard_spf_at_selector_is_not_a_key() {
        let (keys, findings) = run(
            FakeDns::default().txt("x._domainkey.example.test", "v=spf1 -all"),
            &["x"],
        )
        .await;
        assert!(keys.is_empty());
        assert_eq!(codes(&findings), vec!["dkim.missing"]);
    }

    #[tokio::test]
    async fn wildcard_is_reported_once() {
        let mut fake = FakeDns::default();
        for s in COMMON_SELECTORS {
            fake = fake.txt(&format!("{s}._domainkey.example.test"), "v=DKIM1; p=");
        }
        let (keys, findings) = run(fake, &[]).await;
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].selector, "*");
        assert_eq!(keys[0].source, "wildcard");
        assert_eq!(codes(&findings), vec!["dkim.revoked"]);
        // Two selectors sharing one key (a rotation pair) is not a wildcard.
        let p = key(RSA_2048);
        let fake = FakeDns::default()
            .txt("selector1._domainkey.example.test", &p)
            .txt("selector2._domainkey.example.test", &p);
        let (keys, _) = run(fake, &[]).await;
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn selector_list() {
        let list = selectors_to_try(
            &["S1._domainkey.example.test".into(), "mine".into(), "mine".into()],
            &["mine", "seen1"],
        );
        assert_eq!(list[0], ("s1".to_string(), "selector_option"));
        assert_eq!(list[1], ("mine".to_string(), "selector_option"));
        assert_eq!(list[2], ("seen1".to_string(), "dmarc_reports"));
        assert_eq!(list.iter().filter(|(s, _)| s == "s1").count(), 1);
        for s in [
            "google",
            "selector1",
            "selector2",
            "k1",
            "k2",
            "k3",
            "s2",
            "default",
            "dkim",
            "mail",
        ] {
            assert!(list.iter().any(|(x, _)| x == s), "{s}");
        }
    }
}
