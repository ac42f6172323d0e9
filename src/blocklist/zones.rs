//! Which blocklists to ask and how to read their answers: the built-in list
//! of live, well-known zones with their published return-code tables, and the
//! `ZONE[=SPEC]` syntax users add or replace zones with (docs/blocklist.md).

use crate::finding::Severity;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr};

/// What a zone lists: IP addresses (reversed-label queries) or domain names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    Ip,
    Domain,
}

impl ZoneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::Ip => "ip",
            ZoneKind::Domain => "domain",
        }
    }
}

/// How much a listing hurts: a major list is consulted by many large receivers
/// (a listing is an error), a minor one by fewer (a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    Major,
    Minor,
}

impl Weight {
    pub fn severity(self) -> Severity {
        match self {
            Weight::Major => Severity::Error,
            Weight::Minor => Severity::Warning,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Major => "major",
            Weight::Minor => "minor",
        }
    }
}

/// One blocklist zone to query, as configured for this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// The DNS zone queries go under, e.g. `zen.spamhaus.org`.
    pub zone: String,
    /// Display name, e.g. `Spamhaus ZEN`.
    pub name: String,
    pub kind: ZoneKind,
    pub weight: Weight,
    /// Whether IPv6 addresses are looked up on it (lists without IPv6 data
    /// would answer "not listed" for every IPv6 address, which says nothing).
    pub ipv6: bool,
    /// The built-in list whose return-code table decodes the answers; none:
    /// any answer in 127.0.0.0/8 is a listing (RFC 5782).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delist_url: Option<String>,
}

impl Zone {
    /// The built-in list this zone's answers are decoded with, if any.
    pub fn table(&self) -> Option<&'static BuiltinList> {
        self.codes.as_deref().and_then(builtin)
    }
}

/// One entry of a list's published return-code table.
#[derive(Debug, Clone, Copy)]
pub struct CodeMeaning {
    /// The answer address (exact tables) or the bit of the last octet (bitmask tables).
    pub value: u32,
    /// The sub-list it means, e.g. `SBL`.
    pub sublist: &'static str,
    /// What it means, in plain words.
    pub meaning: &'static str,
}

