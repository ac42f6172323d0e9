//! Where DMARC reports go (rua=, ruf=) and whether each external destination
//! accepts them (RFC 7489 7.1).

use super::EXTERNAL_RUA_UNAUTHORIZED;
use super::record::{self, DmarcRecord, is_dmarc_record};
use crate::check::temperror;
use crate::dns::{Dns, DnsFailureKind};
use crate::domain::organizational_domain;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};

/// A report address as published, and whether its owner accepts the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDestination {
    pub uri: String,
    pub address: String,
    pub domain: String,
    /// In another organisational domain than the record's.
    pub external: bool,
    /// For external addresses: whether `<domain>._report._dmarc.<target>`
    /// authorises them. Absent when not external or when the lookup failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized: Option<bool>,
}

/// rua/ruf destinations, with external authorisation looked up (RFC 7489 7.1).
pub(super) async fn report_destinations(
    dns: &Dns,
    record_domain: &str,
    parsed: &DmarcRecord,
    evidence: &str,
) -> (Vec<ReportDestination>, Vec<ReportDestination>, Vec<Finding>) {
    let record_org = organizational_domain(record_domain);
    let mut external_domains: Vec<String> = Vec::new();
    for address in parsed.rua.iter().chain(&parsed.ruf) {
        if organizational_domain(&address.domain) != record_org && !external_domains.contains(&address.domain) {
            external_domains.push(address.domain.clone());
        }
    }
    let lookups = futures::future::join_all(external_domains.iter().map(|target| async move {
        let name = format!("{record_domain}._report._dmarc.{target}");
        let result = dns.txt(&name).await;
        (name, result)
    }))
    .await;

    let mut findings = Vec::new();
    // target domain -> Some(authorised) or None (unknown)
    let mut verdicts: Vec<(String, Option<bool>)> = Vec::new();
    for (target, (name, result)) in external_domains.iter().zip(lookups) {
        let verdict = match result {
            Ok(answer) => Some(answer.txt_strings().iter().any(|t| is_dmarc_record(t))),
            // A name over DNS limits cannot hold the authorisation.
            Err(failure) if failure.kind == DnsFailureKind::InvalidName => Some(false),
            Err(failure) => {
                findings.push(temperror(
                    &failure,
                    &format!("whether {target} accepts DMARC reports for {record_domain}"),
                ));
                None
            }
        };
        if verdict == Some(false) {
            let addresses: Vec<&str> = parsed
                .rua
                .iter()
                .chain(&parsed.ruf)
                .filter(|a| &a.domain == target)
                .map(|a| a.address.as_str())
                .collect();
            findings.push(
                Finding::new(
                    &EXTERNAL_RUA_UNAUTHORIZED,
                    format!(
                        "Reports to {} will be silently dropped: {target} does not publish {name} to accept reports for {record_domain}.",
                        addresses.join(", ")
                    ),
                )
                .subject(target.clone())
                .evidence(format!("{evidence}; no v=DMARC1 TXT record at {name}")),
            );
        }
        verdicts.push((target.clone(), verdict));
    }

    let destination = |a: &record::ReportAddress| {
        let verdict = verdicts.iter().find(|(t, _)| *t == a.domain);
        ReportDestination {
            uri: a.uri.clone(),
            address: a.address.clone(),
            domain: a.domain.clone(),
            external: verdict.is_some(),
            authorized: verdict.and_then(|(_, v)| *v),
        }
    };
    let rua = parsed.rua.iter().map(destination).collect();
    let ruf = parsed.ruf.iter().map(destination).collect();
    (rua, ruf, findings)
}
