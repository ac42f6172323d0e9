//! MX (RFC 5321 5.1, RFC 7505 null MX, RFC 2181 10.3).
//!
//! Where mail to the domain goes: its MX hosts and their addresses. A domain
//! sends replies and bounces back to itself, so a sending domain that cannot
//! receive loses them.

use crate::check::temperror;
use crate::dns::{Dns, QueryType, RecordData};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub static MISSING: Code = Code {
    code: "mx.missing",
    severity: Severity::Warning,
    title: "No MX record",
    explanation: "The domain publishes no MX record. Senders then try the domain's own address \
    (A/AAAA) as a last resort, and fail when there is none: replies, bounces and \
    unsubscribe mails to this domain are lost, and some receivers distrust mail from a \
    domain that cannot receive.",
    fix: "Publish MX records pointing at the servers that receive your mail (your mail \
    provider lists them), or a null MX (\"0 .\") if the domain must never receive mail.",
    incomplete: false,
};

pub static NULL: Code = Code {
    code: "mx.null",
    severity: Severity::Info,
    title: "Null MX: the domain accepts no mail",
    explanation: "The domain publishes a null MX (RFC 7505): it says it never receives mail. That \
    is right for a domain that only sends or is parked, but then replies and bounces to it \
    are refused, and some receivers reject mail whose sender cannot receive replies.",
    fix: "Keep it if the domain must not receive mail; if it sends marketing or transactional \
    mail, point the MX at a real mailbox service so replies and bounces arrive.",
    incomplete: false,
};

pub static CNAME: Code = Code {
    code: "mx.cname",
    severity: Severity::Warning,
    title: "MX host is an alias (CNAME)",
    explanation: "The MX record names a host that is a CNAME. RFC 2181 and RFC 5321 forbid this; \
    most senders follow the alias, but some refuse or delay delivery.",
    fix: "Point the MX record at the real host name (the target of the CNAME).",
    incomplete: false,
};

pub static UNRESOLVABLE: Code = Code {
    code: "mx.unresolvable",
    severity: Severity::Error,
    title: "MX host has no address",
    explanation: "The MX record names a host that has no IPv4 or IPv6 address (or is not a host \
    name at all), so senders cannot deliver there. If no MX host works, all mail to the \
    domain bounces.",
    fix: "Correct the MX host name, or give the host an A/AAAA record.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &NULL, &CNAME, &UNRESOLVABLE];

/// At most this many MX hosts are looked at (real domains have a handful).
const MAX_HOSTS: usize = 20;

status_enum! {
    /// Whether mail can be delivered to an MX host.
    #[derive(Default)]
    pub enum MxStatus {
        #[default]
        Ok => "ok",
        /// A null MX (`0 .`): the domain accepts no mail.
        Null => "null",
        NoAddress => "no_address",
        LookupFailed => "lookup_failed",
    }
}

/// One place mail to the domain goes. Serialised in `domains[].mx[]`
/// (schema_version 1; see docs/mx.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MxHost {
    pub preference: u16,
    pub host: String,
    pub addresses: Vec<IpAddr>,
    /// When the host is an alias: the name it points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cname: Option<String>,
    /// The RFC 7505 null MX (`0 .`).
    #[serde(default)]
    pub null: bool,
    /// No MX record: the domain itself, which senders fall back to.
    #[serde(default)]
    pub implicit: bool,
    #[serde(default)]
    pub status: MxStatus,
}

pub fn list_addresses(addresses: &[IpAddr]) -> String {
    addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
}

/// Whether the domain receives mail: it has no MX (mail goes to its A/AAAA)
/// or a real one. Only a null MX standing alone says it accepts none.
pub fn receives_mail(mx: &[MxHost]) -> bool {
    mx.is_empty() || !mx.iter().all(|host| host.null)
}

/// The MX hosts that receive the domain's mail: none under a null MX.
pub fn inbound(mx: &[MxHost]) -> &[MxHost] {
    if receives_mail(mx) { mx } else { &[] }
}

