//! DKIM keys (RFC 6376). STUB: to be written.
use crate::codes::CodeInfo;
use crate::dns::Dns;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};

pub const CODES: &[CodeInfo] = &[];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DkimKey {
    pub selector: String,
}

pub async fn check(_dns: &Dns, _domain: &str, _selectors: &[String]) -> (Vec<DkimKey>, Vec<Finding>) {
    (Vec::new(), Vec::new())
}
