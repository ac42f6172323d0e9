//! The RFC 9989 DNS tree walk (section 4.10): which `_dmarc` names a receiver
//! queries for a domain, and how the organisational domain is chosen from the
//! records found. It replaces the Public Suffix List of RFC 7489.
//!
//! Steps, as the RFC gives them: query the domain itself; then, if it has
//! 8 labels or more, jump to its last 7 labels, else drop the left-most label;
//! then drop one label at a time up to the top-level domain. A single valid
//! record carrying `psd=y` or `psd=n` stops the walk. So at most 8 queries.

use super::record::{self, is_dmarc_record};
use crate::dns::{Dns, DnsFailure};
use serde::{Deserialize, Serialize};

/// RFC 9989 4.10: names of this many labels or more are shortened to
/// `SHORTENED_LABELS` after the first query, bounding the walk to 8 queries.
pub const SHORTCUT_LABELS: usize = 8;
pub const SHORTENED_LABELS: usize = 7;

status_enum! {
    /// What one query of the walk found.
    pub enum WalkFound {
        /// One valid record without a psd= tag.
        Record => "record",
        /// A record with psd=y (a public suffix operator's); the walk stops.
        PsdY => "psd=y",
        /// A record with psd=n (an organisational domain's); the walk stops.
        PsdN => "psd=n",
        /// Several records: all discarded.
        Multiple => "multiple",
        Nothing => "none",
    }
}

impl WalkFound {
    /// A single valid record was found.
    pub fn is_record(self) -> bool {
        matches!(self, WalkFound::Record | WalkFound::PsdY | WalkFound::PsdN)
    }
}

/// One query of the walk and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkStep {
    /// The domain whose `_dmarc` name was queried.
    pub domain: String,
    pub found: WalkFound,
}

/// What the walk found for one starting domain.
#[derive(Debug, Clone, Default)]
pub struct TreeWalk {
    pub steps: Vec<WalkStep>,
    /// The v=DMARC1 records at each queried domain, in walk order (several
    /// at one name are kept so the caller can report them).
    pub records: Vec<(String, Vec<String>)>,
}

/// The domains whose `_dmarc` names the walk queries, in order, before any
/// early stop: the domain, then (shortened to 7 labels if it has 8 or more)
/// each parent up to the top-level domain.
pub fn walk_targets(domain: &str) -> Vec<String> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let mut targets = vec![domain.clone()];
    let first_parent = if labels.len() >= SHORTCUT_LABELS {
        labels.len() - SHORTENED_LABELS
    } else {
        1
    };
    for start in first_parent..labels.len() {
        targets.push(labels[start..].join("."));
    }
    targets
}

/// `child`'s ancestor (or itself) with `labels` labels.
fn with_labels(child: &str, labels: usize) -> String {
    let parts: Vec<&str> = child.split('.').collect();
    parts[parts.len().saturating_sub(labels)..].join(".")
}

impl TreeWalk {
    /// The single valid record at `domain`, if the walk found one there.
    pub fn record_at(&self, domain: &str) -> Option<&str> {
        self.records
            .iter()
            .find(|(d, records)| d == domain && records.len() == 1)
            .map(|(_, records)| records[0].as_str())
    }

    /// The domain the walk started at.
    pub fn start(&self) -> &str {
        self.steps.first().map(|s| s.domain.as_str()).unwrap_or("")
    }

    /// RFC 9989 4.10.2: from the longest name to the shortest, a record with
    /// `psd=n` names the organisational domain; one with `psd=y` (other than
    /// at the start) puts it one label below; otherwise the record with the
    /// fewest labels does; with no record at all, the starting domain is it.
    pub fn organizational_domain(&self) -> String {
        let start = self.start().to_string();
        let found: Vec<&WalkStep> = self.steps.iter().filter(|s| s.found.is_record()).collect();
        for step in &found {
            match step.found {
                WalkFound::PsdN => return step.domain.clone(),
                WalkFound::PsdY if step.domain != start => {
                    return with_labels(&start, step.domain.split('.').count() + 1);
                }
                _ => {}
            }
        }
        found.last().map(|s| s.domain.clone()).unwrap_or(start)
    }

    /// The domain whose record has `psd=y` (a public suffix operator's), if any.
    pub fn public_suffix_domain(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.found == WalkFound::PsdY)
            .map(|s| s.domain.as_str())
    }
}

