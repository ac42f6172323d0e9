//! DMARC (RFC 7489, RFC 9989 "DMARCbis").
//!
//! Finds the record that governs a domain (its own at `_dmarc.<domain>`, or
//! its organisational domain's), reads it, and checks that reports sent to
//! other organisations are authorised by them, since otherwise receivers
//! silently drop the reports.

pub mod destinations;
pub mod record;
mod record_findings;
pub mod walk;

use crate::check::dkim::record::clip;
use crate::check::temperror;
use crate::dns::Dns;
use crate::domain::organizational_domain;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
pub use destinations::ReportDestination;
use destinations::report_destinations;
use record::{DmarcRecord, Policy};
use record_findings::record_findings;
use serde::{Deserialize, Serialize};
use walk::{WalkStep, tree_walk};

pub static MISSING: Code = Code {
    code: "dmarc.missing",
    severity: Severity::Error,
    title: "No DMARC record",
    explanation: "DMARC tells receivers what to do with mail that fakes your domain, and sends you \
    reports about who sends in your name. Gmail and Yahoo require a DMARC record from bulk \
    senders (since February 2024) and Microsoft from May 2025: without it, bulk mail is \
    rejected or sent to spam.",
    fix: "Publish a TXT record at _dmarc.<your domain>, starting with monitoring: \
    v=DMARC1; p=none; rua=mailto:dmarc@<your domain>",
    incomplete: false,
};

pub static MULTIPLE_RECORDS: Code = Code {
    code: "dmarc.multiple_records",
    severity: Severity::Error,
    title: "More than one DMARC record",
    explanation: "There is more than one v=DMARC1 record at the same name. Receivers then ignore \
    DMARC for the domain altogether (RFC 7489 6.6.3), as if there were no record.",
    fix: "Merge them into one record and delete the others.",
    incomplete: false,
};

pub static SYNTAX: Code = Code {
    code: "dmarc.syntax",
    severity: Severity::Error,
    title: "DMARC record has errors",
    explanation: "Part of the DMARC record cannot be read. Depending on the part, receivers ignore \
    the whole record (a bad or missing p=), a tag, or a report address.",
    fix: "Correct the record; a valid example: v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com",
    incomplete: false,
};

pub static POLICY_NONE: Code = Code {
    code: "dmarc.policy_none",
    severity: Severity::Warning,
    title: "DMARC policy is none (monitoring only)",
    explanation: "With p=none receivers deliver mail that fails authentication as usual, so \
    anyone can still send mail in your name. It is the right first step while you read the \
    reports, not a place to stay.",
    fix: "When the reports show that all your real mail passes, move to p=quarantine, then \
    p=reject.",
    incomplete: false,
};

pub static PCT: Code = Code {
    code: "dmarc.pct",
    severity: Severity::Warning,
    title: "DMARC policy applied to only part of the mail",
    explanation: "pct below 100 tells receivers to apply the policy to only that share of failing \
    mail; the rest is treated as p=none. RFC 9989 removed pct (receivers may ignore it and \
    apply the policy to all mail, or treat the record as a test).",
    fix: "Remove pct= (or set pct=100) once you are confident; to test, use the RFC 9989 t=y flag.",
    incomplete: false,
};

pub static NO_RUA: Code = Code {
    code: "dmarc.no_rua",
    severity: Severity::Warning,
    title: "No DMARC aggregate reports requested",
    explanation: "Without rua= nobody receives the daily reports that show which servers send mail \
    in your name and whether it passes. You cannot safely tighten the policy without them.",
    fix: "Add rua=mailto:dmarc@<your domain> (or a DMARC report service's address) to the record.",
    incomplete: false,
};

pub static EXTERNAL_RUA_UNAUTHORIZED: Code = Code {
    code: "dmarc.external_rua_unauthorized",
    severity: Severity::Warning,
    title: "Reports go to another domain that has not agreed to receive them",
    explanation: "When rua/ruf sends reports to a mailbox in another organisation's domain, that \
    domain must publish <your domain>._report._dmarc.<its domain> (RFC 7489 7.1). Without it, \
    receivers silently drop the reports: you never see them and nothing tells you.",
    fix: "Ask the report receiver (or your DMARC service) to publish the TXT record \
    \"v=DMARC1\" at <your domain>._report._dmarc.<their domain>, or send reports to your own domain.",
    incomplete: false,
};

