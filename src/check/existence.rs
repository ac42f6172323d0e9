//! Whether there is a domain to audit at all. A name that does not exist
//! (NXDOMAIN) needs a spelling check, not setup advice; a domain whose every
//! lookup failed was not checked, and must not read as a pass.

use crate::check::dmarc::DmarcReport;
use crate::check::dmarc::record::Policy;
use crate::dns::{Dns, LookupResult, QueryType};
use crate::finding::{Code, Finding, Severity};

pub static NOT_FOUND: Code = Code {
    code: "domain.not_found",
    severity: Severity::Error,
    title: "Domain does not exist",
    explanation: "DNS says the name does not exist (NXDOMAIN): no mail can come from it or go \
    to it, so there is nothing to set up. This is usually a spelling mistake.",
    fix: "Check the spelling of the domain and run again.",
    incomplete: false,
};

pub static NONEXISTENT_POLICY: Code = Code {
    code: "domain.nonexistent_policy",
    severity: Severity::Info,
    title: "DMARC policy for a name that does not exist",
    explanation: "Receivers apply the DMARC policy of the organisational domain to mail that \
    claims to come from a name that does not exist: np= (RFC 9989), else sp=, else p=. With \
    quarantine or reject, such mail is kept out of the inbox, so the name cannot be spoofed.",
    fix: "To protect every non-existent name, publish np=reject (or sp=reject) in the \
    organisational domain's DMARC record.",
    incomplete: false,
};

pub static NOTHING_CHECKED: Code = Code {
    code: "domain.nothing_checked",
    severity: Severity::Error,
    title: "Nothing could be checked",
    explanation: "Every DNS lookup for the domain failed (timeout, SERVFAIL or REFUSED), so not \
    one of its records could be read. This says nothing about the domain: it is not a pass.",
    fix: "Check the network or the name server (--nameserver IP), then run again.",
    incomplete: true,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&NOT_FOUND, &NONEXISTENT_POLICY, &NOTHING_CHECKED];

/// What DNS says about the name itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existence {
    Exists,
    /// NXDOMAIN.
    NotFound,
    /// Every lookup of the domain's own records failed.
    NothingAnswered,
}

/// Judge from the lookups the checks already made (cached, so free): the
/// domain's TXT and MX, and its `_dmarc` TXT.
pub async fn existence(dns: &Dns, domain: &str) -> Existence {
    let dmarc_name = format!("_dmarc.{domain}");
    let (txt, mx, dmarc) = futures::join!(dns.txt(domain), dns.lookup(domain, QueryType::Mx), dns.txt(&dmarc_name));
    judge(&[&txt, &mx], &dmarc)
}

fn judge(own: &[&LookupResult], dmarc: &LookupResult) -> Existence {
    if own.iter().any(|r| r.as_ref().is_ok_and(|a| a.nxdomain)) {
        Existence::NotFound
    } else if own.iter().all(|r| r.is_err()) && dmarc.is_err() {
        Existence::NothingAnswered
    } else {
        Existence::Exists
    }
}

/// The findings for a name that does not exist: the verdict, and the DMARC
/// policy receivers apply to mail claiming to come from it.
pub fn not_found_findings(domain: &str, dmarc: &DmarcReport) -> Vec<Finding> {
    let mut findings = vec![
        Finding::new(
            &NOT_FOUND,
            format!("{domain} does not exist in DNS: check the spelling"),
        )
        .subject(domain.to_string())
        .evidence(format!("TXT/MX {domain}: NXDOMAIN")),
    ];
    let org = dmarc.inherited_from.as_deref().unwrap_or(&dmarc.organizational_domain);
    let record = dmarc.record.as_deref().unwrap_or_default();
    let applied = ["np", "sp", "p"]
        .into_iter()
        .find_map(|tag| tag_value(record, tag).and_then(Policy::parse).map(|p| (p, tag)));
    // The name's own record cannot exist under an NXDOMAIN: only an
    // organisational domain's record above it can apply.
    if org != domain
        && let Some((policy, tag)) = applied
    {
        let protected = match policy {
            Policy::None => "does not protect it against spoofing",
            _ => "protects it against spoofing",
        };
        findings.push(
            Finding::new(
                &NONEXISTENT_POLICY,
                format!(
                    "Receivers apply DMARC p={} ({tag}= of {org}) to mail claiming to come from {domain}: this {protected}.",
                    policy.as_str()
                ),
            )
            .subject(domain.to_string())
            .evidence(dmarc.record.clone().unwrap_or_default()),
        );
    }
    findings
}

