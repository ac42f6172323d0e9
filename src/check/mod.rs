//! `mailaudit check`: the posture of a sending domain. One module per check;
//! each returns its section of the report and its findings. The registry
//! (`registry.rs`) lists and runs them; this module sums up their findings
//! for one domain in a verdict.

pub mod bimi;
pub mod blocklist_targets;
pub mod dane;
pub mod dkim;
pub mod dmarc;
pub mod existence;
pub mod mta_sts;
pub mod mx;
pub mod rdns;
pub mod registry;
pub mod requirements;
pub mod spf;
pub mod tags;
pub mod tls_rpt;

use crate::dns::{Dns, DnsFailure};
use crate::domain::NormalizedDomain;
use crate::finding::{Code, Finding, Severity};
use registry::Context;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// What the user asked for, validated.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// DKIM selectors to try before the built-in list.
    pub selectors: Vec<String>,
    /// Sending IPs to evaluate against SPF and look up on blocklists.
    pub ips: Vec<IpAddr>,
    /// Look up the domain and its sending IPs on blocklists.
    pub blocklists: bool,
    /// The blocklist zones to use (built-in list unless replaced).
    pub blocklist_zones: Vec<crate::blocklist::Zone>,
    /// DMARC aggregate reports given with `--dmarc-reports`: DKIM selectors seen.
    pub dmarc_reports: Option<std::sync::Arc<dkim::evidence::ReportEvidence>>,
    /// Fetches MTA-STS policy files; without one the policy is not fetched.
    pub policy_fetcher: Option<std::sync::Arc<mta_sts::PolicyFetcher>>,
}

status_enum! {
    /// How a domain stands overall.
    pub enum VerdictStatus {
        Ok => "ok",
        AtRisk => "at_risk",
        Failing => "failing",
        /// Lookups failed: no problem found, but the audit is not complete.
        Incomplete => "incomplete",
    }
}

status_enum! {
    /// What the lookup of a single-record section (BIMI, MTA-STS, TLS-RPT) found.
    #[derive(Default)]
    pub enum RecordStatus {
        Found => "found",
        #[default]
        Missing => "missing",
        /// The lookup failed: neither found nor missing.
        Unknown => "unknown",
    }
}

/// The plain-words summary at the top of a domain's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: VerdictStatus,
    /// One sentence a marketer understands.
    pub summary: String,
}

/// Everything `check` learned about one domain. Serialised as one element of
/// `domains` in the JSON output (schema_version 1; see docs/json.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DomainReport {
    pub domain: String,
    /// What the user typed, when it differs from `domain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// Things the user should know about how the domain was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub spf: spf::SpfReport,
    pub dmarc: dmarc::DmarcReport,
    pub dkim: Vec<dkim::DkimKey>,
    pub mx: Vec<mx::MxHost>,
    pub mta_sts: mta_sts::MtaStsReport,
    /// TLSA records of the MX hosts (DANE, RFC 7672).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dane: Vec<dane::DaneHost>,
    pub tls_rpt: tls_rpt::TlsRptReport,
    pub bimi: bimi::BimiReport,
    /// Reverse DNS of the `--ip` sending addresses.
    pub reverse_dns: Vec<rdns::ReverseDns>,
    /// Gmail / Yahoo / Microsoft bulk-sender requirements, judged from the findings.
    pub requirements: Vec<requirements::Requirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocklist: Option<crate::blocklist::BlocklistReport>,
}

/// Check one (already normalised) domain: run every registered check
/// ([`registry::run_all`]) and sum their findings up.
pub async fn check_domain(dns: &Dns, domain: &NormalizedDomain, options: &CheckOptions) -> DomainReport {
    let name = domain.name.as_str();
    let cx = Context {
        dns,
        domain: name,
        options,
    };
    let mut sections = registry::run_all(cx).await;
    let incomplete = requirements::Incomplete {
        spf: sections.spf.lookup_failed(),
        dkim: sections.dkim.lookup_failed(),
        dmarc: sections.dmarc.lookup_failed(),
        reverse_dns: sections.reverse_dns.lookup_failed(),
    };
    let mut findings = sections.take_findings();
    dedupe_temperrors(&mut findings);
    sort_findings(&mut findings);
    let requirements = requirements::evaluate(&findings, !options.ips.is_empty(), incomplete);
    // The report's fields are its JSON schema (docs/json.md), in their own
    // order, so they are written out; without `..`, a newly registered
    // check does not compile until it has its field here.
    let registry::Sections {
        existence: _,
        spf,
        dmarc,
        dkim,
        mx,
        mta_sts,
        dane,
        tls_rpt,
        bimi,
        reverse_dns,
        blocklist,
    } = sections;
    DomainReport {
        domain: name.to_string(),
        input: (domain.input.trim() != name).then(|| domain.input.clone()),
        notes: domain.note.iter().cloned().collect(),
        verdict: verdict(&findings),
        findings,
        spf: spf.report,
        dmarc: dmarc.report,
        dkim: dkim.report,
        mx: mx.report,
        mta_sts: mta_sts.report,
        dane: dane.report,
        tls_rpt: tls_rpt.report,
        bimi: bimi.report,
        reverse_dns: reverse_dns.report,
        requirements,
        blocklist: blocklist.report,
    }
}

/// What the text report shows for a record whose lookup failed: never "(none)".
pub const LOOKUP_FAILED_LINE: &str = "(unknown: the lookup failed)";

/// The `dns.temperror` finding for a failed lookup made by the check `what`.
pub fn temperror(failure: &DnsFailure, what: &str) -> Finding {
    Finding::new(
        &crate::dns::TEMPERROR,
        format!(
            "Could not check {what}: the {} lookup of {} failed ({})",
            failure.qtype, failure.name, failure.kind
        ),
    )
    .evidence(failure.to_string())
    .subject(failure.name.clone())
}