pub static TESTING: Code = Code {
    code: "dmarc.testing",
    severity: Severity::Warning,
    title: "DMARC policy in test mode",
    explanation: "t=y (RFC 9989) asks receivers to apply one step less than the policy: quarantine \
    instead of reject, nothing instead of quarantine.",
    fix: "Remove t=y once the reports show that all your real mail passes.",
    incomplete: false,
};

pub static REMOVED_TAG: Code = Code {
    code: "dmarc.removed_tag",
    severity: Severity::Info,
    title: "DMARC record uses tags removed in RFC 9989",
    explanation: "RFC 9989 (2026) removed pct, rf and ri. Receivers that follow RFC 7489 still read \
    them, newer ones ignore them. Harmless, but they no longer do what they say everywhere.",
    fix: "Remove the tags when convenient; use t=y instead of pct for testing.",
    incomplete: false,
};

pub static ORG_DOMAIN_DIFFERS: Code = Code {
    code: "dmarc.org_domain_differs",
    severity: Severity::Info,
    title: "Tree walk and Public Suffix List disagree on the organisational domain",
    explanation: "RFC 9989 finds the organisational domain by walking up the DNS and reading the \
    `psd=` tag of the DMARC records it meets; RFC 7489 receivers, still the majority, take it from \
    the Public Suffix List. When the two differ, receivers disagree on which record covers a \
    subdomain without its own record and on what counts as aligned (relaxed alignment compares \
    organisational domains).",
    fix: "Publish the policy you want at both domains, or add `psd=n` to the record of the domain \
    that is your organisational domain so RFC 9989 receivers stop there.",
    incomplete: false,
};

pub static UNKNOWN_TAG: Code = Code {
    code: "dmarc.unknown_tag",
    severity: Severity::Info,
    title: "DMARC record has unknown tags",
    explanation: "The record has tags no DMARC standard defines. Receivers ignore them (RFC 9989), so \
    they do no harm, but they are often typing errors of a tag that was meant to work.",
    fix: "Check the spelling of the tags; remove those you do not need.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[
    &MISSING,
    &MULTIPLE_RECORDS,
    &SYNTAX,
    &POLICY_NONE,
    &PCT,
    &NO_RUA,
    &EXTERNAL_RUA_UNAUTHORIZED,
    &TESTING,
    &REMOVED_TAG,
    &ORG_DOMAIN_DIFFERS,
    &UNKNOWN_TAG,
];

/// The findings that mean DMARC is not enforced for all mail.
const NOT_ENFORCED: &[&Code] = &[&MISSING, &MULTIPLE_RECORDS, &SYNTAX, &POLICY_NONE, &PCT];

/// True when DMARC is p=quarantine or p=reject for all mail: none of
/// `findings` says the policy is missing, unreadable, none or partial.
pub fn is_enforced(findings: &[Finding]) -> bool {
    !findings.iter().any(|f| NOT_ENFORCED.contains(&f.code))
}

status_enum! {
    /// Which DMARC record governs the domain.
    #[derive(Default)]
    pub enum DmarcStatus {
        /// The domain's own record.
        Found => "found",
        /// The organisational domain's record.
        Inherited => "inherited",
        #[default]
        Missing => "missing",
        /// Several records: receivers ignore DMARC.
        Multiple => "multiple",
        /// The lookup failed.
        Unknown => "unknown",
    }
}

