//! Failed TLS sessions from TLS-RPT reports (`losses --tls-reports`): mail to
//! your own MX that was not delivered, or delivered unencrypted.

use super::{Action, ActionWords, LossReport};
use crate::i18n::Sentence;
use crate::tls_reports::Summary;
use serde::{Deserialize, Serialize};

/// Most TLS actions added: one per failing MX and result type, largest first.
const MAX_ACTIONS: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsLoss {
    pub reports: usize,
    pub successful_sessions: u64,
    pub failed_sessions: u64,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    /// Failed sessions by policy domain, receiving MX and result type, largest first.
    pub failures: Vec<TlsFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsFailure {
    pub domain: String,
    pub policy_type: String,
    pub receiving_mx: String,
    pub result_type: String,
    pub sessions: u64,
}

impl TlsLoss {
    /// The loss line of the headline.
    pub fn line(&self) -> String {
        format!(
            "{} to your MX failed TLS: mail was not delivered, or delivered unencrypted",
            super::count(self.failed_sessions, "session", "sessions")
        )
    }
}

/// The catalogue sentence (`losses.tls.remedy.KEY`) of [`remedy`].
fn remedy_key(result_type: &str) -> &'static str {
    match result_type {
        "certificate-expired" => "certificate_expired",
        "certificate-host-mismatch" => "certificate_host_mismatch",
        "certificate-not-trusted" => "certificate_not_trusted",
        "starttls-not-supported" => "starttls_not_supported",
        "validation-failure" => "validation_failure",
        "tlsa-invalid" | "dane-required" => "tlsa",
        "dnssec-invalid" => "dnssec_invalid",
        "sts-policy-fetch-error" => "sts_policy_fetch_error",
        "sts-policy-invalid" => "sts_policy_invalid",
        "sts-webpki-invalid" => "sts_webpki_invalid",
        _ => "other",
    }
}

/// The action's title, why and evidence as catalogue sentences, for reports
/// in other languages (the English stays as `add_tls_reports` writes it).
fn words(f: &TlsFailure) -> (ActionWords, Sentence) {
    let about = |extra: &[(&'static str, String)]| {
        let mut values = vec![
            ("mx", f.receiving_mx.clone()),
            ("result", f.result_type.clone()),
            ("domain", f.domain.clone()),
        ];
        values.extend_from_slice(extra);
        values
    };
    let sessions = ("sessions", crate::figures::thousands(f.sessions));
    let title = Sentence::new("losses.action.tls.title", &about(&[]));
    let why = Sentence::new("losses.action.tls.why", &about(std::slice::from_ref(&sessions)))
        .with_word("remedy", format!("losses.tls.remedy.{}", remedy_key(&f.result_type)));
    let evidence = Sentence::new(
        "losses.evidence.tls",
        &about(&[sessions, ("policy", f.policy_type.clone())]),
    );
    (ActionWords { title, why }, evidence)
}

/// What to do about one TLS-RPT result type.
fn remedy(result_type: &str) -> &'static str {
    match result_type {
        "certificate-expired" => "Renew the MX certificate (and automate renewal).",
        "certificate-host-mismatch" => "Serve a certificate whose names include the MX host name.",
        "certificate-not-trusted" => "Serve a certificate from a public CA with its full chain.",
        "starttls-not-supported" => "Enable STARTTLS on the MX.",
        "validation-failure" => "The certificate chain or TLS handshake fails validation: check the chain served.",
        "tlsa-invalid" | "dane-required" => "Update the TLSA records (_25._tcp.MX) to match the certificate served.",
        "dnssec-invalid" => "Fix the DNSSEC signatures of the MX host's zone.",
        "sts-policy-fetch-error" => {
            "Make https://mta-sts.<domain>/.well-known/mta-sts.txt reachable (mailaudit check shows why not)."
        }
        "sts-policy-invalid" => "Fix the MTA-STS policy file (mailaudit check names the problems).",
        "sts-webpki-invalid" => "Serve the MTA-STS policy host with a valid public certificate.",
        _ => "See the TLS-RPT result type in RFC 8460 and the reporting organisation's details.",
    }
}

/// Add the TLS section and its actions (after the existing ones) to `report`.
pub fn add_tls_reports(report: &mut LossReport, summary: &Summary) {
    let mut failures: Vec<TlsFailure> = summary
        .domains
        .iter()
        .flat_map(|d| {
            d.policies.iter().flat_map(move |p| {
                p.failures.iter().map(move |f| TlsFailure {
                    domain: d.domain.clone(),
                    policy_type: p.policy_type.clone(),
                    receiving_mx: f.receiving_mx.clone(),
                    result_type: f.result_type.clone(),
                    sessions: f.sessions,
                })
            })
        })
        .collect();
    failures.sort_by_key(|f| std::cmp::Reverse(f.sessions));
    let loss = TlsLoss {
        reports: summary.reports,
        successful_sessions: summary.successful_sessions,
        failed_sessions: summary.failed_sessions,
        period_start: summary.period.start.clone(),
        period_end: summary.period.end.clone(),
        failures,
    };
    let first = report.actions.len();
    for (i, f) in loss
        .failures
        .iter()
        .filter(|f| f.sessions > 0)
        .take(MAX_ACTIONS)
        .enumerate()
    {
        let (words, evidence_words) = words(f);
        report.actions.push(Action {
            priority: first + i + 1,
            title: format!("Fix TLS on {}: {} ({})", f.receiving_mx, f.result_type, f.domain),
            why: format!(
                "{} to {} failed TLS with {}. {}",
                super::count(f.sessions, "session", "sessions"),
                f.receiving_mx,
                f.result_type,
                remedy(&f.result_type)
            ),
            messages_affected: f.sessions,
            contacts_affected: 0,
            evidence: vec![format!(
                "TLS-RPT: {} failed sessions, policy {} of {}",
                f.sessions, f.policy_type, f.domain
            )],
            related_findings: vec![],
            evidence_words: vec![evidence_words],
            words: Some(words),
        });
    }
    report.inputs.tls_reports = summary.reports;
    report.inputs.tls_files = summary.files_read;
    report
        .inputs
        .skipped
        .extend(summary.skipped.iter().map(|s| (s.file.clone(), s.reason.clone())));
    report.tls = Some(loss);
}
