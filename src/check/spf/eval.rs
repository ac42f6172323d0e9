//! `check_host()` (RFC 7208 section 4) for one sending IP, as a receiver runs
//! it: terms in order, stop at the first match, 10 DNS-querying terms and 2
//! void lookups at most, any DNS failure is `temperror`.
//!
//! No envelope sender is known, so macros see `postmaster@<domain>` as the
//! sender (RFC 7208 4.3) and the domain as the HELO name.

use super::macros::{MacroContext, MacroString, expand};
use super::parse::{Mechanism, Qualifier, parse_record, printable};
use super::{Fetched, IpEvaluation, MAX_LOOKUPS, MAX_VOID_LOOKUPS, fetch_spf, query};
use crate::dns::{Dns, DnsFailure, QueryType, RecordData};
use futures::future::BoxFuture;
use ipnet::{Ipv4Net, Ipv6Net};
use std::net::IpAddr;

/// RFC 7208 4.6.4 / 5.5: address lookups per `mx` term and names per `ptr`.
const ADDRESS_LOOKUPS_PER_TERM: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpfResult {
    Pass,
    Fail,
    SoftFail,
    Neutral,
    None,
    PermError,
    TempError,
}

impl SpfResult {
    pub fn as_str(self) -> &'static str {
        match self {
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::Neutral => "neutral",
            SpfResult::None => "none",
            SpfResult::PermError => "permerror",
            SpfResult::TempError => "temperror",
        }
    }

    fn from_qualifier(q: Qualifier) -> Self {
        match q {
            Qualifier::Pass => SpfResult::Pass,
            Qualifier::Fail => SpfResult::Fail,
            Qualifier::SoftFail => SpfResult::SoftFail,
            Qualifier::Neutral => SpfResult::Neutral,
        }
    }
}

/// What one `check_host()` call returned.
#[derive(Debug, Clone)]
struct Outcome {
    result: SpfResult,
    /// `domain: term` from this record down to the deciding term.
    path: Vec<String>,
    decided_by: Option<(String, String)>,
    explanation: String,
    /// `none` because the TXT answer was empty (a void lookup for include/redirect).
    void: bool,
}

impl Outcome {
    fn error(result: SpfResult, explanation: String) -> Self {
        Outcome {
            result,
            path: Vec::new(),
            decided_by: None,
            explanation,
            void: false,
        }
    }
}

enum TermResult {
    Match,
    NoMatch,
    Stop(Outcome),
}

struct Evaluator<'a> {
    dns: &'a Dns,
    ip: IpAddr,
    ctx: MacroContext,
    /// True once `ctx.validated_names` holds the PTR validation result.
    reverse_validated: bool,
    lookups: u32,
    voids: u32,
    failures: Vec<DnsFailure>,
}

/// Evaluate `ip` against the SPF record of `domain`. Returns the evaluation
/// and the DNS failures met on the way.
pub async fn evaluate(dns: &Dns, domain: &str, ip: IpAddr) -> (IpEvaluation, Vec<DnsFailure>) {
    // IPv4-mapped IPv6 addresses are evaluated as IPv4 (RFC 7208 5).
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    let mut evaluator = Evaluator {
        dns,
        ip,
        ctx: MacroContext {
            ip: Some(ip),
            sender: format!("postmaster@{domain}"),
            helo: domain.to_string(),
            validated_names: Vec::new(),
        },
        reverse_validated: false,
        lookups: 0,
        voids: 0,
        failures: Vec::new(),
    };
    let outcome = evaluator.check_host(domain.to_string(), 0).await;
    let (decided_by, decided_in) = match outcome.decided_by {
        Some((domain, term)) => (Some(term), Some(domain)),
        None => (None, None),
    };
    (
        IpEvaluation {
            ip,
            result: outcome.result.as_str().to_string(),
            decided_by,
            decided_in,
            path: outcome.path,
            explanation: outcome.explanation,
            lookups: evaluator.lookups,
            void_lookups: evaluator.voids,
        },
        evaluator.failures,
    )
}

