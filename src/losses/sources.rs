//! Sending sources named as services: which platform sent the mail a DMARC
//! aggregate report lists under a bare IP, recognised from what the report
//! itself carries (the DKIM `d=` domains and the SPF / envelope-from domain of
//! its rows) and from the source's reverse-DNS name when one is known offline
//! (`dmarc-reports --resolve`; `losses` does no DNS lookups for it).
//!
//! One entry per service, each with the provider's documentation page its
//! names come from. A service signs with its own domain (`d=sendgrid.net`)
//! and bounces to its own envelope domain until the customer sets up their
//! own domain; afterwards only the PTR (or nothing) still names it, and the
//! source stays an IP.

use serde::{Deserialize, Serialize};

/// A sending platform and the names that give it away.
#[derive(Debug, PartialEq, Eq)]
pub struct Service {
    pub name: &'static str,
    /// DKIM `d=` domains the service signs with by default (a subdomain matches).
    pub dkim_domains: &'static [&'static str],
    /// Envelope-from (Return-Path) domains: the SPF domain of a DMARC row.
    pub spf_domains: &'static [&'static str],
    /// What the customer adds to their SPF record (`include:...`).
    pub spf_includes: &'static [&'static str],
    /// Reverse-DNS suffixes of the service's outbound servers.
    pub ptr_suffixes: &'static [&'static str],
    /// The provider's documentation page the names come from.
    pub source: &'static str,
}

