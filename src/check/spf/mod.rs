//! SPF (RFC 7208): find the record, lint the whole include/redirect tree
//! (lookup and void-lookup limits counted across the tree, loops, `all`
//! qualifiers, syntax, macros), flatten the authorised networks, and evaluate
//! `--ip` addresses as a receiver would.
//!
//! - [`parse`]: the record grammar; [`macros`]: section 7 macros.
//! - [`tree`]: the lint walk over include/redirect, IP-independent.
//! - [`eval`]: `check_host()` for one sending IP.
//!
//! The JSON field names of [`SpfReport`] are a public contract (docs/spf.md).

pub mod eval;
pub mod macros;
pub mod parse;
pub mod tree;

use crate::dns::{Answer, Dns, DnsFailure, DnsFailureKind, QueryType};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::sync::Arc;

/// RFC 7208 4.6.4: at most 10 DNS-querying terms in one evaluation.
pub const MAX_LOOKUPS: u32 = 10;
/// RFC 7208 4.6.4: at most 2 lookups that return nothing.
pub const MAX_VOID_LOOKUPS: u32 = 2;

pub static MISSING: Code = Code {
    code: "spf.missing",
    severity: Severity::Error,
    title: "No SPF record",
    explanation: "The domain publishes no SPF record (a TXT record starting with `v=spf1`), so receivers \
    cannot tell which servers may send its mail. Gmail, Yahoo and Microsoft require SPF or DKIM for \
    all senders and both for bulk senders; unauthenticated mail goes to spam or is rejected. Also \
    raised for an `include:` or `redirect=` that points to a domain without an SPF record, which \
    makes the whole record a permanent error.",
    fix: "Publish one TXT record at the domain listing the services that send your mail, for example \
    `v=spf1 include:_spf.google.com ~all` (your provider's setup page gives the exact include).",
    incomplete: false,
};

pub static MULTIPLE_RECORDS: Code = Code {
    code: "spf.multiple_records",
    severity: Severity::Error,
    title: "More than one SPF record",
    explanation: "A domain may have only one SPF record. With two or more, receivers stop and return \
    `permerror`: SPF fails for every message, from every sender.",
    fix: "Merge the records into one: keep a single `v=spf1 ... -all` record that contains every \
    `include:`, `ip4:` and `ip6:` term, and delete the others.",
    incomplete: false,
};

pub static SYNTAX: Code = Code {
    code: "spf.syntax",
    severity: Severity::Error,
    title: "SPF syntax error",
    explanation: "A term of the SPF record breaks the grammar of RFC 7208 (unknown mechanism, bad IP \
    address or prefix length, bad macro, domain without a top-level label). Receivers return \
    `permerror` for the whole record, so SPF fails for all mail. Unknown modifiers (`name=value`) \
    are only a warning: receivers ignore them, but they are usually a typo.",
    fix: "Correct or remove the term named in the finding; check the record with `mailaudit check` \
    before publishing it.",
    incomplete: false,
};

pub static LOOKUP_LIMIT: Code = Code {
    code: "spf.lookup_limit",
    severity: Severity::Error,
    title: "Too many DNS lookups in SPF",
    explanation: "Receivers allow at most 10 terms that need a DNS lookup (`include`, `a`, `mx`, `ptr`, \
    `exists`, `redirect`) across the record and everything it includes. Past 10 they return \
    `permerror` and SPF fails, even for servers listed early in the record. Also raised when an \
    `mx` term returns more than 10 mail servers.",
    fix: "Remove includes of services you no longer use, replace `a` and `mx` with `ip4:`/`ip6:` \
    ranges, or move some senders to a subdomain with its own SPF record.",
    incomplete: false,
};

pub static VOID_LIMIT: Code = Code {
    code: "spf.void_limit",
    severity: Severity::Error,
    title: "Too many SPF lookups that find nothing",
    explanation: "More than 2 terms of the SPF tree look up names that do not exist or have no records \
    (void lookups). Receivers return `permerror` after the second one, so SPF fails.",
    fix: "Remove the terms named in the finding: they point to names that do not exist (often a \
    service you stopped using or a typo).",
    incomplete: false,
};

