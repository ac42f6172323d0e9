//! The registry of every finding code: default severity, title, explanation and
//! fix. `mailaudit explain CODE`, the SARIF rules and the docs links all read it.
//!
//! Each check module owns the table of its own codes (`CODES`); this module
//! only puts them together.

use crate::finding::Severity;

/// Where the explanation pages live (one anchor per code in docs/codes.md).
pub const DOCS_BASE: &str = "https://github.com/mailaudit/mailaudit/blob/main/docs/codes.md";

/// Static description of one finding code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// Short title, used as SARIF rule name and in tables.
    pub title: &'static str,
    /// Why it matters, in plain words (a paragraph).
    pub explanation: &'static str,
    /// What to do.
    pub fix: &'static str,
    /// "We could not tell" rather than "something is wrong" (exit 3, not 1).
    pub incomplete: bool,
}

/// All tables, in the order they are documented.
fn tables() -> [&'static [CodeInfo]; 12] {
    [
        crate::dns::CODES,
        crate::check::spf::CODES,
        crate::check::dmarc::CODES,
        crate::check::dkim::CODES,
        crate::check::mx::CODES,
        crate::check::mta_sts::CODES,
        crate::check::dane::CODES,
        crate::check::tls_rpt::CODES,
        crate::check::bimi::CODES,
        crate::check::rdns::CODES,
        crate::blocklist::CODES,
        crate::check::CODES,
    ]
}

/// Every registered code.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    tables().into_iter().flat_map(|t| t.iter())
}

pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    all().find(|c| c.code == code)
}

/// Link to the explanation of `code`: an anchor in docs/codes.md.
pub fn docs_url(code: &str) -> String {
    format!("{DOCS_BASE}#{}", code.replace('.', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for c in all() {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                c.code.contains('.')
                    && c.code
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_'),
                "bad code {}",
                c.code
            );
            assert!(
                !c.title.is_empty() && !c.explanation.is_empty() && !c.fix.is_empty(),
                "{} lacks docs",
                c.code
            );
        }
    }
}
