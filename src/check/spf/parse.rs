//! The SPF record parser (RFC 7208 sections 4.5, 4.6, 5, 6 and 7).
//!
//! Parsing never fails as a whole: every term that breaks the grammar becomes
//! a [`SyntaxIssue`] and the rest of the record is still read, so the audit can
//! name every bad term. Work is linear in the record's length.

use super::macros::{MacroString, parse_domain_spec, parse_macro_string};
use ipnet::{Ipv4Net, Ipv6Net};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The four qualifiers and the result each gives when its mechanism matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Pass,
    Fail,
    SoftFail,
    Neutral,
}

impl Qualifier {
    pub fn result_name(self) -> &'static str {
        match self {
            Qualifier::Pass => "pass",
            Qualifier::Fail => "fail",
            Qualifier::SoftFail => "softfail",
            Qualifier::Neutral => "neutral",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mechanism {
    All,
    Include(MacroString),
    A {
        domain: Option<MacroString>,
        v4_prefix: u8,
        v6_prefix: u8,
    },
    Mx {
        domain: Option<MacroString>,
        v4_prefix: u8,
        v6_prefix: u8,
    },
    Ptr(Option<MacroString>),
    Ip4(Ipv4Net),
    Ip6(Ipv6Net),
    Exists(MacroString),
}

impl Mechanism {
    /// Mechanisms that cost one of the ten DNS lookups (RFC 7208 4.6.4).
    pub fn queries_dns(&self) -> bool {
        matches!(
            self,
            Mechanism::Include(_)
                | Mechanism::A { .. }
                | Mechanism::Mx { .. }
                | Mechanism::Ptr(_)
                | Mechanism::Exists(_)
        )
    }
}

/// A qualifier and a mechanism, with the term as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub qualifier: Qualifier,
    pub mechanism: Mechanism,
    pub text: String,
}

/// One term that breaks the grammar, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxIssue {
    pub term: String,
    pub problem: String,
}

/// A parsed SPF record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub directives: Vec<Directive>,
    /// `redirect=` target and the term as written.
    pub redirect: Option<(MacroString, String)>,
    pub exp: Option<(MacroString, String)>,
    /// Terms that break the grammar: any of them makes the record a permerror.
    pub errors: Vec<SyntaxIssue>,
    /// Well-formed modifiers other than redirect/exp: receivers ignore them,
    /// usually a typo (`redirct=`).
    pub unknown_modifiers: Vec<String>,
}

impl Record {
    /// The qualifier of the first `all` mechanism, if any.
    pub fn all(&self) -> Option<Qualifier> {
        self.directives
            .iter()
            .find(|d| d.mechanism == Mechanism::All)
            .map(|d| d.qualifier)
    }

    /// `redirect=` only applies when no `all` is present (RFC 7208 6.1).
    pub fn effective_redirect(&self) -> Option<&(MacroString, String)> {
        if self.all().is_some() {
            None
        } else {
            self.redirect.as_ref()
        }
    }
}

/// True if a TXT string is an SPF record: `v=spf1` (any case), then a space or the end.
pub fn is_spf_record(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 6 && bytes[..6].eq_ignore_ascii_case(b"v=spf1") && (bytes.len() == 6 || bytes[6] == b' ')
}

/// TXT strings that look like a failed attempt at an SPF record
/// (`v=spf1a`, ` v=spf1`, `spf1 ...`), to explain a "missing" verdict.
pub fn looks_like_spf(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    !is_spf_record(text) && (lower.starts_with("v=spf") || lower.starts_with("spf1") || lower.starts_with("v = spf"))
}

/// Parse an SPF record (which must pass [`is_spf_record`]).
pub fn parse_record(text: &str) -> Record {
    let mut record = Record::default();
    let body = text.get(6..).unwrap_or("");
    // RFC 7208 4.5: terms are separated by spaces (SP only).
    for term in body.split(' ').filter(|t| !t.is_empty()) {
        parse_term(term, &mut record);
    }
    record
}

fn issue(record: &mut Record, term: &str, problem: impl Into<String>) {
    record.errors.push(SyntaxIssue {
        term: term.to_string(),
        problem: problem.into(),
    });
}

fn parse_term(term: &str, record: &mut Record) {
    // A modifier is `name=value` where `=` comes before any `:` or `/`.
    let first_sep = term.find([':', '/', '=']);
    if let Some(pos) = first_sep
        && term.as_bytes()[pos] == b'='
    {
        parse_modifier(term, &term[..pos], &term[pos + 1..], record);
        return;
    }
    let (qualifier, rest) = match term.as_bytes()[0] {
        b'+' => (Qualifier::Pass, &term[1..]),
        b'-' => (Qualifier::Fail, &term[1..]),
        b'~' => (Qualifier::SoftFail, &term[1..]),
        b'?' => (Qualifier::Neutral, &term[1..]),
        _ => (Qualifier::Pass, term),
    };
    let name_end = rest.find([':', '/']).unwrap_or(rest.len());
    let name = rest[..name_end].to_ascii_lowercase();
    let args = &rest[name_end..];
    let mechanism = match name.as_str() {
        "all" => {
            if args.is_empty() {
                Ok(Mechanism::All)
            } else {
                Err("`all` takes no argument".to_string())
            }
        }
        "include" => required_domain(args, "include").map(Mechanism::Include),
        "exists" => required_domain(args, "exists").map(Mechanism::Exists),
        "a" | "mx" => parse_a_mx(args).map(|(domain, v4_prefix, v6_prefix)| {
            if name == "a" {
                Mechanism::A {
                    domain,
                    v4_prefix,
                    v6_prefix,
                }
            } else {
                Mechanism::Mx {
                    domain,
                    v4_prefix,
                    v6_prefix,
                }
            }
        }),
        "ptr" => {
            if args.is_empty() {
                Ok(Mechanism::Ptr(None))
            } else if let Some(spec) = args.strip_prefix(':') {
                parse_domain_spec(spec).map(|d| Mechanism::Ptr(Some(d)))
            } else {
                Err("`ptr` takes no prefix length".to_string())
            }
        }
        "ip4" => parse_ip4(args).map(Mechanism::Ip4),
        "ip6" => parse_ip6(args).map(Mechanism::Ip6),
        "" => Err("empty mechanism".to_string()),
        other => Err(format!("unknown mechanism `{}`", printable(other))),
    };
    match mechanism {
        Ok(mechanism) => record.directives.push(Directive {
            qualifier,
            mechanism,
            text: term.to_string(),
        }),
        Err(problem) => issue(record, term, problem),
    }
}