pub static INCLUDE_LOOP: Code = Code {
    code: "spf.include_loop",
    severity: Severity::Error,
    title: "SPF include loop",
    explanation: "An `include:` or `redirect=` leads back to a record already being evaluated. \
    Receivers follow it until the lookup limit and return `permerror`: SPF fails.",
    fix: "Remove the include or redirect that points back up the chain.",
    incomplete: false,
};

pub static PERMISSIVE_ALL: Code = Code {
    code: "spf.permissive_all",
    severity: Severity::Error,
    title: "SPF allows every server (+all)",
    explanation: "`+all` (or a bare `all`, or a huge range such as `ip4:0.0.0.0/1`) tells receivers that almost any server may send mail \
    as this domain: SPF protects nothing and spammers can pass it. Inside an included record it \
    authorises everyone for every domain that includes it.",
    fix: "End the record with `-all` (or `~all` while you are still finding your senders).",
    incomplete: false,
};

pub static WEAK_ALL: Code = Code {
    code: "spf.weak_all",
    severity: Severity::Warning,
    title: "SPF ends with ?all (neutral)",
    explanation: "`?all` says nothing about servers not listed: mail from them is treated as if there \
    were no SPF at all, so spoofed mail is not flagged.",
    fix: "End the record with `~all` (soft fail) or `-all` (fail) once every sender is listed.",
    incomplete: false,
};

pub static NO_ALL: Code = Code {
    code: "spf.no_all",
    severity: Severity::Warning,
    title: "SPF has no all and no redirect",
    explanation: "The record does not say what to do with servers it does not list, so their result \
    is `neutral`: spoofed mail is not flagged.",
    fix: "Add `-all` (or `~all`) at the end of the record.",
    incomplete: false,
};

pub static PTR: Code = Code {
    code: "spf.ptr",
    severity: Severity::Warning,
    title: "SPF uses ptr",
    explanation: "RFC 7208 says `ptr` should not be used: it is slow, unreliable and some large \
    receivers ignore it, so the servers it is meant to authorise may fail SPF.",
    fix: "Replace `ptr` with `ip4:`/`ip6:` ranges or an `a:` term for the sending servers.",
    incomplete: false,
};

pub static IP_NOT_AUTHORIZED: Code = Code {
    code: "spf.ip_not_authorized",
    severity: Severity::Error,
    title: "Sending IP not authorised by SPF",
    explanation: "An address given with `--ip` does not get `pass` from the domain's SPF record: \
    receivers treat its mail as unauthenticated (`fail` is an error, `softfail`, `neutral` and \
    `none` are warnings).",
    fix: "Add the server to the SPF record (`ip4:`/`ip6:` or the provider's `include:`), or stop \
    sending from it.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[
    &MISSING,
    &MULTIPLE_RECORDS,
    &SYNTAX,
    &LOOKUP_LIMIT,
    &VOID_LIMIT,
    &INCLUDE_LOOP,
    &PERMISSIVE_ALL,
    &WEAK_ALL,
    &NO_ALL,
    &PTR,
    &IP_NOT_AUTHORIZED,
];

/// One term that spends one of the 10 lookups, in evaluation order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupTerm {
    /// The domain whose record holds the term.
    pub domain: String,
    pub term: String,
    /// Running total after this term (1, 2, ...).
    pub count: u32,
}

/// A term whose lookup found nothing (NXDOMAIN or no records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidLookup {
    pub domain: String,
    pub term: String,
    /// The name that was looked up.
    pub name: String,
}

/// A term in the tree, named by the record that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermRef {
    pub domain: String,
    pub term: String,
}

/// A network the SPF tree authorises (result `pass`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizedNetwork {
    /// CIDR notation, e.g. `192.0.2.0/24` or `2001:db8::/32`.
    pub network: String,
    /// `ip4`, `ip6`, `a` or `mx`: where the network comes from.
    pub mechanism: String,
    pub domain: String,
    pub term: String,
}

/// One record of the include/redirect tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfNode {
    pub domain: String,
    /// `root`, `include` or `redirect`.
    pub via: String,
    /// The term of the parent record that leads here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// `ok`, `missing`, `multiple_records`, `temperror`, `loop`,
    /// `depends_on_sender` or `not_followed`.
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Lookups spent by this record's own terms.
    pub lookups: u32,
    /// Lookups spent by this record and everything below it.
    pub total_lookups: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<SpfNode>,
}