/// Check where mail to `domain` goes.
pub async fn check(dns: &Dns, domain: &str) -> (Vec<MxHost>, Vec<Finding>) {
    let mut findings = Vec::new();
    let answer = match dns.lookup(domain, QueryType::Mx).await {
        Ok(answer) => answer,
        Err(failure) => {
            findings.push(temperror(&failure, "where mail to the domain goes"));
            return (Vec::new(), findings);
        }
    };
    let mut records: Vec<(u16, String)> = answer
        .records
        .iter()
        .filter_map(|r| match r {
            RecordData::Mx { preference, exchange } => Some((*preference, exchange.clone())),
            _ => None,
        })
        .collect();
    records.sort();
    records.dedup();

    if records.is_empty() {
        return implicit_mx(dns, domain, answer.nxdomain).await;
    }

    let evidence = format!(
        "{domain} MX {}",
        records
            .iter()
            .take(MAX_HOSTS)
            .map(|(p, h)| format!("{p} {h}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let is_null = |h: &str| h == "." || h.is_empty();
    let null_count = records.iter().filter(|(_, h)| is_null(h)).count();
    let mut hosts = Vec::new();
    if null_count > 0 {
        let mixed = null_count < records.len();
        let finding = if mixed {
            Finding::new(
                &NULL,
                "The domain mixes a null MX (\"accepts no mail\") with real MX hosts; RFC 7505 says a null MX must stand alone, so senders may treat the domain as receiving no mail.",
            )
            .severity(Severity::Warning)
            .fix("Remove the null MX record (\"0 .\") if the domain receives mail; otherwise remove the other MX records.")
        } else {
            Finding::new(
                &NULL,
                "The domain says it accepts no mail (null MX): fine for a no-mail domain, but replies and bounces to it are refused.",
            )
        };
        findings.push(finding.evidence(evidence.clone()));
        hosts.push(MxHost {
            preference: records.iter().find(|(_, h)| is_null(h)).map(|(p, _)| *p).unwrap_or(0),
            host: ".".into(),
            null: true,
            status: MxStatus::Null,
            ..Default::default()
        });
    }

    let real: Vec<(u16, String)> = records
        .into_iter()
        .filter(|(_, h)| !is_null(h))
        .take(MAX_HOSTS)
        .collect();
    let looked_up = futures::future::join_all(real.iter().map(|(_, host)| async move {
        if host.parse::<IpAddr>().is_ok() {
            return None;
        }
        Some(futures::join!(dns.lookup(host, QueryType::Cname), dns.addresses(host)))
    }))
    .await;

    let mut unresolvable = Vec::new();
    for ((preference, host), result) in real.into_iter().zip(looked_up) {
        let mut entry = MxHost {
            preference,
            host: host.clone(),
            ..Default::default()
        };
        let Some((cname, addresses)) = result else {
            entry.status = MxStatus::NoAddress;
            unresolvable.push(
                Finding::new(
                    &UNRESOLVABLE,
                    format!(
                        "The MX record gives an IP address ({host}) instead of a host name, so senders cannot use it."
                    ),
                )
                .subject(host.clone())
                .evidence(evidence.clone())
                .fix("Give the server a host name with an A/AAAA record and put that name in the MX record."),
            );
            hosts.push(entry);
            continue;
        };
        match addresses {
            Ok(addresses) if addresses.is_empty() => {
                entry.status = MxStatus::NoAddress;
                unresolvable.push(
                    Finding::new(
                        &UNRESOLVABLE,
                        format!("MX host {host} has no IPv4 or IPv6 address, so mail cannot be delivered there."),
                    )
                    .subject(host.clone())
                    .evidence(format!("{evidence}; no A or AAAA record for {host}")),
                );
            }
            Ok(addresses) => {
                entry.status = MxStatus::Ok;
                entry.addresses = addresses;
            }
            Err(failure) => {
                entry.status = MxStatus::LookupFailed;
                findings.push(temperror(&failure, &format!("whether MX host {host} can receive mail")));
            }
        }
        match cname {
            Ok(answer) => {
                entry.cname = answer.records.iter().find_map(|r| match r {
                    RecordData::Cname(target) => Some(target.clone()),
                    _ => None,
                });
                if let Some(target) = &entry.cname {
                    findings.push(
                        Finding::new(
                            &CNAME,
                            format!("MX host {host} is an alias (CNAME) for {target}; some senders refuse to deliver to an alias."),
                        )
                        .subject(host.clone())
                        .evidence(format!("{evidence}; {host} CNAME {target}")),
                    );
                }
            }
            // Reported once: a failing address lookup already says so.
            Err(failure) if entry.status != MxStatus::LookupFailed => {
                findings.push(temperror(&failure, &format!("whether MX host {host} is an alias")));
            }
            Err(_) => {}
        }
        hosts.push(entry);
    }
    // One dead backup is a problem, not an outage: say so in the severity.
    let some_host_works = hosts
        .iter()
        .any(|h| matches!(h.status, MxStatus::Ok | MxStatus::LookupFailed));
    for finding in unresolvable {
        findings.push(if some_host_works {
            finding.severity(Severity::Warning)
        } else {
            finding
        });
    }
    (hosts, findings)
}

/// No MX record: senders fall back to the domain's own address (RFC 5321 5.1).
async fn implicit_mx(dns: &Dns, domain: &str, nxdomain: bool) -> (Vec<MxHost>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut entry = MxHost {
        host: domain.to_string(),
        implicit: true,
        ..Default::default()
    };
    let message = if nxdomain {
        entry.status = MxStatus::NoAddress;
        format!("{domain} does not exist in DNS, so mail to it fails: replies and bounces are lost.")
    } else {
        match dns.addresses(domain).await {
            Ok(addresses) if !addresses.is_empty() => {
                let message = format!(
                    "No MX record: mail to {domain} falls back to the domain's own address ({}), usually a web server that does not accept mail.",
                    list_addresses(&addresses)
                );
                entry.status = MxStatus::Ok;
                entry.addresses = addresses;
                message
            }
            Ok(_) => {
                entry.status = MxStatus::NoAddress;
                format!("No MX record and no address: mail to {domain} fails, so replies and bounces are lost.")
            }
            Err(failure) => {
                entry.status = MxStatus::LookupFailed;
                findings.push(temperror(
                    &failure,
                    "whether mail to the domain falls back to its address",
                ));
                format!("No MX record: mail to {domain} can only fall back to the domain's own address.")
            }
        }
    };
    let evidence = if nxdomain {
        format!("{domain}: NXDOMAIN")
    } else {
        format!("no MX record at {domain}")
    };
    findings.push(Finding::new(&MISSING, message).evidence(evidence));
    (vec![entry], findings)
}

/// The MX check, as registered in [`crate::check::registry::CHECKS`].
pub struct Mx;

impl crate::check::registry::Check for Mx {
    const NAME: &'static str = "mx";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = ();
    type Report = Vec<MxHost>;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, cx.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::DnsFailureKind;
    use crate::dns::fake::FakeDns;

    fn mx(records: &[(u16, &str)]) -> Vec<RecordData> {
        records
            .iter()
            .map(|(p, h)| RecordData::Mx {
                preference: *p,
                exchange: h.to_string(),
            })
            .collect()
    }

    fn a(ip: &str) -> Vec<RecordData> {
        vec![RecordData::A(ip.parse().unwrap())]
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[tokio::test]
    async fn healthy_mx() {
        let dns = FakeDns::default()
            .set(
                "example.test",
                QueryType::Mx,
                mx(&[(20, "mx2.example.test"), (10, "mx1.example.test")]),
            )
            .set("mx1.example.test", QueryType::A, a("192.0.2.1"))
            .set("mx2.example.test", QueryType::A, a("192.0.2.2"))
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(hosts[0].host, "mx1.example.test");
        assert_eq!(hosts[0].status, MxStatus::Ok);
        assert_eq!(
            crate::output::check_text::mx::text_lines(&hosts)[0],
            "10 mx1.example.test -> 192.0.2.1"
        );
    }

    #[tokio::test]
    async fn missing_with_and_without_fallback() {
        let dns = FakeDns::default()
            .set("example.test", QueryType::Mx, vec![])
            .set("example.test", QueryType::A, a("192.0.2.9"))
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        assert_eq!(codes(&findings), vec!["mx.missing"]);
        assert!(findings[0].message.contains("192.0.2.9"));
        assert!(hosts[0].implicit);
        let dns = FakeDns::default().set("example.test", QueryType::Mx, vec![]).into_dns();
        let (_, findings) = check(&dns, "example.test").await;
        assert!(findings[0].message.contains("fails"));
    }

    #[tokio::test]
    async fn null_mx() {
        let dns = FakeDns::default()
            .set("example.test", QueryType::Mx, mx(&[(0, ".")]))
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        assert_eq!(codes(&findings), vec!["mx.null"]);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(hosts[0].null);
        let dns = FakeDns::default()
            .set("example.test", QueryType::Mx, mx(&[(0, "."), (10, "mx.example.test")]))
            .set("mx.example.test", QueryType::A, a("192.0.2.1"))
            .into_dns();
        let (_, findings) = check(&dns, "example.test").await;
        assert_eq!(codes(&findings), vec!["mx.null"]);
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[tokio::test]
    async fn cname_and_unresolvable() {
        let dns = FakeDns::default()
            .set(
                "example.test",
                QueryType::Mx,
                mx(&[(10, "alias.example.test"), (20, "gone.example.test"), (30, "192.0.2.7")]),
            )
            .set(
                "alias.example.test",
                QueryType::Cname,
                vec![RecordData::Cname("real.example.test".into())],
            )
            .set("alias.example.test", QueryType::A, a("192.0.2.1"))
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        let got: Vec<(&str, Option<&str>, Severity)> = findings
            .iter()
            .map(|f| (f.code.as_str(), f.subject.as_deref(), f.severity))
            .collect();
        assert!(got.contains(&("mx.cname", Some("alias.example.test"), Severity::Warning)));
        // Another host works: a dead backup is a warning.
        assert!(got.contains(&("mx.unresolvable", Some("gone.example.test"), Severity::Warning)));
        assert!(got.contains(&("mx.unresolvable", Some("192.0.2.7"), Severity::Warning)));
        assert_eq!(got.len(), 3);
        assert_eq!(hosts[0].cname.as_deref(), Some("real.example.test"));

        let dns = FakeDns::default()
            .set("example.test", QueryType::Mx, mx(&[(10, "gone.example.test")]))
            .into_dns();
        let (_, findings) = check(&dns, "example.test").await;
        assert_eq!(codes(&findings), vec!["mx.unresolvable"]);
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[tokio::test]
    async fn failures_are_unknown_not_missing() {
        let dns = FakeDns::default()
            .fail("example.test", QueryType::Mx, DnsFailureKind::ServFail)
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        assert!(hosts.is_empty());
        assert_eq!(codes(&findings), vec!["dns.temperror"]);
        let dns = FakeDns::default()
            .set("example.test", QueryType::Mx, mx(&[(10, "slow.example.test")]))
            .fail("slow.example.test", QueryType::A, DnsFailureKind::Timeout)
            .fail("slow.example.test", QueryType::Aaaa, DnsFailureKind::Timeout)
            .fail("slow.example.test", QueryType::Cname, DnsFailureKind::Timeout)
            .into_dns();
        let (hosts, findings) = check(&dns, "example.test").await;
        assert_eq!(codes(&findings), vec!["dns.temperror"]);
        assert_eq!(hosts[0].status, MxStatus::LookupFailed);
    }
}
