//! The TLS-RPT section of the text report ("Records found").

use crate::check::tls_rpt::*;

impl TlsRptReport {
    pub fn text_lines(&self) -> Vec<String> {
        if self.status == crate::check::RecordStatus::Unknown {
            return vec![crate::check::LOOKUP_FAILED_LINE.into()];
        }
        vec![self.record.clone().unwrap_or_else(|| "(none)".into())]
    }
}
