//! What local laws ask of the message itself (`--law il|us|ca`). A check of
//! the message's form, not legal advice: consent (opt-in), which all three
//! laws are mostly about, cannot be seen in a message.

use super::Law;
use crate::finding::Finding;
use mail_parser::Message;
use serde::{Deserialize, Serialize};

/// Shown with every law check, in every format.
pub const DISCLAIMER: &str = "This checks the form of the message only; it is not legal advice. Consent \
    (opt-in), which these laws require first of all, cannot be seen in a message.";

/// The label Israel's section 30A requires at the start of the subject.
pub const IL_LABEL: &str = "פרסומת";
/// A common misspelling (plene spelling) that is not the word the law names.
const IL_LABEL_PLENE: &str = "פירסומת";

/// One rule of one law, judged. Serialised in `messages[].law[]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LawCheck {
    pub law: Law,
    pub rule: String,
    pub met: bool,
    /// Where the rule comes from.
    pub source: String,
    pub detail: String,
}

const SOURCE_IL: &str =
    "Israel, Communications Law (Telecommunications and Broadcasting) 1982, section 30A (in force 1 December 2008)";
const SOURCE_US: &str = "United States, CAN-SPAM Act of 2003, 15 U.S.C. 7704(a)(3) and (a)(5)";
const SOURCE_CA: &str =
    "Canada, CASL (S.C. 2010, c. 23) section 6(2), and the CRTC Electronic Commerce Protection Regulations section 2-3";

/// Bidirectional marks that may stand before a Hebrew subject.
fn strip_bidi(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Whether the subject begins with the word "פרסומת" (decoded: mail-parser
/// reads RFC 2047 words in UTF-8, windows-1255 and ISO-8859-8).
pub fn has_il_label(subject: &str) -> bool {
    let rest = strip_bidi(subject);
    match rest.strip_prefix(IL_LABEL) {
        // The word itself, not the start of a longer one.
        Some(after) => after.chars().next().is_none_or(|c| !c.is_alphabetic()),
        None => false,
    }
}

/// Unsubscribe wording in the languages the laws are written for.
const OPT_OUT_WORDS: &[&str] = &[
    "unsubscribe",
    "opt out",
    "opt-out",
    "remove me",
    "stop receiving",
    "manage preferences",
    "email preferences",
    "הסרה",
    "להסרה",
    "הסר",
    "לביטול",
    "ביטול הרשמה",
    "désabonner",
    "désinscri",
    "se désabonner",
];

fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// A phone number: at least 7 digits with only separators between them.
fn has_phone_number(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/') {
            digits = 0;
        }
    }
    false
}

fn has_email_address(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | ':' | ','))
        .any(|w| super::address_domain(w).is_some() && w.contains('@') && !w.starts_with('@'))
}

/// A postal address, recognised loosely: a US state and ZIP, a PO box, a
/// Canadian postal code, or a street word next to a number.
pub fn has_postal_address(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains("p.o. box") || lower.contains("po box") || lower.contains("ת.ד") {
        return true;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let zip = |w: &str| {
        let w = w.trim_end_matches('.');
        let (five, plus4) = w.split_once('-').unwrap_or((w, "0000"));
        five.len() == 5 && five.chars().all(|c| c.is_ascii_digit()) && plus4.chars().all(|c| c.is_ascii_digit())
    };
    let state = |w: &str| w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase());
    let canadian = |a: &str, b: &str| {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        a.len() == 3
            && b.len() == 3
            && a[0].is_ascii_uppercase()
            && a[1].is_ascii_digit()
            && a[2].is_ascii_uppercase()
            && b[0].is_ascii_digit()
            && b[1].is_ascii_uppercase()
            && b[2].is_ascii_digit()
    };
    const STREET: &[&str] = &[
        "street",
        "st.",
        "avenue",
        "ave",
        "ave.",
        "road",
        "rd.",
        "boulevard",
        "blvd",
        "blvd.",
        "suite",
        "drive",
        "lane",
        "way",
        "רחוב",
        "רח'",
        "rue",
    ];
    words
        .windows(2)
        .any(|w| (state(w[0]) && zip(w[1])) || canadian(w[0], w[1]))
        || words.windows(3).any(|w| {
            w.iter().any(|x| x.chars().next().is_some_and(|c| c.is_ascii_digit()))
                && w.iter().any(|x| STREET.contains(&x.to_lowercase().as_str()))
        })
}

