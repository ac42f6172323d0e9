//! Reading DKIM key records (RFC 6376 3.6.1, RFC 8463) and the tag-list
//! syntax DKIM and DMARC share (RFC 6376 3.2).
//!
//! Everything here runs on text from strangers: no panics, work linear in
//! the input, and lists of problems capped so a record with thousands of bad
//! tags gives a short report.

use crate::check::tags::{Tag, tag};
use base64::Engine;

/// At most this many problems are kept per record; the rest are counted.
const MAX_PROBLEMS: usize = 8;

/// A tag-list and what was wrong with its shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagList {
    pub tags: Vec<Tag>,
    /// Shape problems (no `=`, bad name, duplicate), capped at [`MAX_PROBLEMS`].
    pub problems: Vec<String>,
    /// How many problems were not kept.
    pub more_problems: usize,
}

impl TagList {
    pub fn get(&self, name: &str) -> Option<&str> {
        tag(&self.tags, name)
    }

    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(text);
        } else {
            self.more_problems += 1;
        }
    }

    /// The problems as one sentence-ish string.
    pub fn problems_text(&self) -> String {
        let mut text = self.problems.join("; ");
        if self.more_problems > 0 {
            text.push_str(&format!("; and {} more", self.more_problems));
        }
        text
    }
}

/// Cut `text` to at most `max` characters for use in a message.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Split `text` into tags. Empty parts (a trailing `;`, `;;`) are allowed.
/// Duplicate tags make the list invalid by RFC 6376 3.2; the first value is kept.
pub fn parse_tag_list(text: &str) -> TagList {
    let mut list = TagList::default();
    let mut seen = std::collections::HashSet::new();
    for part in text.split(';') {
        let part = part.trim_matches(|c: char| c.is_ascii_whitespace());
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            list.problem(format!("`{}` is not in name=value form", clip(part, 40)));
            continue;
        };
        let name = name
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .to_ascii_lowercase();
        let value = value.trim_matches(|c: char| c.is_ascii_whitespace()).to_string();
        let well_formed = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !well_formed {
            list.problem(format!("`{}` is not a valid tag name", clip(&name, 40)));
            continue;
        }
        if !seen.insert(name.clone()) {
            list.problem(format!("tag `{name}` appears more than once"));
            continue;
        }
        list.tags.push(Tag { name, value });
    }
    list
}

/// The kind of public key a record publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with the modulus size in bits. `pkcs1` is true when the key is a
    /// bare RSAPublicKey instead of the SubjectPublicKeyInfo RFC 6376 asks for.
    Rsa {
        bits: u32,
        pkcs1: bool,
    },
    Ed25519,
    /// `p=` is empty: the key was withdrawn (RFC 6376 3.6.1).
    Revoked,
}

/// A DKIM key record, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// `k=` as published (default `rsa`).
    pub key_type: String,
    /// None when the key could not be read (see `problems`).
    pub kind: Option<KeyKind>,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
    /// `h=` lists only SHA-1, which RFC 8301 forbids.
    pub sha1_only: bool,
    /// Why the record cannot be used; empty when fine.
    pub problems: Vec<String>,
}

/// Whether a TXT record at a selector name is meant as a DKIM key at all (and
/// not, say, an SPF record that a wildcard returns for every name).
pub fn looks_like_dkim(text: &str) -> bool {
    let list = parse_tag_list(text);
    match list.tags.first() {
        Some(first) if first.name == "v" => first.value.eq_ignore_ascii_case("DKIM1"),
        _ => list.get("p").is_some() || list.get("k").is_some(),
    }
}

