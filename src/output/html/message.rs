//! `message --format html`: the findings of campaign messages, one section
//! per message, with the same summary, checklist and fixes as `check` but no
//! DNS grid (a message has no records of its own).

use super::ReportMeta;
use crate::output::CheckFormatter;
use crate::run::CheckRun;

pub struct MessageHtmlFormatter {
    pub meta: ReportMeta,
}

impl CheckFormatter for MessageHtmlFormatter {
    fn format(&self, run: &CheckRun) -> String {
        super::check::render(run, &self.meta, true)
    }
}
