//! What the lint walk records as it goes: findings, lookup counts, void
//! lookups and the networks the tree authorises.

use super::*;

impl<'a> Walk<'a> {
    /// `ip4:0.0.0.0/1` and the like: `+all` in disguise.
    pub(super) fn huge_range(&mut self, domain: &str, term: &str, text: &str, is_root: bool) {
        let finding = Finding::new(
            &crate::check::spf::PERMISSIVE_ALL,
            format!(
                "`{term}` in the SPF record of {domain} authorises a huge share of all addresses: almost any server passes SPF."
            ),
        )
        .evidence(text.to_string());
        self.report(finding, domain, is_root);
    }

    /// Record a finding about `domain`'s SPF record. Findings about an included
    /// or redirected record (not `is_root`) name its domain as their subject.
    pub(super) fn report(&mut self, finding: Finding, domain: &str, is_root: bool) {
        self.findings.push(if is_root {
            finding
        } else {
            finding.subject(domain.to_string())
        });
    }

    pub(super) fn count_lookup(&mut self, domain: &str, term: &str) {
        self.lookups += 1;
        self.lookup_terms.push(LookupTerm {
            domain: domain.to_string(),
            term: term.to_string(),
            count: self.lookups,
        });
    }

    pub(super) fn void(&mut self, domain: &str, term: &str, name: &str) {
        // Each term counts once, however many queries it made (A and AAAA).
        if self
            .voids
            .iter()
            .any(|v| v.domain == domain && v.term == term && v.name == name)
        {
            return;
        }
        self.voids.push(VoidLookup {
            domain: domain.to_string(),
            term: term.to_string(),
            name: name.to_string(),
        });
    }

    pub(super) fn dns_failed(&mut self, failure: &DnsFailure, domain: &str, term: &str) {
        self.findings.push(temperror_finding(
            failure,
            &format!("`{term}` in the SPF record of {domain}"),
        ));
    }

    pub(super) fn no_record(
        &mut self,
        domain: &str,
        place: &Place,
        void: bool,
        near_misses: &[String],
        parent: Option<&str>,
    ) {
        if place.via == "root" {
            let evidence = if near_misses.is_empty() {
                format!("no TXT record starting with `v=spf1` at {domain}")
            } else {
                format!(
                    "TXT records that look like SPF but do not start with `v=spf1 `: {}",
                    near_misses.join(" | ")
                )
            };
            let message = if near_misses.is_empty() {
                "The domain has no SPF record: receivers cannot tell which servers may send its mail."
            } else {
                "The domain has no valid SPF record (a TXT record looks like one but does not start with `v=spf1 `)."
            };
            self.findings
                .push(Finding::new(&crate::check::spf::MISSING, message).evidence(evidence));
            return;
        }
        let term = place.term.clone().unwrap_or_default();
        if void && let Some(parent_domain) = place.stack.iter().rev().nth(1) {
            let parent_domain = parent_domain.clone();
            self.void(&parent_domain, &term, domain);
        }
        self.findings.push(
            Finding::new(
                &crate::check::spf::MISSING,
                format!(
                    "`{term}` points to {domain}, which has no SPF record: receivers return permerror, so SPF fails."
                ),
            )
            .evidence(parent.unwrap_or_default().to_string())
            .subject(domain.to_string()),
        );
    }

