//! DNS blocklists (RFC 5782). STUB: to be written.
use crate::check::{mx::MxHost, spf::SpfReport};
use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub const CODES: &[CodeInfo] = &[];

/// One blocklist zone to query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    pub zone: String,
}

/// Something to look up, and why it was picked (label shown to the user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub target: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BlocklistReport {
    pub checked: Vec<String>,
}

/// The built-in zones.
pub fn builtin_zones() -> Vec<Zone> {
    Vec::new()
}

/// The targets `check` looks up for a domain: the domain itself, the `--ip`
/// addresses, small ranges in SPF, and the MX hosts' addresses.
pub fn targets_for_domain(_domain: &str, _ips: &[IpAddr], _spf: &SpfReport, _mx: &[MxHost]) -> Vec<Target> {
    Vec::new()
}

pub async fn check_targets(_dns: &Dns, _targets: &[Target], _zones: &[Zone]) -> (BlocklistReport, Vec<Finding>) {
    (BlocklistReport::default(), Vec::new())
}

impl BlocklistReport {
    /// Lines for the text report: what was checked, so "not listed" is a claim the user can read.
    pub fn text_lines(&self) -> Vec<String> {
        self.checked.clone()
    }
}
