//! The registry of every finding code: default severity, title, explanation and
//! fix. `mailaudit explain CODE`, the SARIF rules and docs/codes.md all read it.
//!
//! Each check module owns the table of its own codes (`CODES`); this module
//! only puts them together.

use crate::finding::Code;

/// Former name of [`Code`], kept so code written against it still builds.
pub type CodeInfo = Code;

/// Every registered code, in documentation order: the domain's existence,
/// then `dns.*` (raised by every check), then each registered check
/// ([`crate::check::registry::CHECKS`]), then the message linter.
pub fn all() -> impl Iterator<Item = &'static Code> {
    let (domain, checks) = crate::check::registry::CHECKS
        .split_first()
        .expect("the check registry is not empty");
    let tables = domain
        .codes
        .iter()
        .chain([&crate::dns::CODES])
        .chain(checks.iter().flat_map(|check| check.codes.iter()))
        .chain([&crate::message::CODES]);
    tables.flat_map(|table| table.iter().copied())
}

pub fn lookup(code: &str) -> Option<&'static Code> {
    all().find(|c| c.code == code)
}

/// A `Finding` read back from JSON names its code as a string: look it up.
/// The registry implements this (not `finding`), so `finding` depends on no check.
impl<'de> serde::Deserialize<'de> for &'static Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        lookup(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {code}")))
    }
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
