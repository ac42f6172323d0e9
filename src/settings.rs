//! The settings resolver: command-line flags and `mailaudit.toml` become one
//! validated set of settings, here and nowhere else. The precedence is the
//! same for every setting: the flag, else the file, else the default below.
//! A list flag (`--selector`, `--ip`, ...) replaces the file's list.
//!
//! The CLI only copies what clap parsed into the `*Flags` structs; the rules
//! (ranges, defaults, which source wins) live in this module.

use crate::blocklist::Zone;
use crate::config::Config;
use crate::dns::{self, ResolverSettings};
use crate::exit::FailOn;
use crate::pacing::PacingOptions;
use crate::setting_limits as limits;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Seconds to wait for one DNS answer when neither a flag nor the file says.
pub const DEFAULT_TIMEOUT_SECS: f64 = 5.0;
/// Enough domains at once to keep about 1,000 queries in flight over a
/// 10 ms round trip (each domain waits on 3 to 5 round trips in a row).
pub const DEFAULT_CONCURRENCY: usize = 128;
pub const DEFAULT_RETRIES: u32 = 1;

/// A setting the user gave that cannot be used: a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

fn invalid(message: impl Into<String>) -> SettingsError {
    SettingsError(message.into())
}

/// The one timeout rule ([`limits::timeout_allowed`]), for every
/// `--*timeout` flag.
pub fn timeout(flag: &str, secs: f64) -> Result<Duration, SettingsError> {
    if limits::timeout_allowed(secs) {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(invalid(format!(
            "{flag} must be more than 0 and at most {} seconds",
            limits::MAX_TIMEOUT_SECS
        )))
    }
}

/// "`flag` must be between A and B", for a value outside `range`.
fn out_of_range<T: std::fmt::Display>(flag: &str, range: &std::ops::RangeInclusive<T>) -> SettingsError {
    invalid(format!("{flag} must be between {} and {}", range.start(), range.end()))
}

/// The DNS flags as given; `None` or empty: not given.
#[derive(Debug, Clone, Default)]
pub struct DnsFlags {
    pub nameservers: Vec<String>,
    pub timeout: Option<f64>,
    pub retries: Option<u32>,
    pub queries_per_second: Option<f64>,
}

/// How to ask DNS: the resolver, and the pacing and retries around it.
#[derive(Debug, Clone)]
pub struct DnsSettings {
    pub resolver: ResolverSettings,
    pub pacing: PacingOptions,
}

impl DnsSettings {
    /// Flags over the file (when the command reads one) over the defaults.
    pub fn resolve(flags: &DnsFlags, config: Option<&Config>) -> Result<Self, SettingsError> {
        let secs = flags
            .timeout
            .or(config.and_then(|c| c.timeout).map(|s| s.0))
            .unwrap_or(DEFAULT_TIMEOUT_SECS);
        let timeout = timeout("--timeout", secs)?;
        let retries = flags
            .retries
            .or(config.and_then(|c| c.retries).map(|r| r.0))
            .unwrap_or(DEFAULT_RETRIES);
        if !limits::RETRIES.contains(&retries) {
            return Err(out_of_range("--retries", &limits::RETRIES));
        }
        let queries_per_second = flags
            .queries_per_second
            .or(config.and_then(|c| c.queries_per_second).map(|r| r.0));
        if queries_per_second.is_some_and(|q| !limits::queries_per_second_allowed(q)) {
            return Err(out_of_range("--queries-per-second", &limits::QUERIES_PER_SECOND));
        }
        let nameservers = if flags.nameservers.is_empty() {
            config
                .map(|c| c.nameservers.iter().map(|n| n.0).collect())
                .unwrap_or_default()
        } else {
            flags
                .nameservers
                .iter()
                .map(|n| dns::parse_nameserver(n))
                .collect::<Result<Vec<_>, _>>()
                .map_err(invalid)?
        };
        Ok(DnsSettings {
            resolver: ResolverSettings {
                nameservers,
                timeout,
                ..Default::default()
            },
            pacing: PacingOptions {
                queries_per_second,
                retries,
                ..Default::default()
            },
        })
    }
}

/// The flags of `check` that the file can also set.
#[derive(Debug, Clone, Default)]
pub struct CheckFlags {
    pub dns: DnsFlags,
    pub concurrency: Option<usize>,
    pub fail_on: Option<FailOn>,
    pub selectors: Vec<String>,
    pub ips: Vec<IpAddr>,
    pub no_blocklists: bool,
    pub blocklist_zones: Vec<String>,
    pub dmarc_reports: Vec<PathBuf>,
}

/// Everything `check` needs besides the domains, validated.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    pub dns: DnsSettings,
    pub concurrency: usize,
    pub fail_on: FailOn,
    /// DKIM selectors tried for every domain ([[domain]] entries add theirs).
    pub selectors: Vec<String>,
    pub ips: Vec<IpAddr>,
    pub blocklists: bool,
    pub blocklist_zones: Vec<Zone>,
    /// DMARC aggregate reports to read DKIM selectors from; each exists.
    pub dmarc_reports: Vec<PathBuf>,
}