/// How a list encodes which sub-list matched.
#[derive(Debug, Clone, Copy)]
pub enum CodeTable {
    /// Each answer address means one thing (Spamhaus).
    Exact(&'static [CodeMeaning]),
    /// The bits of the last octet each mean one sub-list (URIBL, SURBL).
    Bitmask(&'static [CodeMeaning]),
}

/// An answer that is the list refusing to answer, not a listing.
#[derive(Debug, Clone, Copy)]
pub struct Refusal {
    pub address: u32,
    pub explanation: &'static str,
}

/// A built-in list: where it is, how much it weighs, how to read it.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinList {
    /// Stable id used in `--zone ZONE=ID` and zones files.
    pub id: &'static str,
    pub zone: &'static str,
    pub name: &'static str,
    pub kind: ZoneKind,
    pub weight: Weight,
    pub ipv6: bool,
    pub delist_url: &'static str,
    pub codes: CodeTable,
    pub refusals: &'static [Refusal],
    /// Where the return-code table comes from.
    pub source: &'static str,
    /// The entry the list publishes as always listed (RFC 5782 section 5:
    /// 127.0.0.2 for IP lists, TEST for domain lists) when it is another one.
    pub test_entry: Option<&'static str>,
}

const fn v4(a: u8, b: u8, c: u8, d: u8) -> u32 {
    u32::from_be_bytes([a, b, c, d])
}

const fn code(value: u32, sublist: &'static str, meaning: &'static str) -> CodeMeaning {
    CodeMeaning {
        value,
        sublist,
        meaning,
    }
}

const SPAMHAUS_REFUSALS: &[Refusal] = &[
    Refusal {
        address: v4(127, 255, 255, 252),
        explanation: "Spamhaus answered 127.255.255.252: the zone name in the query is mistyped or not a Spamhaus zone.",
    },
    Refusal {
        address: v4(127, 255, 255, 254),
        explanation: "Spamhaus answered 127.255.255.254: it refuses queries that come through public or open resolvers \
            (Google, Cloudflare, Quad9 and the like). Use your own recursive resolver (--nameserver), or a Spamhaus \
            Data Query Service key zone.",
    },
    Refusal {
        address: v4(127, 255, 255, 255),
        explanation: "Spamhaus answered 127.255.255.255: the resolver you query through has sent too many queries \
            (excessive volume). Use your own recursive resolver (--nameserver), or a Spamhaus Data Query Service key zone.",
    },
];

const SPAMHAUS_DBL_REFUSALS: &[Refusal] = &[
    SPAMHAUS_REFUSALS[0],
    SPAMHAUS_REFUSALS[1],
    SPAMHAUS_REFUSALS[2],
    Refusal {
        address: v4(127, 0, 1, 255),
        explanation: "Spamhaus DBL answered 127.0.1.255: IP addresses may not be looked up on a domain list.",
    },
];

const URIBL_REFUSALS: &[Refusal] = &[Refusal {
    address: v4(127, 0, 0, 1),
    explanation: "URIBL answered 127.0.0.1: the query was refused, usually because it came through a public or \
        busy shared resolver that sends too many queries. Use your own recursive resolver (--nameserver).",
}];

const SURBL_REFUSALS: &[Refusal] = &[Refusal {
    address: v4(127, 0, 0, 1),
    explanation: "SURBL answered 127.0.0.1: the query was blocked, usually because it came through a public or \
        busy shared resolver. Use your own recursive resolver (--nameserver).",
}];

const SPAMHAUS_ZEN_CODES: &[CodeMeaning] = &[
    code(
        v4(127, 0, 0, 2),
        "SBL",
        "Spamhaus Block List: a known spam source or spam operation",
    ),
    code(
        v4(127, 0, 0, 3),
        "CSS",
        "Spamhaus CSS: low-reputation (snowshoe) mail seen from this address, listed automatically",
    ),
    code(
        v4(127, 0, 0, 4),
        "XBL",
        "Exploits Block List: the address shows signs of an infected or hijacked machine",
    ),
    code(v4(127, 0, 0, 5), "XBL", "Exploits Block List (code 127.0.0.5)"),
    code(v4(127, 0, 0, 6), "XBL", "Exploits Block List (code 127.0.0.6)"),
    code(v4(127, 0, 0, 7), "XBL", "Exploits Block List (code 127.0.0.7)"),
    code(
        v4(127, 0, 0, 9),
        "DROP",
        "Don't Route Or Peer: the address is in a hijacked or criminal network",
    ),
    code(
        v4(127, 0, 0, 10),
        "PBL",
        "Policy Block List, set by the ISP: this address should not send mail directly to other mail servers",
    ),
    code(
        v4(127, 0, 0, 11),
        "PBL",
        "Policy Block List, set by Spamhaus: this address should not send mail directly to other mail servers",
    ),
    code(
        v4(127, 0, 0, 30),
        "BCL",
        "Botnet Controller List: the address controls a botnet",
    ),
];

const SPAMHAUS_DBL_CODES: &[CodeMeaning] = &[
    code(v4(127, 0, 1, 2), "DBL spam", "low-reputation domain seen in spam"),
    code(v4(127, 0, 1, 4), "DBL phish", "domain used for phishing"),
    code(v4(127, 0, 1, 5), "DBL malware", "domain used to spread malware"),
    code(v4(127, 0, 1, 6), "DBL botnet C&C", "domain used to control a botnet"),
    code(
        v4(127, 0, 1, 102),
        "DBL abused-legit",
        "legitimate domain abused by spammers",
    ),
    code(
        v4(127, 0, 1, 103),
        "DBL abused-redirector",
        "legitimate domain abused as a spam redirector",
    ),
    code(
        v4(127, 0, 1, 104),
        "DBL abused-legit phish",
        "legitimate domain abused for phishing",
    ),
    code(
        v4(127, 0, 1, 105),
        "DBL abused-legit malware",
        "legitimate domain abused to spread malware",
    ),
    code(
        v4(127, 0, 1, 106),
        "DBL abused-legit botnet C&C",
        "legitimate domain abused to control a botnet",
    ),
];

const BARRACUDA_CODES: &[CodeMeaning] = &[code(
    v4(127, 0, 0, 2),
    "BRBL",
    "Barracuda Reputation Block List: the address has a poor sending reputation",
)];

const SPAMCOP_CODES: &[CodeMeaning] = &[code(
    v4(127, 0, 0, 2),
    "SCBL",
    "SpamCop Blocking List: recipients reported mail from this address as spam",
)];

const PSBL_CODES: &[CodeMeaning] = &[code(
    v4(127, 0, 0, 2),
    "PSBL",
    "Passive Spam Block List: the address sent mail to spam traps",
)];

const MAILSPIKE_CODES: &[CodeMeaning] = &[
    code(
        v4(127, 0, 0, 2),
        "Z",
        "Mailspike zero-hour list: the address took part in a distributed spam wave",
    ),
    code(
        v4(127, 0, 0, 10),
        "L5",
        "Mailspike reputation L5: worst possible reputation",
    ),
    code(v4(127, 0, 0, 11), "L4", "Mailspike reputation L4: very bad reputation"),
    code(v4(127, 0, 0, 12), "L3", "Mailspike reputation L3: bad reputation"),
];

const UCEPROTECT_CODES: &[CodeMeaning] = &[code(
    v4(127, 0, 0, 2),
    "UCEPROTECT-1",
    "UCEPROTECT level 1: the address itself sent mail to spam traps",
)];

const URIBL_BITS: &[CodeMeaning] = &[
    code(2, "black", "URIBL black: domain used by spammers"),
    code(
        4,
        "grey",
        "URIBL grey: domain seen in bulk mail that may not honour opt-out",
    ),
    code(
        8,
        "red",
        "URIBL red: young or privacy-protected domain seen in mail flow",
    ),
];

const SURBL_BITS: &[CodeMeaning] = &[
    code(8, "PH", "SURBL phishing list"),
    code(16, "MW", "SURBL malware list"),
    code(64, "ABUSE", "SURBL abuse list: domain seen in spam"),
    code(
        128,
        "CR",
        "SURBL cracked-site list: a compromised site used by spammers",
    ),
];

/// The built-in lists. Live, well-known lists only: dead lists (SORBS since
/// June 2024, AHBL) answer everything or nothing and would mislead.
pub const BUILTIN_LISTS: &[BuiltinList] = &[
    BuiltinList {
        id: "spamhaus-zen",
        zone: "zen.spamhaus.org",
        name: "Spamhaus ZEN",
        kind: ZoneKind::Ip,
        weight: Weight::Major,
        ipv6: true,
        delist_url: "https://check.spamhaus.org/",
        codes: CodeTable::Exact(SPAMHAUS_ZEN_CODES),
        refusals: SPAMHAUS_REFUSALS,
        source: "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html; \
            refusal codes: https://www.spamhaus.org/faqs/dnsbl-usage/",
        test_entry: None,
    },
    BuiltinList {
        id: "barracuda",
        zone: "b.barracudacentral.org",
        name: "Barracuda BRBL",
        kind: ZoneKind::Ip,
        weight: Weight::Major,
        ipv6: false,
        delist_url: "https://www.barracudacentral.org/rbl/removal-request",
        codes: CodeTable::Exact(BARRACUDA_CODES),
        refusals: &[],
        source: "https://www.barracudacentral.org/rbl/how-to-use",
        test_entry: None,
    },
    BuiltinList {
        id: "spamcop",
        zone: "bl.spamcop.net",
        name: "SpamCop",
        kind: ZoneKind::Ip,
        weight: Weight::Major,
        ipv6: false,
        delist_url: "https://www.spamcop.net/bl.shtml",
        codes: CodeTable::Exact(SPAMCOP_CODES),
        refusals: &[],
        source: "https://www.spamcop.net/fom-serve/cache/291.html",
        test_entry: None,
    },
    BuiltinList {
        id: "mailspike",
        zone: "bl.mailspike.net",
        name: "Mailspike BL",
        kind: ZoneKind::Ip,
        weight: Weight::Minor,
        ipv6: false,
        delist_url: "https://mailspike.org/",
        codes: CodeTable::Exact(MAILSPIKE_CODES),
        refusals: &[],
        source: "https://mailspike.org/usage.html",
        test_entry: None,
    },
    BuiltinList {
        id: "psbl",
        zone: "psbl.surriel.com",
        name: "PSBL",
        kind: ZoneKind::Ip,
        weight: Weight::Minor,
        ipv6: false,
        delist_url: "https://psbl.org/",
        codes: CodeTable::Exact(PSBL_CODES),
        refusals: &[],
        source: "https://psbl.org/",
        test_entry: None,
    },
    BuiltinList {
        id: "uceprotect-1",
        zone: "dnsbl-1.uceprotect.net",
        name: "UCEPROTECT level 1",
        kind: ZoneKind::Ip,
        weight: Weight::Minor,
        ipv6: false,
        delist_url: "https://www.uceprotect.net/en/rblcheck.php",
        codes: CodeTable::Exact(UCEPROTECT_CODES),
        refusals: &[],
        source: "https://www.uceprotect.net/en/index.php?m=6&s=11",
        test_entry: None,
    },
    BuiltinList {
        id: "spamhaus-dbl",
        zone: "dbl.spamhaus.org",
        name: "Spamhaus DBL",
        kind: ZoneKind::Domain,
        weight: Weight::Major,
        ipv6: false,
        delist_url: "https://check.spamhaus.org/",
        codes: CodeTable::Exact(SPAMHAUS_DBL_CODES),
        refusals: SPAMHAUS_DBL_REFUSALS,
        source: "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html; \
            refusal codes: https://www.spamhaus.org/faqs/dnsbl-usage/",
        test_entry: Some("dbltest.com"),
    },
    BuiltinList {
        id: "uribl",
        zone: "multi.uribl.com",
        name: "URIBL",
        kind: ZoneKind::Domain,
        weight: Weight::Minor,
        ipv6: false,
        delist_url: "https://admin.uribl.com/",
        codes: CodeTable::Bitmask(URIBL_BITS),
        refusals: URIBL_REFUSALS,
        source: "https://uribl.com/about.shtml and https://uribl.com/refused.shtml",
        test_entry: Some("test.uribl.com"),
    },
    BuiltinList {
        id: "surbl",
        zone: "multi.surbl.org",
        name: "SURBL",
        kind: ZoneKind::Domain,
        weight: Weight::Minor,
        ipv6: false,
        delist_url: "https://surbl.org/surbl-analysis",
        codes: CodeTable::Bitmask(SURBL_BITS),
        refusals: SURBL_REFUSALS,
        source: "https://surbl.org/lists (multi.surbl.org bitmask)",
        test_entry: Some("test.surbl.org"),
    },
];

/// A built-in list by id.
pub fn builtin(id: &str) -> Option<&'static BuiltinList> {
    BUILTIN_LISTS.iter().find(|l| l.id == id)
}

