//! Bounce records summed as they stream in.

use super::*;

/// Bounce records summed as they stream in (memory grows with unique
/// recipients only).
#[derive(Debug, Default)]
pub struct BounceTally {
    /// (reason) → failed messages, hard count, recipients
    pub(super) by_reason: BTreeMap<Reason, ReasonAcc>,
    pub(super) by_provider: BTreeMap<Provider, ProviderAcc>,
    pub(super) hard_contacts: HashSet<String>,
    pub(super) complainers: HashSet<String>,
    pub(super) complaints: u64,
    pub(super) complaints_without_recipient: u64,
    pub(super) delayed: u64,
    pub(super) ignored: u64,
    pub(super) failed_messages: u64,
    /// A few original messages per reason, for evidence.
    pub(super) examples: BTreeMap<Reason, Vec<String>>,
    /// With `--domain`: only bounces of mail this domain (or a subdomain) sent count.
    pub(super) domain: Option<String>,
    /// Bounces left out: their original message came from another domain.
    pub(super) other_domains: u64,
    /// Bounces left out: they do not say who sent the original message.
    pub(super) sender_unknown: u64,
    /// Earliest and latest date of the bounces counted.
    pub(super) first_date: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub(super) last_date: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Debug, Default)]
pub(super) struct ReasonAcc {
    pub(super) messages: u64,
    pub(super) hard: u64,
    pub(super) recipients: HashSet<String>,
}

#[derive(Debug, Default)]
pub(super) struct ProviderAcc {
    pub(super) messages: u64,
    pub(super) complaints: u64,
    pub(super) by_reason: BTreeMap<Reason, u64>,
}

/// The domain of a From address (`Name <a@Example.com>` -> `example.com`).
pub(super) fn sender_domain(from: &str) -> Option<String> {
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => &from[open + 1..close],
        _ => from,
    };
    let (_, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

impl BounceTally {
    /// A tally of only the bounces of mail `domain` (or its subdomains) sent,
    /// judged by the original message's From.
    pub fn for_domain(domain: &str) -> Self {
        BounceTally {
            domain: Some(domain.trim_end_matches('.').to_ascii_lowercase()),
            ..Default::default()
        }
    }

    /// Whether the record counts for the domain this tally is for.
    pub(super) fn belongs(&mut self, record: &BounceRecord) -> bool {
        let Some(wanted) = &self.domain else { return true };
        match record.original_from.as_deref().and_then(sender_domain) {
            Some(d) if d == *wanted || d.ends_with(&format!(".{wanted}")) => true,
            Some(_) => {
                self.other_domains += 1;
                false
            }
            None => {
                self.sender_unknown += 1;
                false
            }
        }
    }

    pub fn add(&mut self, record: &BounceRecord) {
        if !self.belongs(record) {
            return;
        }
        if let Some(date) = record
            .date
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        {
            self.first_date = Some(self.first_date.map_or(date, |f| f.min(date)));
            self.last_date = Some(self.last_date.map_or(date, |l| l.max(date)));
        }
        let recipient = record
            .recipient
            .as_deref()
            .map(|r| r.trim().trim_matches(['<', '>']).to_ascii_lowercase())
            .filter(|r| !r.is_empty());
        let provider = provider::classify(recipient.as_deref(), record.remote_mta.as_deref());
        match record.kind {
            MessageKind::Complaint => {
                self.complaints += 1;
                match recipient {
                    Some(r) => {
                        self.complainers.insert(r);
                    }
                    None => self.complaints_without_recipient += 1,
                }
                self.by_provider.entry(provider).or_default().complaints += 1;
            }
            MessageKind::Bounce => {
                self.failed_messages += 1;
                let acc = self.by_reason.entry(record.reason).or_default();
                acc.messages += 1;
                if record.hard {
                    acc.hard += 1;
                }
                if let Some(r) = &recipient {
                    acc.recipients.insert(r.clone());
                    if record.hard {
                        self.hard_contacts.insert(r.clone());
                    }
                }
                let p = self.by_provider.entry(provider).or_default();
                p.messages += 1;
                *p.by_reason.entry(record.reason).or_default() += 1;
                let examples = self.examples.entry(record.reason).or_default();
                if examples.len() < 3 {
                    // The diagnostic usually repeats the status; show the status only when it does not.
                    let diagnostic: String = record.diagnostic.as_deref().unwrap_or("").chars().take(160).collect();
                    let e = match &record.status {
                        Some(s) if !diagnostic.contains(s.as_str()) => format!("{s} {diagnostic}"),
                        _ => diagnostic,
                    };
                    let mut e = e.trim().to_string();
                    if let Some(subject) = record.original_subject.as_deref().filter(|s| !s.trim().is_empty()) {
                        let subject: String = subject.chars().take(80).collect();
                        e = format!("{e} (message \"{}\")", subject.trim());
                    }
                    if !e.is_empty() && !examples.contains(&e) {
                        examples.push(e);
                    }
                }
            }
            MessageKind::Delay => self.delayed += 1,
            MessageKind::AutoReply | MessageKind::NotBounce => self.ignored += 1,
        }
    }
}
