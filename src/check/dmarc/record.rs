//! Reading a DMARC record (RFC 7489 6.3, RFC 9989).
//!
//! Receivers still read RFC 7489 records, and RFC 9989 says unknown tags are
//! ignored: so tags RFC 9989 removed (pct, rf, ri) and tags nobody knows are
//! remarks, not syntax errors. Syntax errors are what makes receivers ignore
//! the record or a part of it.

use crate::check::dkim::record::{clip, parse_tag_list};
use serde::{Deserialize, Serialize};

/// At most this many unknown tags are named.
const MAX_LISTED: usize = 8;
/// At most this many report addresses are kept per tag (receivers use a few).
const MAX_URIS: usize = 20;

/// A DMARC policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    None,
    Quarantine,
    Reject,
}

impl Policy {
    pub fn parse(text: &str) -> Option<Policy> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }

    /// What receivers do with mail that fails DMARC, in plain words.
    pub fn in_words(self) -> &'static str {
        match self {
            Policy::None => "monitor only: mail that fails authentication is still delivered",
            Policy::Quarantine => "mail that fails authentication goes to spam",
            Policy::Reject => "mail that fails authentication is refused",
        }
    }
}

/// One rua/ruf address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAddress {
    /// As written, e.g. `mailto:dmarc@example.com!10m`.
    pub uri: String,
    /// The mailbox, e.g. `dmarc@example.com`.
    pub address: String,
    /// The mailbox's domain, lower case.
    pub domain: String,
}

/// A DMARC record, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcRecord {
    pub policy: Option<Policy>,
    pub subdomain_policy: Option<Policy>,
    pub nonexistent_policy: Option<Policy>,
    pub pct: Option<u8>,
    pub rua: Vec<ReportAddress>,
    pub ruf: Vec<ReportAddress>,
    /// `rua=` is present and not empty (even if no address in it is usable).
    pub has_rua_tag: bool,
    pub adkim_strict: bool,
    pub aspf_strict: bool,
    /// t=y (RFC 9989 test mode).
    pub testing: bool,
    /// psd=y/n/u as written.
    pub psd: Option<String>,
    /// Problems that make receivers ignore the record or a tag.
    pub syntax: Vec<String>,
    /// Tags RFC 9989 removed (pct, rf, ri), as `name=value`.
    pub removed: Vec<String>,
    /// Tags no RFC defines; receivers ignore them.
    pub unknown: Vec<String>,
    pub more_unknown: usize,
    /// The version tag is `DMARC1` in another case than RFC 7489 spells it.
    pub version_case: bool,
}

/// Whether a TXT record is a DMARC record: its first tag is v=DMARC1
/// (RFC 7489 6.6.3 discards everything else).
pub fn is_dmarc_record(text: &str) -> bool {
    let first = text.split(';').next().unwrap_or("");
    match first.split_once('=') {
        Some((name, value)) => name.trim().eq_ignore_ascii_case("v") && value.trim().eq_ignore_ascii_case("DMARC1"),
        None => false,
    }
}

