//! Which mailbox provider a recipient belongs to: by the receiving server
//! (the MX that answered, from the bounce) first, since a company domain on
//! Google Workspace or Microsoft 365 is that provider's mail; then by the
//! address's domain; else grouped by the server's or address's domain.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Provider {
    Google,
    Microsoft,
    Yahoo,
    Apple,
    /// Grouped by organisational domain of the MX, or of the address.
    Other(String),
    Unknown,
}

impl Provider {
    pub fn name(&self) -> String {
        match self {
            Provider::Google => "Gmail / Google".into(),
            Provider::Microsoft => "Microsoft (Outlook, Hotmail, 365)".into(),
            Provider::Yahoo => "Yahoo / AOL".into(),
            Provider::Apple => "Apple iCloud".into(),
            Provider::Other(d) => d.clone(),
            Provider::Unknown => "(unknown recipient)".into(),
        }
    }
}

fn by_host(host: &str) -> Option<Provider> {
    let h = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let ends = |s: &str| h == s || h.ends_with(&format!(".{s}"));
    if ends("google.com") || ends("googlemail.com") {
        Some(Provider::Google)
    } else if ends("outlook.com")
        || ends("hotmail.com")
        || ends("protection.outlook.com")
        || ends("outlook.office365.com")
    {
        Some(Provider::Microsoft)
    } else if ends("yahoodns.net") || ends("yahoo.com") || ends("aol.com") {
        Some(Provider::Yahoo)
    } else if ends("icloud.com") || ends("me.com") || ends("mac.com") {
        Some(Provider::Apple)
    } else {
        None
    }
}

fn by_address_domain(domain: &str) -> Option<Provider> {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let first = d.split('.').next().unwrap_or("");
    match first {
        "gmail" | "googlemail" => return Some(Provider::Google),
        "hotmail" | "outlook" | "live" | "msn" | "windowslive" | "passport" => return Some(Provider::Microsoft),
        "yahoo" | "ymail" | "rocketmail" | "aol" | "aim" => return Some(Provider::Yahoo),
        "icloud" | "me" | "mac" if d.matches('.').count() == 1 => return Some(Provider::Apple),
        _ => {}
    }
    None
}

/// `remote_mta` as found in DSNs: `dns; mx.example.net` or a bare host.
fn mta_host(remote_mta: &str) -> &str {
    let t = remote_mta.trim();
    match t.split_once(';') {
        Some((_, host)) => host.trim(),
        None => t,
    }
}

pub fn classify(recipient: Option<&str>, remote_mta: Option<&str>) -> Provider {
    let host = remote_mta
        .map(mta_host)
        .filter(|h| !h.is_empty() && !h.starts_with('['));
    if let Some(p) = host.and_then(by_host) {
        return p;
    }
    let domain = recipient.and_then(|r| r.rsplit_once('@')).map(|(_, d)| d);
    if let Some(p) = domain.and_then(by_address_domain) {
        return p;
    }
    match (
        host.filter(|h| h.contains('.') && h.parse::<std::net::IpAddr>().is_err()),
        domain,
    ) {
        (Some(h), _) => Provider::Other(crate::domain::organizational_domain(&h.to_ascii_lowercase())),
        (None, Some(d)) if !d.is_empty() => Provider::Other(d.trim_end_matches('.').to_ascii_lowercase()),
        _ => Provider::Unknown,
    }
}

/// The provider behind a DMARC report's `org_name`, for the big ones.
pub fn from_report_org(org: &str) -> Option<Provider> {
    let o = org.to_ascii_lowercase();
    if o.contains("google") {
        Some(Provider::Google)
    } else if o.contains("outlook") || o.contains("microsoft") || o.contains("hotmail") {
        Some(Provider::Microsoft)
    } else if o.contains("yahoo") || o.contains("aol") {
        Some(Provider::Yahoo)
    } else if o.contains("apple") || o.contains("icloud") {
        Some(Provider::Apple)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mx_wins_over_address_domain() {
        // A company domain hosted on Google Workspace is Google's mail.
        assert_eq!(
            classify(Some("ann@acme.example"), Some("dns; aspmx.l.google.com")),
            Provider::Google
        );
        assert_eq!(
            classify(
                Some("bob@corp.example"),
                Some("dns; corp-example.mail.protection.outlook.com")
            ),
            Provider::Microsoft
        );
        assert_eq!(classify(Some("c@yahoo.co.uk"), None), Provider::Yahoo);
        assert_eq!(classify(Some("c@hotmail.fr"), None), Provider::Microsoft);
        assert_eq!(classify(Some("c@me.com"), None), Provider::Apple);
        // "me" as the first label of a longer domain is not Apple.
        assert_eq!(
            classify(Some("c@me.example.org"), None),
            Provider::Other("me.example.org".into())
        );
        assert_eq!(
            classify(Some("d@shop.example"), Some("dns; mx2.mailhost.example.net")),
            Provider::Other("example.net".into())
        );
        assert_eq!(classify(None, None), Provider::Unknown);
    }

    #[test]
    fn report_orgs() {
        assert_eq!(from_report_org("google.com"), Some(Provider::Google));
        assert_eq!(from_report_org("Enterprise Outlook"), Some(Provider::Microsoft));
        assert_eq!(from_report_org("Yahoo"), Some(Provider::Yahoo));
        assert_eq!(from_report_org("Mail.Ru"), None);
    }
}