/// The services recognised, most common first. Names are matched on label
/// boundaries: `sendgrid.net` matches `em123.sendgrid.net`, not `notsendgrid.net`.
pub const SERVICES: &[Service] = &[
    Service {
        name: "Google Workspace",
        // Without a custom DKIM key Google signs as <domain>.<suffix>.gappssmtp.com.
        dkim_domains: &["gappssmtp.com"],
        spf_domains: &[],
        spf_includes: &["_spf.google.com"],
        ptr_suffixes: &["google.com"],
        source: "https://support.google.com/a/answer/10684623",
    },
    Service {
        name: "Microsoft 365",
        // The default signature is d=<tenant>.onmicrosoft.com.
        dkim_domains: &["onmicrosoft.com"],
        spf_domains: &[],
        spf_includes: &["spf.protection.outlook.com"],
        ptr_suffixes: &["outbound.protection.outlook.com"],
        source: "https://learn.microsoft.com/en-us/defender-office-365/email-authentication-spf-configure",
    },
    Service {
        name: "Amazon SES",
        dkim_domains: &["amazonses.com"],
        // Default MAIL FROM: a subdomain of amazonses.com.
        spf_domains: &["amazonses.com"],
        spf_includes: &["amazonses.com"],
        ptr_suffixes: &["amazonses.com"],
        source: "https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html",
    },
    Service {
        name: "SendGrid",
        dkim_domains: &["sendgrid.net", "sendgrid.info"],
        spf_domains: &["sendgrid.net"],
        spf_includes: &["sendgrid.net"],
        ptr_suffixes: &["sendgrid.net"],
        source: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication",
    },
    Service {
        name: "Mailchimp / Mandrill",
        dkim_domains: &["mcsv.net", "mcdlv.net", "mandrillapp.com"],
        spf_domains: &["mcsv.net", "mcdlv.net", "mandrillapp.com"],
        spf_includes: &["servers.mcsv.net", "spf.mandrillapp.com"],
        ptr_suffixes: &["mcsv.net", "mcdlv.net", "rsgsv.net", "mandrillapp.com"],
        // Mailchimp's own setup page asks for DKIM CNAMEs only; Mandrill's page
        // names the mandrillapp.com defaults. mcsv.net / rsgsv.net PTRs: parsedmarc's map.
        source: "https://mandrill.zendesk.com/hc/en-us/articles/360039236053-About-SPF-and-DKIM",
    },
    Service {
        name: "Mailgun",
        dkim_domains: &["mailgun.org"],
        spf_domains: &["mailgun.org", "mailgun.net"],
        spf_includes: &["mailgun.org"],
        ptr_suffixes: &["mailgun.net", "mailgun.info", "mailgun.us"],
        source: "https://documentation.mailgun.com/docs/mailgun/user-manual/domains/domains-verify",
    },
    Service {
        name: "Postmark",
        dkim_domains: &["mtasv.net"],
        // Default Return-Path: pm.mtasv.net.
        spf_domains: &["mtasv.net"],
        spf_includes: &["spf.mtasv.net"],
        ptr_suffixes: &["mtasv.net"],
        source: "https://postmarkapp.com/support/article/1092-how-do-i-set-up-spf-for-postmark",
    },
    Service {
        name: "SparkPost",
        dkim_domains: &["sparkpostmail.com"],
        spf_domains: &["sparkpostmail.com"],
        spf_includes: &["sparkpostmail.com"],
        ptr_suffixes: &["sparkpostmail.com"],
        source: "https://www.sparkpost.com/docs/tech-resources/custom-bounce-domain/",
    },
    Service {
        name: "Brevo (Sendinblue)",
        dkim_domains: &["sendinblue.com", "brevo.com"],
        // Envelope domains seen on real Brevo mail (smtp.mailfrom=...d.mailin.fr / sender-sib.com).
        spf_domains: &["sendinblue.com", "brevo.com", "mailin.fr", "sender-sib.com"],
        spf_includes: &["spf.brevo.com", "spf.sendinblue.com"],
        ptr_suffixes: &["sendinblue.com", "brevo.com"],
        source: "https://help.brevo.com/hc/en-us/articles/12163873383186",
    },
    Service {
        name: "HubSpot",
        dkim_domains: &["hubspotemail.net", "hubspotstarter.net"],
        spf_domains: &["hubspotemail.net", "hubspotstarter.net"],
        // Today's include is per account, <HubID>.spf<NN>.hubspotemail.net; the
        // suffix also covers the older spf.hubspotemail.net.
        spf_includes: &["hubspotemail.net"],
        ptr_suffixes: &["hubspotemail.net"],
        source: "https://knowledge.hubspot.com/domains-and-urls/connect-your-email-sending-domain",
    },
    Service {
        name: "Salesforce Marketing Cloud",
        dkim_domains: &["exacttarget.com"],
        spf_domains: &["exacttarget.com"],
        spf_includes: &["cust-spf.exacttarget.com"],
        ptr_suffixes: &["exacttarget.com", "exactt.com"],
        source: "https://help.salesforce.com/s/articleView?id=mktg.mc_es_sender_policy_framework_faq.htm&language=en_US&type=5",
    },
    Service {
        name: "Zendesk",
        dkim_domains: &["zendesk.com"],
        spf_domains: &["zendesk.com"],
        spf_includes: &["mail.zendesk.com"],
        ptr_suffixes: &["zendesk.com"],
        source: "https://support.zendesk.com/hc/en-us/articles/4408832543770",
    },
    Service {
        name: "Klaviyo",
        dkim_domains: &["klaviyomail.com", "klaviyo.com"],
        spf_domains: &["klaviyomail.com"],
        spf_includes: &["_spf.klaviyo.com"],
        ptr_suffixes: &["klaviyomail.com"],
        // Unconfirmed: no Klaviyo page was found that names these; the d= and
        // envelope domain klaviyomail.com are seen on real mail, the include
        // is what setup guides print (some say _spf.klaviyomail.com).
        source: "https://help.klaviyo.com/hc/en-us/articles/115000357732",
    },
    Service {
        name: "Mailjet",
        dkim_domains: &["mailjet.com"],
        spf_domains: &["mailjet.com"],
        spf_includes: &["spf.mailjet.com"],
        ptr_suffixes: &["mailjet.com"],
        source: "https://documentation.mailjet.com/hc/en-us/articles/360042412734",
    },
    Service {
        name: "Constant Contact",
        dkim_domains: &["ccsend.com", "constantcontact.com"],
        // Real mail: d=auth.ccsend.com, smtp.mailfrom=...@in.constantcontact.com.
        spf_domains: &["ccsend.com", "constantcontact.com"],
        spf_includes: &["spf.constantcontact.com"],
        ptr_suffixes: &["ccsend.com", "constantcontact.com", "msgexch.com"],
        source: "https://support2.constantcontact.com/articles/FAQ/1768",
    },
    Service {
        name: "Campaign Monitor",
        // The customer's own domain signs (cm._domainkey); the envelope is
        // Campaign Monitor's cmail1.com / cmail2.com (cmail19/20.com are link hosts).
        dkim_domains: &["createsend.com"],
        spf_domains: &["cmail1.com", "cmail2.com", "createsend.com"],
        spf_includes: &["_spf.createsend.com"],
        ptr_suffixes: &["createsend.com", "cmail1.com", "cmail2.com"],
        source: "https://help.campaignmonitor.com/articles/Knowledge/manage-your-own-authentication",
    },
    Service {
        name: "Zoho Mail",
        dkim_domains: &["zoho.com", "zohomail.com"],
        spf_domains: &["zoho.com", "zohomail.com"],
        spf_includes: &["zoho.com", "zohomail.com"],
        ptr_suffixes: &["zoho.com", "zohomail.com"],
        // Unconfirmed page; the zoho.com PTR is in parsedmarc's map.
        source: "https://www.zoho.com/mail/help/adminconsole/spf-configuration.html",
    },
    Service {
        name: "Customer.io",
        dkim_domains: &["customeriomail.com"],
        spf_domains: &["customeriomail.com"],
        spf_includes: &["customeriomail.com"],
        ptr_suffixes: &["customeriomail.com"],
        source: "https://docs.customer.io/journeys/sending-domains/",
    },
];