impl BuiltinList {
    pub fn to_zone(&self) -> Zone {
        Zone {
            zone: self.zone.to_string(),
            name: self.name.to_string(),
            kind: self.kind,
            weight: self.weight,
            ipv6: self.ipv6,
            codes: Some(self.id.to_string()),
            delist_url: Some(self.delist_url.to_string()),
        }
    }
}

/// The built-in zones, in the order they are reported.
pub fn builtin_zones() -> Vec<Zone> {
    BUILTIN_LISTS.iter().map(BuiltinList::to_zone).collect()
}

/// What one answer address means for a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A listing: which sub-list and what it means.
    Listed { sublist: String, meaning: String },
    /// The list refused to answer (not a listing).
    Refused { explanation: String },
    /// An address outside 127.0.0.0/8: no DNSBL answers that; a resolver that
    /// rewrites NXDOMAIN (ads, "search help" pages) or a wildcard does.
    NotDnsbl,
}

/// Decode one A-record answer of `zone`.
pub fn decode(zone: &Zone, answer: IpAddr) -> Decoded {
    let IpAddr::V4(address) = answer else {
        return Decoded::NotDnsbl;
    };
    if address.octets()[0] != 127 {
        return Decoded::NotDnsbl;
    }
    let value = u32::from(address);
    let Some(list) = zone.table() else {
        return Decoded::Listed {
            sublist: String::new(),
            meaning: format!("listed (code {address})"),
        };
    };
    if let Some(refusal) = list.refusals.iter().find(|r| r.address == value) {
        return Decoded::Refused {
            explanation: refusal.explanation.to_string(),
        };
    }
    match list.codes {
        CodeTable::Exact(codes) => match codes.iter().find(|c| c.value == value) {
            Some(c) => Decoded::Listed {
                sublist: c.sublist.to_string(),
                meaning: c.meaning.to_string(),
            },
            None => unknown_code(address),
        },
        CodeTable::Bitmask(bits) => {
            let last = u32::from(address.octets()[3]);
            let matched: Vec<&CodeMeaning> = bits.iter().filter(|b| last & b.value != 0).collect();
            let known_mask: u32 = bits.iter().map(|b| b.value).fold(0, |a, b| a | b);
            if matched.is_empty() || last & !known_mask != 0 {
                // Bits the table does not name: still a listing (RFC 5782),
                // reported with the raw code so nothing is hidden.
                let mut d = unknown_code(address);
                if let Decoded::Listed { sublist, meaning } = &mut d
                    && !matched.is_empty()
                {
                    *sublist = matched.iter().map(|b| b.sublist).collect::<Vec<_>>().join("+");
                    *meaning = format!(
                        "{} (and bits the published table does not name, code {address})",
                        matched.iter().map(|b| b.meaning).collect::<Vec<_>>().join("; ")
                    );
                }
                return d;
            }
            Decoded::Listed {
                sublist: matched.iter().map(|b| b.sublist).collect::<Vec<_>>().join("+"),
                meaning: matched.iter().map(|b| b.meaning).collect::<Vec<_>>().join("; "),
            }
        }
    }
}

