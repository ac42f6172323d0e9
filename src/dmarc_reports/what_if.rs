//! "What if we enforce?": replay the reported traffic under another DMARC
//! policy (`--what-if "p=reject; sp=quarantine; t=y"`) and count, per source
//! and per header-from domain, the messages that would newly be quarantined
//! or rejected, split into your own sources and unknown ones.
//!
//! Every figure comes from the report rows alone: a row whose mail failed
//! DMARC gets the replayed policy's disposition (`p` for the policy domain,
//! `sp` for its subdomains, one step less with `t=y`); it counts as "newly"
//! affected when that is stricter than what the receiver did.

use super::summary::{Category, SourceSummary, Summary};
use super::{AggregateReport, Disposition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The policy to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfPolicy {
    pub p: Disposition,
    pub sp: Option<Disposition>,
    /// Accepted for completeness; reports do not say whether a subdomain
    /// exists, so `np` cannot be replayed and subdomains get `sp`.
    pub np: Option<Disposition>,
    /// `t=y`: one step less than the policy.
    pub testing: bool,
}

impl WhatIfPolicy {
    /// Parse `p=reject`, `p=quarantine; sp=none; t=y` (separated by `;`,
    /// `,` or spaces).
    pub fn parse(text: &str) -> Result<WhatIfPolicy, String> {
        let mut p = None;
        let mut sp = None;
        let mut np = None;
        let mut testing = false;
        for tag in text.split([';', ',', ' ']).map(str::trim).filter(|t| !t.is_empty()) {
            let (name, value) = tag
                .split_once('=')
                .ok_or_else(|| format!("`{tag}` is not a tag (expected name=value, e.g. p=reject)"))?;
            let value = value.trim().to_ascii_lowercase();
            let policy = || match value.as_str() {
                "none" => Ok(Disposition::None),
                "quarantine" => Ok(Disposition::Quarantine),
                "reject" => Ok(Disposition::Reject),
                _ => Err(format!("`{tag}`: the policy is none, quarantine or reject")),
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "p" => p = Some(policy()?),
                "sp" => sp = Some(policy()?),
                "np" => np = Some(policy()?),
                "t" => {
                    testing = match value.as_str() {
                        "y" => true,
                        "n" => false,
                        _ => return Err(format!("`{tag}`: t is y or n")),
                    }
                }
                other => return Err(format!("`{other}` is not a policy tag (p, sp, np, t)")),
            }
        }
        let p = p.ok_or("the policy needs p= (quarantine or reject), e.g. p=reject")?;
        Ok(WhatIfPolicy { p, sp, np, testing })
    }

    /// The policy as written back, e.g. `p=reject; sp=quarantine; t=y`.
    pub fn text(&self) -> String {
        let mut parts = vec![format!("p={}", name(self.p))];
        if let Some(sp) = self.sp {
            parts.push(format!("sp={}", name(sp)));
        }
        if let Some(np) = self.np {
            parts.push(format!("np={}", name(np)));
        }
        if self.testing {
            parts.push("t=y".into());
        }
        parts.join("; ")
    }

    /// What a receiver would do with failing mail from `header_from` under
    /// the published policy of `policy_domain`.
    pub fn disposition(&self, header_from: &str, policy_domain: &str) -> Disposition {
        let is_subdomain = header_from != policy_domain && header_from.ends_with(&format!(".{policy_domain}"));
        let policy = if is_subdomain {
            self.sp.unwrap_or(self.p)
        } else {
            self.p
        };
        if self.testing { one_step_less(policy) } else { policy }
    }
}

fn name(d: Disposition) -> &'static str {
    match d {
        Disposition::None => "none",
        Disposition::Quarantine => "quarantine",
        Disposition::Reject => "reject",
    }
}

fn one_step_less(d: Disposition) -> Disposition {
    match d {
        Disposition::Reject => Disposition::Quarantine,
        _ => Disposition::None,
    }
}

fn rank(d: Disposition) -> u8 {
    match d {
        Disposition::None => 0,
        Disposition::Quarantine => 1,
        Disposition::Reject => 2,
    }
}

/// Messages and how many of them the replayed policy newly stops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub messages: u64,
    pub dmarc_fail: u64,
    pub newly_quarantined: u64,
    pub newly_rejected: u64,
}

