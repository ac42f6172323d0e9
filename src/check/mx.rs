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
