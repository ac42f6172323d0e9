//! DMARC aggregate reports (RFC 7489 appendix C): read them from XML, gzip,
//! zip or e-mail files, drop duplicates, and sum them up per reporting
//! organisation, per sending source and per header-from domain.
//!
//! The point is to tell apart the sources that are yours but fail alignment
//! (a CRM or newsletter service without DKIM for the domain) from the ones
//! nobody knows (possible spoofing). See docs/dmarc-reports.md.

pub mod input;
pub mod parse;
pub mod summary;
pub mod what_if;

pub use summary::{Category, Counts, DomainSummary, OrgSummary, SourceSummary, Summary, SummaryBuilder, summarize};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// One aggregate report, reduced to what the summaries need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregateReport {
    pub org_name: String,
    pub org_email: Option<String>,
    pub report_id: String,
    /// The XML namespace of `<feedback>`: RFC 9990 reports use
    /// `urn:ietf:params:xml:ns:dmarc-2.0`, RFC 7489 ones usually none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// `<version>` (RFC 9990: `1.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `<generator>` (RFC 9990): the software that wrote the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// Unix seconds.
    pub date_begin: Option<i64>,
    pub date_end: Option<i64>,
    pub errors: Vec<String>,
    pub policy: PolicyPublished,
    pub records: Vec<ReportRecord>,
    /// What was cut while reading (a text field over its cap): shown as skipped.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// The XML namespace of RFC 9990 aggregate reports.
pub const RFC9990_NAMESPACE: &str = "urn:ietf:params:xml:ns:dmarc-2.0";

status_enum! {
    /// Which aggregate-report format a report is in.
    #[derive(PartialOrd, Ord)]
    pub enum ReportFormat {
        Rfc7489 => "rfc7489",
        /// In the RFC 9990 XML namespace.
        Rfc9990 => "rfc9990",
    }
}

impl AggregateReport {
    /// RFC 9990 for reports in its namespace, else RFC 7489.
    pub fn format(&self) -> ReportFormat {
        match self.namespace.as_deref() {
            Some(ns) if ns.eq_ignore_ascii_case(RFC9990_NAMESPACE) => ReportFormat::Rfc9990,
            _ => ReportFormat::Rfc7489,
        }
    }
}

/// The DMARC record the receiver found for the domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPublished {
    pub domain: String,
    pub p: Option<String>,
    pub sp: Option<String>,
    pub np: Option<String>,
    pub pct: Option<u32>,
    pub adkim: Option<String>,
    pub aspf: Option<String>,
    pub testing: Option<String>,
    /// RFC 9990: how the receiver found the policy, `psl` or `treewalk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovery_method: Option<String>,
}

/// One row: `count` messages from one source with the same results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRecord {
    pub source_ip: String,
    pub count: u64,
    pub disposition: Disposition,
    /// DMARC-aligned DKIM pass, as the receiver evaluated it.
    pub dkim_aligned: bool,
    /// DMARC-aligned SPF pass, as the receiver evaluated it.
    pub spf_aligned: bool,
    /// Why the receiver did not apply the policy (forwarded, mailing_list...).
    pub reasons: Vec<OverrideReason>,
    pub header_from: String,
    pub envelope_from: Option<String>,
    pub envelope_to: Option<String>,
    /// Raw DKIM results (any domain, aligned or not).
    pub dkim: Vec<AuthResult>,
    /// Raw SPF results (any domain, aligned or not).
    pub spf: Vec<AuthResult>,
}

