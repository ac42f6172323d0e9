//! The lint walk: every record of the include/redirect tree, independent of
//! any sending IP. Unlike a receiver it keeps going after a match and after
//! the limits, so it can report every problem and the full lookup count, but
//! it stops following the tree past fixed bounds so hostile trees stay cheap.

mod findings;

use super::macros::MacroString;
use super::parse::{Mechanism, Qualifier, Record, parse_record, printable};
use super::{
    AuthorizedNetwork, Fetched, LookupTerm, MAX_LOOKUPS, MAX_VOID_LOOKUPS, SpfNode, SpfReport, TermRef, VoidLookup,
    fetch_spf, query, temperror_finding,
};
use crate::dns::{Dns, DnsFailure, QueryType, RecordData};
use crate::finding::{Finding, Severity};
use futures::future::BoxFuture;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::IpAddr;

/// Stop resolving terms once this many lookups were counted (the limit is 10;
/// past this the record is broken whatever else we find).
const MAX_RESOLVED_LOOKUPS: u32 = 40;
/// At most this many records are fetched for one domain's tree.
const MAX_RECORDS: usize = 60;
/// Include chains deeper than this are not followed.
const MAX_DEPTH: usize = 12;
/// RFC 7208 4.6.4: an `mx` term may return at most 10 hosts.
const MX_HOST_LIMIT: usize = 10;
/// `pass` ranges wider than these (IPv4 /0../7, IPv6 /0../15) are `+all` in disguise.
const HUGE_V4_PREFIX: u8 = 8;
const HUGE_V6_PREFIX: u8 = 16;
/// Syntax issues listed in one finding.
const MAX_LISTED_ISSUES: usize = 5;

pub struct Walk<'a> {
    dns: &'a Dns,
    pub lookups: u32,
    pub lookup_terms: Vec<LookupTerm>,
    pub voids: Vec<VoidLookup>,
    pub networks: Vec<AuthorizedNetwork>,
    pub sender_dependent: Vec<TermRef>,
    pub findings: Vec<Finding>,
    pub truncated: bool,
    pub root_records: Vec<String>,
    records_fetched: usize,
}

/// Where a record sits in the tree.
#[derive(Clone)]
struct Place {
    via: &'static str,
    term: Option<String>,
    /// Domains on the way here (for loop detection).
    stack: Vec<String>,
    /// Every include on the way here has the `+` qualifier, so this record's
    /// `pass` terms authorise senders for the root domain.
    passes_through: bool,
    /// Root, or reached from the root by `redirect=` only: this record's `all`
    /// decides what happens to unlisted servers.
    top_chain: bool,
}

/// A tree node before its record is fetched: state `ok`, no record, no lookups.
fn unvisited_node(domain: String, via: &str, term: Option<String>) -> SpfNode {
    SpfNode {
        domain,
        via: via.to_string(),
        term,
        state: "ok".into(),
        record: None,
        lookups: 0,
        total_lookups: 0,
        notes: Vec::new(),
        children: Vec::new(),
    }
}

impl<'a> Walk<'a> {
    pub fn new(dns: &'a Dns) -> Self {
        Walk {
            dns,
            lookups: 0,
            lookup_terms: Vec::new(),
            voids: Vec::new(),
            networks: Vec::new(),
            sender_dependent: Vec::new(),
            findings: Vec::new(),
            truncated: false,
            root_records: Vec::new(),
            records_fetched: 0,
        }
    }

    pub async fn walk_root(&mut self, domain: &str) -> SpfNode {
        let place = Place {
            via: "root",
            term: None,
            stack: vec![domain.to_string()],
            passes_through: true,
            top_chain: true,
        };
        self.walk(domain.to_string(), place, None).await
    }

