//! The hidden-losses report: how much mail, and how many existing customers,
//! a sender is losing without knowing, why, and what to fix first.
//!
//! Built from parsed bounces ([`crate::bounce`]), DMARC aggregate reports
//! ([`crate::dmarc_reports`]), the sent volume the user gives, and optionally
//! the `check` findings of the sending domain. Money appears only when the
//! user supplies a value; every figure shows its arithmetic. See docs/losses.md.

/// Money moved to the top level (`dmarc_reports::what_if` uses it too).
pub use crate::money;
pub mod provider;
pub mod sources;
pub mod tls;

use crate::bounce::{BounceRecord, MessageKind, Reason};
use crate::check::DomainReport;
use crate::dmarc_reports::{Category, Summary};
use crate::finding::{Code, Finding, Severity};
use money::Amount;
use provider::Provider;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Gmail's bulk-sender guideline: keep spam complaints under this (percent).
pub const COMPLAINT_RATE_TARGET: f64 = 0.10;
/// Gmail: never reach this; Yahoo: about this. Above it, mail is refused or spam-foldered.
pub const COMPLAINT_RATE_LIMIT: f64 = 0.30;
/// Hard-bounce rate most ESPs suspend accounts over. Mailbox providers publish no number.
pub const BOUNCE_RATE_GUIDE: f64 = 2.0;

/// What the user told us, validated.
#[derive(Debug, Clone, Default)]
pub struct LossOptions {
    pub sent: Option<u64>,
    /// Where `sent` came from, in words (`--sent`, `campaigns.csv (12 rows)`).
    pub sent_source: Option<String>,
    pub value_per_contact: Option<Amount>,
    pub value_per_email: Option<Amount>,
    pub currency: Option<String>,
    /// Whether bounce inputs were given at all (changes how DMARC rejections count).
    pub have_bounces: bool,
}

/// Bounce records summed as they stream in (memory grows with unique
/// recipients only).
#[derive(Debug, Default)]
pub struct BounceTally {
    /// (reason) → failed messages, hard count, recipients
    by_reason: BTreeMap<Reason, ReasonAcc>,
    by_provider: BTreeMap<Provider, ProviderAcc>,
    hard_contacts: HashSet<String>,
    complainers: HashSet<String>,
    complaints: u64,
    complaints_without_recipient: u64,
    delayed: u64,
    ignored: u64,
    failed_messages: u64,
    /// A few original messages per reason, for evidence.
    examples: BTreeMap<Reason, Vec<String>>,
    /// With `--domain`: only bounces of mail this domain (or a subdomain) sent count.
    domain: Option<String>,
    /// Bounces left out: their original message came from another domain.
    other_domains: u64,
    /// Bounces left out: they do not say who sent the original message.
    sender_unknown: u64,
    /// Earliest and latest date of the bounces counted.
    first_date: Option<chrono::DateTime<chrono::FixedOffset>>,
    last_date: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Debug, Default)]
struct ReasonAcc {
    messages: u64,
    hard: u64,
    recipients: HashSet<String>,
}

#[derive(Debug, Default)]
struct ProviderAcc {
    messages: u64,
    complaints: u64,
    by_reason: BTreeMap<Reason, u64>,
}

