//! SPF macros (RFC 7208 section 7): parsing, validation and expansion.

use super::parse::printable;
use std::net::IpAddr;

/// One piece of a macro-string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacroPart {
    Literal(String),
    Macro {
        /// Lower-case macro letter (`s l o d i p h c r t v`).
        letter: char,
        /// Upper-case letter: URL-escape the value (only matters for `exp`).
        escape: bool,
        /// Keep this many right-hand parts (None: all).
        keep: Option<u32>,
        reverse: bool,
        /// Split on these (default `.`).
        delimiters: String,
    },
}

/// A parsed macro-string (domain-spec or modifier value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroString {
    pub parts: Vec<MacroPart>,
}

impl MacroString {
    pub fn has_macros(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, MacroPart::Macro { .. }))
    }

    /// True if expanding it needs to know the sender (anything but `%{d}`,
    /// the domain being evaluated, which is known without a sender).
    pub fn depends_on_sender(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, MacroPart::Macro { letter, .. } if *letter != 'd'))
    }

    /// True if the macro `letter` (lower case) appears.
    pub fn uses(&self, letter: char) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, MacroPart::Macro { letter: l, .. } if *l == letter))
    }

    /// The text when there are no macros.
    pub fn literal(&self) -> Option<String> {
        if self.has_macros() {
            return None;
        }
        Some(
            self.parts
                .iter()
                .map(|p| match p {
                    MacroPart::Literal(s) => s.as_str(),
                    MacroPart::Macro { .. } => "",
                })
                .collect(),
        )
    }
}

/// What macros expand to during one evaluation.
#[derive(Debug, Clone)]
pub struct MacroContext {
    pub ip: Option<IpAddr>,
    /// The envelope sender `local@domain`.
    pub sender: String,
    /// The HELO/EHLO name.
    pub helo: String,
    /// The reverse names of `ip` that resolve back to it (RFC 7208 7.3, `%{p}`),
    /// in PTR answer order; empty when none validates or nobody looked.
    pub validated_names: Vec<String>,
}

/// Parse a macro-string. `exp_letters` allows `c`, `r` and `t`, which are only
/// valid in explanation strings.
pub fn parse_macro_string(text: &str, exp_letters: bool) -> Result<MacroString, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if c != '%' {
            // macro-literal = %x21-24 / %x26-7E: visible ASCII except `%`.
            if !('\x21'..='\x7e').contains(&c) {
                return Err(if c.is_ascii() {
                    format!("control character or space in `{}`", printable(text))
                } else {
                    format!("non-ASCII character `{c}` in `{}`", printable(text))
                });
            }
            literal.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '%')) => literal.push('%'),
            Some((_, '_')) => literal.push(' '),
            Some((_, '-')) => literal.push_str("%20"),
            Some((open, '{')) => {
                let body_start = open + 1;
                let Some(close_rel) = text[body_start..].find('}') else {
                    return Err(format!("unclosed macro in `{}`", printable(&text[pos..])));
                };
                let body = &text[body_start..body_start + close_rel];
                // Skip the characters of the body in the iterator.
                while let Some(&(i, _)) = chars.peek() {
                    if i > body_start + close_rel {
                        break;
                    }
                    chars.next();
                }
                if !literal.is_empty() {
                    parts.push(MacroPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(parse_macro_body(body, exp_letters)?);
            }
            Some((_, other)) => {
                return Err(format!(
                    "`%{}` is not a macro; write `%%` for a literal percent sign",
                    printable(&other.to_string())
                ));
            }
            None => return Err("a lone `%` at the end; write `%%` for a literal percent sign".to_string()),
        }
    }
    if !literal.is_empty() {
        parts.push(MacroPart::Literal(literal));
    }
    Ok(MacroString { parts })
}

fn parse_macro_body(body: &str, exp_letters: bool) -> Result<MacroPart, String> {
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return Err("empty macro `%{}`".to_string());
    };
    let letter = first.to_ascii_lowercase();
    let allowed = match letter {
        's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'v' => true,
        'c' | 'r' | 't' => exp_letters,
        _ => false,
    };
    if !allowed {
        return Err(format!("`%{{{}}}` is not a valid macro", printable(body)));
    }
    let rest: &str = chars.as_str();
    let digits_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let keep = if digits_len > 0 {
        // RFC 7208 7.1: must be nonzero; at least 128 must work, more is the same.
        let digits = &rest[..digits_len];
        let value = if digits_len > 4 {
            9999
        } else {
            digits.parse::<u32>().unwrap_or(9999)
        };
        if value == 0 {
            return Err(format!("`%{{{}}}`: the number of parts must not be 0", printable(body)));
        }
        Some(value)
    } else {
        None
    };
    let rest = &rest[digits_len..];
    let (reverse, delimiters) = match rest.strip_prefix(['r', 'R']) {
        Some(after) => (true, after),
        None => (false, rest),
    };
    if !delimiters
        .chars()
        .all(|c| matches!(c, '.' | '-' | '+' | ',' | '/' | '_' | '='))
    {
        return Err(format!(
            "`%{{{}}}` has invalid transformers or delimiters",
            printable(body)
        ));
    }
    Ok(MacroPart::Macro {
        letter,
        escape: first.is_ascii_uppercase(),
        keep,
        reverse,
        delimiters: if delimiters.is_empty() {
            ".".into()
        } else {
            delimiters.into()
        },
    })
}

