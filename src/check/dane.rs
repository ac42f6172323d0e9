//! DANE for SMTP (RFC 7672): TLSA records at `_25._tcp.MXHOST`. They count
//! only in a DNSSEC-signed zone, which we learn from the AD bit of a
//! validating resolver; so an unsigned answer depends on the resolver asked.

use crate::dns::{Dns, QueryType, RecordData};
use crate::finding::{Code, Finding, Severity};
use serde::{Deserialize, Serialize};

pub static PRESENT: Code = Code {
    code: "dane.present",
    severity: Severity::Info,
    title: "DANE TLSA records published",
    explanation: "The MX host publishes TLSA records at _25._tcp.<host>: senders that support DANE \
        (RFC 7672) insist on TLS with a certificate matching them. A certificate change without a \
        TLSA update makes those senders stop delivering.",
    fix: "Nothing to fix; publish the new TLSA record before every certificate or key change \
        (keep old and new side by side during the change).",
    incomplete: false,
};

pub static INVALID_RECORD: Code = Code {
    code: "dane.invalid_record",
    severity: Severity::Error,
    title: "Invalid TLSA record",
    explanation: "A TLSA record for an MX host has an unknown usage, selector or matching type, or \
        association data of the wrong length. DANE senders treat unusable records as a failure to \
        authenticate the server and may refuse to deliver.",
    fix: "Publish `3 1 1 <SHA-256 of the server's public key>` (DANE-EE, SPKI, SHA-256), the form RFC \
        7672 recommends, and remove the broken record.",
    incomplete: false,
};

