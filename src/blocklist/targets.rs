//! What to look up: IP addresses (one by one; small IPv4 ranges expanded) and
//! domains, each labelled with where it came from.

use super::zones::ZoneKind;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Largest IPv6 range given on the command line, looked up address by
/// address (/120: 256 addresses); a wider one is refused, never stood for by
/// its first address.
pub const MAX_IPV6_PREFIX_EXPANDED: u8 = 120;
/// Largest IPv4 range expanded address by address (/24: 256 addresses).
pub const MAX_IPV4_PREFIX_EXPANDED: u8 = 24;
/// Largest SPF range `check` expands on its own (/28: 16 addresses); wider
/// ones cost 256 queries per list and are left to `mailaudit blocklist CIDR`.
pub const MAX_SPF_PREFIX_EXPANDED: u8 = 28;
/// Upper bound on addresses looked up in one run, so a hostile SPF record
/// (dozens of /24s) cannot turn an audit into hundreds of thousands of queries.
pub const MAX_IP_TARGETS: usize = 2048;

/// Something to look up, and why it was picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// An IP address or a lower-case ASCII domain name.
    pub target: String,
    pub kind: ZoneKind,
    /// Where it came from (`--ip`, `SPF ip4:192.0.2.0/28`, `MX mx1.example.com`, ...).
    pub sources: Vec<String>,
}

impl Target {
    /// An address target. An IPv4-mapped IPv6 address (`::ffff:192.0.2.10`)
    /// is the IPv4 address: lists hold it under its IPv4 name.
    pub fn ip(ip: IpAddr, source: impl Into<String>) -> Self {
        let mut source = source.into();
        let ip = match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => {
                    source.push_str(&format!(" (IPv4-mapped {v6}, looked up as IPv4)"));
                    IpAddr::V4(v4)
                }
                None => ip,
            },
            IpAddr::V4(_) => ip,
        };
        Target {
            target: ip.to_string(),
            kind: ZoneKind::Ip,
            sources: vec![source],
        }
    }

    pub fn domain(name: &str, source: impl Into<String>) -> Self {
        Target {
            target: name.trim_end_matches('.').to_ascii_lowercase(),
            kind: ZoneKind::Domain,
            sources: vec![source.into()],
        }
    }

    /// The address, for IP targets.
    pub fn address(&self) -> Option<IpAddr> {
        match self.kind {
            ZoneKind::Ip => self.target.parse().ok(),
            ZoneKind::Domain => None,
        }
    }
}

/// The targets of a run, plus what was deliberately not looked up and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSet {
    pub targets: Vec<Target>,
    /// Ranges deliberately not expanded (too wide): said, not hidden.
    pub skipped: Vec<String>,
    /// Addresses not looked up because the run reached [`MAX_IP_TARGETS`]:
    /// the audit is incomplete, never "not listed".
    #[serde(default, skip_serializing_if = "is_zero")]
    pub over_cap: usize,
    /// Where the addresses over the cap came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub over_cap_sources: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl TargetSet {
    /// Add a target, merging its sources into an existing one for the same
    /// address or name, so each (target, list) pair is asked once.
    pub fn add(&mut self, target: Target) {
        if let Some(existing) = self
            .targets
            .iter_mut()
            .find(|t| t.kind == target.kind && t.target == target.target)
        {
            for source in target.sources {
                if !existing.sources.contains(&source) {
                    existing.sources.push(source);
                }
            }
            return;
        }
        if target.kind == ZoneKind::Ip && self.ip_count() >= MAX_IP_TARGETS {
            self.note_over_cap(1, &target.sources.join(", "));
            return;
        }
        self.targets.push(target);
    }

    fn note_over_cap(&mut self, count: usize, source: &str) {
        self.over_cap += count;
        if !self.over_cap_sources.iter().any(|s| s == source) {
            self.over_cap_sources.push(source.to_string());
        }
    }

    fn ip_count(&self) -> usize {
        self.targets.iter().filter(|t| t.kind == ZoneKind::Ip).count()
    }

    /// Add every address of `net` worth looking up: IPv4 ranges up to /24
    /// address by address; larger IPv4 ranges are skipped (noted); IPv6
    /// networks by their network address only (a /64 has 2^64 addresses;
    /// lists that hold IPv6 data mostly list whole networks).
    pub fn add_network(&mut self, net: IpNet, source: &str) {
        match net {
            IpNet::V4(v4) if v4.prefix_len() == 32 => self.add(Target::ip(IpAddr::V4(v4.addr()), source)),
            IpNet::V4(v4) if v4.prefix_len() >= MAX_IPV4_PREFIX_EXPANDED => {
                let first = u32::from(v4.network());
                let last = u32::from(v4.broadcast());
                for n in first..=last {
                    if self.ip_count() >= MAX_IP_TARGETS {
                        // Count what is left without walking it address by address.
                        let left = (last - n) as usize + 1;
                        let already = self
                            .targets
                            .iter()
                            .filter_map(Target::address)
                            .filter(|a| matches!(a, IpAddr::V4(a) if (first..=last).contains(&u32::from(*a)) && u32::from(*a) >= n))
                            .count();
                        self.note_over_cap(left - already, source);
                        break;
                    }
                    self.add(Target::ip(IpAddr::V4(n.into()), source));
                }
            }
            IpNet::V4(v4) => self.skipped.push(format!(
                "{} ({source}): larger than /{MAX_IPV4_PREFIX_EXPANDED}, too many addresses to look up one by one",
                v4.trunc()
            )),
            IpNet::V6(v6) if v6.prefix_len() == 128 => self.add(Target::ip(IpAddr::V6(v6.addr()), source)),
            IpNet::V6(v6) => self.add(Target::ip(
                IpAddr::V6(v6.network()),
                format!("{source} (network address of {} only)", v6.trunc()),
            )),
        }
    }
}

