//! Exit codes, the contract with CI pipelines:
//! 0 nothing at or above `--fail-on`; 1 findings at or above it;
//! 2 usage error; 3 audit incomplete (DNS failures) and nothing at the fail-on level.

use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

pub const OK: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const USAGE: u8 = 2;
pub const INCOMPLETE: u8 = 3;

/// The lowest severity that makes the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The exit code of two parts of a run together: findings outrank
/// "incomplete", which outranks OK.
pub fn worse(a: u8, b: u8) -> u8 {
    [FINDINGS, INCOMPLETE]
        .into_iter()
        .find(|code| a == *code || b == *code)
        .unwrap_or(OK)
}

/// The exit code for a set of findings. "Incomplete" findings (DNS failures)
/// never count as failures themselves; they turn a clean run into exit 3.
pub fn exit_code<'a>(findings: impl IntoIterator<Item = &'a Finding>, fail_on: FailOn) -> u8 {
    let mut incomplete = false;
    let mut failed = false;
    for f in findings {
        if f.is_incomplete() {
            incomplete = true;
        } else if fail_on.threshold().is_some_and(|t| f.severity >= t) {
            failed = true;
        }
    }
    if failed {
        FINDINGS
    } else if incomplete {
        INCOMPLETE
    } else {
        OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_outrank_incomplete_which_outranks_ok() {
        assert_eq!(worse(OK, OK), OK);
        assert_eq!(worse(OK, INCOMPLETE), INCOMPLETE);
        assert_eq!(worse(INCOMPLETE, FINDINGS), FINDINGS);
        assert_eq!(worse(FINDINGS, OK), FINDINGS);
    }
}
