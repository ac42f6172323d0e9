//! The MTA-STS policy file (RFC 8461 section 3.2): `key: value` lines, and
//! the `mx:` patterns senders compare the MX hosts with.

/// Longest `max_age` the RFC allows: about one year, in seconds.
pub const MAX_AGE_LIMIT: u64 = 31_557_600;

/// A policy file as read, with every way it breaks RFC 8461.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub version: Option<String>,
    /// `enforce`, `testing` or `none` when valid; the text as found otherwise.
    pub mode: Option<String>,
    pub max_age: Option<u64>,
    pub mx: Vec<String>,
    /// Why senders would reject the file; empty when valid.
    pub problems: Vec<String>,
}

/// Read a policy body. `content_type` is the HTTP header, which must be text/plain.
pub fn parse(body: &[u8], content_type: Option<&str>) -> Policy {
    let mut policy = Policy::default();
    let media_type = content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("text/plain") => {}
        Some(other) => policy.problems.push(format!("served as {other}, not text/plain")),
        None => policy
            .problems
            .push("served without a Content-Type (text/plain is required)".into()),
    }
    let Ok(text) = std::str::from_utf8(body) else {
        policy.problems.push("the file is not UTF-8 text".into());
        return policy;
    };
    let mut max_age_text = None;
    // Lines end in LF or CRLF; a lone CR is not a line break and makes the line invalid.
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let Some((key, value)) = line.split_once(':') else {
            policy
                .problems
                .push(format!("line {number} is not `key: value`: {}", shorten(line)));
            continue;
        };
        let value = value.trim_matches([' ', '\t']);
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            policy
                .problems
                .push(format!("line {number} has an invalid key: {}", shorten(line)));
            continue;
        }
        if value.contains('\r') || value.chars().any(|c| c.is_control() && c != '\t') {
            policy.problems.push(format!(
                "line {number} contains control characters (use LF or CRLF line ends)"
            ));
            continue;
        }
        // The first occurrence of a single-valued field counts; unknown fields are ignored.
        match key {
            "version" if policy.version.is_none() => policy.version = Some(value.to_string()),
            "mode" if policy.mode.is_none() => policy.mode = Some(value.to_string()),
            "max_age" if max_age_text.is_none() => max_age_text = Some(value.to_string()),
            "mx" => policy.mx.push(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    match policy.version.as_deref() {
        Some("STSv1") => {}
        Some(other) => policy
            .problems
            .push(format!("version is `{}`, not STSv1", shorten(other))),
        None => policy.problems.push("no `version: STSv1` line".into()),
    }
    match policy.mode.as_deref() {
        Some("enforce" | "testing" | "none") => {}
        Some(other) => policy
            .problems
            .push(format!("mode is `{}`, not enforce, testing or none", shorten(other))),
        None => policy.problems.push("no `mode:` line".into()),
    }
    match max_age_text {
        None => policy.problems.push("no `max_age:` line".into()),
        Some(text) => match text.parse::<u64>() {
            Ok(age) if text.len() <= 10 && text.chars().all(|c| c.is_ascii_digit()) && age <= MAX_AGE_LIMIT => {
                policy.max_age = Some(age)
            }
            _ => policy.problems.push(format!(
                "max_age `{}` is not a number of seconds from 0 to {MAX_AGE_LIMIT}",
                shorten(&text)
            )),
        },
    }
    let needs_mx = matches!(policy.mode.as_deref(), Some("enforce" | "testing"));
    if needs_mx && policy.mx.is_empty() {
        policy
            .problems
            .push("no `mx:` line, which enforce and testing modes require".into());
    }
    for pattern in &policy.mx {
        if !is_valid_pattern(pattern) {
            policy
                .problems
                .push(format!("`{}` is not a host name or `*.` pattern", shorten(pattern)));
        }
    }
    policy
}

/// `mx.example.net` or `*.example.net` (the wildcard only as the whole leftmost label).
fn is_valid_pattern(pattern: &str) -> bool {
    let name = pattern.strip_prefix("*.").unwrap_or(pattern);
    name.contains('.')
        && crate::dns::is_queryable_name(name)
        && name
            .split('.')
            .all(|label| label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Does `pattern` cover the MX host `host`? A `*.` pattern covers exactly one
/// more leftmost label: `*.example.net` covers `mx.example.net`, neither
/// `example.net` nor `a.b.example.net` (RFC 8461 section 4.1).
pub fn covers(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|rest| rest.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty() && !label.contains('.')),
        None => pattern == host,
    }
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.net\r\nmx: *.mail.example.net\r\nmax_age: 604800\r\n";

    #[test]
    fn a_good_policy_with_crlf_or_lf_has_no_problems() {
        for body in [GOOD.to_string(), GOOD.replace("\r\n", "\n")] {
            let policy = parse(body.as_bytes(), Some("text/plain; charset=utf-8"));
            assert!(policy.problems.is_empty(), "{:?}", policy.problems);
            assert_eq!(policy.mode.as_deref(), Some("enforce"));
            assert_eq!(policy.max_age, Some(604_800));
            assert_eq!(policy.mx, ["mx1.example.net", "*.mail.example.net"]);
        }
    }

    #[test]
    fn each_rule_of_the_rfc_is_a_problem() {
        let cases = [
            ("version: STSv2\nmode: none\nmax_age: 1\n", "not STSv1"),
            ("mode: none\nmax_age: 1\n", "no `version: STSv1`"),
            (
                "version: STSv1\nmode: strict\nmax_age: 1\nmx: a.b\n",
                "not enforce, testing or none",
            ),
            ("version: STSv1\nmode: none\n", "no `max_age:`"),
            ("version: STSv1\nmode: none\nmax_age: 31557601\n", "max_age `31557601`"),
            ("version: STSv1\nmode: none\nmax_age: -1\n", "max_age `-1`"),
            ("version: STSv1\nmode: enforce\nmax_age: 86400\n", "no `mx:` line"),
            (
                "version: STSv1\nmode: testing\nmax_age: 86400\nmx: *.*.example\n",
                "not a host name",
            ),
            (
                "version: STSv1\nmode: none\nmax_age: 1\nthis line is wrong\n",
                "line 4 is not `key: value`",
            ),
            ("version: STSv1\rmode: none\nmax_age: 1\n", "control characters"),
        ];
        for (body, expected) in cases {
            let policy = parse(body.as_bytes(), Some("text/plain"));
            assert!(
                policy.problems.iter().any(|p| p.contains(expected)),
                "{body:?}: {:?}",
                policy.problems
            );
        }
        let html = parse(GOOD.as_bytes(), Some("text/html"));
        assert_eq!(html.problems, ["served as text/html, not text/plain"]);
        assert!(!parse(GOOD.as_bytes(), None).problems.is_empty());
        assert!(
            parse(b"version: STSv1\nmode: none\nmax_age: 0\n", Some("text/plain"))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn a_wildcard_covers_exactly_one_label() {
        assert!(covers("*.mail.example.net", "a.mail.example.net"));
        assert!(covers("*.mail.example.net", "A.Mail.Example.net."));
        assert!(!covers("*.mail.example.net", "mail.example.net"));
        assert!(!covers("*.mail.example.net", "a.b.mail.example.net"));
        assert!(!covers("*.mail.example.net", "amail.example.net"));
        assert!(covers("mx1.example.net", "mx1.example.net"));
        assert!(!covers("mx1.example.net", "mx2.example.net"));
    }
}
