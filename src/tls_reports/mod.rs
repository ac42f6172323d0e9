//! SMTP TLS reports (RFC 8460): the JSON reports receivers' peers send to the
//! `rua=` of `_smtp._tls`, the only place a domain owner learns that mail to
//! them failed TLS. Read from `.json`, gzip and e-mail files, deduplicated by
//! `report-id`, summed up per policy domain and policy type. See docs/tls-reports.md.

pub mod input;
pub mod summary;

pub use summary::{Summary, summarize_paths};

use serde::{Deserialize, Deserializer, Serialize};

/// Most policies read from one report, and failure details from one policy:
/// real reports have a handful; a hostile one is cut here.
pub const MAX_POLICIES: usize = 10_000;
pub const MAX_FAILURE_DETAILS: usize = 100_000;

/// One report, as RFC 8460 section 4.4 defines it (unknown fields ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TlsReport {
    pub organization_name: String,
    #[serde(default)]
    pub date_range: DateRange,
    #[serde(default)]
    pub contact_info: Option<String>,
    pub report_id: String,
    pub policies: Vec<PolicyResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DateRange {
    #[serde(default)]
    pub start_datetime: Option<String>,
    #[serde(default)]
    pub end_datetime: Option<String>,
}

/// The sessions of one policy (one policy domain and type) in a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PolicyResult {
    pub policy: PolicyInfo,
    pub summary: SessionSummary,
    #[serde(default)]
    pub failure_details: Vec<FailureDetail>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PolicyInfo {
    /// `sts`, `tlsa` or `no-policy-found`.
    pub policy_type: String,
    #[serde(default)]
    pub policy_domain: String,
    /// The MX patterns of an STS policy; some reporters send one string.
    #[serde(default, deserialize_with = "one_or_many")]
    pub mx_host: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SessionSummary {
    #[serde(default)]
    pub total_successful_session_count: u64,
    #[serde(default)]
    pub total_failure_session_count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FailureDetail {
    pub result_type: String,
    #[serde(default)]
    pub sending_mta_ip: Option<String>,
    #[serde(default)]
    pub receiving_mx_hostname: Option<String>,
    #[serde(default)]
    pub receiving_ip: Option<String>,
    #[serde(default)]
    pub failed_session_count: u64,
}

fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// Parse one JSON report; policies and failure details beyond the caps are dropped.
pub fn parse(json: &[u8]) -> Result<TlsReport, String> {
    let mut report: TlsReport = serde_json::from_slice(json).map_err(|e| format!("not a TLS-RPT report: {e}"))?;
    if report.report_id.trim().is_empty() {
        return Err("not a TLS-RPT report: empty report-id".into());
    }
    report.policies.truncate(MAX_POLICIES);
    for policy in &mut report.policies {
        policy.failure_details.truncate(MAX_FAILURE_DETAILS);
        policy.policy.policy_domain = policy.policy.policy_domain.trim_end_matches('.').to_ascii_lowercase();
    }
    Ok(report)
}

pub use crate::dmarc_reports::Skipped;

/// A report seen twice (same `report-id`): counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub file: String,
    pub report_id: String,
    pub first_seen_in: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_example_shape_parses_and_one_mx_string_is_accepted() {
        let json = br#"{"organization-name":"Org","date-range":{"start-datetime":"2026-11-01T00:00:00Z",
            "end-datetime":"2026-11-01T23:59:59Z"},"report-id":"r1","policies":[{"policy":{
            "policy-type":"sts","policy-domain":"Example.COM.","mx-host":"*.mail.example.com"},
            "summary":{"total-successful-session-count":10,"total-failure-session-count":2},
            "failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1",
            "receiving-mx-hostname":"mx1.example.com","failed-session-count":2}]}]}"#;
        let report = parse(json).unwrap();
        assert_eq!(report.policies[0].policy.policy_domain, "example.com");
        assert_eq!(report.policies[0].policy.mx_host, ["*.mail.example.com"]);
        assert_eq!(report.policies[0].failure_details[0].failed_session_count, 2);
        assert!(parse(br#"{"organization-name":"x","report-id":"","policies":[]}"#).is_err());
        assert!(parse(br#"{"organization-name":"x","report-id":"a","policies":[{"#).is_err());
    }
}