/// The DMARC section of a domain's report. Serialised as `domains[].dmarc`
/// (schema_version 1; see docs/dmarc.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DmarcReport {
    /// The record that governs the domain (its own or the inherited one).
    pub record: Option<String>,
    #[serde(default)]
    pub status: DmarcStatus,
    /// Where `record` was found, e.g. `_dmarc.example.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_name: Option<String>,
    /// Set when the domain has no record of its own and the organisational
    /// domain's record applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    /// The organisational domain by the RFC 9989 DNS tree walk.
    #[serde(default)]
    pub organizational_domain: String,
    /// The organisational domain by the Public Suffix List, as RFC 7489
    /// receivers still find it.
    #[serde(default)]
    pub psl_organizational_domain: String,
    /// The `_dmarc` names the tree walk queried and what each held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tree_walk: Vec<WalkStep>,
    /// p= as published.
    #[serde(default)]
    pub policy: Option<Policy>,
    /// What receivers apply to subdomains without a record: sp=, else p=.
    #[serde(default)]
    pub subdomain_policy: Option<Policy>,
    /// What applies to subdomains of this domain that do not exist: np=,
    /// else sp=, else p= of the organisational domain's record (RFC 9989).
    #[serde(default)]
    pub nonexistent_subdomain_policy: Option<Policy>,
    /// What applies to this domain: p= of its own record, or sp=/p= of the
    /// organisational domain's record.
    #[serde(default)]
    pub effective_policy: Option<Policy>,
    #[serde(default)]
    pub pct: Option<u8>,
    /// t=y (RFC 9989 test mode).
    #[serde(default)]
    pub testing: bool,
    /// `relaxed` or `strict`.
    #[serde(default)]
    pub dkim_alignment: String,
    #[serde(default)]
    pub spf_alignment: String,
    /// Aggregate report addresses (rua=).
    #[serde(default)]
    pub rua: Vec<ReportDestination>,
    /// Failure report addresses (ruf=).
    #[serde(default)]
    pub ruf: Vec<ReportDestination>,
    /// All v=DMARC1 records when there are several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_records: Vec<String>,
    /// Remarks about how the record applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

const EVIDENCE_MAX: usize = 2000;

/// Check the DMARC posture of `domain`.
pub async fn check(dns: &Dns, domain: &str) -> (DmarcReport, Vec<Finding>) {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.as_str();
    let psl_org = organizational_domain(domain);
    let mut report = DmarcReport {
        psl_organizational_domain: psl_org.clone(),
        ..Default::default()
    };
    let mut findings = Vec::new();

    let walk = match tree_walk(dns, domain).await {
        Ok(walk) => walk,
        Err(failure) => {
            report.status = DmarcStatus::Unknown;
            report.organizational_domain = psl_org;
            findings.push(temperror(&failure, "the domain's DMARC policy (RFC 9989 tree walk)"));
            return (report, findings);
        }
    };
    let org = walk.organizational_domain();
    report.organizational_domain = org.clone();
    report.tree_walk = walk.steps.clone();
    // Without any record the walk's answer is only its default (the domain
    // itself): nothing to compare.
    let found_any = walk.steps.iter().any(|s| s.found.is_record());
    if found_any && org != psl_org {
        findings.push(org_domain_differs(domain, &org, &psl_org, &walk));
    }
    // RFC 9989 4.10.1: the domain's own record, else its organisational
    // domain's, else its public suffix domain's.
    let own: Vec<String> = walk.records.first().map(|(_, r)| r.clone()).unwrap_or_default();
    let (records, record_domain) = if !own.is_empty() {
        (own, domain.to_string())
    } else if let Some(text) = walk.record_at(&org) {
        (vec![text.to_string()], org.clone())
    } else if let Some(psd) = walk.public_suffix_domain()
        && let Some(text) = walk.record_at(psd)
    {
        (vec![text.to_string()], psd.to_string())
    } else if let Some((at, several)) = walk.records.iter().find(|(_, r)| r.len() > 1) {
        // Discarded by the walk, but the reason nothing applies: report it.
        (several.clone(), at.clone())
    } else {
        (Vec::new(), org.clone())
    };
    let inherited = record_domain != domain;
    let record_name = format!("_dmarc.{record_domain}");

    match records.len() {
        0 => {
            report.status = DmarcStatus::Missing;
            let message = if walk.steps.len() <= 2 {
                format!(
                    "{domain} has no DMARC record, so receivers do not know what to do with mail that fakes it; Gmail and Yahoo require one from bulk senders."
                )
            } else {
                format!(
                    "Neither {domain} nor any domain above it ({psl_org} included) has a DMARC record; Gmail and Yahoo require one from bulk senders."
                )
            };
            let queried: Vec<String> = walk.steps.iter().map(|s| format!("_dmarc.{}", s.domain)).collect();
            let evidence = format!("no v=DMARC1 TXT record at {} (RFC 9989 tree walk)", queried.join(", "));
            findings.push(Finding::new(&MISSING, message).evidence(evidence));
            return (report, findings);
        }
        1 => {}
        n => {
            report.status = DmarcStatus::Multiple;
            report.record_name = Some(record_name.clone());
            report.all_records = records.iter().map(|r| clip(r, EVIDENCE_MAX)).collect();
            let whose = if inherited {
                format!(" ({domain} has none of its own and inherits from {record_domain})")
            } else {
                String::new()
            };
            findings.push(
                Finding::new(
                    &MULTIPLE_RECORDS,
                    format!("{record_name} has {n} DMARC records{whose}, so receivers ignore DMARC for the domain altogether."),
                )
                .subject(record_name.clone())
                .evidence(clip(&records.join(" | "), EVIDENCE_MAX)),
            );
            return (report, findings);
        }
    }

    let text = records[0].clone();
    let parsed = record::parse(&text);
    report.status = if inherited {
        DmarcStatus::Inherited
    } else {
        DmarcStatus::Found
    };
    report.record = Some(text.clone());
    report.record_name = Some(record_name.clone());
    if inherited {
        report.inherited_from = Some(record_domain.clone());
    }
    report.policy = parsed.policy;
    report.subdomain_policy = parsed.subdomain_policy.or(parsed.policy);
    report.nonexistent_subdomain_policy = nonexistent_policy(&walk, &org).or(report.subdomain_policy);
    report.effective_policy = if inherited {
        report.subdomain_policy
    } else {
        parsed.policy
    };
    report.pct = parsed.pct;
    report.testing = parsed.testing;
    report.dkim_alignment = if parsed.adkim_strict { "strict" } else { "relaxed" }.into();
    report.spf_alignment = if parsed.aspf_strict { "strict" } else { "relaxed" }.into();

    let evidence = format!("{record_name} TXT \"{}\"", clip(&text, EVIDENCE_MAX));
    let finding = |code: &'static Code, message: String| Finding::new(code, message).evidence(evidence.clone());

    if inherited {
        let rule = match parsed.subdomain_policy {
            Some(sp) => format!("its sp={} applies", sp.as_str()),
            None => "it has no sp=, so its p= applies to subdomains too".to_string(),
        };
        report.notes.push(format!(
            "{domain} has no DMARC record of its own; it is covered by the record of {record_domain}, and {rule}."
        ));
    } else if domain != org && parsed.subdomain_policy.is_some() {
        report.notes.push(format!(
            "sp= only has an effect in the organisational domain's record ({org}); in {domain}'s record it does nothing."
        ));
    }

    report
        .notes
        .push(policy_note(domain, &report, inherited, &record_domain, &org, &walk));
    if let Some(note) = testing_note(&parsed) {
        report.notes.push(note);
    }

    findings.extend(record_findings(domain, &parsed, &report, inherited, &finding));

    let (rua, ruf, auth_findings) = report_destinations(dns, &record_domain, &parsed, &evidence).await;
    report.rua = rua;
    report.ruf = ruf;
    findings.extend(auth_findings);
    (report, findings)
}

