//! The whole result of a `check` run: the domain reports, then what the
//! ignore rules hid and what changed since a baseline. Renderers read it.

use crate::baseline::BaselineReport;
use crate::changes::Changes;
use crate::check::{self, DomainReport, ToolInfo};
use crate::config::IgnoreRule;
use crate::finding::Finding;
use crate::suppress::{self, Suppressed};
use serde::{Deserialize, Serialize};

/// The whole result of a `check` run, as written by `--format json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckRun {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub domains: Vec<DomainReport>,
    /// Findings hidden by ignore rules of the config file, with their reasons
    /// (docs/ci.md). They count for neither verdict nor exit code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
    /// With `--baseline`: what changed since the saved run (docs/ci.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineReport>,
    /// With `--previous`: what changed since a saved run (docs/json.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
}

impl CheckRun {
    pub const SCHEMA_VERSION: u32 = check::SCHEMA_VERSION;

    pub fn new(domains: Vec<DomainReport>) -> Self {
        CheckRun {
            schema_version: Self::SCHEMA_VERSION,
            tool: ToolInfo {
                name: "mailaudit".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            domains,
            suppressed: Vec::new(),
            baseline: None,
            changes: None,
        }
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.domains.iter().flat_map(|d| d.findings.iter())
    }

    /// Apply the ignore rules of the config file (hidden findings go to
    /// `suppressed`). Returns one note per rule that matched nothing.
    pub fn apply_ignores(&mut self, rules: &[IgnoreRule]) -> Vec<String> {
        suppress::apply_to_run(rules, &mut self.domains, &mut self.suppressed)
    }
}
