//! Reports summed up per organisation, per source IP and per header-from
//! domain, with each source put in a category.

use super::{Disposition, Duplicate, PolicyPublished, ReadOutcome, ReportRecord, Skipped};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Message counts. Every rate in the reports is one of these over `messages`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub messages: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
    pub spf_aligned: u64,
    pub dkim_aligned: u64,
    pub delivered: u64,
    pub quarantined: u64,
    pub rejected: u64,
}

impl Counts {
    fn add(&mut self, r: &ReportRecord) {
        let n = r.count;
        self.messages = self.messages.saturating_add(n);
        if r.dmarc_pass() {
            self.dmarc_pass = self.dmarc_pass.saturating_add(n);
        } else {
            self.dmarc_fail = self.dmarc_fail.saturating_add(n);
        }
        if r.spf_aligned {
            self.spf_aligned = self.spf_aligned.saturating_add(n);
        }
        if r.dkim_aligned {
            self.dkim_aligned = self.dkim_aligned.saturating_add(n);
        }
        let slot = match r.disposition {
            Disposition::None => &mut self.delivered,
            Disposition::Quarantine => &mut self.quarantined,
            Disposition::Reject => &mut self.rejected,
        };
        *slot = slot.saturating_add(n);
    }

    /// Percentage of `part` in `messages`, or None when there are none.
    pub fn pct(&self, part: u64) -> Option<f64> {
        (self.messages > 0).then(|| part as f64 * 100.0 / self.messages as f64)
    }
}

/// What a sending source probably is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// All its mail passed DMARC.
    Aligned,
    /// Some of its mail passed DMARC and some failed: your server with one
    /// unaligned stream, or forwarding.
    PartlyAligned,
    /// Its mail failed DMARC but passed SPF or DKIM for another domain: the
    /// pattern of a service sending for you without aligned DKIM/SPF.
    Misaligned,
    /// Failing mail that the receiver itself marked as forwarded or from a list.
    Forwarded,
    /// Nothing authenticates: possible spoofing (or a source nobody set up).
    Unknown,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Aligned => "aligned",
            Category::PartlyAligned => "partly_aligned",
            Category::Misaligned => "misaligned",
            Category::Forwarded => "forwarded",
            Category::Unknown => "unknown",
        }
    }

    /// Sources that look like yours: not spoofing, not forwarders.
    pub fn is_own(self) -> bool {
        matches!(self, Category::Aligned | Category::PartlyAligned | Category::Misaligned)
    }

    /// Sources that look like yours but lose mail to DMARC.
    pub fn is_own_failing(self) -> bool {
        matches!(self, Category::PartlyAligned | Category::Misaligned)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub org_name: String,
    pub reports: usize,
    pub counts: Counts,
    /// Reports per format: `rfc7489` or `rfc9990` (by the XML namespace).
    #[serde(default)]
    pub formats: BTreeMap<super::ReportFormat, usize>,
    /// `<generator>` values seen (RFC 9990), at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generators: Vec<String>,
    /// `<discovery_method>` values seen (RFC 9990): `psl`, `treewalk`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discovery_methods: Vec<String>,
}

/// One DKIM selector receivers saw for one signing domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectorSummary {
    /// The signing domain (`d=`).
    pub domain: String,
    pub selector: String,
    /// Messages carrying a signature with this selector, and those where it verified.
    pub messages: u64,
    pub pass: u64,
    /// Reports that name it, per reporting organisation.
    pub reports: usize,
    pub reported_by: BTreeMap<String, usize>,
}