/// The domain of a From address (`Name <a@Example.com>` -> `example.com`).
fn sender_domain(from: &str) -> Option<String> {
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
    fn belongs(&mut self, record: &BounceRecord) -> bool {
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

/// What was read to build the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputsRead {
    pub bounce_files: usize,
    pub bounce_messages: usize,
    pub dmarc_files: usize,
    pub dmarc_reports: usize,
    #[serde(default)]
    pub tls_files: usize,
    #[serde(default)]
    pub tls_reports: usize,
    /// (file, why) for inputs that could not be read.
    pub skipped: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactsLost {
    /// Unique addresses that hard-bounced or complained.
    pub total: u64,
    pub hard_bounced: u64,
    pub complained: u64,
    /// In both groups (counted once in `total`).
    pub both: u64,
    /// Complaints whose recipient the feedback report redacted: counted in
    /// the complaint rate, not here (they cannot be deduplicated).
    pub complaints_without_address: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonLoss {
    pub reason: Reason,
    pub label: String,
    pub messages: u64,
    pub hard: u64,
    pub contacts: u64,
    /// Percent of the sent volume, when known.
    pub pct_of_sent: Option<f64>,
    /// Codes of `check` findings that likely explain it (with `--domain`).
    pub related_findings: Vec<String>,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderLoss {
    pub provider: String,
    pub failed_messages: u64,
    pub complaints: u64,
    /// Largest reason first.
    pub reasons: Vec<(Reason, u64)>,
    /// Messages this provider reported receiving in its DMARC reports.
    pub dmarc_volume: Option<u64>,
    /// failed_messages over dmarc_volume, percent.
    pub pct_of_provider_volume: Option<f64>,
    pub dmarc_fail: Option<u64>,
    /// Share of the messages this provider reported that passed DMARC, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dmarc_pass_pct: Option<f64>,
}

impl ProviderLoss {
    /// The three largest reasons with their counts, as the text and Markdown
    /// reports list them: "mailbox_full 3, blocked 1".
    pub fn top_reasons(&self) -> String {
        self.reasons
            .iter()
            .take(3)
            .map(|(reason, n)| format!("{} {n}", reason.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DmarcLoss {
    pub messages: u64,
    pub quarantined: u64,
    pub rejected: u64,
    /// From sources that look like yours (partly aligned or authenticated as another domain).
    pub own_quarantined: u64,
    pub own_rejected: u64,
    /// From unknown sources: probably spoofing that DMARC stopped; not a loss.
    pub unknown_quarantined: u64,
    pub unknown_rejected: u64,
    pub own_failing_sources: Vec<SourceLine>,
    pub unknown_sources: usize,
    pub policy: Option<String>,
    /// Header-from domains the reports cover, largest first.
    pub domains: Vec<String>,
    pub period_begin: Option<String>,
    pub period_end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceLine {
    pub ip: String,
    /// The sending service, when the report names it (see [`sources`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub ptr: Option<String>,
    pub failing: u64,
    pub messages: u64,
    pub quarantined: u64,
    pub rejected: u64,
    pub authenticated_as: Vec<String>,
}

impl SourceLine {
    /// The service's name with the IP, or the IP alone: "SendGrid (192.0.2.7)".
    pub fn name(&self) -> String {
        match &self.service {
            Some(service) => format!("{service} ({})", self.ip),
            None => self.ip.clone(),
        }
    }
}

/// One sending source of your own mail in the DMARC reports: a recognised
/// service (all its IPs together) or a single IP. Per-source DMARC pass rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendingSource {
    /// The service's name, or the IP when it was not recognised.
    pub name: String,
    /// Whether `name` is a recognised service (false: an IP).
    pub recognised: bool,
    /// What named it ("DKIM d=sendgrid.net"); None for an IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The documentation page of the table entry that named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_source: Option<String>,
    /// Source IPs, largest volume first (at most [`SendingSource::MAX_IPS`]).
    pub ips: Vec<String>,
    pub ip_count: usize,
    pub messages: u64,
    pub dmarc_pass: u64,
    /// dmarc_pass over messages, percent.
    pub dmarc_pass_pct: Option<f64>,
}

impl SendingSource {
    pub const MAX_IPS: usize = 10;
}

status_enum! {
    /// A rate against its threshold.
    pub enum RateStatus {
        Ok => "ok",
        /// Above the target, below the limit.
        Warning => "warning",
        Exceeded => "exceeded",
        /// No denominator (no sent volume).
        NotComputed => "not_computed",
    }
}

/// A rate against a published threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateCheck {
    pub name: String,
    pub numerator: u64,
    pub denominator: Option<u64>,
    /// Percent; None when there is no denominator.
    pub pct: Option<f64>,
    pub status: RateStatus,
    pub threshold: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyLine {
    pub label: String,
    pub quantity: u64,
    pub unit_value: String,
    pub amount: String,
    /// `412 contacts × 25 EUR = 10,300.00 EUR`
    pub arithmetic: String,
    pub assumption: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneySection {
    pub currency: Option<String>,
    pub lines: Vec<MoneyLine>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub priority: usize,
    pub title: String,
    pub why: String,
    pub messages_affected: u64,
    pub contacts_affected: u64,
    pub evidence: Vec<String>,
    pub related_findings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSection {
    pub domain: String,
    pub verdict: String,
    pub summary: String,
    pub findings: Vec<Finding>,
}

/// The dates the data covers: the first and last bounce, the earliest begin
/// and latest end of the DMARC reports (YYYY-MM-DD, UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub first: String,
    pub last: String,
}

/// With `--domain`: the bounces left out because they are not that domain's mail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DomainFilter {
    pub domain: String,
    /// The original message came from another domain.
    pub other_domains: u64,
    /// The bounce does not say who sent the original message.
    pub sender_unknown: u64,
}

/// The whole report (the JSON of `losses --format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossReport {
    pub schema_version: u32,
    /// Whether bounce inputs were given: without them, contacts and failed
    /// deliveries are not measured (not zero).
    pub bounces_given: bool,
    pub sent: Option<u64>,
    pub sent_source: Option<String>,
    pub inputs: InputsRead,
    /// First and last date of the bounces and reports; None when none is dated.
    #[serde(default)]
    pub period: Option<Period>,
    /// With `--domain`: the bounces that were not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_filter: Option<DomainFilter>,
    /// Bounce records of failed delivery (one per recipient per message).
    pub failed_messages: u64,
    /// The headline figure and its parts.
    #[serde(default)]
    pub emails_lost: EmailsLost,
    pub delayed_messages: u64,
    pub complaints: u64,
    pub contacts_lost: ContactsLost,
    pub by_reason: Vec<ReasonLoss>,
    pub by_provider: Vec<ProviderLoss>,
    pub dmarc: Option<DmarcLoss>,
    /// Your own sending sources in the DMARC reports, named as services where
    /// recognised, with their DMARC pass rate; most messages first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sending_sources: Vec<SendingSource>,
    /// Failed TLS sessions to your MX, from TLS-RPT reports (`--tls-reports`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<tls::TlsLoss>,
    pub rates: Vec<RateCheck>,
    pub money: Option<MoneySection>,
    pub check: Option<CheckSection>,
    pub actions: Vec<Action>,
    pub notes: Vec<String>,
    /// `--what-if POLICY`: the DMARC reports replayed under that policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if: Option<crate::dmarc_reports::what_if::WhatIf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if_money: Option<crate::dmarc_reports::what_if::WhatIfMoney>,
}

impl LossReport {
    pub const SCHEMA_VERSION: u32 = 1;

    /// The parts of `emails_lost`, in the words every format uses:
    /// ("failed delivery", 12), ("quarantined by DMARC", 3), ...
    pub fn emails_lost_parts(&self) -> Vec<(&'static str, u64)> {
        let e = &self.emails_lost;
        let mut parts = Vec::new();
        if self.bounces_given {
            parts.push(("failed delivery", e.failed_deliveries));
        }
        if self.dmarc.is_some() {
            parts.push(("quarantined by DMARC", e.dmarc_quarantined));
            if !self.bounces_given {
                parts.push(("rejected by DMARC", e.dmarc_rejected));
            }
        }
        parts
    }
}

/// Emails lost, computed once: failed deliveries, plus DMARC quarantines of
/// your own sources (they never bounce), plus DMARC rejections of your own
/// sources when no bounces were given (otherwise those rejections are
/// already among the bounces). Headline, money and every format read it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmailsLost {
    pub total: u64,
    pub failed_deliveries: u64,
    pub dmarc_quarantined: u64,
    /// Counted in `total` only without bounces (0 otherwise).
    pub dmarc_rejected: u64,
}

impl EmailsLost {
    fn new(failed_deliveries: u64, dmarc: Option<&DmarcLoss>, have_bounces: bool) -> Self {
        let dmarc_quarantined = dmarc.map_or(0, |d| d.own_quarantined);
        let dmarc_rejected = if have_bounces {
            0
        } else {
            dmarc.map_or(0, |d| d.own_rejected)
        };
        let failed_deliveries = if have_bounces { failed_deliveries } else { 0 };
        EmailsLost {
            total: failed_deliveries + dmarc_quarantined + dmarc_rejected,
            failed_deliveries,
            dmarc_quarantined,
            dmarc_rejected,
        }
    }
}

/// Human label of a reason.
pub fn reason_label(reason: Reason) -> &'static str {
    match reason {
        Reason::UserUnknown => "Unknown user (address does not exist)",
        Reason::MailboxFull => "Mailbox full",
        Reason::MailboxDisabled => "Mailbox disabled",
        Reason::HostUnknown => "Recipient domain does not exist",
        Reason::Blocked => "Blocked (IP or domain on a blocklist, or reputation)",
        Reason::SpamContent => "Rejected as spam (content)",
        Reason::AuthFailure => "Authentication failure (SPF/DKIM/DMARC)",
        Reason::Policy => "Receiver policy",
        Reason::RateLimited => "Rate limited (too much too fast)",
        Reason::MessageTooLarge => "Message too large",
        Reason::Expired => "Gave up retrying (expired)",
        Reason::NetworkError => "Network or DNS error",
        Reason::Complaint => "Spam complaint",
        Reason::Undetermined => "Undetermined",
    }
}

/// Codes of `check` findings that likely explain a reason.
fn findings_for(reason: Reason, check: Option<&DomainReport>) -> Vec<String> {
    let Some(check) = check else { return vec![] };
    use crate::check::{dkim, dmarc, spf};
    let families: &[&[&Code]] = match reason {
        Reason::AuthFailure => &[spf::CODES, dkim::CODES, dmarc::CODES],
        Reason::Blocked | Reason::Policy | Reason::SpamContent => &[crate::blocklist::CODES],
        _ => &[],
    };
    let mut codes: Vec<String> = check
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning && families.iter().any(|codes| codes.contains(&f.code)))
        .map(|f| f.code.to_string())
        .collect();
    codes.dedup();
    codes
}

/// `1 bounce`, `2 bounces`, with thousands separators.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::dmarc_reports::render::thousands(n),
        if n == 1 { one } else { many }
    )
}

fn pct(part: u64, whole: Option<u64>) -> Option<f64> {
    whole.filter(|w| *w > 0).map(|w| part as f64 * 100.0 / w as f64)
}

/// Put it all together.
pub fn build(
    tally: &BounceTally,
    dmarc: Option<&Summary>,
    check: Option<&DomainReport>,
    inputs: InputsRead,
    options: &LossOptions,
) -> LossReport {
    let sent = options.sent;
    let hard = tally.hard_contacts.len() as u64;
    let complained = tally.complainers.len() as u64;
    let both = tally.hard_contacts.intersection(&tally.complainers).count() as u64;
    let contacts_lost = ContactsLost {
        total: hard + complained - both,
        hard_bounced: hard,
        complained,
        both,
        complaints_without_address: tally.complaints_without_recipient,
    };

    let mut by_reason: Vec<ReasonLoss> = tally
        .by_reason
        .iter()
        .map(|(reason, acc)| ReasonLoss {
            reason: *reason,
            label: reason_label(*reason).to_string(),
            messages: acc.messages,
            hard: acc.hard,
            contacts: acc.recipients.len() as u64,
            pct_of_sent: pct(acc.messages, sent),
            related_findings: findings_for(*reason, check),
            examples: tally.examples.get(reason).cloned().unwrap_or_default(),
        })
        .collect();
    by_reason.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.reason.cmp(&b.reason)));

    // Provider volumes from the DMARC reports of the provider's organisation.
    let mut dmarc_volume: HashMap<Provider, (u64, u64)> = HashMap::new();
    if let Some(s) = dmarc {
        for org in &s.organisations {
            if let Some(p) = provider::from_report_org(&org.org_name) {
                let e = dmarc_volume.entry(p).or_default();
                e.0 = e.0.saturating_add(org.counts.messages);
                e.1 = e.1.saturating_add(org.counts.dmarc_fail);
            }
        }
    }
    let mut providers: BTreeSet<Provider> = tally.by_provider.keys().cloned().collect();
    providers.extend(dmarc_volume.keys().cloned());
    let mut by_provider: Vec<ProviderLoss> = providers
        .into_iter()
        .map(|p| {
            let acc = tally.by_provider.get(&p);
            let failed = acc.map_or(0, |a| a.messages);
            let mut reasons: Vec<(Reason, u64)> = acc
                .map(|a| a.by_reason.iter().map(|(r, n)| (*r, *n)).collect())
                .unwrap_or_default();
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let volume = dmarc_volume.get(&p).copied();
            ProviderLoss {
                provider: p.name(),
                failed_messages: failed,
                complaints: acc.map_or(0, |a| a.complaints),
                reasons,
                dmarc_volume: volume.map(|v| v.0),
                pct_of_provider_volume: pct(failed, volume.map(|v| v.0)),
                dmarc_fail: volume.map(|v| v.1),
                dmarc_pass_pct: volume.and_then(|(messages, fail)| pct(messages - fail.min(messages), Some(messages))),
            }
        })
        .collect();
    by_provider.sort_by(|a, b| {
        (b.failed_messages + b.complaints)
            .cmp(&(a.failed_messages + a.complaints))
            .then_with(|| a.provider.cmp(&b.provider))
    });

    let dmarc_loss = dmarc.map(|s| {
        let mut d = DmarcLoss {
            messages: s.totals.messages,
            quarantined: s.totals.quarantined,
            rejected: s.totals.rejected,
            own_quarantined: 0,
            own_rejected: 0,
            unknown_quarantined: 0,
            unknown_rejected: 0,
            own_failing_sources: vec![],
            unknown_sources: 0,
            policy: s
                .domains
                .first()
                .and_then(|d| d.policy.as_ref())
                .and_then(|p| p.p.clone()),
            domains: s.domains.iter().map(|d| d.domain.clone()).collect(),
            period_begin: s.period_begin.clone(),
            period_end: s.period_end.clone(),
        };
        for src in &s.sources {
            if src.category.is_own_failing() {
                d.own_quarantined = d.own_quarantined.saturating_add(src.counts.quarantined);
                d.own_rejected = d.own_rejected.saturating_add(src.counts.rejected);
                d.own_failing_sources.push(SourceLine {
                    ip: src.ip.clone(),
                    service: sources::recognise(&src.auth_domains, src.ptr.as_deref())
                        .map(|r| r.service.name.to_string()),
                    ptr: src.ptr.clone(),
                    failing: src.counts.dmarc_fail,
                    messages: src.counts.messages,
                    quarantined: src.counts.quarantined,
                    rejected: src.counts.rejected,
                    authenticated_as: src.authenticated_as.clone(),
                });
            } else if src.category == Category::Unknown {
                d.unknown_quarantined = d.unknown_quarantined.saturating_add(src.counts.quarantined);
                d.unknown_rejected = d.unknown_rejected.saturating_add(src.counts.rejected);
                d.unknown_sources += 1;
            }
        }
        d
    });

    let rates = rate_checks(tally, dmarc, options);

    let mut report = LossReport {
        schema_version: LossReport::SCHEMA_VERSION,
        bounces_given: options.have_bounces,
        sent,
        sent_source: options.sent_source.clone(),
        inputs,
        period: period(tally, dmarc),
        domain_filter: tally.domain.as_ref().map(|d| DomainFilter {
            domain: d.clone(),
            other_domains: tally.other_domains,
            sender_unknown: tally.sender_unknown,
        }),
        failed_messages: tally.failed_messages,
        emails_lost: EmailsLost::new(tally.failed_messages, dmarc_loss.as_ref(), options.have_bounces),
        delayed_messages: tally.delayed,
        complaints: tally.complaints,
        contacts_lost,
        by_reason,
        by_provider,
        dmarc: dmarc_loss,
        sending_sources: dmarc.map(sending_sources).unwrap_or_default(),
        tls: None,
        rates,
        money: None,
        check: check.map(|c| CheckSection {
            domain: c.domain.clone(),
            verdict: c.verdict.status.to_string(),
            summary: c.verdict.summary.clone(),
            findings: c.findings.clone(),
        }),
        actions: vec![],
        notes: vec![],
        what_if: None,
        what_if_money: None,
    };
    report.money = money_section(&report, options);
    report.actions = actions(&report, tally, check, options.have_bounces);
    report.notes = notes(&report, options);
    report
}