/// The result of evaluating one sending IP (`--ip`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpEvaluation {
    pub ip: IpAddr,
    /// `pass`, `fail`, `softfail`, `neutral`, `none`, `permerror` or `temperror`.
    pub result: String,
    /// The term that decided the result, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// The domain whose record holds that term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_in: Option<String>,
    /// The chain of terms from the domain's record to the deciding term.
    pub path: Vec<String>,
    /// Why, in plain words.
    pub explanation: String,
    /// DNS-querying terms this evaluation spent (a receiver stops at the first match).
    pub lookups: u32,
    pub void_lookups: u32,
}

status_enum! {
    /// What the SPF lookup of the domain itself found.
    pub enum SpfStatus {
        Found => "found",
        Missing => "missing",
        /// Several SPF records: receivers treat it as a permanent error.
        MultipleRecords => "multiple_records",
        /// The lookup failed.
        Temperror => "temperror",
    }
}

/// The SPF section of a domain's report (schema_version 1; docs/spf.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpfReport {
    pub status: SpfStatus,
    /// The domain's SPF record when there is exactly one.
    pub record: Option<String>,
    /// Every SPF record found at the domain (more than one is an error).
    pub records: Vec<String>,
    /// DNS-querying terms across the whole tree, counted as RFC 7208 4.6.4 says.
    pub lookup_count: u32,
    pub lookup_limit: u32,
    /// The terms that spend those lookups, in evaluation order.
    pub lookup_terms: Vec<LookupTerm>,
    /// True when the walk stopped early (hostile or huge trees); counts are then lower bounds.
    pub walk_truncated: bool,
    pub void_lookup_count: u32,
    pub void_lookups: Vec<VoidLookup>,
    /// The include/redirect tree with per-record lookup counts.
    pub include_tree: Option<SpfNode>,
    /// Networks that get `pass`, flattened over the tree, without duplicates.
    pub authorized_networks: Vec<AuthorizedNetwork>,
    /// Terms with macros that depend on the sender; not followed without `--ip`.
    pub sender_dependent_terms: Vec<TermRef>,
    /// One entry per `--ip`.
    pub ip_evaluations: Vec<IpEvaluation>,
}

impl Default for SpfReport {
    fn default() -> Self {
        SpfReport {
            status: SpfStatus::Missing,
            record: None,
            records: Vec::new(),
            lookup_count: 0,
            lookup_limit: MAX_LOOKUPS,
            lookup_terms: Vec::new(),
            walk_truncated: false,
            void_lookup_count: 0,
            void_lookups: Vec::new(),
            include_tree: None,
            authorized_networks: Vec::new(),
            sender_dependent_terms: Vec::new(),
            ip_evaluations: Vec::new(),
        }
    }
}

impl SpfReport {
    /// Every `ip4`/`ip6` network the record authorises (the whole tree),
    /// without duplicates, in record order.
    pub fn ip_networks(&self) -> Vec<ipnet::IpNet> {
        let mut out: Vec<ipnet::IpNet> = Vec::new();
        for n in &self.authorized_networks {
            if n.mechanism != "ip4" && n.mechanism != "ip6" {
                continue;
            }
            if let Ok(net) = n.network.parse::<ipnet::IpNet>()
                && !out.contains(&net)
            {
                out.push(net);
            }
        }
        out
    }

    /// The single addresses and small ranges among [`Self::ip_networks`]
    /// (IPv4 /24 or narrower, IPv6 /64 or narrower): the ranges a sender can
    /// be held to on blocklists.
    pub fn sending_networks(&self) -> Vec<ipnet::IpNet> {
        self.ip_networks()
            .into_iter()
            .filter(|net| match net {
                ipnet::IpNet::V4(v4) => v4.prefix_len() >= 24,
                ipnet::IpNet::V6(v6) => v6.prefix_len() >= 64,
            })
            .collect()
    }
}

/// What a TXT lookup for SPF found at one name.
#[derive(Debug, Clone)]
pub(crate) enum Fetched {
    Record(String),
    /// No SPF record. `void`: the answer was empty or NXDOMAIN.
    /// `near_misses`: TXT strings that look like a broken SPF record.
    NoRecord {
        void: bool,
        near_misses: Vec<String>,
    },
    Multiple(Vec<String>),
    Failed(DnsFailure),
}