/// Walk the tree from `domain`. A failed query makes the walk's outcome
/// unknown (a record hidden behind it could change the result).
pub async fn tree_walk(dns: &Dns, domain: &str) -> Result<TreeWalk, DnsFailure> {
    let mut walk = TreeWalk::default();
    for target in walk_targets(domain) {
        let answer = dns.txt(&format!("_dmarc.{target}")).await?;
        let records: Vec<String> = answer
            .txt_strings()
            .into_iter()
            .filter(|t| is_dmarc_record(t))
            .collect();
        let found = match records.len() {
            0 => WalkFound::Nothing,
            1 => match record::parse(&records[0]).psd.as_deref() {
                Some("y") => WalkFound::PsdY,
                Some("n") => WalkFound::PsdN,
                _ => WalkFound::Record,
            },
            _ => WalkFound::Multiple,
        };
        let stop = matches!(found, WalkFound::PsdY | WalkFound::PsdN);
        walk.steps.push(WalkStep {
            domain: target.clone(),
            found,
        });
        walk.records.push((target, records));
        if stop {
            break;
        }
    }
    Ok(walk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::fake::FakeDns;

    #[test]
    fn targets_follow_section_4_10() {
        assert_eq!(
            walk_targets("a.mail.example.com"),
            vec!["a.mail.example.com", "mail.example.com", "example.com", "com"]
        );
        // The RFC's own example: 13 labels, eight queries.
        assert_eq!(
            walk_targets("a.b.c.d.e.f.g.h.i.j.mail.example.com"),
            vec![
                "a.b.c.d.e.f.g.h.i.j.mail.example.com",
                "g.h.i.j.mail.example.com",
                "h.i.j.mail.example.com",
                "i.j.mail.example.com",
                "j.mail.example.com",
                "mail.example.com",
                "example.com",
                "com",
            ]
        );
        // Exactly 8 labels: the shortcut and one-label steps agree, 8 queries.
        assert_eq!(walk_targets("a.b.c.d.e.f.example.com").len(), 8);
        assert_eq!(walk_targets("b.c.d.e.f.example.com").len(), 7);
        assert_eq!(walk_targets("com"), vec!["com"]);
    }

    async fn org(fake: FakeDns, domain: &str) -> (String, usize) {
        let walk = tree_walk(&fake.into_dns(), domain).await.unwrap();
        (walk.organizational_domain(), walk.steps.len())
    }

    #[tokio::test]
    async fn organisational_domain_by_the_rfc_examples() {
        // Records at mail.example.com and example.com: the one with fewest labels.
        let fake = FakeDns::default()
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=none")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject");
        assert_eq!(org(fake, "a.mail.example.com").await, ("example.com".into(), 4));
        // psd=n at mail.example.com: that is it, and the walk stops there.
        let fake = FakeDns::default()
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=none; psd=n")
            .txt("_dmarc.example.com", "v=DMARC1; p=reject");
        assert_eq!(org(fake, "a.mail.example.com").await, ("mail.example.com".into(), 2));
        // Only psd=y at com: one label below it.
        let fake = FakeDns::default().txt("_dmarc.com", "v=DMARC1; p=reject; psd=y");
        assert_eq!(org(fake, "a.mail.example.com").await, ("example.com".into(), 4));
        // No record anywhere: the starting domain.
        assert_eq!(
            org(FakeDns::default(), "a.mail.example.com").await,
            ("a.mail.example.com".into(), 4)
        );
        // psd=y at the start itself does not count as a suffix above it.
        let fake = FakeDns::default().txt("_dmarc.example.com", "v=DMARC1; p=reject; psd=y");
        assert_eq!(org(fake, "example.com").await, ("example.com".into(), 1));
    }

    #[tokio::test]
    async fn several_records_at_one_name_are_discarded() {
        let fake = FakeDns::default()
            .txt("_dmarc.example.com", "v=DMARC1; p=reject")
            .txt("_dmarc.example.com", "v=DMARC1; p=none")
            .txt("_dmarc.mail.example.com", "v=DMARC1; p=none");
        let walk = tree_walk(&fake.into_dns(), "mail.example.com").await.unwrap();
        assert_eq!(walk.steps[1].found, WalkFound::Multiple);
        assert_eq!(walk.record_at("example.com"), None);
        assert_eq!(walk.organizational_domain(), "mail.example.com");
    }
}
