//! The MX section of the text report ("Records found").

use crate::check::mx::*;

/// Lines for the text report's "Records found" section.
pub fn text_lines(hosts: &[MxHost]) -> Vec<String> {
    if hosts.is_empty() {
        return vec!["(unknown: the MX lookup failed)".into()];
    }
    hosts
        .iter()
        .map(|mx| {
            if mx.null {
                return format!("{} . (null MX: this domain accepts no mail)", mx.preference);
            }
            let where_to = match mx.status {
                MxStatus::Ok => list_addresses(&mx.addresses),
                MxStatus::LookupFailed => "address unknown (lookup failed)".to_string(),
                MxStatus::Null | MxStatus::NoAddress => "no address: mail cannot be delivered there".to_string(),
            };
            let alias = mx
                .cname
                .as_deref()
                .map(|t| format!(" (alias of {t})"))
                .unwrap_or_default();
            if mx.implicit {
                format!("(no MX record) mail goes to {} itself -> {where_to}", mx.host)
            } else {
                format!("{} {}{alias} -> {where_to}", mx.preference, mx.host)
            }
        })
        .collect()
}