pub fn check(message: Option<&Message<'_>>, laws: &[Law]) -> (Vec<LawCheck>, Vec<Finding>) {
    let mut checks = Vec::new();
    let mut findings = Vec::new();
    if laws.is_empty() {
        return (checks, findings);
    }
    let subject = message.and_then(|m| m.subject()).unwrap_or("").to_string();
    let text = message.map(super::visible_text).unwrap_or_default();
    let lower = text.to_lowercase();
    let has_list_unsubscribe = message.is_some_and(|m| !super::raw_header_values(m, "List-Unsubscribe").is_empty());
    let opt_out = has_list_unsubscribe || contains_any(&lower, OPT_OUT_WORDS);
    let display_name = message
        .and_then(|m| m.from())
        .and_then(|a| a.first())
        .and_then(|a| a.name.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let named = display_name
        .as_deref()
        .is_some_and(|n| lower.contains(&n.to_lowercase()));
    let contact = has_phone_number(&text) || has_email_address(&text) || has_postal_address(&text);
    let identity = named && contact;
    let mut judge = |law: Law, rule: &str, met: bool, source: &str, detail: String, finding: Option<Finding>| {
        if let (false, Some(f)) = (met, finding) {
            findings.push(f.evidence(source).subject(law_name(law).to_string()));
        }
        checks.push(LawCheck {
            law,
            rule: rule.to_string(),
            met,
            source: source.to_string(),
            detail,
        });
    };
    let opt_out_detail = if has_list_unsubscribe {
        "List-Unsubscribe header present".to_string()
    } else if opt_out {
        "unsubscribe wording found in the body".to_string()
    } else {
        "no List-Unsubscribe header and no unsubscribe wording in the body".to_string()
    };
    let identity_detail = match (&display_name, named, contact) {
        (None, _, _) => "From has no display name to identify the advertiser by".to_string(),
        (Some(n), false, _) => format!("the sender's name \"{n}\" does not appear in the body"),
        (Some(_), true, false) => "no phone number, e-mail or postal address found in the body".to_string(),
        (Some(n), true, true) => format!("\"{n}\" and contact details found in the body"),
    };
    let opt_out_finding = |law: Law| {
        Finding::new(
            &super::OPT_OUT_MISSING,
            format!(
                "{}: the message offers no way to refuse further mail (no unsubscribe link or header). Not legal advice.",
                law_name(law)
            ),
        )
    };
    let identity_finding = |law: Law| {
        Finding::new(
            &super::SENDER_IDENTITY_MISSING,
            format!(
                "{}: the advertiser's name and contact details were not found in the message ({identity_detail}). \
                 Not legal advice.",
                law_name(law)
            ),
        )
    };
    for law in laws {
        match law {
            Law::Il => {
                let labelled = has_il_label(&subject);
                let detail = if labelled {
                    format!("the subject begins with {IL_LABEL}")
                } else if strip_bidi(&subject).starts_with(IL_LABEL_PLENE) {
                    format!("the subject begins with {IL_LABEL_PLENE}; the law names the word {IL_LABEL}")
                } else {
                    format!("the subject does not begin with {IL_LABEL}: \"{subject}\"")
                };
                let finding = Finding::new(
                    &super::IL_SUBJECT_LABEL,
                    format!(
                        "Israel: {detail}. Each advertisement without it can cost up to NIS 1,000. Not legal advice."
                    ),
                );
                judge(
                    *law,
                    "Subject begins with \"פרסומת\"",
                    labelled,
                    SOURCE_IL,
                    detail,
                    Some(finding),
                );
                judge(
                    *law,
                    "Advertiser's name and contact details",
                    identity,
                    SOURCE_IL,
                    identity_detail.clone(),
                    Some(identity_finding(*law)),
                );
                judge(
                    *law,
                    "A way to refuse further mail",
                    opt_out,
                    SOURCE_IL,
                    opt_out_detail.clone(),
                    Some(opt_out_finding(*law)),
                );
            }
            Law::Us => {
                let postal = has_postal_address(&text);
                judge(
                    *law,
                    "Valid physical postal address",
                    postal,
                    SOURCE_US,
                    if postal {
                        "a postal address was recognised in the body".to_string()
                    } else {
                        "no postal address recognised in the body".to_string()
                    },
                    Some(Finding::new(
                        &super::POSTAL_ADDRESS_MISSING,
                        "United States (CAN-SPAM): no physical postal address was recognised in the message. Not legal advice.",
                    )),
                );
                judge(
                    *law,
                    "A working opt-out",
                    opt_out,
                    SOURCE_US,
                    opt_out_detail.clone(),
                    Some(opt_out_finding(*law)),
                );
            }
            Law::Ca => {
                judge(
                    *law,
                    "Sender identified, with contact information",
                    identity,
                    SOURCE_CA,
                    identity_detail.clone(),
                    Some(identity_finding(*law)),
                );
                judge(
                    *law,
                    "An unsubscribe mechanism",
                    opt_out,
                    SOURCE_CA,
                    opt_out_detail.clone(),
                    Some(opt_out_finding(*law)),
                );
            }
        }
    }
    (checks, findings)
}

pub fn law_name(law: Law) -> &'static str {
    match law {
        Law::Il => "Israel (section 30A)",
        Law::Us => "United States (CAN-SPAM)",
        Law::Ca => "Canada (CASL)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn israeli_label_must_be_the_first_word() {
        assert!(has_il_label("פרסומת: מבצע"));
        assert!(has_il_label("\u{200F} פרסומת - מבצע"));
        assert!(has_il_label("פרסומת"));
        assert!(!has_il_label("מבצע פרסומת"));
        assert!(!has_il_label("פרסומתי"));
        assert!(!has_il_label("פירסומת: מבצע"));
        assert!(!has_il_label("Sale"));
    }

    #[test]
    fn postal_addresses_and_phones() {
        assert!(has_postal_address("Acme Inc, 100 Main Street, Springfield, IL 62701"));
        assert!(has_postal_address("Acme, PO Box 12, Anytown"));
        assert!(has_postal_address("Acme, 1 Rue Sainte, Montréal QC H2X 1Y4"));
        assert!(!has_postal_address("Thanks for reading. Call us!"));
        assert!(has_phone_number("call +972-3-555-1234"));
        assert!(!has_phone_number("order 12345"));
    }
}