/// Your own sources (not spoofing, not forwarders), grouped by service.
fn sending_sources(summary: &Summary) -> Vec<SendingSource> {
    let mut by_name: BTreeMap<String, SendingSource> = BTreeMap::new();
    // summary.sources is in a fixed order, so the first clue kept is stable.
    for src in summary.sources.iter().filter(|s| s.category.is_own()) {
        let recognised = sources::recognise(&src.auth_domains, src.ptr.as_deref());
        let name = recognised
            .as_ref()
            .map_or_else(|| src.ip.clone(), |r| r.service.name.to_string());
        let entry = by_name.entry(name.clone()).or_insert_with(|| SendingSource {
            name,
            recognised: recognised.is_some(),
            evidence: recognised.as_ref().map(sources::Recognised::evidence),
            evidence_source: recognised.as_ref().map(|r| r.service.source.to_string()),
            ips: Vec::new(),
            ip_count: 0,
            messages: 0,
            dmarc_pass: 0,
            dmarc_pass_pct: None,
        });
        entry.ip_count += 1;
        entry.ips.push(src.ip.clone());
        entry.messages = entry.messages.saturating_add(src.counts.messages);
        entry.dmarc_pass = entry.dmarc_pass.saturating_add(src.counts.dmarc_pass);
    }
    let mut out: Vec<SendingSource> = by_name
        .into_values()
        .map(|mut s| {
            s.ips.truncate(SendingSource::MAX_IPS);
            s.dmarc_pass_pct = pct(s.dmarc_pass, Some(s.messages));
            s
        })
        .collect();
    out.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The dates covered by the bounces and the DMARC reports together.
fn period(tally: &BounceTally, dmarc: Option<&Summary>) -> Option<Period> {
    let utc_day = |d: chrono::DateTime<chrono::FixedOffset>| d.with_timezone(&chrono::Utc).date_naive();
    let report_day = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(utc_day)
    };
    let firsts = [
        tally.first_date.map(utc_day),
        dmarc.and_then(|s| report_day(&s.period_begin)),
    ];
    let lasts = [
        tally.last_date.map(utc_day),
        dmarc.and_then(|s| report_day(&s.period_end)),
    ];
    let first = firsts.into_iter().flatten().min()?;
    let last = lasts.into_iter().flatten().max()?;
    Some(Period {
        first: first.to_string(),
        last: last.to_string(),
    })
}