/// Info finding: the tree walk and the PSL name different organisational domains.
fn org_domain_differs(domain: &str, org: &str, psl_org: &str, walk: &walk::TreeWalk) -> Finding {
    let steps: Vec<String> = walk
        .steps
        .iter()
        .map(|s| format!("_dmarc.{}: {}", s.domain, s.found))
        .collect();
    Finding::new(
        &ORG_DOMAIN_DIFFERS,
        format!(
            "The organisational domain of {domain} is {org} by the RFC 9989 DNS tree walk but {psl_org} by the Public Suffix List that RFC 7489 receivers use: the two kinds of receiver may apply different records and judge alignment differently."
        ),
    )
    .evidence(format!("tree walk: {}", steps.join("; ")))
}

/// np=, else sp=, else p= of the record that covers non-existent subdomains:
/// the organisational domain's, else the public suffix domain's.
fn nonexistent_policy(walk: &walk::TreeWalk, org: &str) -> Option<Policy> {
    let text = walk
        .record_at(org)
        .or_else(|| walk.public_suffix_domain().and_then(|psd| walk.record_at(psd)))?;
    let parsed = record::parse(text);
    parsed.nonexistent_policy.or(parsed.subdomain_policy).or(parsed.policy)
}

/// Which tag gives the effective policy of the domain and of its
/// non-existent subdomains, in words.
fn policy_note(
    domain: &str,
    report: &DmarcReport,
    inherited: bool,
    record_domain: &str,
    org: &str,
    walk: &walk::TreeWalk,
) -> String {
    let name = |p: Option<Policy>| p.map(Policy::as_str).unwrap_or("unreadable");
    let own_rule = if inherited {
        format!("sp= (else p=) of {record_domain}'s record")
    } else {
        "p= of its own record".to_string()
    };
    let np_source = if walk.record_at(org).is_some() {
        org.to_string()
    } else {
        walk.public_suffix_domain().unwrap_or(record_domain).to_string()
    };
    format!(
        "Effective policy: {} for {domain} ({own_rule}); {} for subdomains of {domain} that do not exist (np=, else sp=, else p= of {np_source}'s record, RFC 9989).",
        name(report.effective_policy),
        name(report.nonexistent_subdomain_policy),
    )
}