/// A lookup where an unusable name counts as "nothing there" (a macro can
/// expand to one), and any other failure stays a failure.
pub(crate) async fn query(dns: &Dns, name: &str, qtype: QueryType) -> Result<Arc<Answer>, DnsFailure> {
    match dns.lookup(name, qtype).await {
        Err(DnsFailure {
            kind: DnsFailureKind::InvalidName,
            ..
        }) => Ok(Arc::new(Answer {
            records: vec![],
            nxdomain: true,
        })),
        other => other,
    }
}

pub(crate) async fn fetch_spf(dns: &Dns, name: &str) -> Fetched {
    match query(dns, name, QueryType::Txt).await {
        Err(failure) => Fetched::Failed(failure),
        Ok(answer) => {
            let texts = answer.txt_strings();
            let mut spf: Vec<String> = texts.iter().filter(|t| parse::is_spf_record(t)).cloned().collect();
            match spf.len() {
                0 => Fetched::NoRecord {
                    void: answer.is_empty(),
                    near_misses: texts.into_iter().filter(|t| parse::looks_like_spf(t)).collect(),
                },
                1 => Fetched::Record(spf.remove(0)),
                _ => Fetched::Multiple(spf),
            }
        }
    }
}

pub(crate) use crate::check::temperror as temperror_finding;

/// Check the SPF posture of `domain`, and evaluate each of `ips` against it.
pub async fn check(dns: &Dns, domain: &str, ips: &[IpAddr]) -> (SpfReport, Vec<Finding>) {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let mut walk = tree::Walk::new(dns);
    let root = walk.walk_root(&domain).await;
    let mut report = SpfReport {
        status: match root.state.as_str() {
            "ok" => SpfStatus::Found,
            "multiple_records" => SpfStatus::MultipleRecords,
            "temperror" => SpfStatus::Temperror,
            _ => SpfStatus::Missing,
        },
        record: root.record.clone(),
        records: walk.root_records.clone(),
        lookup_count: walk.lookups,
        lookup_terms: walk.lookup_terms.clone(),
        walk_truncated: walk.truncated,
        void_lookup_count: walk.voids.len() as u32,
        void_lookups: walk.voids.clone(),
        authorized_networks: walk.networks.clone(),
        sender_dependent_terms: walk.sender_dependent.clone(),
        include_tree: (root.state == "ok").then_some(root),
        ..SpfReport::default()
    };
    let mut findings = std::mem::take(&mut walk.findings);
    findings.extend(walk.limit_findings(&report));

    // Evaluations share the run's DNS cache, so they cost little after the walk.
    let evaluations = futures::future::join_all(ips.iter().map(|ip| eval::evaluate(dns, &domain, *ip))).await;
    for (ip, (evaluation, failures)) in ips.iter().zip(evaluations) {
        for failure in &failures {
            findings.push(temperror_finding(failure, &format!("SPF for --ip {ip}")));
        }
        if report.status == SpfStatus::Found
            && let Some(finding) = ip_finding(&evaluation, report.record.as_deref().unwrap_or(""))
        {
            findings.push(finding);
        }
        report.ip_evaluations.push(evaluation);
    }
    dedupe(&mut findings);
    (report, findings)
}

fn ip_finding(eval: &IpEvaluation, record: &str) -> Option<Finding> {
    let severity = match eval.result.as_str() {
        "fail" => Severity::Error,
        "softfail" | "neutral" | "none" => Severity::Warning,
        _ => return None,
    };
    Some(
        Finding::new(
            &IP_NOT_AUTHORIZED,
            format!(
                "The sending IP {} gets `{}` from SPF: receivers do not treat its mail as authenticated.",
                eval.ip, eval.result
            ),
        )
        .severity(severity)
        .evidence(format!("{record}  [{}]", eval.explanation))
        .subject(eval.ip.to_string()),
    )
}

/// One finding per code and subject and message: shared includes and cached
/// failures would otherwise repeat.
fn dedupe(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| {
        let message = if f.code == &crate::dns::TEMPERROR {
            String::new()
        } else {
            f.message.clone()
        };
        seen.insert((f.code, f.subject.clone(), message))
    });
}

/// The SPF check, as registered in [`crate::check::registry::CHECKS`].
pub struct Spf;

impl crate::check::registry::Check for Spf {
    const NAME: &'static str = "spf";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = ();
    type Report = SpfReport;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, cx.domain, &cx.options.ips)
    }
}

#[cfg(test)]
mod tests;