/// Read a DKIM key record.
pub fn parse_key_record(text: &str) -> KeyRecord {
    let list = parse_tag_list(text);
    let mut problems = Vec::new();
    if !list.problems.is_empty() {
        problems.push(list.problems_text());
    }
    if let Some(v) = list.get("v") {
        if v != "DKIM1" {
            problems.push(format!("v= must be DKIM1, found `{}`", clip(v, 20)));
        } else if list.tags.first().is_some_and(|t| t.name != "v") {
            problems.push("v=DKIM1 must be the first tag".to_string());
        }
    }
    if let Some(services) = list.get("s") {
        let for_email = services
            .split(':')
            .any(|s| matches!(s.trim().to_ascii_lowercase().as_str(), "*" | "email"));
        if !for_email {
            problems.push(format!("s={} says the key is not for e-mail", clip(services, 20)));
        }
    }
    let key_type = list.get("k").unwrap_or("rsa").to_ascii_lowercase();
    let testing = list
        .get("t")
        .is_some_and(|t| t.split(':').any(|flag| flag.trim().eq_ignore_ascii_case("y")));
    let sha1_only = list.get("h").is_some_and(|h| {
        let algs: Vec<String> = h.split(':').map(|a| a.trim().to_ascii_lowercase()).collect();
        !algs.is_empty() && algs.iter().all(|a| a == "sha1")
    });
    let kind = match list.get("p") {
        None => {
            problems.push("there is no p= tag with the public key".to_string());
            None
        }
        Some(p) => {
            let compact: String = p.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            if compact.is_empty() {
                Some(KeyKind::Revoked)
            } else {
                match decode_base64(&compact) {
                    None => {
                        problems.push("p= is not valid base64".to_string());
                        None
                    }
                    Some(der) => match key_type.as_str() {
                        "rsa" => match rsa_key_info(&der) {
                            Ok((bits, pkcs1)) => Some(KeyKind::Rsa { bits, pkcs1 }),
                            Err(why) => {
                                problems.push(format!("p= is not a readable RSA public key ({why})"));
                                None
                            }
                        },
                        "ed25519" => {
                            if der.len() == 32 {
                                Some(KeyKind::Ed25519)
                            } else {
                                problems.push(format!(
                                    "an ed25519 key must be the 32 raw key bytes (RFC 8463), found {} bytes",
                                    der.len()
                                ));
                                None
                            }
                        }
                        other => {
                            problems.push(format!(
                                "unknown key type k={}; receivers only know rsa and ed25519",
                                clip(other, 20)
                            ));
                            None
                        }
                    },
                }
            }
        }
    };
    KeyRecord {
        key_type,
        kind,
        testing,
        sha1_only,
        problems,
    }
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    STANDARD
        .decode(text)
        .ok()
        .or_else(|| STANDARD_NO_PAD.decode(text.trim_end_matches('=')).ok())
}

/// One DER element: tag, contents, and what follows it.
fn der_element(input: &[u8]) -> Result<(u8, &[u8], &[u8]), &'static str> {
    let (&tag, rest) = input.split_first().ok_or("truncated")?;
    let (&first, rest) = rest.split_first().ok_or("truncated")?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let count = (first & 0x7f) as usize;
        if count == 0 || count > 4 || rest.len() < count {
            return Err("bad length");
        }
        let len = rest[..count].iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
        (len, &rest[count..])
    };
    if rest.len() < len {
        return Err("truncated");
    }
    Ok((tag, &rest[..len], &rest[len..]))
}

const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OID: u8 = 0x06;
const TAG_SEQUENCE: u8 = 0x30;
/// 1.2.840.113549.1.1.1
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.3.101.112
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// The modulus size of an RSA public key in DER, either SubjectPublicKeyInfo
/// or a bare RSAPublicKey (PKCS#1; the bool is true then).
pub fn rsa_key_info(der: &[u8]) -> Result<(u32, bool), &'static str> {
    let (tag, body, _) = der_element(der)?;
    if tag != TAG_SEQUENCE {
        return Err("not a DER sequence");
    }
    let (first_tag, first_body, after_first) = der_element(body)?;
    match first_tag {
        TAG_INTEGER => Ok((rsa_public_key_bits(body)?, true)),
        TAG_SEQUENCE => {
            let (oid_tag, oid, _) = der_element(first_body)?;
            if oid_tag != TAG_OID {
                return Err("no algorithm identifier");
            }
            if oid == OID_ED25519 {
                return Err("it is an ed25519 key; publish it with k=ed25519 as 32 raw bytes");
            }
            if oid != OID_RSA_ENCRYPTION {
                return Err("the algorithm is not RSA");
            }
            let (bits_tag, bits, _) = der_element(after_first)?;
            if bits_tag != TAG_BIT_STRING {
                return Err("no key bit string");
            }
            let (&unused, key) = bits.split_first().ok_or("empty bit string")?;
            if unused != 0 {
                return Err("bad bit string");
            }
            let (seq_tag, seq, _) = der_element(key)?;
            if seq_tag != TAG_SEQUENCE {
                return Err("no RSAPublicKey inside");
            }
            Ok((rsa_public_key_bits(seq)?, false))
        }
        _ => Err("unexpected DER structure"),
    }
}