    pub(super) fn syntax_findings(&mut self, domain: &str, text: &str, record: &Record, is_root: bool) {
        let whose = if is_root {
            "The SPF record".to_string()
        } else {
            format!("The SPF record of {domain}")
        };
        if !record.errors.is_empty() {
            let listed: Vec<String> = record
                .errors
                .iter()
                .take(MAX_LISTED_ISSUES)
                .map(|i| format!("`{}`: {}", printable(&i.term), i.problem))
                .collect();
            let more = match record.errors.len().saturating_sub(MAX_LISTED_ISSUES) {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            let finding = Finding::new(
                &crate::check::spf::SYNTAX,
                format!(
                    "{whose} has a syntax error, so receivers return permerror: {}{more}.",
                    listed.join("; ")
                ),
            )
            .evidence(text.to_string());
            self.report(finding, domain, is_root);
        }
        if !record.unknown_modifiers.is_empty() {
            let listed: Vec<String> = record
                .unknown_modifiers
                .iter()
                .take(MAX_LISTED_ISSUES)
                .map(|m| format!("`{}`", printable(m)))
                .collect();
            let finding = Finding::new(
                &crate::check::spf::SYNTAX,
                format!(
                    "{whose} has unknown modifiers that receivers ignore (a typo?): {}.",
                    listed.join(", ")
                ),
            )
            .severity(Severity::Warning)
            .evidence(text.to_string());
            self.report(finding, domain, is_root);
        }
    }

    pub(super) fn add_network(&mut self, net: IpNet, mechanism: &str, domain: &str, term: &str, passes: bool) {
        if !passes || self.networks.len() >= 10_000 {
            return;
        }
        let network = net.to_string();
        if self.networks.iter().any(|n| n.network == network) {
            return;
        }
        self.networks.push(AuthorizedNetwork {
            network,
            mechanism: mechanism.to_string(),
            domain: domain.to_string(),
            term: term.to_string(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_address(
        &mut self,
        ip: IpAddr,
        v4_prefix: u8,
        v6_prefix: u8,
        mechanism: &str,
        domain: &str,
        term: &str,
        passes: bool,
    ) {
        let net = match ip {
            IpAddr::V4(v4) => Ipv4Net::new(v4, v4_prefix).map(|n| IpNet::V4(n.trunc())),
            IpAddr::V6(v6) => Ipv6Net::new(v6, v6_prefix).map(|n| IpNet::V6(n.trunc())),
        };
        if let Ok(net) = net {
            self.add_network(net, mechanism, domain, term, passes);
        }
    }

    /// The tree-wide limit findings, once the walk is done.
    pub fn limit_findings(&self, report: &SpfReport) -> Vec<Finding> {
        let mut findings = Vec::new();
        let record = report.record.clone().unwrap_or_default();
        if self.lookups > MAX_LOOKUPS {
            let eleventh = &self.lookup_terms[MAX_LOOKUPS as usize];
            let at_least = if self.truncated { "at least " } else { "" };
            let path: Vec<String> = self
                .lookup_terms
                .iter()
                .take(40)
                .map(|t| format!("{}. {} ({})", t.count, t.term, t.domain))
                .collect();
            findings.push(
                Finding::new(
                    &crate::check::spf::LOOKUP_LIMIT,
                    format!(
                        "SPF needs {at_least}{} DNS lookups but receivers allow 10, so SPF fails (permerror); the 11th is `{}` in {}.",
                        self.lookups, eleventh.term, eleventh.domain
                    ),
                )
                .evidence(format!("{record}  [lookups: {}]", path.join(", "))),
            );
        }
        if self.voids.len() as u32 > MAX_VOID_LOOKUPS {
            let root = self.lookup_terms.first().map(|t| t.domain.as_str()).unwrap_or("");
            let listed: Vec<String> = self
                .voids
                .iter()
                .take(MAX_LISTED_ISSUES)
                .map(|v| {
                    if v.domain == root {
                        format!("`{}`", v.term)
                    } else {
                        format!("`{}` (in {})", v.term, v.domain)
                    }
                })
                .collect();
            let more = match self.voids.len().saturating_sub(MAX_LISTED_ISSUES) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            findings.push(
                Finding::new(
                    &crate::check::spf::VOID_LIMIT,
                    format!(
                        "{} SPF terms look up names that do not exist (receivers allow 2), so SPF fails: {}{more}.",
                        self.voids.len(),
                        listed.join(", ")
                    ),
                )
                .evidence(record),
            );
        }
        findings
    }
}