fn rate_checks(tally: &BounceTally, dmarc: Option<&Summary>, options: &LossOptions) -> Vec<RateCheck> {
    let sent = options.sent;
    let mut rates = Vec::new();
    let complaint_pct = pct(tally.complaints, sent);
    rates.push(RateCheck {
        name: "complaint_rate".into(),
        numerator: tally.complaints,
        denominator: sent,
        pct: complaint_pct,
        status: match complaint_pct {
            None => RateStatus::NotComputed,
            Some(p) if p >= COMPLAINT_RATE_LIMIT => RateStatus::Exceeded,
            Some(p) if p >= COMPLAINT_RATE_TARGET => RateStatus::Warning,
            Some(_) => RateStatus::Ok,
        },
        threshold: format!(
            "Gmail: keep under {COMPLAINT_RATE_TARGET:.2}%, never {COMPLAINT_RATE_LIMIT:.2}% or more; Yahoo: about {COMPLAINT_RATE_LIMIT:.1}%"
        ),
        note: if sent.is_none() {
            "Needs the sent volume (--sent or --campaigns).".into()
        } else {
            "Counted from feedback-loop (ARF) reports only. Gmail sends none per message, so the real rate can be higher; check Google Postmaster Tools.".into()
        },
    });
    let hard_messages: u64 = tally.by_reason.values().map(|a| a.hard).sum();
    let bounce_pct = pct(hard_messages, sent);
    rates.push(RateCheck {
        name: "hard_bounce_rate".into(),
        numerator: hard_messages,
        denominator: sent,
        pct: bounce_pct,
        status: match bounce_pct {
            None => RateStatus::NotComputed,
            Some(p) if p >= BOUNCE_RATE_GUIDE => RateStatus::Exceeded,
            Some(_) => RateStatus::Ok,
        },
        threshold: format!(
            "under {BOUNCE_RATE_GUIDE:.0}% (common ESP guidance; Gmail, Yahoo and Microsoft publish no bounce figure)"
        ),
        note: if sent.is_none() {
            "Needs the sent volume (--sent or --campaigns).".into()
        } else {
            "Hard bounces over messages sent.".into()
        },
    });
    if let Some(s) = dmarc {
        // Your own mail: everything except unknown sources (spoofing) and forwarders.
        let (mut own, mut own_pass) = (0u64, 0u64);
        for src in &s.sources {
            if src.category.is_own() {
                own = own.saturating_add(src.counts.messages);
                own_pass = own_pass.saturating_add(src.counts.dmarc_pass);
            }
        }
        let fail = own - own_pass;
        let fail_pct = pct(fail, Some(own));
        rates.push(RateCheck {
            name: "dmarc_fail_rate_own_sources".into(),
            numerator: fail,
            denominator: Some(own),
            pct: fail_pct,
            status: match fail_pct {
                None => RateStatus::NotComputed,
                Some(p) if p > 0.0 => RateStatus::Exceeded,
                Some(_) => RateStatus::Ok,
            },
            threshold: "0%: Gmail, Yahoo and Microsoft require bulk mail to pass DMARC with aligned SPF or DKIM".into(),
            note: "Mail from your own sources (unknown sources and forwarders left out), from the DMARC reports."
                .into(),
        });
    }
    rates
}

