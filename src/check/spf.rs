//! SPF (RFC 7208). STUB: to be written.
use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub const CODES: &[CodeInfo] = &[];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SpfReport {
    pub record: Option<String>,
}

impl SpfReport {
    /// Single addresses and small ranges the record authorises directly
    /// (used to pick blocklist targets).
    pub fn sending_networks(&self) -> Vec<ipnet::IpNet> {
        Vec::new()
    }
}

pub async fn check(_dns: &Dns, _domain: &str, _ips: &[IpAddr]) -> (SpfReport, Vec<Finding>) {
    (SpfReport::default(), Vec::new())
}

impl SpfReport {
    /// Lines for the text report's "Records found" section.
    pub fn text_lines(&self) -> Vec<String> {
        vec![self.record.clone().unwrap_or_else(|| "(none)".into())]
    }
}
