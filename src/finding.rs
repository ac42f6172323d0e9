//! The `Finding`: one thing an audit found, with a stable code, a severity, a
//! plain-words message, the evidence it saw and how to fix it.
//!
//! Codes are a public contract (CI pipelines filter and baseline on them): the
//! list of every code lives in [`crate::codes`], and a code never changes meaning.

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

/// One result of an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable dotted code such as `spf.lookup_limit`. See [`crate::codes`].
    pub code: String,
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
    /// Link to the explanation page of the code.
    pub docs: String,
}

impl Finding {
    /// A finding with the default severity and fix hint registered for `code`.
    ///
    /// Panics in debug builds if the code is not registered, so a typo in a
    /// code is caught by the first test that raises it.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        let info = crate::codes::lookup(code);
        debug_assert!(info.is_some(), "finding code {code} is not registered in codes.rs");
        Finding {
            code: code.to_string(),
            severity: info.map(|i| i.severity).unwrap_or(Severity::Warning),
            message: message.into(),
            evidence: None,
            fix: info.map(|i| i.fix.to_string()),
            subject: None,
            docs: crate::codes::docs_url(code),
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
        crate::codes::lookup(&self.code).is_some_and(|i| i.incomplete)
    }
}