/// Why a command-line target was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TargetError(pub String);

/// Parse one command-line target: an IPv4 or IPv6 address, an IPv4 range up
/// to /24 (IPv6 ranges: the network address), or a domain.
pub fn parse_target(text: &str, into: &mut TargetSet) -> Result<(), TargetError> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        into.add(Target::ip(ip, "command line"));
        return Ok(());
    }
    if text.contains('/') {
        let net: IpNet = text
            .parse()
            .map_err(|_| TargetError(format!("`{text}` is not an IP range (expected e.g. 192.0.2.0/28)")))?;
        if let IpNet::V4(v4) = net
            && v4.prefix_len() < MAX_IPV4_PREFIX_EXPANDED
        {
            return Err(TargetError(format!(
                "`{text}` is too large: ranges up to /{MAX_IPV4_PREFIX_EXPANDED} (256 addresses) are looked up; \
                 split it or list the sending addresses"
            )));
        }
        if let IpNet::V6(v6) = net {
            // Same rule as IPv4: a range is looked up address by address, up to 256 of them.
            if v6.prefix_len() < MAX_IPV6_PREFIX_EXPANDED {
                return Err(TargetError(format!(
                    "`{text}` is too large: IPv6 ranges up to /{MAX_IPV6_PREFIX_EXPANDED} (256 addresses) are looked up; \
                     list the sending addresses"
                )));
            }
            let source = format!("command line {text}");
            for ip in v6.hosts() {
                into.add(Target::ip(IpAddr::V6(ip), &source));
            }
            return Ok(());
        }
        into.add_network(net, &format!("command line {text}"));
        return Ok(());
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(TargetError(format!("`{text}` is not a valid IPv4 address")));
    }
    let domain = crate::domain::normalize(text).map_err(|e| TargetError(e.to_string()))?;
    into.add(Target::domain(&domain.name, "command line"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(items: &[&str]) -> Result<TargetSet, TargetError> {
        let mut set = TargetSet::default();
        for item in items {
            parse_target(item, &mut set)?;
        }
        Ok(set)
    }

    #[test]
    fn parses_addresses_ranges_and_domains() {
        let set = parse(&["192.0.2.1", "2001:DB8::1", "Example.TEST.", "198.51.100.0/30"]).unwrap();
        let names: Vec<&str> = set.targets.iter().map(|t| t.target.as_str()).collect();
        assert_eq!(
            names,
            [
                "192.0.2.1",
                "2001:db8::1",
                "example.test",
                "198.51.100.0",
                "198.51.100.1",
                "198.51.100.2",
                "198.51.100.3"
            ]
        );
        assert_eq!(set.targets[2].kind, ZoneKind::Domain);
        assert_eq!(parse(&["192.0.2.0/24"]).unwrap().targets.len(), 256);
        assert_eq!(parse(&["2001:db8::/120"]).unwrap().targets.len(), 256);
        assert_eq!(parse(&["2001:db8::/127"]).unwrap().targets.len(), 2);
        for wide in ["::/0", "2001:db8::/64", "2001:db8::/119"] {
            assert!(parse(&[wide]).is_err(), "{wide}");
        }
    }

    #[test]
    fn rejects_large_ranges_and_garbage() {
        assert!(parse(&["192.0.2.0/23"]).unwrap_err().0.contains("too large"));
        assert!(parse(&["192.0.2.999"]).is_err());
        assert!(parse(&["10.0.0.0/33"]).is_err());
        assert!(parse(&["not a domain!"]).is_err());
    }

    #[test]
    fn ipv6_ranges_from_spf_use_the_network_address() {
        let mut set = TargetSet::default();
        set.add_network("2001:db8:1::/64".parse().unwrap(), "SPF");
        assert_eq!(set.targets.len(), 1);
        assert_eq!(set.targets[0].target, "2001:db8:1::");
        assert!(set.targets[0].sources[0].contains("network address"));
    }

    #[test]
    fn networks_expand_skip_or_cap() {
        let mut set = TargetSet::default();
        set.add_network("192.0.2.16/28".parse().unwrap(), "SPF ip4:192.0.2.16/28");
        assert_eq!(set.targets.len(), 16);
        set.add_network("10.0.0.0/16".parse().unwrap(), "SPF ip4:10.0.0.0/16");
        assert_eq!(set.targets.len(), 16);
        assert!(set.skipped[0].contains("10.0.0.0/16"));
        for third in 0..=9u8 {
            set.add_network(format!("10.1.{third}.0/24").parse().unwrap(), "SPF");
        }
        assert_eq!(set.targets.len(), MAX_IP_TARGETS);
        // 16 + 2560 addresses, 2048 looked up: the rest is counted, not dropped.
        assert_eq!(set.over_cap, 16 + 2560 - MAX_IP_TARGETS);
        assert_eq!(set.over_cap_sources, ["SPF"]);
    }

    #[test]
    fn ipv4_mapped_addresses_are_ipv4() {
        let set = parse(&["::ffff:192.0.2.10"]).unwrap();
        assert_eq!(set.targets[0].target, "192.0.2.10");
        assert!(set.targets[0].sources[0].contains("IPv4-mapped"));
        assert_eq!(parse(&["2001:db8::1"]).unwrap().targets[0].target, "2001:db8::1");
    }
}
