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

/// Lines for the text report's "Records found" section.
pub fn text_lines(keys: &[DkimKey]) -> Vec<String> {
    if keys.is_empty() {
        return vec!["(no key found at the selectors tried)".into()];
    }
    keys.iter().map(|k| k.selector.clone()).collect()
}
