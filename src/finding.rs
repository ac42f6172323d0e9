//! The `Finding`: one thing an audit found, with a stable code, a severity, a
//! plain-words message, the evidence it saw and how to fix it.
//!
//! Codes are a public contract (CI pipelines filter and baseline on them): each
//! check module declares its [`Code`]s as statics, [`crate::codes`] lists them
//! all, and a code never changes meaning.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding code, declared once as a `static` by the check that raises it,
/// with its default severity, title, explanation and fix. Findings hold
/// `&'static Code`, so a misspelt code does not compile; it serialises as its
/// dotted string (`spf.lookup_limit`).
#[derive(Debug)]
pub struct Code {
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

impl Code {
    pub fn as_str(&self) -> &'static str {
        self.code
    }

    /// The family of the code: `spf` for `spf.lookup_limit`.
    pub fn family(&self) -> &'static str {
        self.code.split('.').next().unwrap_or(self.code)
    }
}

// A code is its dotted string: two statics with the same string are one code.
impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Code {}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.code.cmp(other.code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

/// One result of an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable dotted code such as `spf.lookup_limit`. Deserialising looks it
    /// up in the registry ([`crate::codes`]).
    pub code: &'static Code,
    pub severity: Severity,
    /// One line in plain words, for a marketer.
    pub message: String,
    /// What was seen: the record text, the DNS name that failed, the bounce line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// What the finding is about when it is not the domain itself
    /// (a DKIM selector, an MX host, an IP address on a blocklist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Link to the explanation of the code, only where the team hosts the
    /// docs (`docs_url`, see [`crate::explain`]); else `mailaudit explain CODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

impl Finding {
    /// A finding with the default severity and fix hint of `code`.
    pub fn new(code: &'static Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity,
            message: message.into(),
            evidence: None,
            fix: Some(code.fix.to_string()),
            subject: None,
            docs: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// True for findings that say "we could not tell" (DNS timeouts and the like)
    /// rather than "something is wrong". They drive exit code 3, not 1.
    pub fn is_incomplete(&self) -> bool {
        self.code.incomplete
    }
}
