//! The reverse DNS section of the text report ("Records found").

use super::TextLines;
use crate::check::rdns::*;

impl TextLines for [ReverseDns] {
    fn text_lines(&self) -> Vec<String> {
        let reports = self;
        reports
            .iter()
            .map(|r| {
                let state = match r.forward_confirmed {
                    Some(true) => "forward-confirmed",
                    Some(false) => "NOT forward-confirmed",
                    None => "unknown",
                };
                let ptr = if r.ptr.is_empty() {
                    "(no PTR)".to_string()
                } else {
                    r.ptr.join(", ")
                };
                format!("{} -> {} ({state})", r.ip, ptr)
            })
            .collect()
    }
}