impl Impact {
    pub fn newly_stopped(&self) -> u64 {
        self.newly_quarantined.saturating_add(self.newly_rejected)
    }

    fn add(&mut self, other: &Impact) {
        self.messages = self.messages.saturating_add(other.messages);
        self.dmarc_fail = self.dmarc_fail.saturating_add(other.dmarc_fail);
        self.newly_quarantined = self.newly_quarantined.saturating_add(other.newly_quarantined);
        self.newly_rejected = self.newly_rejected.saturating_add(other.newly_rejected);
    }
}

status_enum! {
    /// Whose mail a source sends, for the replay.
    pub enum SourceGroup {
        /// Looks like yours: passes DMARC (some of its mail), or authenticates
        /// as another domain without alignment.
        Own => "own",
        /// Nothing authenticates: what enforcement is meant to stop.
        Unknown => "unknown",
        /// Receivers marked it forwarded or a list; they may override again.
        Forwarded => "forwarded",
    }
}

impl SourceGroup {
    pub fn of(category: Category) -> Self {
        match category {
            Category::Aligned | Category::PartlyAligned | Category::Misaligned => SourceGroup::Own,
            Category::Forwarded => SourceGroup::Forwarded,
            Category::Unknown => SourceGroup::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceImpact {
    pub ip: String,
    pub network: Option<String>,
    pub ptr: Option<String>,
    /// Domains it authenticates as without alignment (names the service).
    pub authenticated_as: Vec<String>,
    pub category: Category,
    pub group: SourceGroup,
    pub header_from: Vec<String>,
    pub impact: Impact,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainImpact {
    pub domain: String,
    pub own: Impact,
    pub unknown: Impact,
    pub forwarded: Impact,
}

/// The replay: totals per group, per source (most newly stopped first) and
/// per header-from domain; `fix_first` lists your own sources to fix before
/// moving, largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub policy: String,
    pub own: Impact,
    pub unknown: Impact,
    pub forwarded: Impact,
    pub sources: Vec<SourceImpact>,
    pub domains: Vec<DomainImpact>,
    pub fix_first: Vec<String>,
}

/// Accumulates the replay one report at a time, next to a [`super::SummaryBuilder`].
#[derive(Debug, Clone)]
pub struct WhatIfBuilder {
    policy: WhatIfPolicy,
    only: Option<String>,
    /// (source ip, header-from) -> impact
    rows: BTreeMap<(String, String), Impact>,
}

impl WhatIfBuilder {
    pub fn new(policy: WhatIfPolicy) -> Self {
        WhatIfBuilder {
            policy,
            only: None,
            rows: BTreeMap::new(),
        }
    }

    /// Count only mail whose header-from is `domain` or below it.
    pub fn for_domain(policy: WhatIfPolicy, domain: &str) -> Self {
        WhatIfBuilder {
            only: Some(domain.trim_end_matches('.').to_ascii_lowercase()),
            ..Self::new(policy)
        }
    }

    pub fn add(&mut self, report: &AggregateReport) {
        for r in &report.records {
            let Some(domain) = super::summary::row_domain(report, r, self.only.as_deref()) else {
                continue;
            };
            let entry = self.rows.entry((r.source_ip.clone(), domain.clone())).or_default();
            entry.messages = entry.messages.saturating_add(r.count);
            if r.dmarc_pass() {
                continue;
            }
            entry.dmarc_fail = entry.dmarc_fail.saturating_add(r.count);
            let replayed = self.policy.disposition(&domain, &report.policy.domain);
            if rank(replayed) > rank(r.disposition) {
                match replayed {
                    Disposition::Quarantine => {
                        entry.newly_quarantined = entry.newly_quarantined.saturating_add(r.count)
                    }
                    Disposition::Reject => entry.newly_rejected = entry.newly_rejected.saturating_add(r.count),
                    Disposition::None => {}
                }
            }
        }
    }

    /// Join with the summary of the same reports (its source categories).
    pub fn finish(self, summary: &Summary) -> WhatIf {
        let by_ip: BTreeMap<&str, &SourceSummary> = summary.sources.iter().map(|s| (s.ip.as_str(), s)).collect();
        let mut sources: BTreeMap<String, SourceImpact> = BTreeMap::new();
        let mut domains: BTreeMap<String, DomainImpact> = BTreeMap::new();
        let mut totals: [Impact; 3] = Default::default();
        for ((ip, domain), impact) in &self.rows {
            let known = by_ip.get(ip.as_str());
            let category = known.map(|s| s.category).unwrap_or(Category::Unknown);
            let group = SourceGroup::of(category);
            let source = sources.entry(ip.clone()).or_insert_with(|| SourceImpact {
                ip: ip.clone(),
                network: known.and_then(|s| s.network.clone()),
                ptr: known.and_then(|s| s.ptr.clone()),
                authenticated_as: known.map(|s| s.authenticated_as.clone()).unwrap_or_default(),
                category,
                group,
                header_from: Vec::new(),
                impact: Impact::default(),
            });
            source.impact.add(impact);
            if !source.header_from.contains(domain) {
                source.header_from.push(domain.clone());
            }
            let d = domains.entry(domain.clone()).or_insert_with(|| DomainImpact {
                domain: domain.clone(),
                own: Impact::default(),
                unknown: Impact::default(),
                forwarded: Impact::default(),
            });
            let (slot, total) = match group {
                SourceGroup::Own => (&mut d.own, &mut totals[0]),
                SourceGroup::Unknown => (&mut d.unknown, &mut totals[1]),
                SourceGroup::Forwarded => (&mut d.forwarded, &mut totals[2]),
            };
            slot.add(impact);
            total.add(impact);
        }
        let mut sources: Vec<SourceImpact> = sources.into_values().collect();
        sources.sort_by(|a, b| {
            b.impact
                .newly_stopped()
                .cmp(&a.impact.newly_stopped())
                .then(b.impact.messages.cmp(&a.impact.messages))
                .then_with(|| a.ip.cmp(&b.ip))
        });
        let fix_first = sources
            .iter()
            .filter(|s| s.group == SourceGroup::Own && s.impact.newly_stopped() > 0)
            .map(|s| s.ip.clone())
            .collect();
        let mut domains: Vec<DomainImpact> = domains.into_values().collect();
        domains.sort_by(|a, b| {
            let stopped =
                |d: &DomainImpact| d.own.newly_stopped() + d.unknown.newly_stopped() + d.forwarded.newly_stopped();
            stopped(b).cmp(&stopped(a)).then_with(|| a.domain.cmp(&b.domain))
        });
        let [own, unknown, forwarded] = totals;
        WhatIf {
            policy: self.policy.text(),
            own,
            unknown,
            forwarded,
            sources,
            domains,
            fix_first,
        }
    }
}

/// Money put at stake by the replay: your own mail newly stopped × value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfMoney {
    pub value_per_email: String,
    pub currency: Option<String>,
    /// Own messages newly quarantined or rejected.
    pub own_messages: u64,
    /// `own_messages × value_per_email`, rounded to the currency's minor unit.
    pub own_at_stake: String,
}

impl WhatIfMoney {
    pub fn new(what_if: &WhatIf, value: crate::money::Amount, currency: Option<&str>) -> Self {
        let own = what_if.own.newly_stopped();
        WhatIfMoney {
            value_per_email: value.exact(),
            currency: currency.map(str::to_string),
            own_messages: own,
            own_at_stake: value.times(own).display(currency),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_and_apply() {
        let p = WhatIfPolicy::parse("p=reject; sp=quarantine, t=y").unwrap();
        assert_eq!(p.text(), "p=reject; sp=quarantine; t=y");
        // t=y: one step less.
        assert_eq!(p.disposition("example.com", "example.com"), Disposition::Quarantine);
        assert_eq!(p.disposition("news.example.com", "example.com"), Disposition::None);
        let p = WhatIfPolicy::parse("p=quarantine").unwrap();
        assert_eq!(
            p.disposition("news.example.com", "example.com"),
            Disposition::Quarantine
        );
        assert!(WhatIfPolicy::parse("sp=reject").is_err());
        assert!(WhatIfPolicy::parse("p=block").is_err());
        assert!(WhatIfPolicy::parse("pct=50 p=reject").is_err());
        assert!(WhatIfPolicy::parse("reject").is_err());
    }
}