pub static UNSIGNED: Code = Code {
    code: "dane.unsigned",
    severity: Severity::Warning,
    title: "TLSA records not DNSSEC-validated",
    explanation: "TLSA records are published, but the resolver did not mark the answer as \
        DNSSEC-validated (no AD bit). Senders ignore DANE in unsigned zones. The result depends on the \
        resolver: one that does not validate never sets the bit.",
    fix: "Sign the MX host's zone with DNSSEC; check again with a validating resolver (--nameserver) to \
        confirm.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&PRESENT, &INVALID_RECORD, &UNSIGNED];

status_enum! {
    /// What the TLSA lookup of one MX host found.
    #[derive(Default)]
    pub enum DaneStatus {
        Present => "present",
        #[default]
        Absent => "absent",
        /// The lookup failed: neither present nor absent.
        Unknown => "unknown",
    }
}

/// The TLSA records of one MX host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaneHost {
    pub host: String,
    pub status: DaneStatus,
    /// The answer had the AD bit (DNSSEC-validated by the resolver).
    pub authenticated: bool,
    pub records: Vec<TlsaRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsaRecord {
    pub usage: u8,
    pub selector: u8,
    pub matching: u8,
    /// Association data in hex.
    pub data: String,
    /// Why the record is unusable, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl TlsaRecord {
    /// `3 1 1`, with the usage's name.
    pub fn describe(&self) -> String {
        let usage = match self.usage {
            0 => "PKIX-TA",
            1 => "PKIX-EE",
            2 => "DANE-TA",
            3 => "DANE-EE",
            _ => "unknown usage",
        };
        format!("{} {} {} ({usage})", self.usage, self.selector, self.matching)
    }
}

/// Why a TLSA record is unusable: unknown fields or data of the wrong length.
fn problem(usage: u8, selector: u8, matching: u8, data: &[u8]) -> Option<String> {
    if usage > 3 {
        return Some(format!("unknown certificate usage {usage}"));
    }
    if selector > 1 {
        return Some(format!("unknown selector {selector}"));
    }
    let expected = match matching {
        0 => None,
        1 => Some(32),
        2 => Some(64),
        other => return Some(format!("unknown matching type {other}")),
    };
    match expected {
        Some(len) if data.len() != len => Some(format!(
            "{} bytes of association data where matching type {matching} needs {len}",
            data.len()
        )),
        None if data.is_empty() => Some("no association data".into()),
        _ => None,
    }
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

/// Look up the TLSA records of every MX host that receives mail.
pub async fn check(dns: &Dns, mx: &[super::mx::MxHost]) -> (Vec<DaneHost>, Vec<Finding>) {
    let hosts: Vec<&str> = mx
        .iter()
        .filter(|m| !m.null && m.status != super::mx::MxStatus::LookupFailed)
        .map(|m| m.host.as_str())
        .collect();
    let lookups = futures::future::join_all(hosts.iter().map(|host| async move {
        let name = format!("_25._tcp.{host}");
        (host, name.clone(), dns.lookup(&name, QueryType::Tlsa).await)
    }))
    .await;
    let mut report = Vec::new();
    let mut findings = Vec::new();
    for (host, name, result) in lookups {
        let mut entry = DaneHost {
            host: host.to_string(),
            ..Default::default()
        };
        let answer = match result {
            Ok(answer) => answer,
            Err(failure) => {
                entry.status = DaneStatus::Unknown;
                findings.push(super::temperror(&failure, "DANE"));
                report.push(entry);
                continue;
            }
        };
        for record in &answer.records {
            if let RecordData::Tlsa {
                usage,
                selector,
                matching,
                data,
                authenticated,
            } = record
            {
                entry.authenticated |= *authenticated;
                entry.records.push(TlsaRecord {
                    usage: *usage,
                    selector: *selector,
                    matching: *matching,
                    data: hex(data),
                    problem: problem(*usage, *selector, *matching, data),
                });
            }
        }
        if entry.records.is_empty() {
            entry.status = DaneStatus::Absent;
            report.push(entry);
            continue;
        }
        entry.status = DaneStatus::Present;
        let described: Vec<String> = entry.records.iter().map(TlsaRecord::describe).collect();
        findings.push(
            Finding::new(
                &PRESENT,
                format!("MX host {host} publishes DANE TLSA records: {}", described.join(", ")),
            )
            .subject(host.to_string())
            .evidence(name.clone()),
        );
        for bad in entry.records.iter().filter(|r| r.problem.is_some()) {
            findings.push(
                Finding::new(
                    &INVALID_RECORD,
                    format!(
                        "A TLSA record of MX host {host} is unusable: {}",
                        bad.problem.as_deref().unwrap_or_default()
                    ),
                )
                .subject(host.to_string())
                .evidence(format!(
                    "{name} TLSA {} {} {} {}",
                    bad.usage, bad.selector, bad.matching, bad.data
                )),
            );
        }
        if !entry.authenticated {
            findings.push(
                Finding::new(
                    &UNSIGNED,
                    format!(
                        "The TLSA records of MX host {host} were not DNSSEC-validated (no AD bit), so senders \
                         ignore them; this depends on the resolver asked"
                    ),
                )
                .subject(host.to_string())
                .evidence(name),
            );
        }
        report.push(entry);
    }
    (report, findings)
}

/// The DANE check, as registered in [`crate::check::registry::CHECKS`].
pub struct Dane;

impl crate::check::registry::Check for Dane {
    const NAME: &'static str = "dane";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = &'a [super::mx::MxHost];
    type Report = Vec<DaneHost>;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        inbound_mx: Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, inbound_mx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_records_are_named() {
        assert_eq!(problem(3, 1, 1, &[0; 32]), None);
        assert_eq!(problem(2, 0, 2, &[0; 64]), None);
        assert_eq!(problem(3, 0, 0, &[1, 2, 3]), None);
        assert!(problem(4, 1, 1, &[0; 32]).unwrap().contains("usage 4"));
        assert!(problem(3, 2, 1, &[0; 32]).unwrap().contains("selector 2"));
        assert!(problem(3, 1, 3, &[0; 32]).unwrap().contains("matching type 3"));
        assert!(problem(3, 1, 1, &[0; 31]).unwrap().contains("31 bytes"));
        assert!(problem(3, 1, 0, &[]).is_some());
    }
}