/// Read a record already known to start with v=DMARC1.
pub fn parse(text: &str) -> DmarcRecord {
    let list = parse_tag_list(text);
    let mut record = DmarcRecord::default();
    if !list.problems.is_empty() {
        record.syntax.push(list.problems_text());
    }
    let invalid = |record: &mut DmarcRecord, name: &str, value: &str, expected: &str| {
        record
            .syntax
            .push(format!("{name}={} is not valid (expected {expected})", clip(value, 40)));
    };
    for tag in &list.tags {
        let value = tag.value.as_str();
        match tag.name.as_str() {
            "v" => {
                if value != "DMARC1" {
                    record.version_case = true;
                }
            }
            "p" => match Policy::parse(value) {
                Some(p) => record.policy = Some(p),
                None => invalid(&mut record, "p", value, "none, quarantine or reject"),
            },
            "sp" => match Policy::parse(value) {
                Some(p) => record.subdomain_policy = Some(p),
                None => invalid(&mut record, "sp", value, "none, quarantine or reject"),
            },
            "np" => match Policy::parse(value) {
                Some(p) => record.nonexistent_policy = Some(p),
                None => invalid(&mut record, "np", value, "none, quarantine or reject"),
            },
            "adkim" | "aspf" => {
                let strict = match value.to_ascii_lowercase().as_str() {
                    "r" => false,
                    "s" => true,
                    _ => {
                        invalid(&mut record, &tag.name, value, "r or s");
                        false
                    }
                };
                if tag.name == "adkim" {
                    record.adkim_strict = strict;
                } else {
                    record.aspf_strict = strict;
                }
            }
            "pct" => {
                match value.parse::<u8>() {
                    Ok(n) if n <= 100 => record.pct = Some(n),
                    _ => invalid(&mut record, "pct", value, "a whole number from 0 to 100"),
                }
                record.removed.push(format!("pct={}", clip(value, 20)));
            }
            "rf" => {
                if !value.split(':').all(|f| f.trim().eq_ignore_ascii_case("afrf")) {
                    invalid(&mut record, "rf", value, "afrf");
                }
                record.removed.push(format!("rf={}", clip(value, 20)));
            }
            "ri" => {
                if value.parse::<u32>().is_err() {
                    invalid(&mut record, "ri", value, "a number of seconds");
                }
                record.removed.push(format!("ri={}", clip(value, 20)));
            }
            "fo" => {
                let ok = value
                    .split(':')
                    .all(|f| matches!(f.trim().to_ascii_lowercase().as_str(), "0" | "1" | "d" | "s"));
                if !ok {
                    invalid(&mut record, "fo", value, "0, 1, d or s, separated by colons");
                }
            }
            "rua" | "ruf" => {
                let (addresses, problems) = parse_uris(&tag.name, value);
                record.syntax.extend(problems);
                if tag.name == "rua" {
                    record.has_rua_tag = !value.is_empty();
                    record.rua = addresses;
                } else {
                    record.ruf = addresses;
                }
            }
            "psd" => match value.to_ascii_lowercase().as_str() {
                "y" | "n" | "u" => record.psd = Some(value.to_ascii_lowercase()),
                _ => invalid(&mut record, "psd", value, "y, n or u"),
            },
            "t" => match value.to_ascii_lowercase().as_str() {
                "y" => record.testing = true,
                "n" => record.testing = false,
                _ => invalid(&mut record, "t", value, "y or n"),
            },
            other => {
                if record.unknown.len() < MAX_LISTED {
                    record.unknown.push(clip(other, 30));
                } else {
                    record.more_unknown += 1;
                }
            }
        }
    }
    if list.tags.first().is_none_or(|t| t.name != "v") {
        record.syntax.push("v=DMARC1 must be the first tag".to_string());
    }
    if record.policy.is_none() && !list.tags.iter().any(|t| t.name == "p") {
        record.syntax.push("there is no p= tag (the policy)".to_string());
    }
    record
}

/// Split a rua/ruf value into mailto: addresses; anything else is a problem.
fn parse_uris(tag: &str, value: &str) -> (Vec<ReportAddress>, Vec<String>) {
    let mut addresses = Vec::new();
    let mut problems = Vec::new();
    for (i, uri) in value.split(',').map(str::trim).enumerate() {
        if i >= MAX_URIS {
            problems.push(format!(
                "{tag}= lists more than {MAX_URIS} addresses; receivers use only the first few"
            ));
            break;
        }
        if uri.is_empty() {
            continue;
        }
        let Some(rest) = uri
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("mailto:"))
            .map(|_| &uri[7..])
        else {
            if uri.contains('@') && !uri.contains(':') {
                problems.push(format!(
                    "{tag}={} lacks the mailto: prefix, so receivers ignore it",
                    clip(uri, 60)
                ));
            } else {
                problems.push(format!("{tag}={} is not a mailto: address", clip(uri, 60)));
            }
            continue;
        };
        // A size limit may follow: mailto:a@b.example!10m
        let address = rest.split('!').next().unwrap_or("").trim();
        let domain = address
            .rsplit_once('@')
            .map(|(local, d)| (local, d.trim_end_matches('.')));
        match domain {
            Some((local, d)) if !local.is_empty() && is_plausible_domain(d) => addresses.push(ReportAddress {
                uri: uri.to_string(),
                address: address.to_string(),
                domain: d.to_ascii_lowercase(),
            }),
            _ => problems.push(format!("{tag}={} is not a valid e-mail address", clip(uri, 60))),
        }
    }
    (addresses, problems)
}