/// How a source was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clue {
    /// A DKIM signature with the service's `d=`.
    DkimDomain,
    /// The envelope-from (SPF) domain is the service's.
    SpfDomain,
    /// The source IP's reverse-DNS name.
    Ptr,
    /// The IP is in a network the sending domain's SPF record authorises
    /// through the service's `include:` (with `--domain`).
    SpfInclude,
}

/// A source recognised as a service, and the name that gave it away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub service: &'static Service,
    pub clue: Clue,
    /// The name seen: `em123.sendgrid.net`.
    pub seen: String,
}

impl Recognised {
    /// "DKIM d=sendgrid.net", as every format shows it.
    pub fn evidence(&self) -> String {
        match self.clue {
            Clue::DkimDomain => format!("DKIM d={}", self.seen),
            Clue::SpfDomain => format!("SPF domain {}", self.seen),
            Clue::Ptr => format!("reverse DNS {}", self.seen),
            Clue::SpfInclude => format!("SPF include:{}", self.seen),
        }
    }
}

/// `name` is `suffix` or below it, compared case-insensitively.
fn under(name: &str, suffix: &str) -> bool {
    let name = name.trim().trim_end_matches('.');
    name.eq_ignore_ascii_case(suffix)
        || (name.len() > suffix.len()
            && name.as_bytes()[name.len() - suffix.len() - 1] == b'.'
            && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix))
}

/// Which list of a [`Service`] a clue is matched against.
type NamesOf = fn(&Service) -> &'static [&'static str];

fn find(name: &str, names: NamesOf) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| names(s).iter().any(|suffix| under(name, suffix)))
}

