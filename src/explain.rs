//! Where the explanation of a finding code is found.
//!
//! The explanation travels with the tool: `mailaudit explain CODE` prints it,
//! SARIF rules carry it in full. Reports print a link only when the team says
//! where it hosts docs/codes.md (`docs_url` in mailaudit.toml, `--docs-url`):
//! the tool never prints an address nobody confirmed exists.

use crate::finding::{Code, Finding};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// Longest accepted base URL; a link is a line in a report, not a document.
const MAX_URL_CHARS: usize = 2000;

/// Where a team hosts its copy of docs/codes.md, e.g.
/// `https://wiki.example.com/mailaudit/codes.md`. Links append
/// `#` and the code's anchor (GitHub's heading slug: `#spflookup_limit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsUrl(String);

impl DocsUrl {
    /// The link to the explanation of `code`.
    pub fn for_code(&self, code: &str) -> String {
        format!("{}#{}", self.0, code_anchor(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for DocsUrl {
    type Err = String;

    /// An http(s) URL without a fragment (the code's anchor is appended) and
    /// without characters that would end a Markdown link or an HTML attribute.
    fn from_str(text: &str) -> Result<Self, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| "docs_url must start with https:// or http://".to_string())?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err("docs_url has no host".to_string());
        }
        if text.chars().count() > MAX_URL_CHARS {
            return Err(format!("docs_url is longer than {MAX_URL_CHARS} characters"));
        }
        if text.contains('#') {
            return Err("docs_url must not have a #fragment: the code's anchor is appended".to_string());
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !c.is_ascii_graphic() || "\"'<>()`\\{}|^[]".contains(*c))
        {
            return Err(format!(
                "docs_url must not contain {bad:?}: percent-encode it (e.g. %20 for a space)"
            ));
        }
        Ok(DocsUrl(text.to_string()))
    }
}

impl<'de> Deserialize<'de> for DocsUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for DocsUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The anchor of `code` in docs/codes.md: GitHub's heading slug of the bare
/// code (`spf.lookup_limit` -> `spflookup_limit`).
pub fn code_anchor(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The command that explains `code`, for reports without a docs link.
pub fn command(code: &str) -> String {
    format!("mailaudit explain {code}")
}

/// Sets the `docs` link of each finding from `base`, or clears it: without a
/// base there is no link to give.
pub fn link_findings<'a>(findings: impl IntoIterator<Item = &'a mut Finding>, base: Option<&DocsUrl>) {
    for finding in findings {
        finding.docs = base.map(|b| b.for_code(finding.code.as_str()));
    }
}

/// The full help of a code as plain text: why it matters and how to fix it.
pub fn help_text(info: &Code) -> String {
    format!(
        "{}\n\nHow to fix: {}\n\nThe same text: `{}`.",
        info.explanation,
        info.fix,
        command(info.code)
    )
}

/// The full help of a code as Markdown (SARIF `help.markdown`).
pub fn help_markdown(info: &Code) -> String {
    format!(
        "{}\n\n**How to fix:** {}\n\nThe same text: `{}`.",
        info.explanation,
        info.fix,
        command(info.code)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_an_http_url_and_links_the_code_anchor() {
        let base: DocsUrl = "https://wiki.example.com/mailaudit/codes.md".parse().unwrap();
        assert_eq!(
            base.for_code("spf.lookup_limit"),
            "https://wiki.example.com/mailaudit/codes.md#spflookup_limit"
        );
        assert!("http://intranet/codes.md".parse::<DocsUrl>().is_ok());
    }

    #[test]
    fn refuses_what_would_break_a_link() {
        for (text, why) in [
            ("wiki.example.com/codes.md", "https://"),
            ("ftp://example.com/codes.md", "https://"),
            ("https://", "no host"),
            ("https:///codes.md", "no host"),
            ("https://example.com/codes.md#top", "fragment"),
            ("https://example.com/my codes.md", "' '"),
            ("https://example.com/a)b", "')'"),
            ("https://example.com/<script>", "'<'"),
            ("https://example.com/\ncodes", "'\\n'"),
        ] {
            let err = text.parse::<DocsUrl>().unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert!(long.parse::<DocsUrl>().unwrap_err().contains("longer"));
    }

    #[test]
    fn links_are_set_from_the_base_or_cleared() {
        let mut findings = crate::testing::report_without_dns("example.com").findings;
        assert!(!findings.is_empty(), "the test needs findings");
        let base: DocsUrl = "https://docs.example.com/codes.md".parse().unwrap();
        link_findings(&mut findings, Some(&base));
        for f in &findings {
            assert_eq!(f.docs.as_deref(), Some(base.for_code(f.code.as_str()).as_str()));
        }
        link_findings(&mut findings, None);
        assert!(findings.iter().all(|f| f.docs.is_none()));
    }

    #[test]
    fn help_carries_the_explanation_and_the_fix() {
        let info = crate::codes::lookup("spf.lookup_limit").unwrap();
        for help in [help_text(info), help_markdown(info)] {
            assert!(help.contains(info.explanation) && help.contains(info.fix), "{help}");
            assert!(help.contains("mailaudit explain spf.lookup_limit"), "{help}");
            assert!(!help.contains("http"), "no link without a docs_url: {help}");
        }
    }
}
