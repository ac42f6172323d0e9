//! DMARC alignment of the message (RFC 7489 3.1, RFC 9989): a valid DKIM
//! signature's d= or the Return-Path domain must equal (strict) or share the
//! organisational domain of (relaxed) the From: domain. The modes come from
//! the live DMARC record, found as `check` finds it.

use super::dkim::{SignatureCheck, SignatureStatus};
use crate::check::dmarc::{self, DmarcStatus};
use crate::check::spf::eval;
use crate::dns::Dns;
use crate::domain::organizational_domain;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Serialised as `messages[].alignment`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AlignmentReport {
    pub from_domain: String,
    pub organizational_domain: String,
    /// `found`, `inherited`, `missing`, `multiple` or `unknown`, as in `check`.
    pub dmarc_status: DmarcStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dmarc_record: Option<String>,
    /// `relaxed` or `strict`.
    pub dkim_mode: String,
    pub spf_mode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_path_domain: Option<String>,
    pub dkim_aligned: bool,
    /// The d= of the aligned valid signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkim_aligned_domain: Option<String>,
    /// Return-Path domain aligned with From (identifiers only).
    pub spf_aligned: bool,
    /// With --ip: the SPF result of each sending IP for the Return-Path domain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spf_results: Vec<SpfResultForIp>,
    /// Would the message pass DMARC (as far as the message and --ip show)?
    pub dmarc_pass: bool,
    /// The key lookup of an aligned signature failed: DKIM alignment is unknown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpfResultForIp {
    pub ip: IpAddr,
    pub result: String,
}

/// Whether `a` is aligned with `b`: equal (strict) or same organisational domain.
pub fn aligned(a: &str, b: &str, strict: bool) -> bool {
    let (a, b) = (
        a.trim_end_matches('.').to_ascii_lowercase(),
        b.trim_end_matches('.').to_ascii_lowercase(),
    );
    if strict {
        a == b
    } else {
        organizational_domain(&a) == organizational_domain(&b)
    }
}

/// The Return-Path (envelope sender) domain, when the message carries one.
fn return_path_domain(message: Option<&mail_parser::Message<'_>>) -> Option<String> {
    let message = message?;
    super::raw_header_values(message, "Return-Path")
        .first()
        .and_then(|v| super::address_domain(v))
}