impl SelectorSummary {
    /// "seen in 3 reports from google.com, 1 from Yahoo".
    pub fn provenance(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, (org, n)) in self.reported_by.iter().enumerate() {
            parts.push(if i == 0 {
                format!("{n} report{} from {org}", if *n == 1 { "" } else { "s" })
            } else {
                format!("{n} from {org}")
            });
        }
        format!("seen in {}", parts.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSummary {
    /// The header-from domain.
    pub domain: String,
    pub counts: Counts,
    /// The policy in the most recent report that covered this domain.
    pub policy: Option<PolicyPublished>,
    pub sources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    pub ip: String,
    /// The /24 (IPv4) or /48 (IPv6) network, to group sources with no name.
    pub network: Option<String>,
    /// Reverse DNS name, with `--resolve`.
    pub ptr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ptr_error: Option<String>,
    pub category: Category,
    pub counts: Counts,
    pub header_from: Vec<String>,
    /// Domains the source passed SPF or DKIM for without alignment, e.g.
    /// `dkim:sendgrid.net`: names the service behind it.
    pub authenticated_as: Vec<String>,
    /// Receivers' reasons for overriding the policy (`forwarded: comment`).
    pub override_reasons: Vec<String>,
    pub reported_by: Vec<String>,
    /// Every DKIM `d=` and SPF domain of the source's rows, passing or not
    /// (`dkim:sendgrid.net`, `spf:bounces.example.com`): what names the
    /// service behind it (`losses::sources`). Not written, so the JSON of
    /// `dmarc-reports` stays as it was.
    #[serde(skip)]
    pub auth_domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub files_read: usize,
    pub reports: usize,
    /// RFC 3339 dates of the earliest begin and latest end of the reports.
    pub period_begin: Option<String>,
    pub period_end: Option<String>,
    pub totals: Counts,
    pub organisations: Vec<OrgSummary>,
    pub domains: Vec<DomainSummary>,
    /// Largest volume first.
    pub sources: Vec<SourceSummary>,
    /// DKIM selectors seen per signing domain, most messages first.
    #[serde(default)]
    pub selectors: Vec<SelectorSummary>,
    pub duplicates: Vec<Duplicate>,
    pub skipped: Vec<Skipped>,
    /// Links not followed twice while walking (nothing lost): for stderr.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Summary {
    /// Sources that look like yours but fail alignment, largest failing volume first.
    pub fn own_failing(&self) -> impl Iterator<Item = &SourceSummary> {
        self.sources.iter().filter(|s| s.category.is_own_failing())
    }

    pub fn unknown(&self) -> impl Iterator<Item = &SourceSummary> {
        self.sources.iter().filter(|s| s.category == Category::Unknown)
    }
}

/// Counts, the latest (date, policy) and the source IPs of one header-from domain.
type DomainAcc = (Counts, Option<(i64, PolicyPublished)>, BTreeSet<String>);

#[derive(Default)]
struct SourceAcc {
    counts: Counts,
    fail_authenticated: u64,
    fail_forwarded: u64,
    header_from: BTreeSet<String>,
    authenticated_as: BTreeSet<String>,
    override_reasons: BTreeSet<String>,
    reported_by: BTreeSet<String>,
    auth_domains: BTreeSet<String>,
}

/// Messages, passes and reports per reporter of one (domain, selector).
#[derive(Default)]
struct SelectorAcc {
    messages: u64,
    pass: u64,
    reported_by: BTreeMap<String, usize>,
}

/// Sum up what was read.
pub fn summarize(outcome: &ReadOutcome) -> Summary {
    let mut builder = SummaryBuilder::default();
    for loaded in &outcome.reports {
        builder.add(&loaded.report);
    }
    builder.finish(outcome.files_read, outcome.duplicates.clone(), outcome.skipped.clone())
}

/// Sums reports one at a time, so a large run need not keep them all.
#[derive(Default)]
pub struct SummaryBuilder {
    orgs: BTreeMap<String, OrgSummary>,
    domains: BTreeMap<String, DomainAcc>,
    sources: HashMap<String, SourceAcc>,
    selectors: BTreeMap<(String, String), SelectorAcc>,
    totals: Counts,
    begin: Option<i64>,
    end: Option<i64>,
    reports: usize,
    /// Count only mail whose header-from is this domain or below it.
    only: Option<String>,
}

impl SummaryBuilder {
    /// A builder that counts only mail from `domain` and its subdomains.
    pub fn for_domain(domain: &str) -> Self {
        SummaryBuilder {
            only: Some(domain.trim_end_matches('.').to_ascii_lowercase()),
            ..Default::default()
        }
    }

    pub fn add(&mut self, report: &super::AggregateReport) {
        let Self {
            orgs,
            domains,
            sources,
            selectors,
            totals,
            begin,
            end,
            reports,
            only,
        } = self;
        *reports += 1;
        let org_name = if report.org_name.trim().is_empty() {
            "(unnamed)".to_string()
        } else {
            report.org_name.trim().to_string()
        };
        if let Some(b) = report.date_begin {
            *begin = Some(begin.map_or(b, |x| x.min(b)));
        }
        if let Some(e) = report.date_end {
            *end = Some(end.map_or(e, |x| x.max(e)));
        }
        let org = orgs.entry(org_name.to_lowercase()).or_insert_with(|| OrgSummary {
            org_name: org_name.clone(),
            reports: 0,
            counts: Counts::default(),
            formats: BTreeMap::new(),
            generators: Vec::new(),
            discovery_methods: Vec::new(),
        });
        org.reports += 1;
        *org.formats.entry(report.format()).or_default() += 1;
        if let Some(g) = &report.generator
            && org.generators.len() < 10
            && !org.generators.contains(g)
        {
            org.generators.push(g.clone());
        }
        if let Some(m) = &report.policy.discovery_method
            && org.discovery_methods.len() < 10
            && !org.discovery_methods.contains(m)
        {
            org.discovery_methods.push(m.clone());
        }
        let mut selectors_in_report: BTreeSet<(String, String)> = BTreeSet::new();
        let when = report.date_end.unwrap_or(0);
        for r in &report.records {
            let Some(domain) = row_domain(report, r, only.as_deref()) else {
                continue;
            };
            totals.add(r);
            org.counts.add(r);
            if !domains.contains_key(&domain) {
                domains.insert(domain.clone(), DomainAcc::default());
            }
            if let Some(entry) = domains.get_mut(&domain) {
                entry.0.add(r);
                if entry.1.as_ref().is_none_or(|(t, _)| when > *t) {
                    entry.1 = Some((when, report.policy.clone()));
                }
                if !entry.2.contains(&r.source_ip) {
                    entry.2.insert(r.source_ip.clone());
                }
            }

            if !sources.contains_key(&r.source_ip) {
                sources.insert(r.source_ip.clone(), SourceAcc::default());
            }
            let Some(acc) = sources.get_mut(&r.source_ip) else {
                continue;
            };
            acc.counts.add(r);
            for (kind, results) in [("dkim", &r.dkim), ("spf", &r.spf)] {
                for a in results.iter().filter(|a| !a.domain.is_empty()) {
                    if acc.auth_domains.len() < 20 {
                        acc.auth_domains
                            .insert(format!("{kind}:{}", a.domain.to_ascii_lowercase()));
                    }
                }
            }
            for dkim in &r.dkim {
                let Some(selector) = dkim.selector.as_deref().filter(|s| !s.is_empty()) else {
                    continue;
                };
                let key = (dkim.domain.clone(), selector.to_ascii_lowercase());
                let seen = selectors.entry(key.clone()).or_default();
                seen.messages = seen.messages.saturating_add(r.count);
                if dkim.result == "pass" {
                    seen.pass = seen.pass.saturating_add(r.count);
                }
                if selectors_in_report.insert(key) {
                    *seen.reported_by.entry(org_name.clone()).or_default() += 1;
                }
            }
            if !acc.header_from.contains(&domain) {
                acc.header_from.insert(domain);
            }
            if !acc.reported_by.contains(&org_name) {
                acc.reported_by.insert(org_name.clone());
            }
            for reason in &r.reasons {
                let text = match &reason.comment {
                    Some(c) => format!("{}: {c}", reason.kind),
                    None => reason.kind.clone(),
                };
                if acc.override_reasons.len() < 20 {
                    acc.override_reasons.insert(text);
                }
            }
            if !r.dmarc_pass() {
                let forwarded = r
                    .reasons
                    .iter()
                    .any(|x| matches!(x.kind.as_str(), "forwarded" | "mailing_list" | "trusted_forwarder"));
                let mut authenticated = false;
                for (kind, results) in [("dkim", &r.dkim), ("spf", &r.spf)] {
                    for a in results {
                        if a.result == "pass" && !a.domain.is_empty() {
                            authenticated = true;
                            if acc.authenticated_as.len() < 20 {
                                acc.authenticated_as.insert(format!("{kind}:{}", a.domain));
                            }
                        }
                    }
                }
                if forwarded {
                    acc.fail_forwarded = acc.fail_forwarded.saturating_add(r.count);
                } else if authenticated {
                    acc.fail_authenticated = acc.fail_authenticated.saturating_add(r.count);
                }
            }
        }
    }

    pub fn finish(self, files_read: usize, duplicates: Vec<Duplicate>, skipped: Vec<Skipped>) -> Summary {
        let Self {
            orgs,
            domains,
            sources,
            selectors,
            totals,
            begin,
            end,
            reports,
            only: _,
        } = self;
        let mut selectors: Vec<SelectorSummary> = selectors
            .into_iter()
            .map(|((domain, selector), acc)| SelectorSummary {
                domain,
                selector,
                messages: acc.messages,
                pass: acc.pass,
                reports: acc.reported_by.values().sum(),
                reported_by: acc.reported_by,
            })
            .collect();
        selectors.sort_by(|a, b| {
            a.domain
                .cmp(&b.domain)
                .then(b.messages.cmp(&a.messages))
                .then_with(|| a.selector.cmp(&b.selector))
        });
        let mut sources: Vec<SourceSummary> = sources
            .into_iter()
            .map(|(ip, acc)| {
                let c = acc.counts;
                let unauthenticated = c.dmarc_fail - acc.fail_authenticated.min(c.dmarc_fail);
                let unauthenticated = unauthenticated.saturating_sub(acc.fail_forwarded);
                let category = if c.dmarc_fail == 0 {
                    Category::Aligned
                } else if c.dmarc_pass > 0 {
                    Category::PartlyAligned
                } else if acc.fail_forwarded >= acc.fail_authenticated && acc.fail_forwarded >= unauthenticated {
                    Category::Forwarded
                } else if acc.fail_authenticated >= unauthenticated {
                    Category::Misaligned
                } else {
                    Category::Unknown
                };
                SourceSummary {
                    network: network_of(&ip),
                    ip,
                    ptr: None,
                    ptr_error: None,
                    category,
                    counts: c,
                    header_from: acc.header_from.into_iter().collect(),
                    authenticated_as: acc.authenticated_as.into_iter().collect(),
                    override_reasons: acc.override_reasons.into_iter().collect(),
                    reported_by: acc.reported_by.into_iter().collect(),
                    auth_domains: acc.auth_domains.into_iter().collect(),
                }
            })
            .collect();
        sources.sort_by(|a, b| {
            b.counts
                .dmarc_fail
                .cmp(&a.counts.dmarc_fail)
                .then(b.counts.messages.cmp(&a.counts.messages))
                .then_with(|| a.ip.cmp(&b.ip))
        });

        let mut organisations: Vec<OrgSummary> = orgs.into_values().collect();
        organisations.sort_by(|a, b| {
            b.counts
                .messages
                .cmp(&a.counts.messages)
                .then_with(|| a.org_name.cmp(&b.org_name))
        });
        let mut domains: Vec<DomainSummary> = domains
            .into_iter()
            .map(|(domain, (counts, policy, ips))| DomainSummary {
                domain,
                counts,
                policy: policy.map(|(_, p)| p),
                sources: ips.len(),
            })
            .collect();
        domains.sort_by(|a, b| {
            b.counts
                .messages
                .cmp(&a.counts.messages)
                .then_with(|| a.domain.cmp(&b.domain))
        });

        Summary {
            files_read,
            reports,
            period_begin: begin.and_then(rfc3339),
            period_end: end.and_then(rfc3339),
            totals,
            organisations,
            domains,
            sources,
            selectors,
            duplicates,
            skipped,
            notes: Vec::new(),
        }
    }
}

/// The header-from domain of a row (the policy domain when the row has
/// none), or None when it is outside `only` (a domain and its subdomains).
pub(super) fn row_domain(report: &super::AggregateReport, r: &ReportRecord, only: Option<&str>) -> Option<String> {
    let domain = if r.header_from.is_empty() {
        report.policy.domain.clone()
    } else {
        r.header_from.clone()
    };
    match only {
        Some(only) if !(domain == only || domain.ends_with(&format!(".{only}"))) => None,
        _ => Some(domain),
    }
}

fn rfc3339(unix: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(unix, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn network_of(ip: &str) -> Option<String> {
    match ip.parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(v4) => ipnet::Ipv4Net::new(v4, 24).ok().map(|n| n.trunc().to_string()),
        std::net::IpAddr::V6(v6) => ipnet::Ipv6Net::new(v6, 48).ok().map(|n| n.trunc().to_string()),
    }
}
