//! `losses --format json`: the whole report under the tool header (docs/losses.md).

use crate::losses::LossReport;

/// Built through `serde_json::Value`, so keys are sorted at every level (the
/// published shape of this document).
/// `changes` (`--previous`) is additive: absent without it, so the output
/// stays byte for byte as it was.
pub fn render(report: &LossReport, changes: Option<&crate::changes::Changes>) -> String {
    let mut document = serde_json::json!({
        "schema_version": 1,
        "tool": super::tool_info(),
        "losses": report,
    });
    if let Some(c) = changes {
        document["changes"] = serde_json::to_value(c).unwrap_or(serde_json::Value::Null);
    }
    super::pretty_json(&document)
}
