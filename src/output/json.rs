//! `--format json`: the frozen, versioned wire format (docs/json.md).

use super::CheckFormatter;
use crate::run::CheckRun;

pub struct JsonFormatter;

impl CheckFormatter for JsonFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut out = serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        out.push('\n');
        out
    }
}