fn parse_modifier(term: &str, name: &str, value: &str, record: &mut Record) {
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_name {
        issue(
            record,
            term,
            format!("`{}` is not a valid modifier name", printable(name)),
        );
        return;
    }
    match name.to_ascii_lowercase().as_str() {
        "redirect" => {
            if record.redirect.is_some() {
                issue(record, term, "`redirect=` appears more than once");
                return;
            }
            match parse_domain_spec(value) {
                Ok(spec) => record.redirect = Some((spec, term.to_string())),
                Err(problem) => issue(record, term, problem),
            }
        }
        "exp" => {
            if record.exp.is_some() {
                issue(record, term, "`exp=` appears more than once");
                return;
            }
            match parse_domain_spec(value) {
                Ok(spec) => record.exp = Some((spec, term.to_string())),
                Err(problem) => issue(record, term, problem),
            }
        }
        _ => {
            // Unknown modifiers are ignored by receivers, but their value must
            // still be a valid macro-string (RFC 7208 6 and 12).
            match parse_macro_string(value, false) {
                Ok(_) => record.unknown_modifiers.push(term.to_string()),
                Err(problem) => issue(record, term, problem),
            }
        }
    }
}

fn required_domain(args: &str, name: &str) -> Result<MacroString, String> {
    match args.strip_prefix(':') {
        Some(spec) => parse_domain_spec(spec),
        None if args.is_empty() => Err(format!("`{name}` needs a domain (`{name}:example.com`)")),
        None => Err(format!("`{name}` takes no prefix length")),
    }
}

/// `a` and `mx`: `[":" domain-spec] [ "/" ip4-cidr ] [ "//" ip6-cidr ]`.
fn parse_a_mx(args: &str) -> Result<(Option<MacroString>, u8, u8), String> {
    let mut rest = args;
    let mut v6_prefix = 128;
    let mut v4_prefix = 32;
    if let Some(pos) = rest.rfind("//") {
        let digits = &rest[pos + 2..];
        v6_prefix = cidr_length(digits, 128)
            .ok_or_else(|| format!("`//{}` is not a valid IPv6 prefix length", printable(digits)))?;
        rest = &rest[..pos];
    }
    if let Some(pos) = rest.rfind('/') {
        let digits = &rest[pos + 1..];
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            v4_prefix = cidr_length(digits, 32)
                .ok_or_else(|| format!("`/{}` is not a valid IPv4 prefix length", printable(digits)))?;
            rest = &rest[..pos];
        }
    }
    let domain = if rest.is_empty() {
        None
    } else if let Some(spec) = rest.strip_prefix(':') {
        Some(parse_domain_spec(spec)?)
    } else {
        return Err(format!("unexpected `{}`", printable(rest)));
    };
    Ok((domain, v4_prefix, v6_prefix))
}

/// A prefix length as RFC 7208 writes it: no leading zeros, at most `max`.
fn cidr_length(digits: &str, max: u8) -> Option<u8> {
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    let value: u16 = digits.parse().ok()?;
    (value <= u16::from(max)).then_some(value as u8)
}

fn split_cidr(args: &str, name: &str) -> Result<(String, Option<String>), String> {
    let Some(spec) = args.strip_prefix(':') else {
        return Err(format!("`{name}` needs an address (`{name}:...`)"));
    };
    match spec.split_once('/') {
        Some((addr, len)) => Ok((addr.to_string(), Some(len.to_string()))),
        None => Ok((spec.to_string(), None)),
    }
}

fn parse_ip4(args: &str) -> Result<Ipv4Net, String> {
    let (addr, len) = split_cidr(args, "ip4")?;
    let ip: Ipv4Addr = addr
        .parse()
        .map_err(|_| format!("`{}` is not an IPv4 address", printable(&addr)))?;
    let prefix = match len {
        None => 32,
        Some(len) => {
            cidr_length(&len, 32).ok_or_else(|| format!("`/{}` is not a valid IPv4 prefix length", printable(&len)))?
        }
    };
    Ipv4Net::new(ip, prefix)
        .map(|n| n.trunc())
        .map_err(|_| "bad prefix length".to_string())
}

fn parse_ip6(args: &str) -> Result<Ipv6Net, String> {
    let (addr, len) = split_cidr(args, "ip6")?;
    let ip: Ipv6Addr = addr
        .parse()
        .map_err(|_| format!("`{}` is not an IPv6 address", printable(&addr)))?;
    let prefix = match len {
        None => 128,
        Some(len) => {
            cidr_length(&len, 128).ok_or_else(|| format!("`/{}` is not a valid IPv6 prefix length", printable(&len)))?
        }
    };
    Ipv6Net::new(ip, prefix)
        .map(|n| n.trunc())
        .map_err(|_| "bad prefix length".to_string())
}

/// Hostile text in a message: control characters replaced, length capped.
pub fn printable(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}