/// pct (RFC 7489) and t=y (RFC 9989) explained for readers of either RFC.
fn testing_note(parsed: &DmarcRecord) -> Option<String> {
    match (parsed.pct, parsed.testing) {
        (None, false) => None,
        (Some(pct), false) => Some(format!(
            "pct={pct}: RFC 7489 receivers apply the policy to {pct}% of failing mail. RFC 9989 removed pct; its receivers apply the policy to all failing mail unless t=y is set, which asks for one step less (quarantine instead of reject, none instead of quarantine)."
        )),
        (pct, true) => Some(format!(
            "t=y (RFC 9989 test mode): receivers apply one step less than the policy (quarantine instead of reject, none instead of quarantine). RFC 7489 receivers do not know t=y{}.",
            match pct {
                Some(pct) => format!(" and follow pct={pct} instead"),
                None => " and apply the full policy; pct=0 is the closest RFC 7489 equivalent".to_string(),
            }
        )),
    }
}

impl DmarcReport {
    /// Lines for the text report's "Records found" section.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match self.status {
            DmarcStatus::Unknown => return vec!["(unknown: the DNS lookup failed)".into()],
            DmarcStatus::Missing => return vec!["(none): no DMARC record, so no protection against spoofing".into()],
            DmarcStatus::Multiple => {
                lines.push(format!(
                    "{} records at {}: receivers ignore DMARC for this domain",
                    self.all_records.len(),
                    self.record_name.as_deref().unwrap_or("_dmarc")
                ));
                lines.extend(self.all_records.iter().cloned());
                return lines;
            }
            DmarcStatus::Found | DmarcStatus::Inherited => {}
        }
        lines.push(self.record.clone().unwrap_or_else(|| "(none)".into()));
        if let Some(from) = &self.inherited_from {
            lines.push(format!("No record of its own: covered by {from}'s record"));
        }
        match self.effective_policy {
            Some(policy) => {
                let mut line = format!("Policy: {} ({})", policy.as_str(), policy.in_words());
                if let Some(pct) = self.pct.filter(|p| *p < 100 && policy != Policy::None) {
                    line.push_str(&format!(", for {pct}% of failing mail"));
                }
                if self.testing && policy != Policy::None {
                    line.push_str(", in test mode (t=y)");
                }
                lines.push(line);
            }
            None => lines.push("Policy: unreadable (see the errors above)".into()),
        }
        if self.inherited_from.is_none()
            && let (Some(p), Some(sp)) = (self.policy, self.subdomain_policy)
            && p != sp
        {
            lines.push(format!("Subdomains: {} ({})", sp.as_str(), sp.in_words()));
        }
        if let Some(np) = self.nonexistent_subdomain_policy
            && Some(np) != self.effective_policy
        {
            lines.push(format!(
                "Subdomains that do not exist: {} ({})",
                np.as_str(),
                np.in_words()
            ));
        }
        if !self.organizational_domain.is_empty() && self.organizational_domain != self.psl_organizational_domain {
            lines.push(format!(
                "Organisational domain: {} by the RFC 9989 tree walk, {} by the Public Suffix List",
                self.organizational_domain, self.psl_organizational_domain
            ));
        }
        let describe = |list: &[ReportDestination]| -> String {
            list.iter()
                .map(|d| match d.authorized {
                    Some(false) => format!("{} (not authorised: reports dropped)", d.address),
                    _ => d.address.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.rua.is_empty() {
            lines.push("Reports: none requested".into());
        } else {
            lines.push(format!("Reports: daily summaries to {}", describe(&self.rua)));
        }
        if !self.ruf.is_empty() {
            lines.push(format!("Failure reports to {}", describe(&self.ruf)));
        }
        lines
    }
}

#[cfg(test)]
mod tests;
