//! `losses --format json`: the whole report under the tool header (docs/losses.md).

use crate::losses::LossReport;

/// Built through `serde_json::Value`, so keys are sorted at every level (the
/// published shape of this document).
pub fn render(report: &LossReport) -> String {
    super::pretty_json(&serde_json::json!({
        "schema_version": 1,
        "tool": super::tool_info(),
        "losses": report,
    }))
}