/// The service behind a source, from its authentication domains
/// (`dkim:d=` / `spf:domain` as [`crate::dmarc_reports::SourceSummary`]
/// keeps them) and its PTR name. DKIM first (a signature is the strongest
/// clue), then the envelope domain, then the PTR.
pub fn recognise(auth_domains: &[String], ptr: Option<&str>) -> Option<Recognised> {
    let of_kind = |kind: &str| -> Vec<&str> {
        auth_domains
            .iter()
            .filter_map(|a| a.split_once(':'))
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| d)
            .collect()
    };
    let tries: [(Clue, Vec<&str>, NamesOf); 3] = [
        (Clue::DkimDomain, of_kind("dkim"), |s| s.dkim_domains),
        (Clue::SpfDomain, of_kind("spf"), |s| s.spf_domains),
        (Clue::Ptr, ptr.into_iter().collect(), |s| s.ptr_suffixes),
    ];
    for (clue, names, of) in tries {
        for name in names {
            if let Some(service) = find(name, of) {
                return Some(Recognised {
                    service,
                    clue,
                    seen: name.trim().trim_end_matches('.').to_ascii_lowercase(),
                });
            }
        }
    }
    None
}

/// The service whose `include:` in the sending domain's SPF tree authorises
/// `ip` (the tree the domain check already walked: no lookup is made).
pub fn by_spf_tree(ip: &str, spf: &crate::check::spf::SpfReport) -> Option<Recognised> {
    let ip: std::net::IpAddr = ip.parse().ok()?;
    let network = spf
        .authorized_networks
        .iter()
        .find(|n| n.network.parse::<ipnet::IpNet>().is_ok_and(|net| net.contains(&ip)))?;
    let mut path = Vec::new();
    if !path_to(spf.include_tree.as_ref()?, &network.domain, &mut path) {
        return None;
    }
    // The innermost include that names a service: `_netblocks.google.com`
    // sits below `_spf.google.com`, which is the one the table lists.
    path.iter().rev().find_map(|domain| {
        by_spf_include(domain).map(|service| Recognised {
            service,
            clue: Clue::SpfInclude,
            seen: domain.to_ascii_lowercase(),
        })
    })
}

/// The domains from `node` down to the record of `domain`, in `path`.
fn path_to<'a>(node: &'a crate::check::spf::SpfNode, domain: &str, path: &mut Vec<&'a str>) -> bool {
    path.push(&node.domain);
    if node.domain.eq_ignore_ascii_case(domain) || node.children.iter().any(|c| path_to(c, domain, path)) {
        return true;
    }
    path.pop();
    false
}