impl ReportRecord {
    pub fn dmarc_pass(&self) -> bool {
        self.dkim_aligned || self.spf_aligned
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    #[default]
    None,
    Quarantine,
    Reject,
}

impl Disposition {
    pub fn parse(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "quarantine" => Disposition::Quarantine,
            "reject" => Disposition::Reject,
            _ => Disposition::None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideReason {
    #[serde(rename = "type")]
    pub kind: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthResult {
    pub domain: String,
    pub selector: Option<String>,
    pub scope: Option<String>,
    pub result: String,
    pub human_result: Option<String>,
}

/// A report as read from a file.
#[derive(Debug, Clone)]
pub struct LoadedReport {
    pub file: String,
    pub report: AggregateReport,
}

/// A file (or part of one) that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// A report seen twice (same organisation, report id and domain): counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub file: String,
    pub org_name: String,
    pub report_id: String,
    pub first_seen_in: String,
}

/// Everything read from some paths, duplicates removed, in file order.
#[derive(Debug, Clone, Default)]
pub struct ReadOutcome {
    pub files_read: usize,
    pub reports: Vec<LoadedReport>,
    pub duplicates: Vec<Duplicate>,
    pub skipped: Vec<Skipped>,
    /// Links not followed twice while walking (nothing lost).
    pub notes: Vec<String>,
}

/// Read every report under `paths` (files or directories, walked recursively),
/// keeping them all. Files are parsed in parallel; the outcome does not
/// depend on thread timing.
pub fn read_paths(paths: &[PathBuf]) -> ReadOutcome {
    let mut reports = Vec::new();
    let mut outcome = read_each(paths, |loaded| reports.push(loaded));
    outcome.reports = reports;
    outcome
}

/// Read and sum up every report under `paths` without keeping the reports:
/// memory grows with the number of distinct sources, not of reports.
pub fn summarize_paths(paths: &[PathBuf]) -> Summary {
    summarize_paths_with(paths, summary::SummaryBuilder::default())
}

/// [`summarize_paths`] into a given builder (e.g. one for a single domain).
pub fn summarize_paths_with(paths: &[PathBuf], mut builder: summary::SummaryBuilder) -> Summary {
    let outcome = read_each(paths, |loaded| builder.add(&loaded.report));
    let mut summary = builder.finish(outcome.files_read, outcome.duplicates, outcome.skipped);
    summary.notes = outcome.notes;
    summary
}

/// [`summarize_paths_with`], replaying the same reports under another policy
/// as they are read. Finish the replay with the summary (after `--resolve`,
/// so source names are known).
pub fn summarize_paths_what_if(
    paths: &[PathBuf],
    mut builder: summary::SummaryBuilder,
    mut what_if: what_if::WhatIfBuilder,
) -> (Summary, what_if::WhatIfBuilder) {
    let outcome = read_each(paths, |loaded| {
        builder.add(&loaded.report);
        what_if.add(&loaded.report);
    });
    (
        builder.finish(outcome.files_read, outcome.duplicates, outcome.skipped),
        what_if,
    )
}

/// Files parsed this many at a time (in parallel), then handed on in order.
/// Small: each file may expand to [`input::LIMITS`] bytes while parsed.
const CHUNK: usize = 16;

/// Call `on_report` for each distinct report, in file order. The returned
/// outcome has no reports, only the counts, duplicates and skipped files.
fn read_each(paths: &[PathBuf], mut on_report: impl FnMut(LoadedReport)) -> ReadOutcome {
    let walked = crate::input::walk(paths, crate::input::walk::is_hidden);
    let mut outcome = ReadOutcome {
        files_read: walked.sources.len(),
        notes: walked.notes,
        skipped: walked
            .skipped
            .into_iter()
            .map(|s| Skipped {
                file: s.file,
                reason: s.why,
            })
            .collect(),
        ..Default::default()
    };
    let mut seen: HashMap<(String, String, String), String> = HashMap::new();
    for chunk in walked.sources.chunks(CHUNK) {
        let parsed: Vec<Vec<Result<LoadedReport, Skipped>>> = chunk
            .par_iter()
            .map(|source| {
                input::read_source(source)
                    .into_iter()
                    .map(|part| match part {
                        Ok((file, xml)) => match parse::parse_report(&xml) {
                            Ok(report) => Ok(LoadedReport { file, report }),
                            Err(reason) => Err(Skipped { file, reason }),
                        },
                        Err((file, reason)) => Err(Skipped { file, reason }),
                    })
                    .collect()
            })
            .collect();
        for part in parsed.into_iter().flatten() {
            match part {
                Ok(LoadedReport { file, mut report }) => {
                    // Fields cut to their cap are kept, and said.
                    for note in std::mem::take(&mut report.notes) {
                        outcome.skipped.push(Skipped {
                            file: file.clone(),
                            reason: note,
                        });
                    }
                    let key = (
                        report.org_name.trim().to_lowercase(),
                        report.report_id.trim().to_string(),
                        report.policy.domain.clone(),
                    );
                    if let Some(first) = seen.get(&key) {
                        outcome.duplicates.push(Duplicate {
                            file,
                            org_name: report.org_name,
                            report_id: report.report_id,
                            first_seen_in: first.clone(),
                        });
                    } else {
                        seen.insert(key, file.clone());
                        on_report(LoadedReport { file, report });
                    }
                }
                Err(skipped) => outcome.skipped.push(skipped),
            }
        }
    }
    outcome
}

/// Reverse DNS of every source in `summary` (the `--resolve` option). A failed
/// lookup is recorded as such, never as "no name".
pub async fn resolve_sources(dns: &crate::dns::Dns, summary: &mut Summary, concurrency: usize) {
    use crate::dns::{QueryType, RecordData};
    use futures::StreamExt;
    let names: Vec<(Option<String>, Option<String>)> = futures::stream::iter(summary.sources.iter())
        .map(|source| async move {
            let Ok(ip) = source.ip.parse::<std::net::IpAddr>() else {
                return (None, Some("not an IP address".to_string()));
            };
            match dns.lookup(&crate::dns::reverse_name(ip), QueryType::Ptr).await {
                Ok(answer) => {
                    let name = answer.records.iter().find_map(|r| match r {
                        RecordData::Ptr(n) => Some(n.trim_end_matches('.').to_string()),
                        _ => None,
                    });
                    (name.clone(), name.is_none().then(|| "no PTR record".to_string()))
                }
                Err(e) => (None, Some(format!("lookup failed: {}", e.kind))),
            }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    for (source, (ptr, error)) in summary.sources.iter_mut().zip(names) {
        source.ptr = ptr;
        source.ptr_error = error;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(org: &str, id: &str, domain: &str) -> String {
        format!(
            "<feedback><report_metadata><org_name>{org}</org_name><report_id>{id}</report_id></report_metadata>\
             <policy_published><domain>{domain}</domain></policy_published>\
             <record><row><source_ip>192.0.2.1</source_ip><count>2</count></row></record></feedback>"
        )
    }

    #[test]
    fn duplicates_are_keyed_on_org_id_and_domain() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, body: String| std::fs::write(dir.path().join(name), body).unwrap();
        write("a.xml", report("Org", "1", "example.com"));
        write("b.xml", report("org ", "1", "example.com")); // same org (case/space), same id: duplicate
        write("c.xml", report("Other", "1", "example.com")); // same id from another org: not a duplicate
        write("d.xml", report("Org", "1", "example.net")); // same id for another domain: not a duplicate
        let outcome = read_paths(&[dir.path().to_path_buf()]);
        assert_eq!(outcome.reports.len(), 3);
        assert_eq!(outcome.duplicates.len(), 1);
        assert!(outcome.duplicates[0].file.ends_with("b.xml"));
        assert_eq!(summarize(&outcome).totals.messages, 6);
    }

    #[tokio::test]
    async fn reverse_dns_failure_is_not_no_name() {
        use crate::dns::{DnsFailureKind, QueryType, RecordData, fake::FakeDns};
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xml"), report("Org", "1", "example.com")).unwrap();
        std::fs::write(
            dir.path().join("b.xml"),
            report("Org", "2", "example.com").replace("192.0.2.1", "192.0.2.2"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("c.xml"),
            report("Org", "3", "example.com").replace("192.0.2.1", "192.0.2.3"),
        )
        .unwrap();
        let mut s = summarize(&read_paths(&[dir.path().to_path_buf()]));
        let dns = FakeDns::default()
            .set(
                "1.2.0.192.in-addr.arpa",
                QueryType::Ptr,
                vec![RecordData::Ptr("mail.example.com.".into())],
            )
            .fail("2.2.0.192.in-addr.arpa", QueryType::Ptr, DnsFailureKind::Timeout)
            .into_dns();
        resolve_sources(&dns, &mut s, 4).await;
        let get = |ip: &str| s.sources.iter().find(|x| x.ip == ip).unwrap();
        assert_eq!(get("192.0.2.1").ptr.as_deref(), Some("mail.example.com"));
        assert!(get("192.0.2.2").ptr.is_none());
        assert!(get("192.0.2.2").ptr_error.as_deref().unwrap().contains("failed"));
        assert_eq!(get("192.0.2.3").ptr_error.as_deref(), Some("no PTR record"));
    }
}

#[cfg(test)]
mod domain_filter_tests {
    use super::*;

    #[test]
    fn builder_for_domain_keeps_the_domain_and_its_subdomains() {
        let xml = |hf: &str, n: u32| {
            format!(
                "<record><row><source_ip>192.0.2.1</source_ip><count>{n}</count></row>\
                 <identifiers><header_from>{hf}</header_from></identifiers></record>"
            )
        };
        let doc = format!(
            "<feedback><report_metadata><org_name>o</org_name><report_id>1</report_id></report_metadata>\
             <policy_published><domain>example.com</domain></policy_published>{}{}{}{}</feedback>",
            xml("example.com", 1),
            xml("news.example.com", 2),
            xml("notexample.com", 4),
            xml("example.org", 8)
        );
        let report = parse::parse_report(doc.as_bytes()).unwrap();
        let mut only = SummaryBuilder::for_domain("Example.com.");
        only.add(&report);
        let s = only.finish(1, vec![], vec![]);
        assert_eq!(s.totals.messages, 3);
        assert_eq!(s.domains.len(), 2);
        let mut all = SummaryBuilder::default();
        all.add(&report);
        assert_eq!(all.finish(1, vec![], vec![]).totals.messages, 15);
    }
}
