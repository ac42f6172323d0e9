//! TLS reports summed up per policy domain and policy type.

use super::{Duplicate, Skipped, TlsReport, input};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Everything the reports say, over all files read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub files_read: usize,
    /// Distinct reports counted (duplicates excluded).
    pub reports: usize,
    pub period: Period,
    pub successful_sessions: u64,
    pub failed_sessions: u64,
    /// Policy domains, most failed sessions first.
    pub domains: Vec<DomainSummary>,
    /// Reporting organisations, most reports first.
    pub organizations: Vec<OrgSummary>,
    pub duplicates: Vec<Duplicate>,
    pub skipped: Vec<Skipped>,
}

/// Earliest start and latest end of the reports' date ranges (RFC 3339, UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DomainSummary {
    pub domain: String,
    pub successful_sessions: u64,
    pub failed_sessions: u64,
    /// One entry per policy type (`sts`, `tlsa`, `no-policy-found`).
    pub policies: Vec<PolicySummary>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PolicySummary {
    pub policy_type: String,
    pub successful_sessions: u64,
    pub failed_sessions: u64,
    /// The `mx-host` patterns reporters saw in the STS policy.
    pub mx_patterns: Vec<String>,
    pub failures_by_result: Vec<Tally>,
    pub failures_by_mx: Vec<Tally>,
    pub failures_by_sending_ip: Vec<Tally>,
    /// Failed sessions by receiving MX and result type, most first: what to fix.
    pub failures: Vec<Failure>,
    pub by_organization: Vec<OrgSessions>,
}

/// Failed sessions counted under one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub name: String,
    pub sessions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub receiving_mx: String,
    pub result_type: String,
    pub sessions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSessions {
    pub organization: String,
    pub successful_sessions: u64,
    pub failed_sessions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub organization: String,
    pub reports: usize,
}

/// What a failure detail without a receiving MX is filed under.
pub const UNKNOWN_MX: &str = "(not reported)";

#[derive(Default)]
struct PolicyTotals {
    successful: u64,
    failed: u64,
    patterns: BTreeSet<String>,
    by_result: BTreeMap<String, u64>,
    by_mx: BTreeMap<String, u64>,
    by_ip: BTreeMap<String, u64>,
    failures: BTreeMap<(String, String), u64>,
    by_org: BTreeMap<String, (u64, u64)>,
}

/// Adds reports one by one; [`SummaryBuilder::finish`] sorts the tallies.
#[derive(Default)]
pub struct SummaryBuilder {
    policies: BTreeMap<(String, String), PolicyTotals>,
    orgs: BTreeMap<String, usize>,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    reports: usize,
}