/// Several checks may trip over the same failed name; report each failure once.
fn dedupe_temperrors(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| f.code != &crate::dns::TEMPERROR || seen.insert((f.evidence.clone(), f.subject.clone())));
}

/// Within one severity, what to fix first: a blocklist listing stops mail
/// outright, then authentication (what receivers check on every message),
/// then the rest. Unlisted families come last.
const FIX_ORDER: &[&str] = &[
    "domain",
    "blocklist",
    "spf",
    "dkim",
    "dmarc",
    "rdns",
    "mx",
    "bimi",
    "mta_sts",
    "dane",
    "tls_rpt",
    "dns",
];

fn fix_rank(code: &Code) -> usize {
    let family = code.family();
    FIX_ORDER.iter().position(|f| *f == family).unwrap_or(FIX_ORDER.len())
}

/// Most severe first, then in fix order, then by code, so output is stable run to run.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| fix_rank(a.code).cmp(&fix_rank(b.code)))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Sum up findings in one sentence.
pub fn verdict(findings: &[Finding]) -> Verdict {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.is_incomplete())
        .collect();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && !f.is_incomplete())
        .count();
    let incomplete = findings.iter().any(Finding::is_incomplete);
    let said_alone = |code: &Code| findings.iter().find(|f| f.code == code);
    if let Some(gone) = said_alone(&existence::NOT_FOUND) {
        return Verdict {
            status: VerdictStatus::Failing,
            summary: format!("{}.", gone.message),
        };
    }
    if let Some(nothing) = said_alone(&existence::NOTHING_CHECKED) {
        return Verdict {
            status: VerdictStatus::Incomplete,
            summary: format!(
                "{}, so nothing is known about this domain; run it again.",
                nothing.message
            ),
        };
    }
    let (status, summary) = if !errors.is_empty() {
        let first = errors[0].message.trim_end_matches('.');
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more problem{})", n - 1, if n == 2 { "" } else { "s" }),
        };
        (
            VerdictStatus::Failing,
            format!("Mail from this domain is likely to land in spam or be rejected: {first}{more}."),
        )
    } else if warnings > 0 {
        (
            VerdictStatus::AtRisk,
            format!(
                "Mail can arrive, but {warnings} weakness{} put{} deliverability at risk; fix {} before large sends.",
                if warnings == 1 { "" } else { "es" },
                if warnings == 1 { "s" } else { "" },
                if warnings == 1 { "it" } else { "them" }
            ),
        )
    } else if incomplete {
        (
            VerdictStatus::Incomplete,
            "No problems found, but some lookups failed, so the audit is incomplete; run it again.".to_string(),
        )
    } else {
        (
            VerdictStatus::Ok,
            "The domain is set up so that mail can arrive: no problems found.".to_string(),
        )
    };
    let summary = if incomplete && status != VerdictStatus::Incomplete {
        format!("{summary} Some lookups failed, so the audit is incomplete.")
    } else {
        summary
    };
    Verdict { status, summary }
}

/// The tool that wrote a JSON report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// Version of the `check --format json` schema (the run and the baselines
/// saved from it).
pub const SCHEMA_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_ordered_by_severity_then_what_to_fix_first() {
        let mut findings = vec![
            Finding::new(&crate::check::mta_sts::MISSING, "a"),
            Finding::new(&crate::check::dmarc::MISSING, "b"),
            Finding::new(&crate::check::dkim::MISSING, "c"),
            Finding::new(&crate::check::spf::LOOKUP_LIMIT, "d"),
            Finding::new(&crate::blocklist::LISTED, "e"),
        ];
        sort_findings(&mut findings);
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "blocklist.listed",
                "spf.lookup_limit",
                "dmarc.missing",
                "dkim.missing",
                "mta_sts.missing"
            ]
        );
        let verdict = verdict(&findings);
        assert_eq!(verdict.status, VerdictStatus::Failing);
        assert!(
            verdict.summary.contains("e (and 2 more problems)"),
            "{}",
            verdict.summary
        );
    }

    #[test]
    fn a_missing_domain_or_an_unanswered_one_is_the_whole_verdict() {
        let gone = [
            Finding::new(
                &existence::NOT_FOUND,
                "clen.test does not exist in DNS: check the spelling",
            ),
            Finding::new(&crate::dns::TEMPERROR, "x"),
        ];
        let v = verdict(&gone);
        assert_eq!(v.status, VerdictStatus::Failing);
        assert_eq!(v.summary, "clen.test does not exist in DNS: check the spelling.");
        let silent = [
            Finding::new(&crate::dns::TEMPERROR, "x"),
            existence::nothing_checked_finding("quiet.test"),
        ];
        let v = verdict(&silent);
        assert_eq!(v.status, VerdictStatus::Incomplete);
        assert!(
            v.summary.starts_with("Nothing could be checked for quiet.test"),
            "{}",
            v.summary
        );
        assert!(!v.summary.contains("No problems found"), "{}", v.summary);
    }

    #[test]
    fn verdict_never_calls_a_failed_lookup_ok() {
        let findings = vec![Finding::new(&crate::dns::TEMPERROR, "x")];
        assert_eq!(verdict(&findings).status, VerdictStatus::Incomplete);
        assert_eq!(verdict(&[]).status, VerdictStatus::Ok);
        assert_eq!(
            verdict(&[Finding::new(&crate::check::dkim::MISSING, "x")]).status,
            VerdictStatus::AtRisk
        );
        // No key at guessed selectors is no evidence: not a risk.
        assert_eq!(
            verdict(&[Finding::new(&crate::check::dkim::UNKNOWN, "x")]).status,
            VerdictStatus::Ok
        );
    }
}