/// Parse a domain-spec: a macro-string that ends in a top label or a macro.
pub fn parse_domain_spec(text: &str) -> Result<MacroString, String> {
    if text.is_empty() {
        return Err("empty domain".to_string());
    }
    let spec = parse_macro_string(text, false)?;
    match spec.parts.last() {
        Some(MacroPart::Macro { .. }) => Ok(spec),
        Some(MacroPart::Literal(tail)) => {
            let trimmed = tail.strip_suffix('.').unwrap_or(tail);
            let Some(dot) = trimmed.rfind('.') else {
                return Err(if spec.has_macros() {
                    format!("`{}` must end in a domain name (`.example`)", printable(text))
                } else {
                    format!(
                        "`{}` is not a domain name (needs a dot and a top-level label)",
                        printable(text)
                    )
                });
            };
            let top = &trimmed[dot + 1..];
            if is_toplabel(top) {
                Ok(spec)
            } else {
                Err(format!("`{}` does not end in a valid top-level label", printable(text)))
            }
        }
        None => Err("empty domain".to_string()),
    }
}

/// RFC 7208 toplabel: alphanumerics and hyphens, not all digits, no hyphen at either end.
fn is_toplabel(label: &str) -> bool {
    !label.is_empty()
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.bytes().any(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// Expand a macro-string for the domain being evaluated. Names longer than
/// 253 characters lose labels on the left until they fit (RFC 7208 7.3).
pub fn expand(spec: &MacroString, domain: &str, ctx: &MacroContext) -> String {
    let mut out = String::new();
    for part in &spec.parts {
        match part {
            MacroPart::Literal(s) => out.push_str(s),
            MacroPart::Macro {
                letter,
                escape,
                keep,
                reverse,
                delimiters,
            } => {
                let value = macro_value(*letter, domain, ctx);
                let mut pieces: Vec<&str> = value.split(|c| delimiters.contains(c)).collect();
                if *reverse {
                    pieces.reverse();
                }
                if let Some(keep) = keep {
                    let keep = (*keep as usize).min(pieces.len());
                    pieces = pieces.split_off(pieces.len() - keep);
                }
                let joined = pieces.join(".");
                if *escape {
                    out.push_str(&url_escape(&joined));
                } else {
                    out.push_str(&joined);
                }
            }
        }
        if out.len() > 4096 {
            break; // bounded: a name this long is trimmed below anyway
        }
    }
    let mut name = out.trim_end_matches('.').to_string();
    while name.len() > 253 {
        match name.find('.') {
            Some(dot) => name = name[dot + 1..].to_string(),
            None => break,
        }
    }
    name
}

fn macro_value(letter: char, domain: &str, ctx: &MacroContext) -> String {
    let (local, sender_domain) = ctx
        .sender
        .rsplit_once('@')
        .unwrap_or(("postmaster", ctx.sender.as_str()));
    match letter {
        's' => ctx.sender.clone(),
        'l' => local.to_string(),
        'o' => sender_domain.to_string(),
        'd' => domain.to_string(),
        'i' => match ctx.ip {
            Some(IpAddr::V4(v4)) => v4.to_string(),
            Some(IpAddr::V6(v6)) => {
                // Dotted nibbles, most significant first (RFC 7208 7.3).
                let mut nibbles = Vec::with_capacity(32);
                for byte in v6.octets() {
                    nibbles.push(format!("{:x}", byte >> 4));
                    nibbles.push(format!("{:x}", byte & 0x0f));
                }
                nibbles.join(".")
            }
            None => "unknown".into(),
        },
        'c' => ctx.ip.map(|ip| ip.to_string()).unwrap_or_default(),
        'v' => match ctx.ip {
            Some(IpAddr::V6(_)) => "ip6".into(),
            _ => "in-addr".into(),
        },
        'h' => ctx.helo.clone(),
        'p' => preferred_validated_name(&ctx.validated_names, domain),
        'r' => "unknown".into(),
        't' => chrono::Utc::now().timestamp().to_string(),
        _ => String::new(),
    }
}

/// RFC 7208 7.3: the domain itself if it validated, else a subdomain of it,
/// else any validated name; "unknown" when none validated.
fn preferred_validated_name(names: &[String], domain: &str) -> String {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let below = format!(".{domain}");
    names
        .iter()
        .find(|n| **n == domain)
        .or_else(|| names.iter().find(|n| n.ends_with(&below)))
        .or_else(|| names.first())
        .cloned()
        .unwrap_or_else(|| "unknown".into())
}

fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(ip: &str) -> MacroContext {
        MacroContext {
            ip: Some(ip.parse().unwrap()),
            sender: "strong-bad@email.example.com".into(),
            helo: "mx.example.org".into(),
            validated_names: Vec::new(),
        }
    }

    fn exp(spec: &str, ip: &str) -> String {
        expand(&parse_macro_string(spec, true).unwrap(), "email.example.com", &ctx(ip))
    }

    #[test]
    fn rfc_7208_section_7_4_examples() {
        assert_eq!(exp("%{s}", "192.0.2.3"), "strong-bad@email.example.com");
        assert_eq!(exp("%{o}", "192.0.2.3"), "email.example.com");
        assert_eq!(exp("%{d}", "192.0.2.3"), "email.example.com");
        assert_eq!(exp("%{d4}", "192.0.2.3"), "email.example.com");
        assert_eq!(exp("%{d3}", "192.0.2.3"), "email.example.com");
        assert_eq!(exp("%{d2}", "192.0.2.3"), "example.com");
        assert_eq!(exp("%{d1}", "192.0.2.3"), "com");
        assert_eq!(exp("%{dr}", "192.0.2.3"), "com.example.email");
        assert_eq!(exp("%{d2r}", "192.0.2.3"), "example.email");
        assert_eq!(exp("%{l}", "192.0.2.3"), "strong-bad");
        assert_eq!(exp("%{l-}", "192.0.2.3"), "strong.bad");
        assert_eq!(exp("%{lr}", "192.0.2.3"), "strong-bad");
        assert_eq!(exp("%{lr-}", "192.0.2.3"), "bad.strong");
        assert_eq!(exp("%{l1r-}", "192.0.2.3"), "strong");
        assert_eq!(
            exp("%{ir}.%{v}._spf.%{d2}", "192.0.2.3"),
            "3.2.0.192.in-addr._spf.example.com"
        );
        assert_eq!(
            exp("%{lr-}.lp._spf.%{d2}", "192.0.2.3"),
            "bad.strong.lp._spf.example.com"
        );
        assert_eq!(
            exp("%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01"),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
        );
    }

    #[test]
    fn p_prefers_the_domain_then_a_subdomain_then_any_validated_name() {
        let spec = parse_domain_spec("%{p}.should.example.com").unwrap();
        let mut ctx = ctx("192.0.2.42");
        assert_eq!(
            expand(&spec, "e7.example.com", &ctx),
            "unknown.should.example.com",
            "nothing validated"
        );
        ctx.validated_names = vec!["mx.example.com".into(), "mx.e7.example.com".into()];
        assert_eq!(
            expand(&spec, "e7.example.com", &ctx),
            "mx.e7.example.com.should.example.com"
        );
        assert_eq!(
            expand(&spec, "E7.Example.COM", &ctx),
            "mx.e7.example.com.should.example.com"
        );
        assert_eq!(
            expand(&spec, "mx.example.com", &ctx),
            "mx.example.com.should.example.com"
        );
        assert_eq!(
            expand(&spec, "elsewhere.test", &ctx),
            "mx.example.com.should.example.com"
        );
    }

    #[test]
    fn percent_escapes_expand_as_section_7_1_says() {
        // `%%` a percent sign, `%_` a space, `%-` the URL-encoded space `%20`.
        let spec = parse_domain_spec("macro%%percent%_%_space%-url-space.example.com").unwrap();
        assert_eq!(
            expand(&spec, "example.com", &ctx("192.0.2.1")),
            "macro%percent  space%20url-space.example.com"
        );
        // Any visible character but `%` is a literal in a domain-spec.
        let colon = parse_domain_spec("foo:bar/baz.example.com").unwrap();
        assert_eq!(colon.literal().as_deref(), Some("foo:bar/baz.example.com"));
    }

    #[test]
    fn invalid_macros_are_rejected() {
        for bad in [
            "%{x}",
            "%{",
            "%{d0}",
            "%{d2q}",
            "foo%",
            "%a",
            "%{c}",
            "%{}",
            "a\u{e9}.test",
        ] {
            assert!(parse_macro_string(bad, false).is_err(), "{bad} should be invalid");
        }
        assert!(parse_macro_string("%{c}", true).is_ok());
        assert!(parse_macro_string("%%%_%-", false).is_ok());
    }

    #[test]
    fn domain_spec_needs_a_top_label() {
        assert!(parse_domain_spec("example.com").is_ok());
        assert!(parse_domain_spec("example.com.").is_ok());
        assert!(parse_domain_spec("%{d}").is_ok());
        assert!(parse_domain_spec("%{i}._spf.%{d}").is_ok());
        assert!(parse_domain_spec("localhost").is_err());
        assert!(parse_domain_spec("192.0.2.1").is_err());
        assert!(parse_domain_spec("example.-com").is_err());
        assert!(parse_domain_spec("").is_err());
    }

    #[test]
    fn long_expansions_are_trimmed_from_the_left() {
        let spec = parse_domain_spec("%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}.example.com").unwrap();
        let long = MacroContext {
            ip: None,
            sender: format!("{}@{}.test", "a".repeat(60), vec!["b".repeat(60); 3].join(".")),
            helo: String::new(),
            validated_names: Vec::new(),
        };
        let name = expand(&spec, "example.com", &long);
        assert!(name.len() <= 253, "{}", name.len());
        assert!(name.ends_with(".example.com"));
    }
}