fn money_section(report: &LossReport, options: &LossOptions) -> Option<MoneySection> {
    if options.value_per_contact.is_none() && options.value_per_email.is_none() {
        return None;
    }
    let currency = options.currency.as_deref();
    let unit = |a: Amount| match currency {
        Some(c) => format!("{} {c}", a.exact()),
        None => a.exact(),
    };
    let mut lines = Vec::new();
    if let Some(v) = options.value_per_contact.filter(|_| options.have_bounces) {
        let n = report.contacts_lost.total;
        let amount = v.times(n).display(currency);
        lines.push(MoneyLine {
            label: "Contacts permanently lost".into(),
            quantity: n,
            unit_value: unit(v),
            arithmetic: format!("{n} contacts × {} = {amount}", unit(v)),
            amount,
            assumption: format!(
                "Each lost contact is worth {} (your --value-per-contact). Contacts = unique addresses that hard-bounced or complained.",
                unit(v)
            ),
        });
    }
    if let Some(v) = options.value_per_email {
        let n = report.emails_lost.total;
        let parts = report
            .emails_lost_parts()
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(" + ");
        let amount = v.times(n).display(currency);
        lines.push(MoneyLine {
            label: "Emails lost".into(),
            quantity: n,
            unit_value: unit(v),
            arithmetic: format!("({parts}) = {n} emails × {} = {amount}", unit(v)),
            amount,
            assumption: format!(
                "Each email is worth {} (your --value-per-email).{}",
                unit(v),
                if options.have_bounces && report.dmarc.is_some() {
                    " DMARC rejections are not added: they come back as bounces and are already counted."
                } else {
                    ""
                }
            ),
        });
    }
    Some(MoneySection {
        currency: options.currency.clone(),
        lines,
        note: "Figures are your values times the counts above, rounded once at the end. The contact and email figures measure different things and are not added together.".into(),
    })
}

