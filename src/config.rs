//! `mailaudit.toml`: the settings of an unattended run (a CI job, an agency's
//! list of client domains). Every key is known: a typo is an error naming its
//! line, never a silently ignored setting. Values are validated while parsing,
//! so the error points at the value that is wrong.
//!
//! Command-line flags override the file (the CLI merges them; see docs/ci.md).

mod error;

use crate::exit::FailOn;
use crate::setting_limits as limits;
use error::invalid_at;
pub use error::{ConfigError, LineIndex, MAX_ECHOED_CHARS, MAX_QUOTED_CHARS, shorten, shorten_message};
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

// The ranges are the flags' too: `setting_limits` holds each rule once.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds(pub f64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_in_range(
            d,
            limits::timeout_allowed,
            &format!(
                "a timeout; expected seconds, more than 0 and at most {}",
                limits::MAX_TIMEOUT_SECS
            ),
        )
        .map(Seconds)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concurrency(pub usize);

impl<'de> Deserialize<'de> for Concurrency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let range = limits::CONCURRENCY;
        // Read as i64 so that a negative number gets the range error too.
        number_in_range(
            d,
            |v: i64| usize::try_from(v).is_ok_and(|v| range.contains(&v)),
            &format!(
                "a concurrency; expected a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )
        .map(|v| Concurrency(v as usize))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let range = limits::QUERIES_PER_SECOND;
        number_in_range(
            d,
            limits::queries_per_second_allowed,
            &format!(
                "a rate; expected queries per second from {} to {}",
                range.start(),
                range.end()
            ),
        )
        .map(Rate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retries(pub u32);

impl<'de> Deserialize<'de> for Retries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let range = limits::RETRIES;
        number_in_range(
            d,
            |v: i64| u32::try_from(v).is_ok_and(|v| range.contains(&v)),
            &format!(
                "a number of retries; expected a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )
        .map(|v| Retries(v as u32))
    }
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

/// The commented starter file `mailaudit init` writes (src/config_template.rs).
pub use crate::config_template::STARTER;

#[cfg(test)]
mod tests;