impl CheckSettings {
    /// `config_dir`: where the file's relative paths start (the file's
    /// directory, or the working directory without a file).
    pub fn resolve(flags: &CheckFlags, config: &Config, config_dir: &Path) -> Result<Self, SettingsError> {
        let dns = DnsSettings::resolve(&flags.dns, Some(config))?;
        let concurrency = flags
            .concurrency
            .or(config.concurrency.map(|c| c.0))
            .unwrap_or(DEFAULT_CONCURRENCY);
        if !limits::CONCURRENCY.contains(&concurrency) {
            return Err(out_of_range("--concurrency", &limits::CONCURRENCY));
        }
        let fail_on = flags.fail_on.or(config.fail_on).unwrap_or_default();
        for selector in &flags.selectors {
            crate::domain::check_selector(selector).map_err(invalid)?;
        }
        let selectors = if flags.selectors.is_empty() {
            config.selectors.iter().map(|s| s.0.clone()).collect()
        } else {
            flags.selectors.clone()
        };
        let ips = if flags.ips.is_empty() {
            config.ips.clone()
        } else {
            flags.ips.clone()
        };
        let blocklists = !flags.no_blocklists && config.blocklists.as_ref().and_then(|b| b.enabled).unwrap_or(true);
        // Neither flag nor file: the built-in lists.
        let zone_specs: Vec<String> = if flags.blocklist_zones.is_empty() {
            config
                .blocklists
                .as_ref()
                .and_then(|b| b.zones.as_ref())
                .map(|zones| zones.iter().map(|z| z.0.clone()).collect())
                .unwrap_or_default()
        } else {
            flags.blocklist_zones.clone()
        };
        let blocklist_zones =
            crate::blocklist::zones::zones_from_specs(&zone_specs, None).map_err(|e| invalid(e.to_string()))?;
        // The file's paths are relative to the file; the flag's to the working directory.
        let dmarc_reports: Vec<PathBuf> = if flags.dmarc_reports.is_empty() {
            config.dmarc_reports.iter().map(|p| config_dir.join(p)).collect()
        } else {
            flags.dmarc_reports.clone()
        };
        if let Some(missing) = dmarc_reports.iter().find(|p| !p.exists()) {
            return Err(invalid(format!(
                "--dmarc-reports: {} does not exist",
                missing.display()
            )));
        }
        Ok(CheckSettings {
            dns,
            concurrency,
            fail_on,
            selectors,
            ips,
            blocklists,
            blocklist_zones,
            dmarc_reports,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text, "mailaudit.toml").expect("valid config")
    }

    #[test]
    fn flag_beats_file_beats_default() {
        let none = Config::default();
        let dns = DnsSettings::resolve(&DnsFlags::default(), Some(&none)).unwrap();
        assert_eq!(dns.resolver.timeout, Duration::from_secs(5));
        assert_eq!(dns.pacing.retries, DEFAULT_RETRIES);

        let file = config("timeout = 2\nretries = 3\n");
        let dns = DnsSettings::resolve(&DnsFlags::default(), Some(&file)).unwrap();
        assert_eq!(dns.resolver.timeout, Duration::from_secs(2));
        assert_eq!(dns.pacing.retries, 3);

        let flags = DnsFlags {
            timeout: Some(0.5),
            retries: Some(0),
            ..Default::default()
        };
        let dns = DnsSettings::resolve(&flags, Some(&file)).unwrap();
        assert_eq!(dns.resolver.timeout, Duration::from_millis(500));
        assert_eq!(dns.pacing.retries, 0);
    }

    #[test]
    fn one_timeout_rule_for_every_flag() {
        for bad in [0.0, -1.0, 301.0, f64::NAN, f64::INFINITY] {
            let err = timeout("--mta-sts-timeout", bad).unwrap_err();
            assert_eq!(err.0, "--mta-sts-timeout must be more than 0 and at most 300 seconds");
        }
        assert_eq!(timeout("--timeout", 300.0).unwrap(), Duration::from_secs(300));
        let flags = DnsFlags {
            timeout: Some(0.0),
            ..Default::default()
        };
        assert!(DnsSettings::resolve(&flags, None).is_err());
    }

    #[test]
    fn list_flags_replace_the_file_lists() {
        let file = config("selectors = [\"file1\"]\nips = [\"192.0.2.1\"]\n[blocklists]\nenabled = false\n");
        let dir = Path::new(".");
        let from_file = CheckSettings::resolve(&CheckFlags::default(), &file, dir).unwrap();
        assert_eq!(from_file.selectors, ["file1"]);
        assert_eq!(from_file.ips, ["192.0.2.1".parse::<IpAddr>().unwrap()]);
        assert!(!from_file.blocklists);
        assert_eq!(from_file.concurrency, DEFAULT_CONCURRENCY);

        let flags = CheckFlags {
            selectors: vec!["flag1".into()],
            ips: vec!["192.0.2.9".parse().unwrap()],
            concurrency: Some(3),
            ..Default::default()
        };
        let from_flags = CheckSettings::resolve(&flags, &file, dir).unwrap();
        assert_eq!(from_flags.selectors, ["flag1"]);
        assert_eq!(from_flags.ips, ["192.0.2.9".parse::<IpAddr>().unwrap()]);
        assert_eq!(from_flags.concurrency, 3);
    }

    #[test]
    fn bad_values_are_refused_with_the_flag_name() {
        let none = Config::default();
        let dir = Path::new(".");
        let cases = [
            (
                CheckFlags {
                    concurrency: Some(0),
                    ..Default::default()
                },
                "--concurrency must be between 1 and 256",
            ),
            (
                CheckFlags {
                    dns: DnsFlags {
                        retries: Some(6),
                        ..Default::default()
                    },
                    ..Default::default()
                },
                "--retries must be between 0 and 5",
            ),
            (
                CheckFlags {
                    dmarc_reports: vec![PathBuf::from("no/such/reports")],
                    ..Default::default()
                },
                "--dmarc-reports: no/such/reports does not exist",
            ),
        ];
        for (flags, message) in cases {
            let err = CheckSettings::resolve(&flags, &none, dir).unwrap_err();
            assert_eq!(err.0, message);
        }
    }
}
