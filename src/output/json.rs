//! `--format json`: the frozen, versioned wire format (docs/json.md).

use super::CheckFormatter;
use crate::run::CheckRun;

pub struct JsonFormatter;

impl CheckFormatter for JsonFormatter {
    fn format(&self, run: &CheckRun) -> String {
        super::pretty_json(run)
    }
}