fn is_plausible_domain(d: &str) -> bool {
    d.contains('.')
        && d.len() <= 253
        && d.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_record() {
        let r = parse(
            "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; \
             rua=mailto:agg@example.test,mailto:d@reports.example!10m; ruf=mailto:f@example.test; fo=1:d; psd=n; t=n;",
        );
        assert_eq!(r.policy, Some(Policy::Reject));
        assert_eq!(r.subdomain_policy, Some(Policy::Quarantine));
        assert_eq!(r.nonexistent_policy, Some(Policy::Reject));
        assert!(r.adkim_strict && !r.aspf_strict && !r.testing);
        assert_eq!(r.rua.len(), 2);
        assert_eq!(r.rua[1].address, "d@reports.example");
        assert_eq!(r.rua[1].domain, "reports.example");
        assert_eq!(r.ruf[0].domain, "example.test");
        assert!(r.syntax.is_empty(), "{:?}", r.syntax);
        assert!(r.removed.is_empty() && r.unknown.is_empty());
    }

    #[test]
    fn dmarc_record_selection() {
        assert!(is_dmarc_record("v=DMARC1; p=none"));
        assert!(is_dmarc_record("v = dmarc1 ;p=none"));
        assert!(!is_dmarc_record("v=spf1 -all"));
        assert!(!is_dmarc_record("p=none; v=DMARC1"));
        assert!(!is_dmarc_record("v=DMARC10; p=none"));
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "v=DMARC1",
            "v=DMARC1; p=block",
            "v=DMARC1; p=none; sp=maybe",
            "v=DMARC1; p=none; adkim=x",
            "v=DMARC1; p=none; pct=150",
            "v=DMARC1; p=none; rua=dmarc@example.test",
            "v=DMARC1; p=none; rua=https://example.test/r",
            "v=DMARC1; p=none; rua=mailto:nobody",
            "v=DMARC1; p=none; fo=2",
            "v=DMARC1; p=none; p=reject",
            "v=DMARC1; p=none; t=maybe",
        ] {
            assert!(!parse(bad).syntax.is_empty(), "{bad} accepted");
        }
        let r = parse("v=DMARC1; p=none; rua=dmarc@example.test");
        assert!(r.syntax[0].contains("mailto:"), "{:?}", r.syntax);
    }

    #[test]
    fn removed_and_unknown_tags_are_not_syntax_errors() {
        let r = parse("v=DMARC1; p=none; pct=50; rf=afrf; ri=86400; foo=bar; x-y=1");
        assert!(r.syntax.iter().all(|s| !s.contains("foo")), "{:?}", r.syntax);
        assert_eq!(r.pct, Some(50));
        assert_eq!(r.removed, vec!["pct=50", "rf=afrf", "ri=86400"]);
        assert_eq!(r.unknown, vec!["foo"]);
        // x-y is not a well-formed tag name: a shape problem, not an unknown tag.
        assert_eq!(r.syntax.len(), 1);
    }

    #[test]
    fn hostile_records_are_bounded() {
        let thousands: String = std::iter::once("v=DMARC1; p=none;".to_string())
            .chain((0..20_000).map(|i| format!("tag{i}=x;")))
            .collect();
        let r = parse(&thousands);
        assert_eq!(r.unknown.len(), MAX_LISTED);
        assert_eq!(r.more_unknown, 20_000 - MAX_LISTED);
        assert!(r.syntax.is_empty());

        let many_uris = format!(
            "v=DMARC1; p=none; rua={}",
            (0..5000)
                .map(|i| format!("mailto:a{i}@x.test"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let r = parse(&many_uris);
        assert_eq!(r.rua.len(), MAX_URIS);
        assert_eq!(r.syntax.len(), 1);

        let non_ascii = "v=DMARC1; p=rejéct; rua=mailto:ü@exämple.test; ñ=1; sp=\u{0}";
        let r = parse(non_ascii);
        assert!(r.syntax.len() >= 3, "{:?}", r.syntax);
        let huge = format!("v=DMARC1; p={}", "r".repeat(70_000));
        let r = parse(&huge);
        assert!(r.syntax[0].len() < 200);
        let junk: String = "=;".repeat(30_000);
        assert!(parse(&junk).syntax.len() <= 3);
    }
}
