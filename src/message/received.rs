//! A received copy: what the receiver decided (`Authentication-Results`,
//! RFC 8601) and the ARC chain (RFC 8617), shown next to our own verification.
//! Receivers' headers are their word, not ours: they raise no findings.

use super::dkim::ArcCheck;
use serde::{Deserialize, Serialize};

/// One `method=result` of an Authentication-Results header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodResult {
    /// `dkim`, `spf`, `dmarc`, `arc`...
    pub method: String,
    /// `pass`, `fail`, `none`...
    pub result: String,
    /// The properties that follow, e.g. `header.d=example.com`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<String>,
}

/// One Authentication-Results header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationResults {
    /// Who wrote it (authserv-id), e.g. `mx.google.com`.
    pub authserv_id: String,
    pub results: Vec<MethodResult>,
}

/// Serialised as `messages[].received`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReceivedReport {
    /// Topmost (latest) first, as in the message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentication_results: Vec<AuthenticationResults>,
    /// Our verification of the ARC chain, when the message has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arc: Option<ArcCheck>,
    /// `cv=` of the highest ARC-Seal instance: what the last sealer saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arc_sealed_cv: Option<String>,
}

/// Remove RFC 5322 comments `( ... )`, nested ones too.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Read one Authentication-Results value (RFC 8601 2.2).
pub fn parse_authentication_results(value: &str) -> Option<AuthenticationResults> {
    let text = strip_comments(value);
    let mut parts = text.split(';');
    let authserv_id = parts.next()?.split_whitespace().next()?.to_string();
    let mut results = Vec::new();
    for part in parts {
        let mut words = part.split_whitespace();
        let Some((method, result)) = words.next().and_then(|w| w.split_once('=')) else {
            continue;
        };
        let method = method.split('/').next().unwrap_or(method).to_ascii_lowercase();
        if method.is_empty() || method == "none" {
            continue;
        }
        results.push(MethodResult {
            method,
            result: result.to_ascii_lowercase(),
            properties: words.filter(|w| w.contains('=')).map(str::to_string).collect(),
        });
    }
    Some(AuthenticationResults { authserv_id, results })
}

pub fn read(message: Option<&mail_parser::Message<'_>>, arc: Option<ArcCheck>) -> ReceivedReport {
    let Some(message) = message else {
        return ReceivedReport {
            arc,
            ..Default::default()
        };
    };
    let authentication_results = super::raw_header_values(message, "Authentication-Results")
        .iter()
        .filter_map(|v| parse_authentication_results(v))
        .collect();
    // The seal with the highest i= speaks for the whole chain.
    let arc_sealed_cv = super::raw_header_values(message, "ARC-Seal")
        .iter()
        .filter_map(|seal| {
            let tags = crate::check::dkim::record::parse_tag_list(seal);
            let instance: u32 = tags.get("i")?.trim().parse().ok()?;
            Some((instance, tags.get("cv").unwrap_or("").trim().to_ascii_lowercase()))
        })
        .max_by_key(|(i, _)| *i)
        .map(|(_, cv)| cv);
    ReceivedReport {
        authentication_results,
        arc,
        arc_sealed_cv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_authentication_results() {
        let ar = parse_authentication_results(
            "mx.google.com;\r\n dkim=pass header.i=@example.com header.s=s1 header.b=abc;\r\n spf=pass \
             (google.com: domain of bounce@example.com designates 192.0.2.1 as permitted sender) \
             smtp.mailfrom=bounce@example.com;\r\n dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
        )
        .unwrap();
        assert_eq!(ar.authserv_id, "mx.google.com");
        let methods: Vec<(&str, &str)> = ar
            .results
            .iter()
            .map(|r| (r.method.as_str(), r.result.as_str()))
            .collect();
        assert_eq!(methods, [("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")]);
        assert_eq!(ar.results[1].properties, ["smtp.mailfrom=bounce@example.com"]);
        assert!(
            parse_authentication_results("example.org 1; none")
                .unwrap()
                .results
                .is_empty()
        );
    }
}
