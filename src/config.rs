//! `mailaudit.toml`: the settings of an unattended run (a CI job, an agency's
//! list of client domains). Every key is known: a typo is an error naming its
//! line, never a silently ignored setting. Values are validated while parsing,
//! so the error points at the value that is wrong.
//!
//! Command-line flags override the file (the CLI merges them; see docs/ci.md).

use crate::exit::FailOn;
use serde::{Deserialize, Deserializer};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file looked for in the current directory when `--config` is not given.
pub const DEFAULT_FILE_NAME: &str = "mailaudit.toml";

/// Upper bound of the file size: a config is a few kB; refusing a huge file
/// keeps parsing bounded.
const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// The parsed file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Short form: domains without per-domain settings.
    #[serde(default)]
    pub domains: Vec<Spanned<DomainName>>,
    /// Long form: `[[domain]]` tables with selectors and sending IPs.
    #[serde(default, rename = "domain")]
    pub domain_entries: Vec<DomainEntry>,
    /// DKIM selectors tried for every domain.
    #[serde(default)]
    pub selectors: Vec<Selector>,
    /// Sending IPs evaluated for every domain.
    #[serde(default)]
    pub ips: Vec<IpAddr>,
    /// DMARC aggregate reports (files or directories, relative to this
    /// file): the DKIM selectors they show are tried too.
    #[serde(default)]
    pub dmarc_reports: Vec<PathBuf>,
    pub fail_on: Option<FailOn>,
    #[serde(default)]
    pub nameservers: Vec<Nameserver>,
    /// Seconds to wait for one DNS answer.
    pub timeout: Option<Seconds>,
    /// Domains checked at once.
    pub concurrency: Option<Concurrency>,
    /// Upper bound of DNS queries per second sent to the resolver.
    pub queries_per_second: Option<Rate>,
    /// Extra attempts after a DNS timeout.
    pub retries: Option<Retries>,
    pub blocklists: Option<BlocklistSettings>,
    #[serde(default)]
    pub ignore: Vec<IgnoreRule>,
    /// Where the team hosts docs/codes.md: reports link finding codes there.
    pub docs_url: Option<crate::explain::DocsUrl>,
    /// Line starts of the parsed text, to turn spans into line numbers.
    #[serde(skip)]
    lines: LineIndex,
}

/// `[[domain]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainEntry {
    pub name: Spanned<DomainName>,
    #[serde(default)]
    pub selectors: Vec<Selector>,
    #[serde(default)]
    pub ips: Vec<IpAddr>,
}

/// `[blocklists]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocklistSettings {
    /// `false`: DNS posture only (like `--no-blocklists`).
    pub enabled: Option<bool>,
    /// Replace the built-in list of zones.
    pub zones: Option<Vec<ZoneName>>,
}

/// `[[ignore]]`: a finding the team decided to live with, and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreRule {
    pub code: FindingCode,
    /// Only for this domain; every domain when absent.
    pub domain: Option<DomainName>,
    /// Only for this subject (a selector, an MX host, an IP); any when absent.
    pub subject: Option<String>,
    /// Required: the next person reading the config must know why.
    pub reason: Reason,
}

/// Where a domain was listed, so CI annotations can point at the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// 1-based.
    pub line: usize,
}

/// A normalised domain name (lower-case ASCII, no trailing dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainName(pub String);

impl<'de> Deserialize<'de> for DomainName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        crate::domain::normalize(&text)
            .map(|n| DomainName(n.name))
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(pub String);

impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // The same rule as `--selector`, so file and flag never disagree.
        crate::domain::check_selector(&text).map_err(serde::de::Error::custom)?;
        Ok(Selector(text))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nameserver(pub SocketAddr);

impl<'de> Deserialize<'de> for Nameserver {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        crate::dns::parse_nameserver(&text)
            .map(Nameserver)
            .map_err(serde::de::Error::custom)
    }
}

/// A blocklist zone spec, `ZONE[=SPEC]` or `builtin`, as `--blocklist-zone`
/// takes it (validated here so the error names the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneName(pub String);