pub async fn check(
    dns: &Dns,
    from_domain: &str,
    message: Option<&mail_parser::Message<'_>>,
    signatures: &[SignatureCheck],
    ips: &[IpAddr],
) -> (AlignmentReport, Vec<Finding>) {
    let mut findings = Vec::new();
    let (record, dmarc_findings) = dmarc::check(dns, from_domain).await;
    // Only the failed lookups matter here; the record's own quality is `check`'s job.
    findings.extend(dmarc_findings.into_iter().filter(Finding::is_incomplete));
    let dkim_strict = record.dkim_alignment == "strict";
    let spf_strict = record.spf_alignment == "strict";
    let mut report = AlignmentReport {
        from_domain: from_domain.to_string(),
        organizational_domain: organizational_domain(from_domain),
        dmarc_status: record.status,
        dmarc_record: record.record.clone(),
        dkim_mode: if dkim_strict { "strict" } else { "relaxed" }.to_string(),
        spf_mode: if spf_strict { "strict" } else { "relaxed" }.to_string(),
        return_path_domain: return_path_domain(message),
        ..Default::default()
    };

    let valid: Vec<&SignatureCheck> = signatures.iter().filter(|s| s.status.is_valid()).collect();
    if let Some(signature) = valid.iter().find(|s| aligned(&s.domain, from_domain, dkim_strict)) {
        report.dkim_aligned = true;
        report.dkim_aligned_domain = Some(signature.domain.clone());
    }
    if let Some(rp) = &report.return_path_domain {
        report.spf_aligned = aligned(rp, from_domain, spf_strict);
        let evaluations = futures::future::join_all(ips.iter().map(|ip| eval::evaluate(dns, rp, *ip))).await;
        for (ip, (evaluation, failures)) in ips.iter().zip(evaluations) {
            for failure in &failures {
                findings.push(crate::check::temperror(failure, &format!("SPF of {rp} for --ip {ip}")));
            }
            report.spf_results.push(SpfResultForIp {
                ip: *ip,
                result: evaluation.result.clone(),
            });
        }
    }
    let spf_passes = report.spf_results.iter().all(|r| r.result == "pass");
    report.dmarc_pass = report.dkim_aligned || (report.spf_aligned && spf_passes);

    // An aligned signature whose key lookup failed may well be valid: unknown, not a failure.
    let unknown = !report.dkim_aligned
        && signatures
            .iter()
            .any(|s| s.status == SignatureStatus::TempError && aligned(&s.domain, from_domain, dkim_strict));
    report.unknown = unknown;
    let mode = |strict: bool| if strict { "strict" } else { "relaxed" };
    if !report.dkim_aligned && !unknown {
        let seen: Vec<String> = valid.iter().map(|s| s.domain.clone()).collect();
        let message = if seen.is_empty() {
            format!("No valid DKIM signature, so none is aligned with the From: domain {from_domain}.")
        } else {
            format!(
                "The valid DKIM signature{} ({}) {} not aligned with the From: domain {from_domain} ({} alignment).",
                if seen.len() == 1 { "" } else { "s" },
                seen.join(", "),
                if seen.len() == 1 { "is" } else { "are" },
                mode(dkim_strict)
            )
        };
        findings.push(
            Finding::new(&super::DKIM_UNALIGNED, message)
                .evidence(format!("adkim={}", if dkim_strict { "s" } else { "r" }))
                .subject(from_domain.to_string()),
        );
    }
    match &report.return_path_domain {
        Some(rp) if !report.spf_aligned => findings.push(
            Finding::new(
                &super::SPF_UNALIGNED,
                format!(
                    "The Return-Path domain {rp} is not aligned with the From: domain {from_domain} ({} alignment), \
                     so SPF cannot make the message pass DMARC.",
                    mode(spf_strict)
                ),
            )
            .evidence(format!("aspf={}", if spf_strict { "s" } else { "r" }))
            .subject(rp.clone()),
        ),
        None => findings.push(
            Finding::new(
                &super::SPF_UNALIGNED,
                "The message has no Return-Path header (the sending service adds it), so SPF alignment \
                 cannot be judged from it.",
            )
            .subject(from_domain.to_string()),
        ),
        _ => {}
    }
    for result in report.spf_results.iter().filter(|r| r.result != "pass") {
        findings.push(
            Finding::new(
                &super::SPF_UNALIGNED,
                format!(
                    "SPF of the Return-Path domain gives `{}` for the sending IP {}, so SPF does not pass.",
                    result.result, result.ip
                ),
            )
            .severity(Severity::Warning)
            .subject(result.ip.to_string()),
        );
    }
    if !report.dmarc_pass && !unknown {
        let why = if report.return_path_domain.is_none() {
            "no aligned valid DKIM signature, and no Return-Path to judge SPF by"
        } else if report.spf_aligned {
            "no aligned valid DKIM signature, and SPF does not pass for the sending IP"
        } else {
            "neither a valid DKIM signature nor the Return-Path domain is aligned with From"
        };
        let policy = record
            .effective_policy
            .map(|p| format!(" The domain's policy: {}.", p.in_words()))
            .unwrap_or_default();
        findings.push(
            Finding::new(
                &super::DMARC_FAIL,
                format!("The message would fail DMARC for {from_domain}: {why}.{policy}"),
            )
            .evidence(match (&record.record, record.status) {
                (Some(text), _) => text.clone(),
                (None, DmarcStatus::Unknown) => "the DMARC lookup failed; relaxed alignment assumed".to_string(),
                (None, status) => format!("no DMARC record ({status}); relaxed alignment assumed"),
            })
            .subject(from_domain.to_string()),
        );
    }
    (report, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_relaxed_alignment() {
        assert!(aligned("mail.example.com", "example.com", false));
        assert!(!aligned("mail.example.com", "example.com", true));
        assert!(aligned("Example.COM.", "example.com", true));
        assert!(!aligned("example.net", "example.com", false));
        // Under a public suffix, the registrable domains differ.
        assert!(!aligned("a.co.uk", "b.co.uk", false));
    }
}
