//! The reverse DNS section of the text report ("Records found").

use crate::check::rdns::*;

pub fn text_lines(reports: &[ReverseDns]) -> Vec<String> {
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