/// Inside an RSAPublicKey sequence: INTEGER modulus, INTEGER exponent.
fn rsa_public_key_bits(seq: &[u8]) -> Result<u32, &'static str> {
    let (tag, modulus, rest) = der_element(seq)?;
    if tag != TAG_INTEGER {
        return Err("no modulus");
    }
    let (etag, exponent, _) = der_element(rest)?;
    if etag != TAG_INTEGER || exponent.is_empty() {
        return Err("no exponent");
    }
    let significant: &[u8] = match modulus.iter().position(|&b| b != 0) {
        Some(i) => &modulus[i..],
        None => return Err("zero modulus"),
    };
    let bits = (significant.len() as u64 - 1) * 8 + (8 - significant[0].leading_zeros() as u64);
    u32::try_from(bits).map_err(|_| "modulus too large")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real keys made with `openssl genrsa -out k.pem BITS; openssl rsa -in k.pem -pubout`
    // (the same as fixtures/zones/dkim) and `openssl genpkey -algorithm ed25519`.
    pub const RSA_512: &str = include_str!("testdata/rsa512.b64");
    pub const RSA_1024: &str = include_str!("testdata/rsa1024.b64");
    pub const RSA_2048: &str = include_str!("testdata/rsa2048.b64");
    pub const RSA_2048_PKCS1: &str = include_str!("testdata/rsa2048-pkcs1.b64");
    pub const ED25519_RAW: &str = include_str!("testdata/ed25519-raw.b64");
    pub const ED25519_SPKI: &str = include_str!("testdata/ed25519-spki.b64");

    fn key(p: &str) -> KeyRecord {
        parse_key_record(&format!("v=DKIM1; k=rsa; p={}", p.trim()))
    }

    #[test]
    fn reads_rsa_sizes_from_real_keys() {
        assert_eq!(
            key(RSA_512).kind,
            Some(KeyKind::Rsa {
                bits: 512,
                pkcs1: false
            })
        );
        assert_eq!(
            key(RSA_1024).kind,
            Some(KeyKind::Rsa {
                bits: 1024,
                pkcs1: false
            })
        );
        assert_eq!(
            key(RSA_2048).kind,
            Some(KeyKind::Rsa {
                bits: 2048,
                pkcs1: false
            })
        );
        assert_eq!(
            key(RSA_2048_PKCS1).kind,
            Some(KeyKind::Rsa {
                bits: 2048,
                pkcs1: true
            })
        );
        assert!(key(RSA_2048).problems.is_empty());
    }

    #[test]
    fn key_split_with_spaces_is_joined() {
        let p = RSA_2048.trim();
        let spaced = format!("v=DKIM1; p={} {} \t{}", &p[..100], &p[100..200], &p[200..]);
        assert_eq!(
            parse_key_record(&spaced).kind,
            Some(KeyKind::Rsa {
                bits: 2048,
                pkcs1: false
            })
        );
    }

    #[test]
    fn ed25519_raw_is_fine_spki_is_not() {
        let raw = parse_key_record(&format!("v=DKIM1; k=ed25519; p={}", ED25519_RAW.trim()));
        assert_eq!(raw.kind, Some(KeyKind::Ed25519));
        assert!(raw.problems.is_empty());
        let spki = parse_key_record(&format!("v=DKIM1; k=ed25519; p={}", ED25519_SPKI.trim()));
        assert_eq!(spki.kind, None);
        assert!(spki.problems[0].contains("32 raw key bytes"), "{:?}", spki.problems);
        // An ed25519 SPKI published as k=rsa names the mistake.
        let wrong = key(ED25519_SPKI);
        assert!(wrong.problems[0].contains("ed25519"), "{:?}", wrong.problems);
    }

    #[test]
    fn revoked_testing_and_flags() {
        let r = parse_key_record("v=DKIM1; k=rsa; p=");
        assert_eq!(r.kind, Some(KeyKind::Revoked));
        assert!(r.problems.is_empty());
        assert!(parse_key_record(&format!("v=DKIM1; t=y; p={}", RSA_2048.trim())).testing);
        assert!(parse_key_record(&format!("v=DKIM1; t=s:y; p={}", RSA_2048.trim())).testing);
        assert!(!parse_key_record(&format!("v=DKIM1; t=s; p={}", RSA_2048.trim())).testing);
        assert!(parse_key_record(&format!("v=DKIM1; h=sha1; p={}", RSA_2048.trim())).sha1_only);
        assert!(!parse_key_record(&format!("v=DKIM1; h=sha1:sha256; p={}", RSA_2048.trim())).sha1_only);
        assert!(
            parse_key_record(&format!("v=DKIM1; s=email; p={}", RSA_2048.trim()))
                .problems
                .is_empty()
        );
        assert!(
            parse_key_record(&format!("v=DKIM1; s=*; p={}", RSA_2048.trim()))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn syntax_problems() {
        for bad in [
            "v=DKIM1; k=rsa",          // no p=
            "v=DKIM1; p=!!!notbase64", // not base64
            "v=DKIM1; p=QUJD",         // base64 but not DER
            "v=DKIM2; p=QUJD",         // wrong version
            "v=DKIM1; k=dsa; p=QUJD",  // unknown key type
            "v=DKIM1; p=QUJD; p=QUJD", // duplicate
            "k=rsa; v=DKIM1; p=",      // v not first
        ] {
            assert!(!parse_key_record(bad).problems.is_empty(), "{bad} accepted");
        }
    }

    #[test]
    fn tag_list_shapes() {
        let list = parse_tag_list(" v = DKIM1 ;; p=abc ; ");
        assert_eq!(list.get("v"), Some("DKIM1"));
        assert_eq!(list.get("p"), Some("abc"));
        assert!(list.problems.is_empty());
        let bad = parse_tag_list("novalue; 1x=2; a=1; a=2");
        assert_eq!(bad.problems.len(), 3);
    }

    #[test]
    fn not_dkim_records_are_told_apart() {
        assert!(!looks_like_dkim("v=spf1 include:_spf.example.test -all"));
        assert!(!looks_like_dkim("google-site-verification=abc"));
        assert!(looks_like_dkim("v=DKIM1; p="));
        assert!(looks_like_dkim("k=rsa; p=QUJD"));
    }

    #[test]
    fn hostile_records_are_bounded() {
        let thousands: String = (0..20_000).map(|i| format!("x{i}=1;")).collect();
        let r = parse_key_record(&thousands);
        assert_eq!(r.problems.len(), 1);
        let junk: String = (0..20_000).map(|_| "=;").collect();
        let r = parse_key_record(&junk);
        assert!(r.problems[0].contains("more"), "{:?}", r.problems);
        let non_ascii = "v=DKIM1; k=rsä; p=ÿÿÿÿ; ñ=1; t=ÿ";
        assert!(!parse_key_record(non_ascii).problems.is_empty());
        let huge = format!("v=DKIM1; p={}", "A".repeat(70_000));
        assert!(!parse_key_record(&huge).problems.is_empty());
        // DER with lying lengths.
        for der in [
            &[0x30u8, 0x84, 0xff, 0xff, 0xff, 0xff][..],
            &[0x30, 0x82, 0x01][..],
            &[0x30, 0x03, 0x02, 0x05, 0x00][..],
            &[0x30, 0x80, 0x00, 0x00][..],
            &[][..],
            &[0x30, 0x04, 0x02, 0x00, 0x02, 0x00][..],
        ] {
            assert!(rsa_key_info(der).is_err());
        }
    }
}