fn unknown_code(address: Ipv4Addr) -> Decoded {
    Decoded::Listed {
        sublist: String::new(),
        meaning: format!("listed with code {address}, which the list's published table does not name"),
    }
}

/// Why a zone spec or zones file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ZoneSpecError(pub String);

/// What a `--zone` value or a zones-file line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneEntry {
    /// `builtin`: every built-in list.
    Builtin,
    Zone(Zone),
}

/// Parse `ZONE[=SPEC]` (also `ZONE SPEC` in zones files), where SPEC is a
/// comma-separated list of: a built-in list id (borrow its code table, name,
/// type, weight and delist page), `ip` or `domain`, `major` or `minor`,
/// `ipv6` or `no-ipv6`, `name=TEXT`, `delist=URL`. `builtin` alone means
/// every built-in list.
pub fn parse_zone_spec(text: &str) -> Result<ZoneEntry, ZoneSpecError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("builtin") {
        return Ok(ZoneEntry::Builtin);
    }
    let (zone_part, spec) = match text.find(|c: char| c == '=' || c.is_whitespace()) {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    };
    let zone_name = zone_part.trim().trim_end_matches('.').to_ascii_lowercase();
    if !crate::dns::is_queryable_name(&zone_name)
        || !zone_name.contains('.')
        || !zone_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
    {
        return Err(ZoneSpecError(format!(
            "`{}` is not a blocklist zone name (expected e.g. zen.spamhaus.org)",
            zone_part.trim()
        )));
    }
    let mut zone = Zone {
        zone: zone_name.clone(),
        name: zone_name,
        kind: ZoneKind::Ip,
        weight: Weight::Minor,
        ipv6: true,
        codes: None,
        delist_url: None,
    };
    // A built-in id first, wherever it appears, so other words override it.
    let words: Vec<&str> = spec.split(',').map(str::trim).filter(|w| !w.is_empty()).collect();
    if let Some(list) = words.iter().find_map(|w| builtin(&w.to_ascii_lowercase())) {
        let borrowed = list.to_zone();
        zone = Zone {
            zone: zone.zone,
            ..borrowed
        };
    }
    for word in words {
        let lower = word.to_ascii_lowercase();
        if builtin(&lower).is_some() {
            continue;
        }
        match lower.as_str() {
            "ip" => zone.kind = ZoneKind::Ip,
            "domain" => zone.kind = ZoneKind::Domain,
            "major" => zone.weight = Weight::Major,
            "minor" => zone.weight = Weight::Minor,
            "ipv6" => zone.ipv6 = true,
            "no-ipv6" => zone.ipv6 = false,
            _ => {
                if let Some(name) = word.strip_prefix("name=") {
                    zone.name = name.trim().to_string();
                } else if let Some(url) = word.strip_prefix("delist=") {
                    zone.delist_url = Some(url.trim().to_string());
                } else {
                    let ids: Vec<&str> = BUILTIN_LISTS.iter().map(|l| l.id).collect();
                    return Err(ZoneSpecError(format!(
                        "unknown word `{word}` in zone spec `{text}`; expected a built-in list id ({}), ip, domain, \
                         major, minor, ipv6, no-ipv6, name=TEXT or delist=URL",
                        ids.join(", ")
                    )));
                }
            }
        }
    }
    if zone.kind == ZoneKind::Domain {
        zone.ipv6 = false;
    }
    Ok(ZoneEntry::Zone(zone))
}