impl<'de> Deserialize<'de> for ZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        crate::blocklist::zones::parse_zone_spec(&text).map_err(|e| {
            serde::de::Error::custom(format!(
                "`{}` is not a blocklist zone: {e}",
                shorten(&text, MAX_ECHOED_CHARS)
            ))
        })?;
        Ok(ZoneName(text.trim().to_string()))
    }
}

/// A registered finding code (see `mailaudit explain --all`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingCode(pub String);

impl<'de> Deserialize<'de> for FindingCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if crate::codes::lookup(&text).is_none() {
            return Err(serde::de::Error::custom(format!(
                "`{}` is not a finding code (list them with `mailaudit explain --all`)",
                shorten(&text, MAX_ECHOED_CHARS)
            )));
        }
        Ok(FindingCode(text))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(pub String);

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "the reason must say why the finding is ignored",
            ));
        }
        Ok(Reason(text.trim().to_string()))
    }
}

/// A number read from the file, refused unless `valid` holds. The error reads
/// "{value} is not {what}", e.g. "0 is not a concurrency; expected ...".
fn number_in_range<'de, D, T>(d: D, valid: impl Fn(T) -> bool, what: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Copy + std::fmt::Display,
{
    let value = T::deserialize(d)?;
    if !valid(value) {
        return Err(serde::de::Error::custom(format!("{value} is not {what}")));
    }
    Ok(value)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds(pub f64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_in_range(
            d,
            |v: f64| v.is_finite() && v > 0.0 && v <= 300.0,
            "a timeout; expected seconds, more than 0 and at most 300",
        )
        .map(Seconds)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concurrency(pub usize);

impl<'de> Deserialize<'de> for Concurrency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_in_range(
            d,
            |v: i64| (1..=256).contains(&v),
            "a concurrency; expected a whole number from 1 to 256",
        )
        .map(|v| Concurrency(v as usize))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_in_range(
            d,
            |v: f64| v.is_finite() && (0.01..=100_000.0).contains(&v),
            "a rate; expected queries per second from 0.01 to 100000",
        )
        .map(Rate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retries(pub u32);

impl<'de> Deserialize<'de> for Retries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_in_range(
            d,
            |v: i64| (0..=5).contains(&v),
            "a number of retries; expected a whole number from 0 to 5",
        )
        .map(|v| Retries(v as u32))
    }
}

/// Why a config file could not be used. Each names the file and, when the
/// problem is in the text, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path} is larger than {MAX_CONFIG_BYTES} bytes")]
    TooLarge { path: String },
    #[error("{path}:{line}:{column}: {message}\n{}", excerpt(*.line, .line_text, *.column))]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
        line_text: String,
    },
    #[error("{path}: {message}")]
    InvalidFile { path: String, message: String },
}

/// The most characters of one input value or line echoed back in an error:
/// a 3 MB line in the file must not become megabytes of stderr.
pub const MAX_ECHOED_CHARS: usize = 120;

/// A value quoted inside a message that also shows the line below it: the
/// line is the one place the input is shown in full (up to `MAX_ECHOED_CHARS`).
pub const MAX_QUOTED_CHARS: usize = 40;

