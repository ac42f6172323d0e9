//! Findings about a DMARC record's own content (tags, policy, reporting).

use super::*;

/// Findings about the record's own content.
pub(super) fn record_findings(
    domain: &str,
    parsed: &DmarcRecord,
    report: &DmarcReport,
    inherited: bool,
    finding: &dyn Fn(&'static Code, String) -> Finding,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut syntax = parsed.syntax.clone();
    if parsed.version_case {
        syntax.push("the version must be written v=DMARC1 in capitals; strict receivers ignore the record".into());
    }
    if !syntax.is_empty() {
        let only_case = parsed.syntax.is_empty();
        let consequence = if parsed.policy.is_none() {
            "receivers may ignore the whole record"
        } else {
            "receivers ignore the broken parts"
        };
        let f = finding(
            &SYNTAX,
            format!(
                "The DMARC record has errors ({consequence}): {}.",
                clip(&syntax.join("; "), 600)
            ),
        );
        findings.push(if only_case { f.severity(Severity::Warning) } else { f });
    }

    let enforcing = matches!(report.effective_policy, Some(Policy::Quarantine | Policy::Reject));
    if report.effective_policy == Some(Policy::None) {
        let message = if inherited {
            format!(
                "{domain} inherits the policy none from {}: mail that fails authentication is still delivered, so anyone can send in its name.",
                report.inherited_from.as_deref().unwrap_or("")
            )
        } else {
            "The DMARC policy is none (monitoring only): mail that fails authentication is still delivered, so anyone can send in your name.".to_string()
        };
        findings.push(finding(&POLICY_NONE, message));
    }

    let mut removed = parsed.removed.clone();
    if let Some(pct) = parsed.pct
        && pct < 100
        && enforcing
    {
        findings.push(finding(
            &PCT,
            format!(
                "pct={pct}: the {} policy is applied to only {pct}% of failing mail, the rest is delivered as with p=none (pct is removed in RFC 9989).",
                report.effective_policy.map(Policy::as_str).unwrap_or("")
            ),
        ));
        removed.retain(|t| !t.starts_with("pct="));
    }
    if !removed.is_empty() {
        findings.push(finding(
            &REMOVED_TAG,
            format!(
                "The record uses {}, removed in RFC 9989; newer receivers ignore {}.",
                removed.join(", "),
                if removed.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    if !parsed.unknown.is_empty() {
        let more = if parsed.more_unknown > 0 {
            format!(" and {} more", parsed.more_unknown)
        } else {
            String::new()
        };
        findings.push(finding(
            &UNKNOWN_TAG,
            format!(
                "The record has tags no DMARC standard defines ({}{more}); receivers ignore them.",
                parsed.unknown.join(", ")
            ),
        ));
    }
    if parsed.testing && enforcing {
        let weaker = match report.effective_policy {
            Some(Policy::Reject) => "quarantine",
            _ => "none",
        };
        findings.push(finding(
            &TESTING,
            format!(
                "The record is in test mode (t=y): receivers apply {weaker} instead of {}.",
                report.effective_policy.map(Policy::as_str).unwrap_or("")
            ),
        ));
    }
    if !parsed.has_rua_tag {
        findings.push(finding(
            &NO_RUA,
            "The record asks for no aggregate reports (no rua=), so you cannot see who sends mail in your name or whether it passes."
                .to_string(),
        ));
    }
    findings
}