/// Parse a zones file: one zone spec per line (`ZONE SPEC` or `ZONE=SPEC`),
/// `builtin` to include the built-in lists, `#` comments, blank lines skipped.
pub fn parse_zones_file(text: &str) -> Result<Vec<ZoneEntry>, ZoneSpecError> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        entries.push(parse_zone_spec(line).map_err(|e| ZoneSpecError(format!("line {}: {e}", n + 1)))?);
    }
    Ok(entries)
}

/// The zones of a run: the built-in list when nothing was given, else exactly
/// the given entries in order (`builtin` expands in place); a later entry for
/// the same zone replaces an earlier one.
pub fn resolve_zones(entries: &[ZoneEntry]) -> Vec<Zone> {
    if entries.is_empty() {
        return builtin_zones();
    }
    let mut zones: Vec<Zone> = Vec::new();
    let mut add = |zone: Zone| match zones.iter_mut().find(|z| z.zone == zone.zone) {
        Some(existing) => *existing = zone,
        None => zones.push(zone),
    };
    for entry in entries {
        match entry {
            ZoneEntry::Builtin => builtin_zones().into_iter().for_each(&mut add),
            ZoneEntry::Zone(zone) => add(zone.clone()),
        }
    }
    zones
}

/// Convenience for the CLIs: zone specs and an optional zones file's text into the run's zones.
pub fn zones_from_specs(specs: &[String], zones_file: Option<&str>) -> Result<Vec<Zone>, ZoneSpecError> {
    let mut entries = match zones_file {
        Some(text) => parse_zones_file(text)?,
        None => Vec::new(),
    };
    for spec in specs {
        entries.push(parse_zone_spec(spec)?);
    }
    Ok(resolve_zones(&entries))
}