fn actions(report: &LossReport, tally: &BounceTally, check: Option<&DomainReport>, have_bounces: bool) -> Vec<Action> {
    let mut out: Vec<(bool, Action)> = Vec::new();
    let reason = |r: Reason| report.by_reason.iter().find(|x| x.reason == r);
    let example_evidence =
        |r: &ReasonLoss| -> Vec<String> { r.examples.iter().map(|e| format!("bounce: {e}")).collect() };

    // Authentication: bounces that cite it, and DMARC failures of your own sources.
    let auth = reason(Reason::AuthFailure);
    let dmarc_own = report
        .dmarc
        .as_ref()
        .map(|d| (d.own_quarantined, d.own_rejected, &d.own_failing_sources));
    let auth_messages =
        auth.map_or(0, |r| r.messages) + dmarc_own.map_or(0, |(q, r, _)| q + if have_bounces { 0 } else { r });
    if auth_messages > 0 {
        let mut evidence = Vec::new();
        if let Some(r) = auth {
            evidence.push(format!(
                "{} cite authentication",
                count(r.messages, "bounce", "bounces")
            ));
            evidence.extend(example_evidence(r));
        }
        if let Some((_, _, sources)) = dmarc_own {
            for s in sources.iter().take(5) {
                evidence.push(format!(
                    "DMARC reports: {}{} failed {} of {} messages ({} quarantined, {} rejected){}",
                    s.name(),
                    s.ptr.as_ref().map(|p| format!(" ({p})")).unwrap_or_default(),
                    s.failing,
                    s.messages,
                    s.quarantined,
                    s.rejected,
                    if s.authenticated_as.is_empty() {
                        String::new()
                    } else {
                        format!("; authenticates as {}", s.authenticated_as.join(", "))
                    }
                ));
            }
        }
        let related = findings_for(Reason::AuthFailure, check);
        for code in &related {
            evidence.push(format!("check: {code}"));
        }
        out.push((
            false,
            Action {
                priority: 0,
                title: "Fix authentication: sign every sending service with DKIM for your domain and align SPF".into(),
                why: "Receivers reject or spam-folder mail that fails DMARC. A CRM or newsletter tool that signs with its own domain looks exactly like this.".into(),
                messages_affected: auth_messages,
                contacts_affected: auth.map_or(0, |r| r.contacts),
                evidence,
                related_findings: related,
            },
        ));
    }

    let invalid: Vec<&ReasonLoss> = [Reason::UserUnknown, Reason::MailboxDisabled, Reason::HostUnknown]
        .into_iter()
        .filter_map(reason)
        .collect();
    let invalid_messages: u64 = invalid.iter().map(|r| r.messages).sum();
    if invalid_messages > 0 {
        let contacts: u64 = invalid.iter().map(|r| r.contacts).sum();
        let mut evidence: Vec<String> = invalid
            .iter()
            .map(|r| format!("{}: {} bounces, {} addresses", r.label, r.messages, r.contacts))
            .collect();
        evidence.extend(invalid.iter().flat_map(|r| example_evidence(r)).take(3));
        out.push((
            false,
            Action {
                priority: 0,
                title: format!("Remove {contacts} dead addresses from your lists and confirm new sign-ups"),
                why: "Mailing addresses that do not exist tells receivers the list is not maintained; it lowers the reputation of all your mail.".into(),
                messages_affected: invalid_messages,
                contacts_affected: contacts,
                evidence,
                related_findings: vec![],
            },
        ));
    }

    let simple: [(Reason, &str, &str); 6] = [
        (
            Reason::Blocked,
            "Find out why you are blocked: check blocklists and the receivers' postmaster pages, then request delisting",
            "A block stops all mail to that receiver, not just one address.",
        ),
        (
            Reason::SpamContent,
            "Review the content that is rejected as spam (links, shorteners, attachments, wording)",
            "Content filters reject the whole campaign at that receiver.",
        ),
        (
            Reason::Policy,
            "Read the receivers' policy rejections and meet their requirements",
            "Policy rejections repeat on every send until the cause is fixed.",
        ),
        (
            Reason::RateLimited,
            "Slow down: spread sends to the provider that throttles you over more time",
            "Throttled mail is retried and often expires undelivered.",
        ),
        (
            Reason::MailboxFull,
            "Stop mailing addresses whose mailbox stays full: they are usually abandoned",
            "Full mailboxes are temporary at first, but months of them mean a dead contact.",
        ),
        (
            Reason::MessageTooLarge,
            "Make messages smaller (host images instead of attaching them)",
            "Oversized mail is refused outright.",
        ),
    ];
    for (r, title, why) in simple {
        if let Some(x) = reason(r) {
            let mut evidence = vec![format!(
                "{} ({})",
                count(x.messages, "bounce", "bounces"),
                count(x.contacts, "address", "addresses")
            )];
            evidence.extend(example_evidence(x));
            for p in &report.by_provider {
                if let Some((_, n)) = p.reasons.iter().find(|(rr, _)| *rr == r) {
                    evidence.push(format!("{}: {n}", p.provider));
                }
            }
            let related = findings_for(r, check);
            evidence.extend(related.iter().map(|c| format!("check: {c}")));
            out.push((
                false,
                Action {
                    priority: 0,
                    title: title.into(),
                    why: why.into(),
                    messages_affected: x.messages,
                    contacts_affected: x.contacts,
                    evidence,
                    related_findings: related,
                },
            ));
        }
    }

    if tally.complaints > 0 {
        let rate = report.rates.iter().find(|r| r.name == "complaint_rate");
        let exceeded = rate.is_some_and(|r| matches!(r.status, RateStatus::Exceeded | RateStatus::Warning));
        let mut evidence = vec![count(tally.complaints, "spam complaint", "spam complaints")];
        if let Some(r) = rate
            && let Some(p) = r.pct
        {
            evidence.push(format!("complaint rate {} ({})", pct_or_dash(Some(p)), r.threshold));
        }
        out.push((
            exceeded,
            Action {
                priority: 0,
                title: "Cut complaints: one-click unsubscribe (RFC 8058), stop mailing people who never engage, say who you are".into(),
                why: "Above 0.3% complaints Gmail and Yahoo reject or spam-folder all of your mail, not just the complainers'.".into(),
                messages_affected: tally.complaints,
                contacts_affected: report.contacts_lost.complained,
                evidence,
                related_findings: vec![],
            },
        ));
    }

    let rest: Vec<&ReasonLoss> = [Reason::Expired, Reason::NetworkError, Reason::Undetermined]
        .into_iter()
        .filter_map(reason)
        .collect();
    let rest_messages: u64 = rest.iter().map(|r| r.messages).sum();
    if rest_messages > 0 {
        out.push((
            false,
            Action {
                priority: 0,
                title: "Read the remaining bounces (expired, network, unclassified) to find their cause".into(),
                why: "They are lost mail whose reason the bounces do not state clearly.".into(),
                messages_affected: rest_messages,
                contacts_affected: rest.iter().map(|r| r.contacts).sum(),
                evidence: rest.iter().map(|r| format!("{}: {}", r.label, r.messages)).collect(),
                related_findings: vec![],
            },
        ));
    }

    if let Some(d) = &report.dmarc
        && d.unknown_sources > 0
        && d.policy.as_deref().is_none_or(|p| p == "none")
    {
        out.push((
            false,
            Action {
                priority: 0,
                title: "Once your own sources pass, move DMARC to p=quarantine, then p=reject".into(),
                why: "Unknown sources are sending as your domain and your policy lets their mail through.".into(),
                messages_affected: 0,
                contacts_affected: 0,
                evidence: vec![format!("{} unknown sources in the DMARC reports", d.unknown_sources)],
                related_findings: vec![],
            },
        ));
    }

    // Threshold breaches first, then largest loss first.
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.messages_affected.cmp(&a.1.messages_affected))
            .then_with(|| a.1.title.cmp(&b.1.title))
    });
    out.into_iter()
        .enumerate()
        .map(|(i, (_, mut a))| {
            a.priority = i + 1;
            a
        })
        .collect()
}