    fn walk<'s>(&'s mut self, domain: String, place: Place, parent_record: Option<String>) -> BoxFuture<'s, SpfNode> {
        Box::pin(async move {
            let mut node = unvisited_node(domain.clone(), place.via, place.term.clone());
            self.records_fetched += 1;
            let is_root = place.via == "root";
            let text = match fetch_spf(self.dns, &domain).await {
                Fetched::Record(text) => text,
                Fetched::Failed(failure) => {
                    node.state = "temperror".into();
                    self.findings
                        .push(temperror_finding(&failure, &format!("the SPF record of {domain}")));
                    return node;
                }
                Fetched::NoRecord { void, near_misses } => {
                    node.state = "missing".into();
                    self.no_record(&domain, &place, void, &near_misses, parent_record.as_deref());
                    return node;
                }
                Fetched::Multiple(records) => {
                    node.state = "multiple_records".into();
                    let message = if is_root {
                        format!(
                            "The domain has {} SPF records; receivers reject that as an error, so SPF fails for all mail.",
                            records.len()
                        )
                    } else {
                        format!(
                            "{domain}, reached by `{}`, has {} SPF records: receivers return permerror for the whole record.",
                            place.term.as_deref().unwrap_or(""),
                            records.len()
                        )
                    };
                    let finding =
                        Finding::new(&crate::check::spf::MULTIPLE_RECORDS, message).evidence(records.join(" | "));
                    self.report(finding, &domain, is_root);
                    if is_root {
                        self.root_records = records;
                    }
                    return node;
                }
            };
            if is_root {
                self.root_records = vec![text.clone()];
            }
            node.record = Some(text.clone());
            let record = parse_record(&text);
            self.syntax_findings(&domain, &text, &record, is_root);
            self.prefetch(&domain, &record).await;

            for directive in &record.directives {
                let term = directive.text.clone();
                let passes = place.passes_through && directive.qualifier == Qualifier::Pass;
                if directive.mechanism.queries_dns() {
                    self.count_lookup(&domain, &term);
                    node.lookups += 1;
                    if self.lookups > MAX_RESOLVED_LOOKUPS {
                        self.truncated = true;
                        continue;
                    }
                }
                match &directive.mechanism {
                    Mechanism::All => {
                        if passes {
                            let message = if is_root {
                                "The SPF record ends with `+all`: any server in the world passes SPF for this domain."
                                    .to_string()
                            } else {
                                format!(
                                    "{domain}, included by `{}`, ends with `{term}`: any server in the world passes SPF for this domain.",
                                    place.term.as_deref().unwrap_or("")
                                )
                            };
                            let finding =
                                Finding::new(&crate::check::spf::PERMISSIVE_ALL, message).evidence(text.clone());
                            self.report(finding, &domain, is_root);
                        }
                    }
                    Mechanism::Ip4(net) => {
                        if passes && net.prefix_len() < HUGE_V4_PREFIX {
                            self.huge_range(&domain, &term, &text, is_root);
                        }
                        self.add_network(IpNet::V4(*net), "ip4", &domain, &term, passes)
                    }
                    Mechanism::Ip6(net) => {
                        if passes && net.prefix_len() < HUGE_V6_PREFIX {
                            self.huge_range(&domain, &term, &text, is_root);
                        }
                        self.add_network(IpNet::V6(*net), "ip6", &domain, &term, passes)
                    }
                    Mechanism::Include(spec) => {
                        if let Some(child) = self
                            .follow(&domain, spec, &term, "include", &place, passes, &text)
                            .await
                        {
                            node.children.push(child);
                        }
                    }
                    Mechanism::A {
                        domain: spec,
                        v4_prefix,
                        v6_prefix,
                    } => {
                        let Some(name) = self.target(&domain, spec.as_ref(), &term) else {
                            continue;
                        };
                        match self.dns.addresses(&name).await {
                            Err(failure) => self.dns_failed(&failure, &domain, &term),
                            Ok(ips) if ips.is_empty() => self.void(&domain, &term, &name),
                            Ok(ips) => {
                                for ip in ips {
                                    self.add_address(ip, *v4_prefix, *v6_prefix, "a", &domain, &term, passes);
                                }
                            }
                        }
                    }
                    Mechanism::Mx {
                        domain: spec,
                        v4_prefix,
                        v6_prefix,
                    } => {
                        let Some(name) = self.target(&domain, spec.as_ref(), &term) else {
                            continue;
                        };
                        self.walk_mx(&domain, &term, &name, *v4_prefix, *v6_prefix, passes, &text)
                            .await;
                    }
                    Mechanism::Ptr(_) => {
                        let finding = Finding::new(
                            &crate::check::spf::PTR,
                            format!("The SPF record of {domain} uses `{term}`, which RFC 7208 says not to use; some receivers ignore it."),
                        )
                        .evidence(text.clone());
                        self.report(finding, &domain, is_root);
                    }
                    Mechanism::Exists(spec) => {
                        let Some(name) = self.target(&domain, Some(spec), &term) else {
                            continue;
                        };
                        match query(self.dns, &name, QueryType::A).await {
                            Err(failure) => self.dns_failed(&failure, &domain, &term),
                            Ok(answer) if answer.is_empty() => self.void(&domain, &term, &name),
                            Ok(_) => {}
                        }
                    }
                }
            }

            if let Some((_, term)) = &record.redirect
                && record.all().is_some()
            {
                node.notes
                    .push(format!("`{term}` is ignored because the record has an `all` term"));
            }
            if let Some((spec, term)) = record.effective_redirect() {
                self.count_lookup(&domain, term);
                node.lookups += 1;
                if self.lookups > MAX_RESOLVED_LOOKUPS {
                    self.truncated = true;
                } else {
                    // The redirect target's result is this record's result.
                    let passes = place.passes_through;
                    if let Some(child) = self
                        .follow(&domain, spec, term, "redirect", &place, passes, &text)
                        .await
                    {
                        node.children.push(child);
                    }
                }
            }

            if place.top_chain {
                match record.all() {
                    Some(Qualifier::Neutral) => {
                        let finding = Finding::new(
                            &crate::check::spf::WEAK_ALL,
                            "The SPF record ends with `?all`: mail from servers it does not list is not flagged.",
                        )
                        .evidence(text.clone());
                        self.report(finding, &domain, is_root);
                    }
                    None if record.redirect.is_none() => {
                        let finding = Finding::new(
                            &crate::check::spf::NO_ALL,
                            "The SPF record has no `all` term and no `redirect=`: mail from servers it does not list gets `neutral` and is not flagged.",
                        )
                        .evidence(text.clone());
                        self.report(finding, &domain, is_root);
                    }
                    _ => {}
                }
            }
            node.total_lookups = node.lookups + node.children.iter().map(|c| c.total_lookups).sum::<u32>();
            node
        })
    }

    /// Follow an include or redirect: loop check, bounds, then recurse.
    #[allow(clippy::too_many_arguments)]
    async fn follow(
        &mut self,
        domain: &str,
        spec: &MacroString,
        term: &str,
        via: &'static str,
        place: &Place,
        passes: bool,
        record_text: &str,
    ) -> Option<SpfNode> {
        let mut child = unvisited_node(String::new(), via, Some(term.to_string()));
        if spec.depends_on_sender() {
            self.sender_dependent.push(TermRef {
                domain: domain.to_string(),
                term: term.to_string(),
            });
            // The unexpanded target, e.g. `%{i}._spf.%{d}`.
            child.domain = printable(term.split_once([':', '=']).map_or(term, |(_, spec)| spec));
            child.state = "depends_on_sender".into();
            return Some(child);
        }
        let target = self.target(domain, Some(spec), term)?;
        child.domain = target.clone();
        if place.stack.iter().any(|d| d == &target) {
            child.state = "loop".into();
            let chain = place.stack.join(" → ");
            let finding = Finding::new(
                &crate::check::spf::INCLUDE_LOOP,
                format!("`{term}` in {domain} leads back to {target}, which is already being evaluated ({chain} → {target}): SPF fails with permerror."),
            )
            .evidence(record_text.to_string());
            // Name the record that holds the looping term, unless it is the domain's own.
            let own_record = place.stack.len() <= 1;
            self.report(finding, domain, own_record);
            return Some(child);
        }
        if self.records_fetched >= MAX_RECORDS || place.stack.len() >= MAX_DEPTH {
            self.truncated = true;
            child.state = "not_followed".into();
            child
                .notes
                .push("not followed: the tree is too large or too deep".into());
            return Some(child);
        }
        let mut stack = place.stack.clone();
        stack.push(target.clone());
        let child_place = Place {
            via,
            term: Some(term.to_string()),
            stack,
            passes_through: passes,
            top_chain: place.top_chain && via == "redirect",
        };
        Some(self.walk(target, child_place, Some(record_text.to_string())).await)
    }

    /// The name a term looks up: its domain-spec (with `%{d}` expanded) or the
    /// current domain. None when it depends on the sender (recorded as such).
    fn target(&mut self, domain: &str, spec: Option<&MacroString>, term: &str) -> Option<String> {
        let Some(spec) = spec else {
            return Some(domain.to_string());
        };
        if spec.depends_on_sender() {
            self.sender_dependent.push(TermRef {
                domain: domain.to_string(),
                term: term.to_string(),
            });
            return None;
        }
        let ctx = super::macros::MacroContext {
            ip: None,
            sender: format!("postmaster@{domain}"),
            helo: domain.to_string(),
            validated_names: Vec::new(),
        };
        Some(super::macros::expand(spec, domain, &ctx).to_ascii_lowercase())
    }

    #[allow(clippy::too_many_arguments)]
    async fn walk_mx(
        &mut self,
        domain: &str,
        term: &str,
        name: &str,
        v4_prefix: u8,
        v6_prefix: u8,
        passes: bool,
        record_text: &str,
    ) {
        let answer = match query(self.dns, name, QueryType::Mx).await {
            Err(failure) => return self.dns_failed(&failure, domain, term),
            Ok(answer) => answer,
        };
        let hosts: Vec<String> = answer
            .records
            .iter()
            .filter_map(|r| match r {
                RecordData::Mx { exchange, .. } if exchange != "." => Some(exchange.clone()),
                _ => None,
            })
            .collect();
        if answer.is_empty() {
            return self.void(domain, term, name);
        }
        if hosts.len() > MX_HOST_LIMIT {
            self.findings.push(
                Finding::new(
                    &crate::check::spf::LOOKUP_LIMIT,
                    format!(
                        "`{term}` in {domain} returns {} mail servers; receivers look up at most 10 and return permerror.",
                        hosts.len()
                    ),
                )
                .evidence(record_text.to_string())
                .subject(name.to_string()),
            );
        }
        let lookups = futures::future::join_all(hosts.iter().take(MX_HOST_LIMIT).map(|h| self.dns.addresses(h))).await;
        for result in lookups {
            match result {
                Err(failure) => self.dns_failed(&failure, domain, term),
                Ok(ips) => {
                    for ip in ips {
                        self.add_address(ip, v4_prefix, v6_prefix, "mx", domain, term, passes);
                    }
                }
            }
        }
    }

    /// Warm the cache with the lookups this record's terms will make, in
    /// parallel, so a wide tree costs one round trip per level.
    async fn prefetch(&self, domain: &str, record: &Record) {
        if self.lookups > MAX_RESOLVED_LOOKUPS {
            return;
        }
        let mut wanted: Vec<(String, QueryType)> = Vec::new();
        let literal = |spec: &Option<MacroString>| match spec {
            None => Some(domain.to_string()),
            Some(s) => s.literal().map(|l| l.trim_end_matches('.').to_ascii_lowercase()),
        };
        for directive in record.directives.iter().take(20) {
            match &directive.mechanism {
                Mechanism::Include(spec) => {
                    if let Some(n) = spec.literal() {
                        wanted.push((n, QueryType::Txt));
                    }
                }
                Mechanism::A { domain: spec, .. } => {
                    if let Some(n) = literal(spec) {
                        wanted.push((n.clone(), QueryType::A));
                        wanted.push((n, QueryType::Aaaa));
                    }
                }
                Mechanism::Mx { domain: spec, .. } => {
                    if let Some(n) = literal(spec) {
                        wanted.push((n, QueryType::Mx));
                    }
                }
                Mechanism::Exists(spec) => {
                    if let Some(n) = spec.literal() {
                        wanted.push((n, QueryType::A));
                    }
                }
                _ => {}
            }
        }
        if let Some((spec, _)) = record.effective_redirect()
            && let Some(n) = spec.literal()
        {
            wanted.push((n, QueryType::Txt));
        }
        futures::future::join_all(wanted.iter().map(|(n, t)| query(self.dns, n, *t))).await;
    }
}