/// `text` cut to `max` characters, ending in "…" when it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// A parser or validator message with every quoted value (between backticks
/// or double quotes) cut to `quoted_max` characters, and the whole message to
/// a few lines: messages from serde and toml echo the offending value in full.
/// Also for other callers that print an error about user input (e.g. a line of
/// a domains file).
pub fn shorten_message(message: &str, quoted_max: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        // Both quote characters are ASCII: `open` is a char boundary, one byte long.
        let quote = if rest.as_bytes()[open] == b'`' { '`' } else { '"' };
        out.push_str(&rest[..=open]);
        let inside = &rest[open + 1..];
        match inside.find(quote) {
            Some(close) => {
                out.push_str(&shorten(&inside[..close], quoted_max));
                out.push(quote);
                rest = &inside[close + 1..];
            }
            None => {
                out.push_str(&shorten(inside, quoted_max));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    shorten(&out, 3 * MAX_ECHOED_CHARS)
}

/// The offending line with a caret under the column, as compilers show it.
/// A long line is shown as a window of `MAX_ECHOED_CHARS` around the column.
fn excerpt(line: usize, text: &str, column: usize) -> String {
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let chars: Vec<char> = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= MAX_ECHOED_CHARS {
        0
    } else {
        // Some context before the column, and never a window past the end.
        at.saturating_sub(MAX_ECHOED_CHARS / 3)
            .min(chars.len() - MAX_ECHOED_CHARS)
    };
    let end = (start + MAX_ECHOED_CHARS).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret_at = at - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_at += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let caret = " ".repeat(caret_at);
    format!(" {number} | {shown}\n {pad} | {caret}^")
}

/// A domain to check as the config lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredDomain {
    pub name: String,
    pub selectors: Vec<String>,
    pub ips: Vec<IpAddr>,
    /// 1-based line of the name in the file.
    pub line: usize,
}

impl Config {
    /// Parse config text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().trim();
            match e.span() {
                Some(span) => invalid_at(text, path, span.start, message.to_string()),
                None => ConfigError::InvalidFile {
                    path: path.to_string(),
                    message: shorten_message(message, MAX_ECHOED_CHARS),
                },
            }
        })?;
        // Cross-value checks that serde cannot see: a domain listed twice
        // would be checked with one set of selectors silently dropped.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let names = config
            .domains
            .iter()
            .chain(config.domain_entries.iter().map(|e| &e.name));
        for name in names {
            if !seen.insert(name.get_ref().0.as_str()) {
                return Err(invalid_at(
                    text,
                    path,
                    name.span().start,
                    format!("domain `{}` is listed more than once", name.get_ref().0),
                ));
            }
        }
        config.lines = LineIndex::new(text);
        Ok(config)
    }

    /// Read and parse a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_as(path, &path.display().to_string())
    }

    /// Read and parse a config file, naming it `shown` in errors.
    fn load_as(path: &Path, shown: &str) -> Result<Config, ConfigError> {
        let shown = shown.to_string();
        let read_error = |source| ConfigError::Read {
            path: shown.clone(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(read_error)?;
        if !meta.is_file() {
            return Err(read_error(std::io::Error::other("not a regular file")));
        }
        if meta.len() > MAX_CONFIG_BYTES {
            return Err(ConfigError::TooLarge { path: shown });
        }
        // Read no more than the cap, whatever the size said a moment ago.
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut std::io::Read::take(std::fs::File::open(path).map_err(read_error)?, MAX_CONFIG_BYTES + 1),
            &mut text,
        )
        .map_err(read_error)?;
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(ConfigError::TooLarge { path: shown });
        }
        Config::parse(&text, &shown)
    }

    /// `--config PATH`, else `mailaudit.toml` in `dir` when it exists.
    pub fn discover(explicit: Option<&Path>, dir: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let (path, shown) = match explicit {
            Some(p) => (p.to_path_buf(), p.display().to_string()),
            None => {
                let candidate = dir.join(DEFAULT_FILE_NAME);
                if !candidate.is_file() {
                    return Ok(None);
                }
                (candidate, DEFAULT_FILE_NAME.to_string())
            }
        };
        let config = Config::load_as(&path, &shown)?;
        Ok(Some((path, config)))
    }

    /// Every domain of the file, in file order (short list first), with its
    /// own selectors and IPs (the file-wide ones are added by the caller).
    pub fn configured_domains(&self) -> Vec<ConfiguredDomain> {
        let text_lines = &self.lines;
        let short = self.domains.iter().map(|name| ConfiguredDomain {
            name: name.get_ref().0.clone(),
            selectors: Vec::new(),
            ips: Vec::new(),
            line: text_lines.line_of(name.span().start),
        });
        let long = self.domain_entries.iter().map(|entry| ConfiguredDomain {
            name: entry.name.get_ref().0.clone(),
            selectors: entry.selectors.iter().map(|s| s.0.clone()).collect(),
            ips: entry.ips.clone(),
            line: text_lines.line_of(entry.name.span().start),
        });
        let mut all: Vec<ConfiguredDomain> = short.chain(long).collect();
        all.sort_by_key(|d| d.line);
        all
    }
}

/// Byte offsets to 1-based line numbers.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

