//! MX (RFC 5321, RFC 7505). STUB: to be written.
use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub const CODES: &[CodeInfo] = &[];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MxHost {
    pub preference: u16,
    pub host: String,
    pub addresses: Vec<IpAddr>,
}

pub async fn check(_dns: &Dns, _domain: &str) -> (Vec<MxHost>, Vec<Finding>) {
    (Vec::new(), Vec::new())
}

/// Lines for the text report's "Records found" section.
pub fn text_lines(hosts: &[MxHost]) -> Vec<String> {
    if hosts.is_empty() {
        return vec!["(none)".into()];
    }
    hosts
        .iter()
        .map(|mx| {
            let addrs: Vec<String> = mx.addresses.iter().map(|a| a.to_string()).collect();
            format!("{} {} [{}]", mx.preference, mx.host, addrs.join(", "))
        })
        .collect()
}
