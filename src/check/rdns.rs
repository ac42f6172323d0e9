//! Reverse DNS of sending IPs. Gmail and Yahoo require every sending IP to
//! have a PTR record whose name resolves back to the same IP
//! (forward-confirmed reverse DNS); mail from IPs without one is rejected or
//! sent to spam.

use super::temperror;
use crate::dns::{Dns, QueryType, RecordData, reverse_name};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub static MISSING: Code = Code {
    code: "rdns.missing",
    severity: Severity::Error,
    title: "Sending IP has no reverse DNS",
    explanation: "The sending IP has no PTR record. Gmail and Yahoo require a valid PTR for bulk \
    senders and reject or spam-folder mail from IPs without one.",
    fix: "Ask whoever runs the IP (your ESP or hosting provider) to set a PTR record naming a host \
    whose A/AAAA record points back to the IP, e.g. mail.<your domain>.",
    incomplete: false,
};

pub static MISMATCH: Code = Code {
    code: "rdns.mismatch",
    severity: Severity::Error,
    title: "Reverse DNS does not match forward DNS",
    explanation: "The PTR name of the sending IP does not resolve back to that IP. Gmail requires \
    forward and reverse DNS to match for bulk senders.",
    fix: "Make the host named by the PTR record resolve (A/AAAA) to the sending IP, or change the PTR \
    to a name that does.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &MISMATCH];

/// The reverse DNS of one sending IP.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReverseDns {
    pub ip: String,
    /// PTR names (lower case, no trailing dot).
    pub ptr: Vec<String>,
    /// Some PTR name resolves back to `ip`. `None` when unknown (lookup failed).
    pub forward_confirmed: Option<bool>,
}

pub async fn check(dns: &Dns, ips: &[IpAddr]) -> (Vec<ReverseDns>, Vec<Finding>) {
    let mut reports = Vec::new();
    let mut findings = Vec::new();
    for ip in ips {
        let (report, mut found) = check_ip(dns, *ip).await;
        reports.push(report);
        findings.append(&mut found);
    }
    (reports, findings)
}

async fn check_ip(dns: &Dns, ip: IpAddr) -> (ReverseDns, Vec<Finding>) {
    let mut report = ReverseDns {
        ip: ip.to_string(),
        ..Default::default()
    };
    let name = reverse_name(ip);
    let answer = match dns.lookup(&name, QueryType::Ptr).await {
        Ok(answer) => answer,
        Err(failure) => return (report, vec![temperror(&failure, "reverse DNS").subject(ip.to_string())]),
    };
    report.ptr = answer
        .records
        .iter()
        .filter_map(|r| {
            if let RecordData::Ptr(p) = r {
                Some(p.clone())
            } else {
                None
            }
        })
        .collect();
    if report.ptr.is_empty() {
        report.forward_confirmed = Some(false);
        let finding = Finding::new(&MISSING, format!("Sending IP {ip} has no reverse DNS (PTR) record"))
            .evidence(format!("no PTR at {name}"))
            .subject(ip.to_string());
        return (report, vec![finding]);
    }
    let mut failure = None;
    for host in report.ptr.clone() {
        match dns.addresses(&host).await {
            Ok(addrs) if addrs.contains(&ip) => {
                report.forward_confirmed = Some(true);
                return (report, Vec::new());
            }
            Ok(_) => {}
            Err(e) => failure = Some(e),
        }
    }
    if let Some(failure) = failure {
        return (report, vec![temperror(&failure, "reverse DNS").subject(ip.to_string())]);
    }
    report.forward_confirmed = Some(false);
    let finding = Finding::new(
        &MISMATCH,
        format!("The reverse DNS name of {ip} does not point back to it"),
    )
    .evidence(format!("PTR {} -> {}", name, report.ptr.join(", ")))
    .subject(ip.to_string());
    (report, vec![finding])
}

/// The reverse DNS check, as registered in [`crate::check::registry::CHECKS`].
pub struct Rdns;

impl crate::check::registry::Check for Rdns {
    const NAME: &'static str = "rdns";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = ();
    type Report = Vec<ReverseDns>;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, &cx.options.ips)
    }
}
