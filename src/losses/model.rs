//! The losses report as serialised (`losses --format json`, schema in
//! docs/losses.md) and read by the renderers.

use super::*;

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
    /// `evidence` as catalogue sentences, in the same order (empty when the
    /// catalogue has none). Not serialised.
    #[serde(skip)]
    pub evidence_words: Vec<crate::i18n::Sentence>,
    /// Title and why as catalogue sentences, so reports in other languages
    /// say them in theirs; `None` for a report read back from JSON. Not
    /// serialised: the JSON keeps the English.
    #[serde(skip)]
    pub words: Option<ActionWords>,
}

/// An action's title and why as catalogue sentences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionWords {
    pub title: crate::i18n::Sentence,
    pub why: crate::i18n::Sentence,
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
    /// `notes` as catalogue sentences, in the same order, for reports in
    /// other languages (the English notes name CLI flags). Not serialised.
    #[serde(skip)]
    pub note_words: Vec<crate::i18n::Sentence>,
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
        self.emails_lost_part_keys()
            .into_iter()
            .map(|(key, n)| (crate::i18n::Lang::En.t(key), n))
            .collect()
    }

    /// The parts of `emails_lost` by catalogue key (`losses.part.*`).
    pub fn emails_lost_part_keys(&self) -> Vec<(&'static str, u64)> {
        let e = &self.emails_lost;
        let mut parts = Vec::new();
        if self.bounces_given {
            parts.push(("losses.part.failed", e.failed_deliveries));
        }
        if self.dmarc.is_some() {
            parts.push(("losses.part.quarantined", e.dmarc_quarantined));
            if !self.bounces_given {
                parts.push(("losses.part.rejected", e.dmarc_rejected));
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
    pub(super) fn new(failed_deliveries: u64, dmarc: Option<&DmarcLoss>, have_bounces: bool) -> Self {
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