impl<'a> Evaluator<'a> {
    fn check_host<'s>(&'s mut self, domain: String, depth: u32) -> BoxFuture<'s, Outcome> {
        Box::pin(async move {
            // The lookup limit bounds depth already; this guards against bugs.
            if depth > MAX_LOOKUPS + 1 {
                return Outcome::error(SpfResult::PermError, "include chain too deep".into());
            }
            let text = match fetch_spf(self.dns, &domain).await {
                Fetched::Record(text) => text,
                Fetched::Failed(failure) => {
                    let explanation = format!("the TXT lookup for {domain} failed ({})", failure.kind);
                    self.failures.push(failure);
                    return Outcome::error(SpfResult::TempError, explanation);
                }
                Fetched::NoRecord { void, .. } => {
                    let mut outcome = Outcome::error(SpfResult::None, format!("{domain} has no SPF record"));
                    outcome.void = void;
                    return outcome;
                }
                Fetched::Multiple(records) => {
                    return Outcome::error(
                        SpfResult::PermError,
                        format!("{domain} has {} SPF records", records.len()),
                    );
                }
            };
            let record = parse_record(&text);
            if let Some(issue) = record.errors.first() {
                return Outcome::error(
                    SpfResult::PermError,
                    format!(
                        "syntax error in the record of {domain}: `{}`: {}",
                        printable(&issue.term),
                        issue.problem
                    ),
                );
            }
            for directive in &record.directives {
                let term = directive.text.clone();
                if directive.mechanism.queries_dns() {
                    self.lookups += 1;
                    if self.lookups > MAX_LOOKUPS {
                        return Outcome::error(
                            SpfResult::PermError,
                            format!("more than 10 DNS lookups: the 11th is `{term}` in {domain}"),
                        );
                    }
                }
                if mechanism_spec(&directive.mechanism).is_some_and(|spec| spec.uses('p')) {
                    self.validate_reverse_names().await;
                }
                let mut sub_path = Vec::new();
                let result = match &directive.mechanism {
                    Mechanism::All => TermResult::Match,
                    Mechanism::Ip4(net) => matches_v4(self.ip, *net),
                    Mechanism::Ip6(net) => matches_v6(self.ip, *net),
                    Mechanism::Include(spec) => {
                        let target = self.expand(spec, &domain);
                        let sub = self.check_host(target.clone(), depth + 1).await;
                        if sub.void
                            && let Some(stop) = self.void(&domain, &term)
                        {
                            return stop;
                        }
                        match sub.result {
                            SpfResult::Pass => {
                                sub_path = sub.path;
                                TermResult::Match
                            }
                            SpfResult::Fail | SpfResult::SoftFail | SpfResult::Neutral => TermResult::NoMatch,
                            SpfResult::TempError => TermResult::Stop(self.within(sub, &domain, &term)),
                            SpfResult::PermError => TermResult::Stop(self.within(sub, &domain, &term)),
                            SpfResult::None => TermResult::Stop(Outcome::error(
                                SpfResult::PermError,
                                format!("`{term}` in {domain} points to {target}, which has no SPF record"),
                            )),
                        }
                    }
                    Mechanism::A {
                        domain: spec,
                        v4_prefix,
                        v6_prefix,
                    } => {
                        let name = spec.as_ref().map(|s| self.expand(s, &domain)).unwrap_or(domain.clone());
                        match self.addresses(&name).await {
                            Err(explanation) => TermResult::Stop(Outcome::error(SpfResult::TempError, explanation)),
                            Ok(ips) if ips.is_empty() => match self.void(&domain, &term) {
                                Some(stop) => return stop,
                                None => TermResult::NoMatch,
                            },
                            Ok(ips) => self.any_in_prefix(&ips, *v4_prefix, *v6_prefix),
                        }
                    }
                    Mechanism::Mx {
                        domain: spec,
                        v4_prefix,
                        v6_prefix,
                    } => {
                        let name = spec.as_ref().map(|s| self.expand(s, &domain)).unwrap_or(domain.clone());
                        match self.mx(&name, &domain, &term, *v4_prefix, *v6_prefix).await {
                            Ok(result) => result,
                            Err(stop) => return stop,
                        }
                    }
                    Mechanism::Ptr(spec) => {
                        let target = spec.as_ref().map(|s| self.expand(s, &domain)).unwrap_or(domain.clone());
                        self.ptr(&target).await
                    }
                    Mechanism::Exists(spec) => {
                        let name = self.expand(spec, &domain);
                        match query(self.dns, &name, QueryType::A).await {
                            Err(failure) => {
                                let explanation = format!("the A lookup for {name} failed ({})", failure.kind);
                                self.failures.push(failure);
                                TermResult::Stop(Outcome::error(SpfResult::TempError, explanation))
                            }
                            Ok(answer) if answer.ips().is_empty() => match self.void(&domain, &term) {
                                Some(stop) => return stop,
                                None => TermResult::NoMatch,
                            },
                            Ok(_) => TermResult::Match,
                        }
                    }
                };
                match result {
                    TermResult::NoMatch => {}
                    TermResult::Stop(outcome) => return outcome,
                    TermResult::Match => {
                        let result = SpfResult::from_qualifier(directive.qualifier);
                        let mut path = vec![format!("{domain}: {term}")];
                        let decided_by = if sub_path.is_empty() {
                            (domain.clone(), term.clone())
                        } else {
                            path.extend(sub_path.iter().cloned());
                            split_path_entry(sub_path.last().map(String::as_str).unwrap_or(""))
                        };
                        let explanation = if matches!(directive.mechanism, Mechanism::All) {
                            format!(
                                "no earlier term matched; `{term}` in {domain} gives {}",
                                result.as_str()
                            )
                        } else if sub_path.is_empty() {
                            format!("matched `{term}` in {domain}")
                        } else {
                            format!("matched `{}` in {}, reached by `{term}`", decided_by.1, decided_by.0)
                        };
                        return Outcome {
                            result,
                            path,
                            decided_by: Some(decided_by),
                            explanation,
                            void: false,
                        };
                    }
                }
            }
            if let Some((spec, term)) = record.effective_redirect() {
                self.lookups += 1;
                if self.lookups > MAX_LOOKUPS {
                    return Outcome::error(
                        SpfResult::PermError,
                        format!("more than 10 DNS lookups: the 11th is `{term}` in {domain}"),
                    );
                }
                if spec.uses('p') {
                    self.validate_reverse_names().await;
                }
                let target = self.expand(spec, &domain);
                let mut sub = self.check_host(target.clone(), depth + 1).await;
                if sub.void
                    && let Some(stop) = self.void(&domain, term)
                {
                    return stop;
                }
                if sub.result == SpfResult::None {
                    return Outcome::error(
                        SpfResult::PermError,
                        format!("`{term}` in {domain} points to {target}, which has no SPF record"),
                    );
                }
                sub.path.insert(0, format!("{domain}: {term}"));
                return sub;
            }
            Outcome::error(
                SpfResult::Neutral,
                format!("no term of the record of {domain} matched and it has no `all`"),
            )
        })
    }

    /// An error outcome from an included record, with the include on the path.
    fn within(&self, mut sub: Outcome, domain: &str, term: &str) -> Outcome {
        sub.path.insert(0, format!("{domain}: {term}"));
        sub
    }

    fn expand(&self, spec: &MacroString, domain: &str) -> String {
        expand(spec, domain, &self.ctx).to_ascii_lowercase()
    }

    /// Count a void lookup; past the limit the evaluation stops with permerror.
    fn void(&mut self, domain: &str, term: &str) -> Option<Outcome> {
        self.voids += 1;
        (self.voids > MAX_VOID_LOOKUPS).then(|| {
            Outcome::error(
                SpfResult::PermError,
                format!("more than 2 void lookups: the 3rd is `{term}` in {domain}"),
            )
        })
    }

    /// The addresses of `name` in the evaluated IP's family.
    async fn addresses(&mut self, name: &str) -> Result<Vec<IpAddr>, String> {
        let qtype = if self.ip.is_ipv4() {
            QueryType::A
        } else {
            QueryType::Aaaa
        };
        match query(self.dns, name, qtype).await {
            Ok(answer) => Ok(answer.ips()),
            Err(failure) => {
                let explanation = format!("the {} lookup for {name} failed ({})", failure.qtype, failure.kind);
                self.failures.push(failure);
                Err(explanation)
            }
        }
    }

    fn any_in_prefix(&self, ips: &[IpAddr], v4_prefix: u8, v6_prefix: u8) -> TermResult {
        let hit = ips.iter().any(|candidate| match (candidate, self.ip) {
            (IpAddr::V4(c), IpAddr::V4(_)) => {
                Ipv4Net::new(*c, v4_prefix).is_ok_and(|n| matches!(matches_v4(self.ip, n), TermResult::Match))
            }
            (IpAddr::V6(c), IpAddr::V6(_)) => {
                Ipv6Net::new(*c, v6_prefix).is_ok_and(|n| matches!(matches_v6(self.ip, n), TermResult::Match))
            }
            _ => false,
        });
        if hit { TermResult::Match } else { TermResult::NoMatch }
    }

    async fn mx(
        &mut self,
        name: &str,
        domain: &str,
        term: &str,
        v4_prefix: u8,
        v6_prefix: u8,
    ) -> Result<TermResult, Outcome> {
        let answer = match query(self.dns, name, QueryType::Mx).await {
            Ok(answer) => answer,
            Err(failure) => {
                let explanation = format!("the MX lookup for {name} failed ({})", failure.kind);
                self.failures.push(failure);
                return Err(Outcome::error(SpfResult::TempError, explanation));
            }
        };
        if answer.is_empty() {
            return match self.void(domain, term) {
                Some(stop) => Err(stop),
                None => Ok(TermResult::NoMatch),
            };
        }
        let hosts: Vec<&str> = answer
            .records
            .iter()
            .filter_map(|r| match r {
                RecordData::Mx { exchange, .. } if exchange != "." => Some(exchange.as_str()),
                _ => None,
            })
            .collect();
        if hosts.len() > ADDRESS_LOOKUPS_PER_TERM {
            return Err(Outcome::error(
                SpfResult::PermError,
                format!(
                    "`{term}` in {domain} returns {} mail servers; at most 10 are allowed",
                    hosts.len()
                ),
            ));
        }
        for host in hosts {
            let ips = self
                .addresses(host)
                .await
                .map_err(|e| Outcome::error(SpfResult::TempError, e))?;
            if let TermResult::Match = self.any_in_prefix(&ips, v4_prefix, v6_prefix) {
                return Ok(TermResult::Match);
            }
        }
        Ok(TermResult::NoMatch)
    }

    /// RFC 7208 5.5 / 7.3: the reverse names of the IP (at most 10) whose
    /// addresses include the IP, looked up once per evaluation. A DNS error
    /// leaves a name out rather than failing the evaluation.
    async fn validate_reverse_names(&mut self) -> &[String] {
        if !self.reverse_validated {
            self.reverse_validated = true;
            let reverse = crate::dns::reverse_name(self.ip);
            let names: Vec<String> = match query(self.dns, &reverse, QueryType::Ptr).await {
                Ok(answer) => answer
                    .records
                    .iter()
                    .filter_map(|r| match r {
                        RecordData::Ptr(name) => Some(name.to_ascii_lowercase()),
                        _ => None,
                    })
                    .take(ADDRESS_LOOKUPS_PER_TERM)
                    .collect(),
                Err(_) => Vec::new(),
            };
            let qtype = if self.ip.is_ipv4() {
                QueryType::A
            } else {
                QueryType::Aaaa
            };
            for name in names {
                if let Ok(forward) = query(self.dns, &name, qtype).await
                    && forward.ips().contains(&self.ip)
                {
                    self.ctx.validated_names.push(name);
                }
            }
        }
        &self.ctx.validated_names
    }

    /// RFC 7208 5.5: `ptr` matches when a validated reverse name is `target`
    /// or below it.
    async fn ptr(&mut self, target: &str) -> TermResult {
        let target = target.trim_end_matches('.').to_ascii_lowercase();
        let below = format!(".{target}");
        let names = self.validate_reverse_names().await;
        if names.iter().any(|name| *name == target || name.ends_with(&below)) {
            TermResult::Match
        } else {
            TermResult::NoMatch
        }
    }
}

/// The domain-spec a mechanism expands, if it has one.
fn mechanism_spec(mechanism: &Mechanism) -> Option<&MacroString> {
    match mechanism {
        Mechanism::Include(spec) | Mechanism::Exists(spec) => Some(spec),
        Mechanism::A { domain, .. } | Mechanism::Mx { domain, .. } | Mechanism::Ptr(domain) => domain.as_ref(),
        Mechanism::All | Mechanism::Ip4(_) | Mechanism::Ip6(_) => None,
    }
}

fn matches_v4(ip: IpAddr, net: Ipv4Net) -> TermResult {
    match ip {
        IpAddr::V4(v4) if net.contains(&v4) => TermResult::Match,
        _ => TermResult::NoMatch,
    }
}

fn matches_v6(ip: IpAddr, net: Ipv6Net) -> TermResult {
    match ip {
        IpAddr::V6(v6) if net.contains(&v6) => TermResult::Match,
        _ => TermResult::NoMatch,
    }
}

/// `domain: term` back into its parts.
fn split_path_entry(entry: &str) -> (String, String) {
    match entry.split_once(": ") {
        Some((domain, term)) => (domain.to_string(), term.to_string()),
        None => (String::new(), entry.to_string()),
    }
}
