//! The DANE section of the text report ("Records found").

use crate::check::dane::*;

/// Lines for the text report: one per MX host with TLSA records.
pub fn text_lines(hosts: &[DaneHost]) -> Vec<String> {
    let lines: Vec<String> = hosts
        .iter()
        .filter(|h| h.status != DaneStatus::Absent)
        .map(|h| match h.status {
            DaneStatus::Unknown => format!("{}: {}", h.host, crate::check::LOOKUP_FAILED_LINE),
            _ => format!(
                "{}: {}{}",
                h.host,
                h.records
                    .iter()
                    .map(TlsaRecord::describe)
                    .collect::<Vec<_>>()
                    .join(", "),
                if h.authenticated {
                    " (DNSSEC-validated)"
                } else {
                    " (not DNSSEC-validated)"
                }
            ),
        })
        .collect();
    if lines.is_empty() { vec!["(none)".into()] } else { lines }
}