fn parse_time(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl SummaryBuilder {
    pub fn add(&mut self, report: &TlsReport) {
        self.reports += 1;
        let org = report.organization_name.trim().to_string();
        *self.orgs.entry(org.clone()).or_default() += 1;
        if let Some(start) = parse_time(report.date_range.start_datetime.as_deref()) {
            self.start = Some(self.start.map_or(start, |s| s.min(start)));
        }
        if let Some(end) = parse_time(report.date_range.end_datetime.as_deref()) {
            self.end = Some(self.end.map_or(end, |e| e.max(end)));
        }
        for result in &report.policies {
            let key = (
                result.policy.policy_domain.clone(),
                result.policy.policy_type.trim().to_ascii_lowercase(),
            );
            let totals = self.policies.entry(key).or_default();
            let (ok, failed) = (
                result.summary.total_successful_session_count,
                result.summary.total_failure_session_count,
            );
            totals.successful = totals.successful.saturating_add(ok);
            totals.failed = totals.failed.saturating_add(failed);
            let org_totals = totals.by_org.entry(org.clone()).or_default();
            org_totals.0 = org_totals.0.saturating_add(ok);
            org_totals.1 = org_totals.1.saturating_add(failed);
            totals
                .patterns
                .extend(result.policy.mx_host.iter().map(|p| p.to_ascii_lowercase()));
            for detail in &result.failure_details {
                let sessions = detail.failed_session_count;
                let result_type = detail.result_type.trim().to_ascii_lowercase();
                let mx = detail
                    .receiving_mx_hostname
                    .as_deref()
                    .map(|m| m.trim_end_matches('.').to_ascii_lowercase())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| UNKNOWN_MX.to_string());
                let add = |map: &mut BTreeMap<String, u64>, key: String| {
                    let count = map.entry(key).or_default();
                    *count = count.saturating_add(sessions);
                };
                add(&mut totals.by_result, result_type.clone());
                add(&mut totals.by_mx, mx.clone());
                if let Some(ip) = detail.sending_mta_ip.as_deref().filter(|ip| !ip.is_empty()) {
                    add(&mut totals.by_ip, ip.trim().to_string());
                }
                let count = totals.failures.entry((mx, result_type)).or_default();
                *count = count.saturating_add(sessions);
            }
        }
    }

    pub fn finish(self, files_read: usize, duplicates: Vec<Duplicate>, skipped: Vec<Skipped>) -> Summary {
        let mut domains: BTreeMap<String, DomainSummary> = BTreeMap::new();
        for ((domain, policy_type), totals) in self.policies {
            let entry = domains.entry(domain.clone()).or_insert_with(|| DomainSummary {
                domain,
                ..Default::default()
            });
            entry.successful_sessions = entry.successful_sessions.saturating_add(totals.successful);
            entry.failed_sessions = entry.failed_sessions.saturating_add(totals.failed);
            let mut failures: Vec<Failure> = totals
                .failures
                .into_iter()
                .map(|((receiving_mx, result_type), sessions)| Failure {
                    receiving_mx,
                    result_type,
                    sessions,
                })
                .collect();
            failures.sort_by_key(|x| std::cmp::Reverse(x.sessions));
            let mut by_organization: Vec<OrgSessions> = totals
                .by_org
                .into_iter()
                .map(|(organization, (successful, failed))| OrgSessions {
                    organization,
                    successful_sessions: successful,
                    failed_sessions: failed,
                })
                .collect();
            by_organization.sort_by_key(|x| std::cmp::Reverse(x.failed_sessions));
            entry.policies.push(PolicySummary {
                policy_type,
                successful_sessions: totals.successful,
                failed_sessions: totals.failed,
                mx_patterns: totals.patterns.into_iter().collect(),
                failures_by_result: tallies(totals.by_result),
                failures_by_mx: tallies(totals.by_mx),
                failures_by_sending_ip: tallies(totals.by_ip),
                failures,
                by_organization,
            });
        }
        let mut domains: Vec<DomainSummary> = domains.into_values().collect();
        domains.sort_by_key(|x| std::cmp::Reverse(x.failed_sessions));
        let mut organizations: Vec<OrgSummary> = self
            .orgs
            .into_iter()
            .map(|(organization, reports)| OrgSummary { organization, reports })
            .collect();
        organizations.sort_by_key(|x| std::cmp::Reverse(x.reports));
        let rfc3339 = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Summary {
            files_read,
            reports: self.reports,
            period: Period {
                start: self.start.map(rfc3339),
                end: self.end.map(rfc3339),
            },
            successful_sessions: domains
                .iter()
                .fold(0u64, |sum, d| sum.saturating_add(d.successful_sessions)),
            failed_sessions: domains
                .iter()
                .fold(0u64, |sum, d| sum.saturating_add(d.failed_sessions)),
            domains,
            organizations,
            duplicates,
            skipped,
        }
    }
}

/// Most sessions first; names in order within one count (the map is sorted, the sort stable).
fn tallies(map: BTreeMap<String, u64>) -> Vec<Tally> {
    let mut list: Vec<Tally> = map
        .into_iter()
        .map(|(name, sessions)| Tally { name, sessions })
        .collect();
    list.sort_by_key(|x| std::cmp::Reverse(x.sessions));
    list
}

/// Read every report under `paths` (files and directories), count each
/// `report-id` once, and sum them up.
pub fn summarize_paths(paths: &[PathBuf]) -> Summary {
    let walked = crate::input::walk(paths, crate::input::walk::is_hidden);
    let mut skipped: Vec<Skipped> = walked
        .skipped
        .into_iter()
        .map(|s| Skipped {
            file: s.file,
            reason: s.why,
        })
        .collect();
    let mut duplicates = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut builder = SummaryBuilder::default();
    for source in &walked.sources {
        for part in input::read_source(source) {
            let (file, report) = match part {
                Ok((file, json)) => match super::parse(&json) {
                    Ok(report) => (file, report),
                    Err(reason) => {
                        skipped.push(Skipped { file, reason });
                        continue;
                    }
                },
                Err((file, reason)) => {
                    skipped.push(Skipped { file, reason });
                    continue;
                }
            };
            if let Some(first) = seen.get(&report.report_id) {
                duplicates.push(Duplicate {
                    file,
                    report_id: report.report_id.clone(),
                    first_seen_in: first.clone(),
                });
                continue;
            }
            seen.insert(report.report_id.clone(), file);
            builder.add(&report);
        }
    }
    builder.finish(walked.sources.len(), duplicates, skipped)
}
