//! Domain names as users type them, made into names we can query: case,
//! trailing dot, IDN to punycode, an e-mail address meaning its domain; and the
//! organisational domain (Public Suffix List) that DMARC inherits from.

use std::fmt;

/// A domain after normalisation, with a note when the input was changed in a
/// way the user should hear about (an e-mail address, an IDN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedDomain {
    /// What the user typed.
    pub input: String,
    /// Lower-case ASCII (punycode), no trailing dot.
    pub name: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InvalidDomain {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for InvalidDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An input can be a 10 MB line of a file: show its start only.
        let shown: String = self.input.chars().take(80).collect();
        let cut = if shown.len() < self.input.len() { "…" } else { "" };
        write!(f, "`{shown}{cut}` is not a valid domain name: {}", self.reason)
    }
}

/// Normalise a user-supplied domain (or e-mail address).
pub fn normalize(input: &str) -> Result<NormalizedDomain, InvalidDomain> {
    let invalid = |reason: &str| InvalidDomain {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = input.trim();
    let mut note = None;
    let host = match trimmed.rsplit_once('@') {
        Some((local, domain)) => {
            if local.is_empty() {
                return Err(invalid("nothing before the @"));
            }
            note = Some(format!(
                "`{trimmed}` is an e-mail address; checking its domain `{domain}`"
            ));
            domain
        }
        None => trimmed,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() {
        return Err(invalid("it is empty"));
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Err(invalid("it is an IP address, not a domain"));
    }
    if host.contains("://") || host.contains('/') {
        return Err(invalid("give the bare domain, not a URL (e.g. example.com)"));
    }
    let ascii =
        idna::domain_to_ascii(host).map_err(|_| invalid("it contains characters not allowed in domain names"))?;
    if ascii != host.to_ascii_lowercase() && !host.is_ascii() {
        let msg = format!("internationalised name `{host}` is checked as `{ascii}`");
        note = Some(match note {
            Some(n) => format!("{n}; {msg}"),
            None => msg,
        });
    }
    if ascii.len() > 253 {
        return Err(invalid("longer than 253 characters"));
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err(invalid("it needs at least two labels, like example.com"));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(invalid("it has an empty label (two dots in a row)"));
        }
        if label.len() > 63 {
            return Err(invalid("a label is longer than 63 characters"));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(invalid("only letters, digits, hyphens and underscores are allowed"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a label starts or ends with a hyphen"));
        }
    }
    Ok(NormalizedDomain {
        input: input.to_string(),
        name: ascii,
        note,
    })
}

/// The organisational domain of `domain` by the Public Suffix List
/// (RFC 7489 3.2): the public suffix plus one label. Falls back to the last
/// two labels for names the list does not know.
pub fn organizational_domain(domain: &str) -> String {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    match psl::domain_str(&domain) {
        Some(org) => org.to_string(),
        None => {
            let labels: Vec<&str> = domain.rsplitn(3, '.').collect();
            if labels.len() >= 2 {
                format!("{}.{}", labels[1], labels[0])
            } else {
                domain
            }
        }
    }
}

/// Check a DKIM selector (RFC 6376 3.1: one or more labels) and say what is wrong.
pub fn check_selector(selector: &str) -> Result<(), String> {
    let shown: String = selector.chars().take(80).collect();
    let bad = |why: &str| Err(format!("`{shown}` is not a valid DKIM selector: {why}"));
    if selector.is_empty() {
        return bad("it is empty");
    }
    if selector.len() > 200 {
        return bad("it is too long to fit in a DNS name");
    }
    for label in selector.split('.') {
        if label.is_empty() {
            return bad("it has an empty label (a leading, trailing or double dot)");
        }
        if label.len() > 63 {
            return bad("a label is longer than 63 characters");
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return bad("only letters, digits, hyphens and underscores are allowed");
        }
    }
    Ok(())
}

/// Read a domains file: one per line; `#` starts a comment; blank lines
/// skipped. Each entry comes with its line number (from 1), so reports can
/// point at the line that listed the domain.
pub fn parse_domains_file(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split('#').next().unwrap_or("").trim()))
        .filter(|(_, entry)| !entry.is_empty())
        .map(|(line, entry)| (line, entry.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_dot_email_and_idn() {
        assert_eq!(normalize("Example.COM.").unwrap().name, "example.com");
        let e = normalize("alice@Example.com").unwrap();
        assert_eq!(e.name, "example.com");
        assert!(e.note.unwrap().contains("e-mail address"));
        let idn = normalize("bücher.example").unwrap();
        assert_eq!(idn.name, "xn--bcher-kva.example");
        assert!(idn.note.is_some());
    }

    #[test]
    fn rejects_bad_names() {
        for bad in [
            "",
            "localhost",
            "a..b",
            "-a.com",
            "192.0.2.1",
            "https://example.com",
            "exa mple.com",
            "@example.com",
        ] {
            assert!(normalize(bad).is_err(), "{bad} accepted");
        }
        assert!(normalize(&format!("{}.com", "a".repeat(64))).is_err());
        let huge = normalize(&"x".repeat(100_000)).unwrap_err().to_string();
        assert!(huge.len() < 300, "error messages do not echo huge inputs");
    }

    #[test]
    fn org_domains() {
        assert_eq!(organizational_domain("mail.example.com"), "example.com");
        assert_eq!(organizational_domain("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(organizational_domain("example.com"), "example.com");
    }

    #[test]
    fn selectors() {
        assert!(check_selector("s1").is_ok() && check_selector("s1.eu").is_ok());
        assert!(check_selector(&"a".repeat(70)).unwrap_err().contains("63"));
        assert!(check_selector("a b").unwrap_err().contains("only letters"));
        assert!(check_selector("").is_err() && check_selector("a..b").is_err());
    }

    #[test]
    fn domains_file() {
        assert_eq!(
            parse_domains_file("# c\na.com\n\n b.com # x\n"),
            vec![(2, "a.com".to_string()), (4, "b.com".to_string())]
        );
    }
}
