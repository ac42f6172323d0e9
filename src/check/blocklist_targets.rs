//! Blocklist targets of a checked domain: the domain, its sending IPs from
//! `--ip` and SPF, and its MX hosts. Lives in `check` because it reads the SPF
//! and MX reports; `blocklist` only looks targets up.

use crate::blocklist::targets::{MAX_SPF_PREFIX_EXPANDED, Target, TargetSet};
use crate::check::{mx::MxHost, spf::SpfReport};
use ipnet::IpNet;
use std::net::IpAddr;

/// The targets `check` looks up for a domain: the domain itself (and its
/// organisational domain), the `--ip` addresses, the single addresses and
/// small ranges in SPF, and the MX hosts' addresses.
pub fn targets_for_domain(domain: &str, ips: &[IpAddr], spf: &SpfReport, mx: &[MxHost]) -> TargetSet {
    let mut set = TargetSet::default();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    set.add(Target::domain(&domain, "the domain"));
    let org = crate::domain::organizational_domain(&domain);
    if org != domain {
        set.add(Target::domain(&org, format!("organisational domain of {domain}")));
    }
    // Single addresses first, ranges last: when the cap cuts a run short it
    // cuts range addresses, never the addresses the user or the MX named.
    for ip in ips {
        set.add(Target::ip(*ip, "--ip"));
    }
    let networks = spf.ip_networks();
    let label = |net: &IpNet| {
        let mechanism = match net {
            IpNet::V4(_) => "ip4",
            IpNet::V6(_) => "ip6",
        };
        if net.prefix_len() == net.max_prefix_len() {
            format!("SPF {mechanism}")
        } else {
            format!("SPF {mechanism}:{net}")
        }
    };
    let (singles, ranges): (Vec<IpNet>, Vec<IpNet>) =
        networks.into_iter().partition(|n| n.prefix_len() == n.max_prefix_len());
    for net in &singles {
        set.add_network(*net, &label(net));
    }
    for host in mx {
        for ip in &host.addresses {
            set.add(Target::ip(*ip, format!("MX {}", host.host)));
        }
    }
    for net in &ranges {
        match net {
            IpNet::V4(v4) if v4.prefix_len() < 24 => set.skipped.push(format!(
                "{} ({}): range wider than /24, too wide to look up address by address",
                v4.trunc(),
                label(net)
            )),
            IpNet::V4(v4) if v4.prefix_len() < MAX_SPF_PREFIX_EXPANDED => set.skipped.push(format!(
                "{} ({}): range wider than /{MAX_SPF_PREFIX_EXPANDED}; check it with `mailaudit blocklist {}`",
                v4.trunc(),
                label(net),
                v4.trunc()
            )),
            IpNet::V6(v6) if v6.prefix_len() < 64 => set.skipped.push(format!(
                "{} ({}): IPv6 range wider than /64, too wide to stand for one sender",
                v6.trunc(),
                label(net)
            )),
            _ => set.add_network(*net, &label(net)),
        }
    }
    set
}

/// The blocklist lookups of a checked domain, as registered in
/// [`crate::check::registry::CHECKS`]: its SPF and MX addresses, given typed.
pub struct Blocklists;

impl crate::check::registry::Check for Blocklists {
    const NAME: &'static str = "blocklist";
    const CODES: &'static [&'static [&'static crate::finding::Code]] = &[crate::blocklist::CODES];
    type Needs<'a> = (&'a SpfReport, &'a [MxHost]);
    /// `None` when blocklists were not asked for.
    type Report = Option<crate::blocklist::BlocklistReport>;
    async fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (spf, mx): Self::Needs<'a>,
    ) -> (Self::Report, Vec<crate::finding::Finding>) {
        if !cx.options.blocklists {
            return (None, Vec::new());
        }
        let targets = targets_for_domain(cx.domain, &cx.options.ips, spf, mx);
        let (report, findings) = crate::blocklist::check_targets(cx.dns, &targets, &cx.options.blocklist_zones).await;
        (Some(report), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocklist::targets::MAX_IP_TARGETS;
    use crate::blocklist::zones::ZoneKind;

    #[test]
    fn duplicates_merge_their_sources() {
        let mx = vec![MxHost {
            preference: 10,
            host: "mx.example.test".into(),
            addresses: vec!["192.0.2.1".parse().unwrap()],
            ..Default::default()
        }];
        let set = targets_for_domain(
            "mail.example.test",
            &["192.0.2.1".parse().unwrap()],
            &SpfReport::default(),
            &mx,
        );
        let ip = set.targets.iter().find(|t| t.target == "192.0.2.1").unwrap();
        assert_eq!(ip.sources, ["--ip", "MX mx.example.test"]);
        assert_eq!(set.targets.iter().filter(|t| t.kind == ZoneKind::Ip).count(), 1);
        assert!(set.targets.iter().any(|t| t.target == "mail.example.test"));
        assert!(set.targets.iter().any(|t| t.target == "example.test"));
    }

    #[test]
    fn check_looks_up_single_addresses_and_mx_before_ranges_and_skips_wide_ranges() {
        use crate::check::spf::AuthorizedNetwork;
        let mut spf = SpfReport::default();
        let mut nets: Vec<String> = (0..130)
            .map(|n| format!("10.{}.{}.0/28", n / 16, (n % 16) * 16))
            .collect();
        nets.push("198.51.100.0/24".into());
        nets.push("192.0.2.10/32".into());
        nets.push("172.16.0.0/12".into());
        for net in nets {
            spf.authorized_networks.push(AuthorizedNetwork {
                mechanism: "ip4".into(),
                network: net,
                domain: "example.test".into(),
                term: "ip4".into(),
            });
        }
        spf.authorized_networks.push(AuthorizedNetwork {
            mechanism: "ip6".into(),
            network: "2001:db8::/32".into(),
            domain: "example.test".into(),
            term: "ip6".into(),
        });
        let mx = vec![MxHost {
            preference: 10,
            host: "mx.example.test".into(),
            addresses: vec!["203.0.113.5".parse().unwrap()],
            ..Default::default()
        }];
        let set = targets_for_domain("example.test", &[], &spf, &mx);
        assert!(
            set.skipped
                .iter()
                .any(|s| s.contains("2001:db8::/32") && s.contains("wider than /64"))
        );
        assert!(!set.targets.iter().any(|t| t.target.starts_with("2001:db8")));
        let has = |t: &str| set.targets.iter().any(|x| x.target == t);
        assert!(has("192.0.2.10") && has("203.0.113.5"));
        assert!(!has("198.51.100.1"));
        assert!(
            set.skipped
                .iter()
                .any(|s| s.contains("198.51.100.0/24") && s.contains("wider than /28"))
        );
        // A range too wide for `mailaudit blocklist` is still named, never dropped silently.
        assert!(
            set.skipped
                .iter()
                .any(|s| s.contains("172.16.0.0/12") && s.contains("wider than /24"))
        );
        // 130 × 16 + 2 singles = 2082 addresses: 34 over the cap.
        assert_eq!(set.over_cap, 130 * 16 + 2 - MAX_IP_TARGETS);
    }
}