/// The value of `tag` in a DMARC record, as written.
fn tag_value<'a>(record: &'a str, tag: &str) -> Option<&'a str> {
    record.split(';').find_map(|part| {
        let (name, value) = part.split_once('=')?;
        name.trim().eq_ignore_ascii_case(tag).then(|| value.trim())
    })
}

/// The finding for a domain none of whose lookups was answered.
pub fn nothing_checked_finding(domain: &str) -> Finding {
    Finding::new(
        &NOTHING_CHECKED,
        format!("Nothing could be checked for {domain}: every DNS lookup failed"),
    )
    .subject(domain.to_string())
}

/// Whether the domain exists, as registered in [`crate::check::registry::CHECKS`].
/// It runs after SPF, MX and DMARC: it reads the lookups they made, and the
/// DMARC report for the policy of a name that does not exist.
pub struct DomainExistence;

impl crate::check::registry::Check for DomainExistence {
    const NAME: &'static str = "domain";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = &'a DmarcReport;
    type Report = Existence;
    async fn run<'a>(cx: crate::check::registry::Context<'a>, dmarc: Self::Needs<'a>) -> (Self::Report, Vec<Finding>) {
        let found = existence(cx.dns, cx.domain).await;
        let findings = match found {
            Existence::NotFound => not_found_findings(cx.domain, dmarc),
            Existence::NothingAnswered => vec![nothing_checked_finding(cx.domain)],
            Existence::Exists => Vec::new(),
        };
        (found, findings)
    }

    /// No setup advice for a name that does not exist: only what DNS says.
    fn silences_others(found: &Existence) -> bool {
        *found == Existence::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Answer, DnsFailure, DnsFailureKind};
    use std::sync::Arc;

    fn answer(nxdomain: bool) -> LookupResult {
        Ok(Arc::new(Answer {
            records: vec![],
            nxdomain,
        }))
    }

    fn failed() -> LookupResult {
        Err(DnsFailure {
            name: "x.test".into(),
            qtype: "TXT",
            kind: DnsFailureKind::Timeout,
        })
    }

    #[test]
    fn nxdomain_means_not_found_and_all_failures_mean_nothing_answered() {
        assert_eq!(judge(&[&answer(true), &failed()], &failed()), Existence::NotFound);
        assert_eq!(judge(&[&failed(), &failed()], &failed()), Existence::NothingAnswered);
        assert_eq!(judge(&[&failed(), &failed()], &answer(false)), Existence::Exists);
        assert_eq!(judge(&[&answer(false), &failed()], &failed()), Existence::Exists);
    }

    #[test]
    fn the_policy_for_a_missing_name_is_np_then_sp_then_p_of_the_organisational_domain() {
        let line = |record: &str| {
            let dmarc = DmarcReport {
                organizational_domain: "example.test".into(),
                inherited_from: Some("example.test".into()),
                record: Some(record.into()),
                ..Default::default()
            };
            not_found_findings("typo.example.test", &dmarc)[1].message.clone()
        };
        let both = line("v=DMARC1; p=none; sp=quarantine");
        assert!(both.contains("p=quarantine (sp= of example.test)"), "{both}");
        let all = line("v=DMARC1; p=none; sp=quarantine; np=reject");
        assert!(all.contains("p=reject (np= of example.test)"), "{all}");
        let only_p = line("v=DMARC1; p=none");
        assert!(
            only_p.contains("p=none (p= of example.test)") && only_p.contains("does not protect"),
            "{only_p}"
        );
        // An organisational domain that does not exist has no record above it.
        let alone = DmarcReport {
            organizational_domain: "clen.test".into(),
            ..Default::default()
        };
        let findings = not_found_findings("clen.test", &alone);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "clen.test does not exist in DNS: check the spelling"
        );
    }
}