/// The service an SPF `include:` belongs to (`include:sendgrid.net`).
pub fn by_spf_include(include: &str) -> Option<&'static Service> {
    find(include, |s| s.spf_includes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_service_has_a_documentation_source_and_names() {
        for s in SERVICES {
            assert!(s.source.starts_with("https://"), "{}: {}", s.name, s.source);
            assert!(!s.spf_includes.is_empty(), "{}", s.name);
            assert!(
                !(s.dkim_domains.is_empty() && s.spf_domains.is_empty() && s.ptr_suffixes.is_empty()),
                "{} cannot be recognised from a report",
                s.name
            );
            for name in s.dkim_domains.iter().chain(s.spf_domains).chain(s.ptr_suffixes) {
                assert_eq!(*name, name.to_ascii_lowercase(), "{}", s.name);
                assert!(name.contains('.') && !name.starts_with('.'), "{}: {name}", s.name);
            }
        }
        let names: Vec<&str> = SERVICES.iter().map(|s| s.name).collect();
        for wanted in [
            "Google Workspace",
            "Microsoft 365",
            "Amazon SES",
            "SendGrid",
            "Mailchimp / Mandrill",
            "Mailgun",
            "Postmark",
            "SparkPost",
            "Brevo (Sendinblue)",
            "HubSpot",
            "Salesforce Marketing Cloud",
            "Zendesk",
            "Klaviyo",
        ] {
            assert!(names.contains(&wanted), "{wanted} missing");
        }
    }

    #[test]
    fn each_service_is_recognised_by_its_own_dkim_domain_and_no_other() {
        for s in SERVICES {
            for d in s.dkim_domains {
                let seen = format!("customer1.{d}");
                let r = recognise(&auth(&[&format!("dkim:{seen}")]), None).unwrap();
                assert_eq!(r.service.name, s.name, "{seen}");
                assert_eq!(r.clue, Clue::DkimDomain);
            }
        }
    }

    #[test]
    fn dkim_beats_spf_beats_ptr() {
        let r = recognise(
            &auth(&["spf:bounces.sendgrid.net", "dkim:example.com", "dkim:mcsv.net"]),
            Some("a8-1.smtp-out.amazonses.com."),
        )
        .unwrap();
        assert_eq!(r.service.name, "Mailchimp / Mandrill");
        assert_eq!(r.evidence(), "DKIM d=mcsv.net");
        let r = recognise(&auth(&["spf:Bounces.SendGrid.net", "dkim:example.com"]), None).unwrap();
        assert_eq!(
            (r.service.name, r.evidence()),
            ("SendGrid", "SPF domain bounces.sendgrid.net".into())
        );
        let r = recognise(&auth(&["dkim:example.com"]), Some("a8-1.smtp-out.amazonses.com.")).unwrap();
        assert_eq!(
            (r.service.name, r.evidence()),
            ("Amazon SES", "reverse DNS a8-1.smtp-out.amazonses.com".into())
        );
    }

    #[test]
    fn names_match_on_label_boundaries_only() {
        assert!(recognise(&auth(&["dkim:notsendgrid.net", "spf:sendgrid.net.example"]), None).is_none());
        assert!(recognise(&auth(&["dkim:example.com"]), Some("mail.example.net")).is_none());
        // Google's PTR suffix is google.com: a lookalike is not Google.
        assert!(recognise(&[], Some("mail-x.fakegoogle.com")).is_none());
        assert_eq!(
            recognise(&[], Some("mail-ej1-f41.google.com")).map(|r| r.service.name),
            Some("Google Workspace")
        );
    }

    fn node(domain: &str, children: Vec<crate::check::spf::SpfNode>) -> crate::check::spf::SpfNode {
        crate::check::spf::SpfNode {
            domain: domain.into(),
            via: "include".into(),
            term: None,
            state: "ok".into(),
            record: None,
            lookups: 1,
            total_lookups: 1,
            notes: vec![],
            children,
        }
    }

    #[test]
    fn an_ip_authorised_through_a_service_include_names_the_service() {
        use crate::check::spf::{AuthorizedNetwork, SpfReport};
        let network = |net: &str, domain: &str| AuthorizedNetwork {
            network: net.into(),
            mechanism: "ip4".into(),
            domain: domain.into(),
            term: format!("ip4:{net}"),
        };
        let spf = SpfReport {
            authorized_networks: vec![
                network("192.0.2.0/28", "shop.example"),
                network("198.51.100.0/24", "_netblocks.google.com"),
            ],
            include_tree: Some(node(
                "shop.example",
                vec![node("_spf.google.com", vec![node("_netblocks.google.com", vec![])])],
            )),
            ..Default::default()
        };
        let r = by_spf_tree("198.51.100.77", &spf).unwrap();
        assert_eq!(
            (r.service.name, r.evidence()),
            ("Google Workspace", "SPF include:_spf.google.com".into())
        );
        // The domain's own ip4: names no service; an IP outside every network neither.
        assert!(by_spf_tree("192.0.2.3", &spf).is_none());
        assert!(by_spf_tree("203.0.113.1", &spf).is_none());
        assert!(by_spf_tree("not an ip", &spf).is_none());
    }

    #[test]
    fn spf_includes_name_their_service() {
        assert_eq!(
            by_spf_include("_spf.google.com").map(|s| s.name),
            Some("Google Workspace")
        );
        assert_eq!(
            by_spf_include("spf.protection.outlook.com").map(|s| s.name),
            Some("Microsoft 365")
        );
        assert_eq!(by_spf_include("spf.mtasv.net").map(|s| s.name), Some("Postmark"));
        assert_eq!(by_spf_include("_spf.example.com"), None);
    }
}
