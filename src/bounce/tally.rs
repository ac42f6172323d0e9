//! Running totals over a stream of records, for summaries. Grows with the
//! number of distinct domains, servers and lost addresses, not with messages.

use super::model::{BounceRecord, MessageKind, Reason};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    /// Records per kind (`bounce`, `delay`, `complaint`, `auto_reply`, `not_bounce`).
    pub kinds: BTreeMap<String, usize>,
    /// Failed recipients (bounces and delays) per reason.
    pub reasons: BTreeMap<String, usize>,
    pub hard: usize,
    pub soft: usize,
    #[serde(skip)]
    domains: HashMap<String, usize>,
    #[serde(skip)]
    reporting: HashMap<String, usize>,
    #[serde(skip)]
    lost_seen: HashSet<String>,
    /// Hard-bounced addresses, first-seen order, each once.
    pub lost_addresses: Vec<String>,
    #[serde(skip)]
    complained_seen: HashSet<String>,
    /// Addresses that complained, first-seen order, each once.
    pub complained_addresses: Vec<String>,
}

impl Tally {
    pub fn add(&mut self, r: &BounceRecord) {
        *self.kinds.entry(kind_name(r.kind).to_string()).or_default() += 1;
        if matches!(r.kind, MessageKind::Bounce | MessageKind::Delay) {
            *self.reasons.entry(r.reason.as_str().to_string()).or_default() += 1;
            if r.hard {
                self.hard += 1;
            } else {
                self.soft += 1;
            }
            if let Some(domain) = r.recipient.as_deref().and_then(|a| a.rsplit_once('@')).map(|(_, d)| d) {
                *self.domains.entry(domain.to_string()).or_default() += 1;
            }
            if let Some(mta) = &r.reporting_mta {
                *self.reporting.entry(mta.clone()).or_default() += 1;
            }
            if r.hard
                && let Some(a) = &r.recipient
                && self.lost_seen.insert(a.clone())
            {
                self.lost_addresses.push(a.clone());
            }
        }
        if r.kind == MessageKind::Complaint
            && let Some(a) = &r.recipient
            && self.complained_seen.insert(a.clone())
        {
            self.complained_addresses.push(a.clone());
        }
    }

    pub fn failures(&self) -> usize {
        self.hard + self.soft
    }

    /// The `n` most frequent recipient domains among failures.
    pub fn top_domains(&self, n: usize) -> Vec<(String, usize)> {
        top(&self.domains, n)
    }

    /// The `n` most frequent reporting servers among failures.
    pub fn top_reporting(&self, n: usize) -> Vec<(String, usize)> {
        top(&self.reporting, n)
    }
}

fn top(map: &HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

pub fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Bounce => "bounce",
        MessageKind::Delay => "delay",
        MessageKind::Complaint => "complaint",
        MessageKind::AutoReply => "auto_reply",
        MessageKind::NotBounce => "not_bounce",
    }
}

/// Every reason, in documentation order.
pub const ALL_REASONS: &[Reason] = &[
    Reason::UserUnknown,
    Reason::MailboxFull,
    Reason::MailboxDisabled,
    Reason::HostUnknown,
    Reason::Blocked,
    Reason::SpamContent,
    Reason::AuthFailure,
    Reason::Policy,
    Reason::RateLimited,
    Reason::MessageTooLarge,
    Reason::Expired,
    Reason::NetworkError,
    Reason::Complaint,
    Reason::Undetermined,
];
