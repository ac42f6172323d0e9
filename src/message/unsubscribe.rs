//! One-click unsubscribe (RFC 2369, RFC 8058): `List-Unsubscribe: <https://...>`
//! plus `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, both covered by a
//! valid DKIM signature. Required by Gmail and Yahoo for bulk mail since June 2024.

use super::dkim::{SignatureCheck, SignatureStatus};
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// Serialised as `messages[].unsubscribe`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UnsubscribeReport {
    /// The URIs of List-Unsubscribe, in order.
    pub uris: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// An https URI plus List-Unsubscribe-Post: List-Unsubscribe=One-Click.
    pub one_click: bool,
    /// Both headers (those present) are in h= of a valid DKIM signature.
    pub signed: bool,
}

/// The `<...>` URIs of a List-Unsubscribe value (RFC 2369 3.1).
pub fn parse_uris(value: &str) -> Vec<String> {
    let mut uris = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start + 1..].find('>') else { break };
        let uri: String = rest[start + 1..start + 1 + len]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !uri.is_empty() {
            uris.push(uri);
        }
        rest = &rest[start + 1 + len + 1..];
    }
    uris
}

fn is_one_click_post(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("List-Unsubscribe=One-Click")
}

pub fn check(
    message: Option<&mail_parser::Message<'_>>,
    signatures: &[SignatureCheck],
    bulk: bool,
) -> (UnsubscribeReport, Vec<Finding>) {
    let mut report = UnsubscribeReport::default();
    let mut findings = Vec::new();
    let Some(message) = message else {
        return (report, findings);
    };
    let lists = super::raw_header_values(message, "List-Unsubscribe");
    let posts = super::raw_header_values(message, "List-Unsubscribe-Post");
    report.uris = lists.iter().flat_map(|v| parse_uris(v)).collect();
    report.post = posts.first().cloned();
    let https = report
        .uris
        .iter()
        .any(|u| u.to_ascii_lowercase().starts_with("https://"));
    let post_ok = posts.iter().any(|p| is_one_click_post(p));
    report.one_click = https && post_ok;
    let valid: Vec<&SignatureCheck> = signatures.iter().filter(|s| s.status.is_valid()).collect();
    let mut needs_signing = Vec::new();
    if !lists.is_empty() {
        needs_signing.push("List-Unsubscribe");
    }
    if !posts.is_empty() {
        needs_signing.push("List-Unsubscribe-Post");
    }
    report.signed = !needs_signing.is_empty() && valid.iter().any(|s| needs_signing.iter().all(|h| s.signs(h)));

    // Transactional mail needs no unsubscribe; what it has should still work.
    let relaxed = |f: Finding| if bulk { f } else { f.severity(Severity::Warning) };
    if lists.is_empty() {
        if bulk {
            findings.push(
                Finding::new(
                    &super::UNSUBSCRIBE_MISSING,
                    "The message has no List-Unsubscribe header: Gmail and Yahoo require one-click unsubscribe \
                     in bulk mail.",
                )
                .evidence("no List-Unsubscribe header"),
            );
        }
        return (report, findings);
    }
    if !report.one_click {
        let mut missing = Vec::new();
        if !https {
            missing.push("an https URI in List-Unsubscribe".to_string());
        }
        if !post_ok {
            missing.push(match posts.first() {
                Some(p) => format!("List-Unsubscribe-Post: List-Unsubscribe=One-Click (found `{p}`)"),
                None => "the header List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string(),
            });
        }
        findings.push(relaxed(
            Finding::new(
                &super::ONE_CLICK_MISSING,
                format!(
                    "One-click unsubscribe (RFC 8058) is incomplete: missing {}.",
                    missing.join(" and ")
                ),
            )
            .evidence(format!("List-Unsubscribe: {}", lists.join(" | "))),
        ));
    }
    // A signature whose key lookup failed may cover them: unknown, not unsigned.
    let maybe_signed = signatures
        .iter()
        .any(|s| s.status == SignatureStatus::TempError && needs_signing.iter().all(|h| s.signs(h)));
    if !report.signed && !maybe_signed {
        let why = if valid.is_empty() {
            "no DKIM signature of the message is valid".to_string()
        } else {
            let unsigned: Vec<&str> = needs_signing
                .iter()
                .copied()
                .filter(|h| !valid.iter().any(|s| s.signs(h)))
                .collect();
            if unsigned.is_empty() {
                "no single valid signature covers both".to_string()
            } else {
                format!("{} not in h= of any valid signature", unsigned.join(" and "))
            }
        };
        findings.push(relaxed(
            Finding::new(
                &super::UNSUBSCRIBE_UNSIGNED,
                format!("The unsubscribe headers are not covered by a valid DKIM signature: {why}."),
            )
            .evidence(
                valid
                    .iter()
                    .map(|s| format!("d={} h={}", s.domain, s.signed_headers.join(":")))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ));
    }
    (report, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_list_unsubscribe_uris() {
        assert_eq!(
            parse_uris("<mailto:u@example.com?subject=unsub>, <https://example.com/u?id=1\r\n 2>"),
            ["mailto:u@example.com?subject=unsub", "https://example.com/u?id=12"]
        );
        assert!(parse_uris("https://example.com/no-brackets").is_empty());
        assert!(is_one_click_post(" list-unsubscribe=one-click "));
        assert!(!is_one_click_post("List-Unsubscribe=One-Click-Later"));
    }
}