fn notes(report: &LossReport, options: &LossOptions) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(f) = &report.domain_filter
        && f.other_domains + f.sender_unknown > 0
    {
        notes.push(format!(
            "Only the bounces of mail {} sent are counted: {} left out ({} from other domains, {} without the original sender).",
            f.domain,
            count(f.other_domains + f.sender_unknown, "bounce", "bounces"),
            f.other_domains,
            f.sender_unknown
        ));
    }
    if options.sent.is_none() {
        notes.push("No sent volume given (--sent or --campaigns): rates against thresholds are not computed.".into());
    }
    if options.value_per_contact.is_some() && !options.have_bounces {
        notes.push("--value-per-contact was not applied: lost contacts are counted from bounces and complaints, and no --bounces were given.".into());
    }
    if options.value_per_contact.is_none() && options.value_per_email.is_none() {
        notes.push(
            "No value given (--value-per-contact, --value-per-email): the report shows counts and rates only.".into(),
        );
    }
    if report.by_provider.iter().any(|p| p.dmarc_volume.is_some()) {
        notes.push("A provider's volume is what it reported in its DMARC aggregate reports; bounces and reports should cover the same period for the percentage to be exact.".into());
    }
    if report
        .dmarc
        .as_ref()
        .is_some_and(|d| d.unknown_quarantined + d.unknown_rejected > 0)
    {
        notes.push("Mail from unknown sources that DMARC quarantined or rejected is not counted as a loss: it is most likely spoofing that your policy stopped.".into());
    }
    notes
}

