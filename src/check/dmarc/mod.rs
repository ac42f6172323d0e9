//! DMARC (RFC 7489, RFC 9989). STUB: to be written.
use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};

pub const CODES: &[CodeInfo] = &[];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DmarcReport {
    pub record: Option<String>,
}

pub async fn check(_dns: &Dns, _domain: &str) -> (DmarcReport, Vec<Finding>) {
    (DmarcReport::default(), Vec::new())
}

impl DmarcReport {
    /// Lines for the text report's "Records found" section.
    pub fn text_lines(&self) -> Vec<String> {
        vec![self.record.clone().unwrap_or_else(|| "(none)".into())]
    }
}
