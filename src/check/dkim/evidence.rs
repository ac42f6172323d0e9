//! DKIM selectors from evidence: the selectors receivers saw in DMARC
//! aggregate reports (`auth_results/dkim/selector`), given with
//! `check --dmarc-reports`. They are tried along with the others and say
//! where they come from; with them, a selector that signs mail but has no key
//! is a real `dkim.missing`, and a key no report mentions may be unused.

use super::DkimKey;
use crate::dmarc_reports::Summary;
use crate::dmarc_reports::summary::SelectorSummary;
use crate::finding::{Code, Finding, Severity};

pub static UNUSED_KEY: Code = Code {
    code: "dkim.unused_key",
    severity: Severity::Info,
    title: "DKIM key not seen in the DMARC reports",
    explanation: "The DMARC aggregate reports given with --dmarc-reports cover mail from this domain, \
        but no receiver saw a signature with this selector over their period. The key may be a \
        leftover of a service you no longer use (or one that sends rarely).",
    fix: "If no service signs with this selector any more, empty its record (p=) or remove it; \
        otherwise nothing to do.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&UNUSED_KEY];

/// What the reports say, for all domains of a run.
#[derive(Debug, Clone, Default)]
pub struct ReportEvidence {
    /// Reports read.
    pub reports: usize,
    /// Header-from domains the reports cover.
    pub header_from: Vec<String>,
    pub period: Option<(String, String)>,
    pub selectors: Vec<SelectorSummary>,
}

impl ReportEvidence {
    pub fn from_summary(summary: &Summary) -> Self {
        ReportEvidence {
            reports: summary.reports,
            header_from: summary.domains.iter().map(|d| d.domain.clone()).collect(),
            period: summary
                .period_begin
                .clone()
                .zip(summary.period_end.clone())
                .map(|(b, e)| (b.chars().take(10).collect(), e.chars().take(10).collect())),
            selectors: summary.selectors.clone(),
        }
    }

    /// Whether any reported mail has `domain` (or a subdomain) as header-from.
    pub fn covers(&self, domain: &str) -> bool {
        let below = format!(".{domain}");
        self.header_from.iter().any(|d| d == domain || d.ends_with(&below))
    }

    /// The selectors seen signing for `domain` itself (`d=domain`).
    pub fn selectors_for(&self, domain: &str) -> Vec<&SelectorSummary> {
        self.selectors.iter().filter(|s| s.domain == domain).collect()
    }
}

/// `dkim.missing` for each selector seen in reports that has no key in DNS
/// (`absent`: looked up with a definite empty answer), and `dkim.unused_key`
/// for each key found at a selector no report mentions.
pub fn findings(domain: &str, evidence: &ReportEvidence, keys: &[DkimKey], absent: &[&str]) -> Vec<Finding> {
    let seen = evidence.selectors_for(domain);
    let mut out = Vec::new();
    for sel in &seen {
        if !absent.contains(&sel.selector.as_str()) {
            continue;
        }
        let name = format!("{}._domainkey.{domain}", sel.selector);
        out.push(
            Finding::new(
                &super::MISSING,
                format!(
                    "Mail is signed with selector {} ({} message{} in the DMARC reports, {}), but there is no key at {name}: those signatures fail DKIM. The key was probably removed while mail still uses it.",
                    sel.selector,
                    sel.messages,
                    if sel.messages == 1 { "" } else { "s" },
                    sel.provenance()
                ),
            )
            .subject(sel.selector.clone())
            .severity(Severity::Error)
            .evidence(format!("no DKIM key record at {name}; {}", sel.provenance()))
            .fix(format!(
                "Publish the public key of selector {} again (your mail service shows it), or switch the service that signs with it to a selector that has a key.",
                sel.selector
            )),
        );
    }
    if evidence.covers(domain) {
        let period = evidence
            .period
            .as_ref()
            .map(|(b, e)| format!(" from {b} to {e}"))
            .unwrap_or_default();
        for key in keys {
            if key.selector == "*" || seen.iter().any(|s| s.selector == key.selector) {
                continue;
            }
            out.push(
                Finding::new(
                    &UNUSED_KEY,
                    format!(
                        "No DMARC report{period} shows mail signed with selector {} ({} report{} read): the key may be unused.",
                        key.selector,
                        evidence.reports,
                        if evidence.reports == 1 { "" } else { "s" }
                    ),
                )
                .subject(key.selector.clone())
                .evidence(format!("{} TXT \"{}\"", key.name, super::record::clip(&key.record, 200))),
            );
        }
    }
    out
}