fn invalid_at(text: &str, path: &str, offset: usize, message: String) -> ConfigError {
    let mut offset = offset.min(text.len());
    // Spans come from the parser; never slice inside a character regardless.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = LineIndex::new(text).line_of(offset);
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("").trim_end().to_string();
    ConfigError::Invalid {
        path: path.to_string(),
        line,
        column,
        message: shorten_message(&message, MAX_QUOTED_CHARS),
        line_text,
    }
}

/// The commented starter file `mailaudit init` writes (src/config_template.rs).
pub use crate::config_template::STARTER;

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, String) {
        match Config::parse(text, "mailaudit.toml") {
            Err(ConfigError::Invalid {
                line, column, message, ..
            }) => (line, column, message),
            other => panic!("expected an error naming a line, got {other:?}"),
        }
    }

    #[test]
    fn starter_file_parses() {
        let config = Config::parse(STARTER, "starter").expect("starter parses");
        assert_eq!(config.domains.len(), 1);
        assert_eq!(config.fail_on, Some(FailOn::Error));
    }

    #[test]
    fn full_file_parses() {
        let text = r#"
domains = ["a.test", "B.Test."]
selectors = ["k1"]
fail_on = "warning"
nameservers = ["127.0.0.1:5353"]
timeout = 2.5
concurrency = 4
queries_per_second = 100
retries = 2

[blocklists]
enabled = false
zones = ["bl.example.test"]

[[domain]]
name = "c.test"
selectors = ["s1"]
ips = ["192.0.2.1"]

[[ignore]]
code = "dns.temperror"
domain = "a.test"
reason = "known flaky"
"#;
        let config = Config::parse(text, "x").unwrap();
        let domains = config.configured_domains();
        assert_eq!(
            domains.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            ["a.test", "b.test", "c.test"]
        );
        assert_eq!(domains[0].line, 2);
        assert_eq!(domains[2].line, 16);
        assert_eq!(domains[2].selectors, ["s1"]);
        assert_eq!(config.timeout, Some(Seconds(2.5)));
        assert_eq!(config.nameservers[0].0.port(), 5353);
        assert_eq!(config.blocklists.as_ref().unwrap().enabled, Some(false));
        assert_eq!(config.ignore[0].reason.0, "known flaky");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let (line, column, message) = err("fail_on = \"error\"\ntimeout = 5\nconcurency = 3\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.contains("unknown field `concurency`"), "{message}");
    }

    #[test]
    fn unknown_key_in_table_names_its_line() {
        let (line, _, message) = err("[[domain]]\nname = \"a.test\"\nselector = [\"s1\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("selector"), "{message}");
    }

    #[test]
    fn selectors_follow_the_same_rule_as_the_flag() {
        let (line, _, message) = err("[[domain]]\nname = \"a.test\"\nselectors = [\"s1!\"]\n");
        assert_eq!(line, 3);
        assert!(
            message.contains("only letters, digits, hyphens and underscores"),
            "{message}"
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let (line, column, message) = err("timeout = 5\nfail_on = \"sometimes\"\n");
        assert_eq!((line, column), (2, 11));
        assert!(message.contains("sometimes"), "{message}");
        let (line, _, message) = err("timeout = -1\n");
        assert_eq!(line, 1);
        assert!(message.contains("timeout"), "{message}");
        let (line, _, message) = err("\n\n[[domain]]\nname = \"a.test\"\nips = [\"192.0.2.300\"]\n");
        assert_eq!(line, 5);
        assert!(message.to_lowercase().contains("ip"), "{message}");
        let (line, _, message) = err("domains = [\"ok.test\", \"http://x.test/\"]\n");
        assert_eq!(line, 1);
        assert!(message.contains("URL"), "{message}");
        let (line, _, message) = err("nameservers = [\"dns.example\"]\n");
        assert_eq!(line, 1);
        assert!(message.contains("name server"), "{message}");
        let (line, _, _) = err("concurrency = 0\n");
        assert_eq!(line, 1);
        let (line, _, _) = err("timeout = \"5\"\n");
        assert_eq!(line, 1);
        let (line, _, message) = err("[blocklists]\nzones = [\"builtin\", \"zen.spamhaus.org\", \"bad zone!\"]\n");
        assert_eq!(line, 2);
        assert!(message.contains("bad zone!"), "{message}");
    }

    #[test]
    fn ignore_rules_need_a_known_code_and_a_reason() {
        let (line, _, message) = err("[[ignore]]\ncode = \"dns.temperror\"\nreason = \"  \"\n");
        assert_eq!(line, 3);
        assert!(message.contains("reason"), "{message}");
        let (_, _, message) = err("[[ignore]]\ncode = \"dns.temperror\"\n");
        assert!(message.contains("missing field `reason`"), "{message}");
        let (line, _, message) = err("[[ignore]]\ncode = \"spf.nope_not_a_code\"\nreason = \"x\"\n");
        assert_eq!(line, 2);
        assert!(message.contains("not a finding code"), "{message}");
    }

    #[test]
    fn duplicate_domain_is_an_error() {
        let (line, _, message) = err("domains = [\"a.test\"]\n[[domain]]\nname = \"A.test\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("more than once"), "{message}");
    }

    #[test]
    fn syntax_error_names_its_line() {
        let (line, _, _) = err("timeout = 5\n[blocklists\n");
        assert_eq!(line, 2);
    }

    /// Counted in characters: the "…" of a cut line is one column, three bytes.
    fn char_above_caret(snippet: &str, caret: &str) -> char {
        let column = caret.chars().position(|c| c == '^').expect("a caret");
        snippet.chars().nth(column).expect("caret within the line")
    }

    #[test]
    fn long_values_are_cut_in_errors() {
        let long = "a".repeat(3_000_000);
        let text = format!("timeout = 5\ndomains = [\"{long}\"]\n");
        let error = Config::parse(&text, "big.toml").unwrap_err().to_string();
        assert!(error.len() < 1_000, "{} bytes", error.len());
        assert!(error.starts_with("big.toml:2:11: "), "{error}");
        assert!(error.contains('…'), "{error}");
        // The caret still sits under the column (after " 2 | ").
        let lines: Vec<&str> = error.lines().collect();
        let snippet = lines[lines.len() - 2];
        let caret = lines[lines.len() - 1];
        assert_eq!(char_above_caret(snippet, caret), '[', "{snippet}\n{caret}");

        let selector = format!("selectors = [\"{}\"]\n", "a b".repeat(100_000));
        let error = Config::parse(&selector, "x").unwrap_err().to_string();
        assert!(error.len() < 1_000, "{error}");
        // A column deep inside a long line: the window follows it.
        let text = format!(
            "timeout = 5\nconcurrency = 3{}x{}\n",
            " ".repeat(50_000),
            " yy".repeat(200)
        );
        let error = Config::parse(&text, "x").unwrap_err().to_string();
        let lines: Vec<&str> = error.lines().collect();
        let (snippet, caret) = (lines[lines.len() - 2], lines[lines.len() - 1]);
        assert!(snippet.contains(" | …") && snippet.ends_with('…'), "{snippet}");
        assert_eq!(char_above_caret(snippet, caret), 'x', "{snippet}\n{caret}");
        assert!(error.len() < 1_000, "{error}");
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc…");
        assert_eq!(shorten("ééééé", 2), "éé…");
        assert_eq!(
            shorten_message(
                &format!("invalid type: string \"{}\", expected `x`", "z".repeat(500)),
                5
            ),
            "invalid type: string \"zzzzz…\", expected `x`"
        );
    }

    #[test]
    fn range_messages_do_not_contradict_themselves() {
        let (_, _, message) = err("timeout = 0\n");
        assert!(message.contains("more than 0 and at most 300"), "{message}");
        let (_, _, message) = err("timeout = 301\n");
        assert!(message.contains("more than 0 and at most 300"), "{message}");
        assert!(Config::parse("timeout = 300\n", "x").is_ok());
        let (_, _, message) = err("concurrency = 0\n");
        assert!(message.contains("from 1 to 256"), "{message}");
        let (_, _, message) = err("retries = 6\n");
        assert!(message.contains("from 0 to 5"), "{message}");
        let (_, _, message) = err("queries_per_second = 0\n");
        assert!(message.contains("from 0.01 to 100000"), "{message}");
        assert!(Config::parse("queries_per_second = 0.01\nretries = 0\nconcurrency = 256\n", "x").is_ok());
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(5), 3);
        assert_eq!(idx.line_of(6), 4);
    }
}