/// The zone a `--zone` spec names, for unit tests (the spec must be a zone).
#[cfg(test)]
pub(crate) fn test_zone(spec: &str) -> Zone {
    match parse_zone_spec(spec).unwrap() {
        ZoneEntry::Zone(z) => z,
        ZoneEntry::Builtin => panic!("{spec} names the built-in lists, not a zone"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_list_is_consistent() {
        let mut ids = std::collections::HashSet::new();
        for list in BUILTIN_LISTS {
            assert!(ids.insert(list.id), "duplicate id {}", list.id);
            assert!(!list.zone.contains("sorbs"), "SORBS is dead");
            assert!(list.delist_url.starts_with("https://"));
            let codes = match list.codes {
                CodeTable::Exact(c) | CodeTable::Bitmask(c) => c,
            };
            assert!(!codes.is_empty());
            for r in list.refusals {
                assert!(
                    !codes.iter().any(|c| c.value == r.address),
                    "{}: refusal also a code",
                    list.id
                );
            }
        }
        let zones = builtin_zones();
        assert!(
            zones
                .iter()
                .any(|z| z.zone == "zen.spamhaus.org" && z.weight == Weight::Major)
        );
        assert!(
            zones
                .iter()
                .any(|z| z.zone == "dbl.spamhaus.org" && z.kind == ZoneKind::Domain)
        );
        assert!(zones.iter().any(|z| z.weight == Weight::Minor));
    }

    #[test]
    fn spamhaus_zen_codes_decode_to_sublists() {
        let zen = builtin("spamhaus-zen").unwrap().to_zone();
        let sub = |a: &str| match decode(&zen, ip(a)) {
            Decoded::Listed { sublist, .. } => sublist,
            other => panic!("{a}: {other:?}"),
        };
        assert_eq!(sub("127.0.0.2"), "SBL");
        assert_eq!(sub("127.0.0.3"), "CSS");
        assert_eq!(sub("127.0.0.4"), "XBL");
        assert_eq!(sub("127.0.0.9"), "DROP");
        assert_eq!(sub("127.0.0.10"), "PBL");
        assert_eq!(sub("127.0.0.11"), "PBL");
        // A code not in the table is still a listing, named by its raw value.
        assert!(
            matches!(decode(&zen, ip("127.0.0.99")), Decoded::Listed { meaning, .. } if meaning.contains("127.0.0.99"))
        );
    }

    #[test]
    fn refusal_codes_are_not_listings() {
        let zen = builtin("spamhaus-zen").unwrap().to_zone();
        for a in ["127.255.255.252", "127.255.255.254", "127.255.255.255"] {
            assert!(matches!(decode(&zen, ip(a)), Decoded::Refused { .. }), "{a}");
        }
        let dbl = builtin("spamhaus-dbl").unwrap().to_zone();
        assert!(matches!(decode(&dbl, ip("127.0.1.255")), Decoded::Refused { .. }));
        assert!(matches!(decode(&dbl, ip("127.0.1.2")), Decoded::Listed { .. }));
        let uribl = builtin("uribl").unwrap().to_zone();
        assert!(matches!(decode(&uribl, ip("127.0.0.1")), Decoded::Refused { .. }));
        // Near miss: the same address on a list that does not use it as a refusal.
        let plain = test_zone("bl.example.test");
        assert!(matches!(decode(&plain, ip("127.0.0.1")), Decoded::Listed { .. }));
    }

    #[test]
    fn bitmask_codes_decode_every_bit() {
        let uribl = builtin("uribl").unwrap().to_zone();
        match decode(&uribl, ip("127.0.0.14")) {
            Decoded::Listed { sublist, .. } => assert_eq!(sublist, "black+grey+red"),
            other => panic!("{other:?}"),
        }
        let surbl = builtin("surbl").unwrap().to_zone();
        match decode(&surbl, ip("127.0.0.80")) {
            Decoded::Listed { sublist, .. } => assert_eq!(sublist, "MW+ABUSE"),
            other => panic!("{other:?}"),
        }
        match decode(&surbl, ip("127.0.0.12")) {
            Decoded::Listed { sublist, meaning } => {
                assert_eq!(sublist, "PH");
                assert!(meaning.contains("127.0.0.12"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answers_outside_loopback_are_not_listings() {
        let zen = builtin("spamhaus-zen").unwrap().to_zone();
        assert_eq!(decode(&zen, ip("198.51.100.7")), Decoded::NotDnsbl);
        assert_eq!(decode(&zen, ip("::1")), Decoded::NotDnsbl);
        assert_eq!(decode(&test_zone("x.example.test"), ip("10.0.0.2")), Decoded::NotDnsbl);
    }

    #[test]
    fn zone_specs() {
        let z = test_zone("zen.bl.test=spamhaus-zen");
        assert_eq!(z.zone, "zen.bl.test");
        assert_eq!(z.name, "Spamhaus ZEN");
        assert_eq!(z.weight, Weight::Major);
        assert_eq!(z.codes.as_deref(), Some("spamhaus-zen"));
        let z = test_zone("ZEN.BL.test.=spamhaus-zen,minor,name=Local ZEN");
        assert_eq!(
            (z.zone.as_str(), z.weight, z.name.as_str()),
            ("zen.bl.test", Weight::Minor, "Local ZEN")
        );
        let z = test_zone("dom.bl.test domain, major");
        assert_eq!(
            (z.kind, z.weight, z.ipv6, z.codes),
            (ZoneKind::Domain, Weight::Major, false, None)
        );
        let z = test_zone("plain.bl.test");
        assert_eq!((z.kind, z.weight, z.ipv6), (ZoneKind::Ip, Weight::Minor, true));
        assert!(parse_zone_spec("nodot").is_err());
        assert!(parse_zone_spec("a.test=bogus").is_err());
        assert!(parse_zone_spec("bad zone!.test").is_err());
        assert_eq!(parse_zone_spec("builtin").unwrap(), ZoneEntry::Builtin);
    }

    #[test]
    fn zones_file_adds_and_replaces() {
        let text = "# local lists\nbuiltin\nzen.spamhaus.org spamhaus-zen,minor   # demote\n\nextra.bl.test ip,major\n";
        let zones = resolve_zones(&parse_zones_file(text).unwrap());
        assert_eq!(zones.len(), BUILTIN_LISTS.len() + 1);
        let zen = zones.iter().find(|z| z.zone == "zen.spamhaus.org").unwrap();
        assert_eq!(zen.weight, Weight::Minor);
        assert_eq!(zones.last().unwrap().zone, "extra.bl.test");
        let err = parse_zones_file("ok.bl.test\nbad line here\n").unwrap_err();
        assert!(err.0.starts_with("line 2"), "{err}");
        assert_eq!(resolve_zones(&[]).len(), BUILTIN_LISTS.len());
        let only = zones_from_specs(&["a.bl.test".into()], None).unwrap();
        assert_eq!(only.len(), 1);
    }
}