#[cfg(test)]
mod tests;

/// Column names accepted for the sent count in a campaigns CSV.
pub const SENT_COLUMNS: &[&str] = &[
    "sent",
    "emails_sent",
    "sent_count",
    "total_sent",
    "recipients",
    "send_count",
];

/// Sum the sent column of a campaigns export: (total, rows, column used).
pub fn sent_from_campaigns(text: &str) -> Result<(u64, usize, String), String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .clone();
    let column = headers
        .iter()
        .position(|h| SENT_COLUMNS.contains(&h.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str()))
        .ok_or_else(|| format!("no sent column; name one of: {}", SENT_COLUMNS.join(", ")))?;
    let mut total: u64 = 0;
    let mut rows = 0;
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("row {}: {e}", i + 2))?;
        let cell = row.get(column).unwrap_or("").trim();
        if cell.is_empty() {
            continue;
        }
        let digits: String = cell.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("row {}: `{cell}` is not a whole number of emails", i + 2))?;
        total = total.checked_add(n).ok_or("the sent total is too large")?;
        rows += 1;
    }
    Ok((total, rows, headers[column].trim().to_string()))
}

/// A rate as every format shows it: "<0.01%" for a tiny one, "-" when unknown.
pub fn pct_or_dash(p: Option<f64>) -> String {
    match p {
        Some(p) if p > 0.0 && p < 0.01 => "<0.01%".into(),
        Some(p) => format!("{p:.2}%"),
        None => "-".into(),
    }
}
