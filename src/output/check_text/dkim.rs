//! The DKIM section of the text report ("Records found").

use crate::check::dkim::*;

/// Lines for the text report's "Records found" section.
pub fn text_lines(keys: &[DkimKey]) -> Vec<String> {
    if keys.is_empty() {
        return vec!["(no key found at the selectors tried)".into()];
    }
    keys.iter()
        .map(|k| {
            let kind = match (k.key_type.as_str(), k.key_bits) {
                ("rsa", Some(bits)) => format!("RSA {bits}-bit"),
                ("ed25519", _) => "Ed25519".to_string(),
                (other, _) => other.to_uppercase(),
            };
            let verdict = match k.status {
                KeyStatus::Ok => format!("{kind}, good"),
                KeyStatus::Short => format!("{kind}, works but below the recommended 2048 bits"),
                KeyStatus::Weak => format!("{kind}, too weak: receivers ignore it"),
                KeyStatus::Revoked => "revoked (empty key)".to_string(),
                KeyStatus::Invalid => "broken record: signatures fail".to_string(),
            };
            let testing = if k.testing { ", testing mode (t=y)" } else { "" };
            let seen = k.seen_in.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            format!("selector {}: {verdict}{testing}{seen}", k.selector)
        })
        .collect()
}
