//! `mailaudit message`: lint a campaign e-mail (an .eml file) before it is sent.
//!
//! DNS can only show half of the bulk-sender rules; the rest is in each
//! message: is it DKIM-signed (and does the signature verify), aligned with
//! the From: domain, does it carry one-click unsubscribe, is it valid RFC 5322.
//! One file per concern; this module runs them and sums them up.

pub mod alignment;
pub mod dkim;
pub mod form;
pub mod law;
pub mod links;
pub mod received;
pub mod unsubscribe;

use crate::blocklist::Zone;
use crate::check::requirements::{self, ALL, GMAIL_YAHOO, Requirement, RequirementStatus};
use crate::check::{ToolInfo, Verdict, VerdictStatus};
use crate::dns::Dns;
use crate::finding::{Code, Finding, Severity};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

const fn code(
    code: &'static str,
    severity: Severity,
    title: &'static str,
    explanation: &'static str,
    fix: &'static str,
) -> Code {
    Code {
        code,
        severity,
        title,
        explanation,
        fix,
        incomplete: false,
    }
}

pub static DKIM_MISSING: Code = code(
    "message.dkim_missing",
    Severity::Error,
    "Message not DKIM-signed",
    "The message has no DKIM-Signature header (or none with the selector you named). Gmail, Yahoo and \
         Microsoft require bulk mail to be DKIM-signed; unsigned mail can only pass DMARC through SPF, which \
         breaks as soon as the message is forwarded.",
    "Turn on DKIM signing in your sending service for the From: domain, and export the message as it \
         leaves the service (signed) before linting it.",
);

pub static DKIM_INVALID: Code = code(
    "message.dkim_invalid",
    Severity::Error,
    "DKIM signature does not verify",
    "A DKIM signature does not verify. Either the body hash (bh=) does not match the body, meaning the \
         body was changed after signing (a footer added, line endings or encoding rewritten), or the header \
         signature (b=) does not match the signed headers and the published key, meaning a signed header \
         was changed or the key in DNS is not the one that signed. A signature without From in h= is \
         invalid (RFC 6376 5.4).",
    "Sign last: nothing may change the message after the signature is added. If the header signature \
         fails, compare the key published at selector._domainkey.domain with the one your service signs with.",
);

pub static DKIM_WEAK_KEY: Code = code(
    "message.dkim_weak_key",
    Severity::Error,
    "DKIM signature made with a key under 1024 bits",
    "The signing key is an RSA key shorter than 1024 bits. RFC 8301 tells receivers not to accept such \
         signatures, so the message counts as unsigned.",
    "Create a 2048-bit key, publish it under a new selector and sign with it.",
);

pub static DKIM_BODY_LENGTH: Code = code(
    "message.dkim_body_length",
    Severity::Warning,
    "DKIM signature covers only part of the body (l=)",
    "The signature has an l= tag: it covers only the first bytes of the body, so anyone who gets a copy \
         can append content (a phishing link) and the signature still verifies. Some receivers treat such \
         signatures with suspicion.",
    "Turn off body-length limits in your signing settings, so the signature covers the whole body.",
);

pub static DKIM_HEADERS_UNSIGNED: Code = code(
    "message.dkim_headers_unsigned",
    Severity::Warning,
    "Important headers not covered by the DKIM signature",
    "The signature's h= tag does not list some of From, Subject, Date, To, List-Unsubscribe, \
         List-Unsubscribe-Post, MIME-Version, Content-Type that the message has. Headers outside h= can be \
         changed or added by anyone without breaking the signature.",
    "Sign at least these headers (most services let you choose); sign List-Unsubscribe and \
         List-Unsubscribe-Post too, as RFC 8058 requires.",
);

pub static DKIM_UNALIGNED: Code = code(
    "message.dkim_unaligned",
    Severity::Warning,
    "No valid DKIM signature aligned with From",
    "No signature that verifies has a d= domain aligned with the From: domain (the same domain under \
         strict alignment, the same organisational domain under relaxed). DMARC then depends on SPF alone, \
         which fails whenever the message is forwarded.",
    "Sign with the From: domain (set up custom DKIM / domain authentication in your sending service) \
         rather than the service's own domain.",
);

pub static SPF_UNALIGNED: Code = code(
    "message.spf_unaligned",
    Severity::Info,
    "Return-Path not aligned with From",
    "The Return-Path (envelope sender) domain is not aligned with the From: domain, so SPF cannot make \
         the message pass DMARC; only an aligned DKIM signature can. That is common with sending services \
         and fine when DKIM is aligned.",
    "Set up a custom return-path (bounce) domain under your From: domain in your sending service.",
);

pub static DMARC_FAIL: Code = code(
    "message.dmarc_fail",
    Severity::Error,
    "The message would fail DMARC",
    "Neither a valid DKIM signature nor the Return-Path domain is aligned with the From: domain (or SPF \
         does not pass for the sending IP), so the message fails DMARC: with p=quarantine or p=reject it \
         goes to spam or is refused, and Gmail, Yahoo and Microsoft require bulk mail to pass.",
    "Sign with a key of the From: domain (custom DKIM) and/or use a return-path domain under it.",
);

pub static UNSUBSCRIBE_MISSING: Code = code(
    "message.unsubscribe_missing",
    Severity::Error,
    "No List-Unsubscribe header",
    "The message has no List-Unsubscribe header. Gmail and Yahoo require bulk marketing mail to offer \
         one-click unsubscribe through it (since June 2024); without it recipients press \"report spam\" \
         instead.",
    "Turn on the List-Unsubscribe header in your sending service, with an https URL that unsubscribes \
         on a POST, plus List-Unsubscribe-Post: List-Unsubscribe=One-Click. Use --transactional for \
         transactional mail.",
);

pub static ONE_CLICK_MISSING: Code = code(
    "message.one_click_missing",
    Severity::Error,
    "One-click unsubscribe (RFC 8058) incomplete",
    "One-click unsubscribe needs both an https URI in List-Unsubscribe and the header \
         List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058). A mailto: address alone, or a \
         missing or different List-Unsubscribe-Post, is not one-click.",
    "Add an https unsubscribe URL that works with a POST and no further page, and the header \
         List-Unsubscribe-Post: List-Unsubscribe=One-Click.",
);

pub static UNSUBSCRIBE_UNSIGNED: Code = code(
    "message.unsubscribe_unsigned",
    Severity::Error,
    "Unsubscribe headers not covered by a valid DKIM signature",
    "RFC 8058 requires List-Unsubscribe and List-Unsubscribe-Post to be covered by a valid DKIM \
         signature (listed in h=); otherwise anyone relaying the message could change where the \
         unsubscribe goes, and receivers may ignore the headers.",
    "Add List-Unsubscribe and List-Unsubscribe-Post to the headers your service signs.",
);

pub static SYNTAX: Code = code(
    "message.syntax",
    Severity::Error,
    "Message not valid RFC 5322",
    "RFC 5322 requires exactly one From, one Date and (for bulk mail) one Message-ID header, a valid \
         address in From, and lines of at most 998 octets. Gmail requires bulk mail to follow RFC 5322 and \
         rejects or files messages that do not.",
    "Fix the template or the sending code that builds the message; the finding names the problem.",
);

pub static NO_TEXT_PART: Code = code(
    "message.no_text_part",
    Severity::Info,
    "HTML without a plain-text alternative",
    "The message has an HTML body but no text/plain alternative. Some spam filters score HTML-only \
         mail higher, and text-only readers see nothing useful.",
    "Send multipart/alternative with a text/plain version of the content.",
);

pub static TOO_LARGE: Code = code(
    "message.too_large",
    Severity::Warning,
    "HTML body over 102 KB: Gmail clips it",
    "Gmail shows only the first 102 KB or so of a message's HTML and hides the rest behind \"[Message \
         clipped] View entire message\", which hides the footer with the unsubscribe link and the tracking \
         pixel.",
    "Shrink the HTML: remove inlined CSS that is not used, compress whitespace, link images instead of \
         embedding them.",
);

pub static FROM_DISPLAY_SPOOF: Code = code(
    "message.from_display_spoof",
    Severity::Warning,
    "From display name shows another domain's address",
    "The display name of From contains an e-mail address of another domain than the real sender \
         address, the classic trick of phishing mail. Filters score it high, even when innocent.",
    "Use a plain name as display name (\"Acme Newsletter\"), not an address.",
);

pub static LINK_LISTED: Code = code(
    "message.link_listed",
    Severity::Error,
    "Link domain on a domain blocklist",
    "A link or image in the message points to a domain listed on a domain blocklist (Spamhaus DBL, \
         URIBL, SURBL). Receivers that consult these lists send the message to spam or refuse it, whoever \
         sends it.",
    "Remove or replace the link; if the domain is yours, find out why it was listed and request removal.",
);

pub static LINK_SHORTENER: Code = code(
    "message.link_shortener",
    Severity::Warning,
    "Link through a public URL shortener",
    "A link goes through a public URL shortener (bit.ly, tinyurl...). Shorteners hide the destination, \
         are used heavily by spammers, and their domains are often listed on URI blocklists, so filters \
         score them high.",
    "Link to the destination directly, or use a branded link domain of your own.",
);

pub static IL_SUBJECT_LABEL: Code = code(
    "message.il_subject_label",
    Severity::Error,
    "Subject lacks the label \"פרסומת\" (Israel)",
    "Israel's Communications Law section 30A (in force since 1 December 2008) requires an advertisement \
         sent by e-mail to begin its subject with the word \"פרסומת\" (advertisement). Each message without \
         it can cost up to NIS 1,000 in statutory damages, without proof of harm. This checks the form of \
         the message only; it is not legal advice.",
    "Begin the subject with the word פרסומת, e.g. \"פרסומת: מבצע סוף העונה\".",
);

pub static SENDER_IDENTITY_MISSING: Code = code(
    "message.sender_identity_missing",
    Severity::Warning,
    "Advertiser's name or contact details not found",
    "Israel's section 30A and Canada's CASL require the message to identify the sender (name) and give \
         contact details (an address, phone number, e-mail or web address). None were found in the body. \
         This is a heuristic check of the message's form, not legal advice.",
    "Add a footer with the advertiser's name and contact details (postal address, phone or e-mail).",
);

pub static OPT_OUT_MISSING: Code = code(
    "message.opt_out_missing",
    Severity::Error,
    "No way to refuse further mail",
    "Israel's section 30A, CAN-SPAM (US) and CASL (Canada) require each commercial message to offer a \
         simple way to refuse further mail: an unsubscribe link, or a reply address for refusals. None was \
         found. This checks the form of the message only; it is not legal advice.",
    "Add an unsubscribe link to the footer (and the List-Unsubscribe header).",
);

pub static POSTAL_ADDRESS_MISSING: Code = code(
    "message.postal_address_missing",
    Severity::Warning,
    "No physical postal address found (CAN-SPAM)",
    "CAN-SPAM requires commercial e-mail to include the sender's valid physical postal address (a street \
         address, or a post office box registered with the USPS). None was recognised in the body. This is \
         a heuristic check of the message's form, not legal advice.",
    "Add your postal address to the footer.",
);

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[
    &DKIM_MISSING,
    &DKIM_INVALID,
    &DKIM_WEAK_KEY,
    &DKIM_BODY_LENGTH,
    &DKIM_HEADERS_UNSIGNED,
    &DKIM_UNALIGNED,
    &SPF_UNALIGNED,
    &DMARC_FAIL,
    &UNSUBSCRIBE_MISSING,
    &ONE_CLICK_MISSING,
    &UNSUBSCRIBE_UNSIGNED,
    &SYNTAX,
    &NO_TEXT_PART,
    &TOO_LARGE,
    &FROM_DISPLAY_SPOOF,
    &LINK_LISTED,
    &LINK_SHORTENER,
    &IL_SUBJECT_LABEL,
    &SENDER_IDENTITY_MISSING,
    &OPT_OUT_MISSING,
    &POSTAL_ADDRESS_MISSING,
];

/// Which local laws to check the message against (`--law`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Law {
    /// Israel: Communications Law section 30A
    Il,
    /// United States: CAN-SPAM Act
    Us,
    /// Canada: CASL
    Ca,
}

/// What the user asked for, validated.
#[derive(Debug, Clone, Default)]
pub struct MessageOptions {
    /// Sending IPs to evaluate against the Return-Path domain's SPF.
    pub ips: Vec<IpAddr>,
    /// Bulk (marketing) mail: the unsubscribe rules apply in full.
    pub bulk: bool,
    /// DKIM selectors the message must be signed with (empty: any).
    pub selectors: Vec<String>,
    pub laws: Vec<Law>,
    pub blocklists: bool,
    pub blocklist_zones: Vec<Zone>,
}

/// Everything learned about one message. One element of `messages` in the
/// JSON output (schema_version 1; docs/message.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageReport {
    /// The file name (`-` for standard input).
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub dkim: Vec<dkim::SignatureCheck>,
    pub alignment: alignment::AlignmentReport,
    pub unsubscribe: unsubscribe::UnsubscribeReport,
    pub form: form::FormReport,
    pub links: links::LinksReport,
    /// What receivers recorded, when this is a received copy.
    pub received: received::ReceivedReport,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub law: Vec<law::LawCheck>,
    /// Gmail / Yahoo / Microsoft bulk-sender rows this message can show.
    pub requirements: Vec<Requirement>,
}

/// The whole result of a `message` run, as written by `--format json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageRun {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub messages: Vec<MessageReport>,
}

impl MessageRun {
    pub const SCHEMA_VERSION: u32 = 1;

    pub fn new(messages: Vec<MessageReport>) -> Self {
        MessageRun {
            schema_version: Self::SCHEMA_VERSION,
            tool: ToolInfo {
                name: "mailaudit".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            messages,
        }
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.messages.iter().flat_map(|m| m.findings.iter())
    }
}

/// Audit one message. `file` names it in the report.
pub async fn audit(dns: &Dns, file: &str, raw: &[u8], options: &MessageOptions) -> MessageReport {
    let parsed = mail_parser::MessageParser::default().parse(raw);
    let (form, mut findings) = form::check(raw, parsed.as_ref());
    let from_domain = form.from_domain.clone();

    let (signatures, arc, dkim_findings) = dkim::verify(dns, raw, &options.selectors).await;
    findings.extend(dkim_findings);

    let (alignment, alignment_findings) = match &from_domain {
        Some(domain) => alignment::check(dns, domain, parsed.as_ref(), &signatures, &options.ips).await,
        None => (alignment::AlignmentReport::default(), Vec::new()),
    };
    findings.extend(alignment_findings);

    let (unsubscribe, unsubscribe_findings) = unsubscribe::check(parsed.as_ref(), &signatures, options.bulk);
    findings.extend(unsubscribe_findings);

    let (links, link_findings) = links::check(dns, parsed.as_ref(), options).await;
    findings.extend(link_findings);

    let received = received::read(parsed.as_ref(), arc);

    let (law, law_findings) = law::check(parsed.as_ref(), &options.laws);
    findings.extend(law_findings);

    dedupe(&mut findings);
    crate::check::sort_findings(&mut findings);
    let requirements = provider_rows(&findings, &alignment, options.bulk);
    MessageReport {
        file: file.to_string(),
        from: form.from.clone(),
        subject: parsed.as_ref().and_then(|m| m.subject()).map(str::to_string),
        verdict: verdict(&findings),
        findings,
        dkim: signatures,
        alignment,
        unsubscribe,
        form,
        links,
        received,
        law,
        requirements,
    }
}

/// A key looked up for several signatures fails once: say it once.
fn dedupe(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.subject.clone(), f.message.clone())));
}

/// The check verdict, worded for a message.
fn verdict(findings: &[Finding]) -> Verdict {
    let mut verdict = crate::check::verdict(findings);
    verdict.summary = match verdict.status {
        VerdictStatus::Ok => {
            "The message meets the checks mailaudit can make before sending: no problems found.".to_string()
        }
        _ => verdict
            .summary
            .replace("Mail from this domain is", "This message is")
            .replace("Mail can arrive", "The message can arrive"),
    };
    verdict
}

/// The bulk-sender rows this message shows; DNS rows are `check`'s.
fn provider_rows(findings: &[Finding], alignment: &alignment::AlignmentReport, bulk: bool) -> Vec<Requirement> {
    let failing = |codes: &[&Code]| -> Vec<&str> {
        let mut found: Vec<&str> = findings
            .iter()
            .filter(|f| codes.contains(&f.code) && f.severity >= Severity::Warning)
            .map(|f| f.code.as_str())
            .collect();
        found.dedup();
        found
    };
    let incomplete = findings.iter().any(Finding::is_incomplete);
    let judge = |codes: &[&Code], met: &str| {
        let failed = failing(codes);
        if !failed.is_empty() {
            (RequirementStatus::NotMet, format!("see {}", failed.join(", ")))
        } else if incomplete {
            (
                RequirementStatus::Unknown,
                "a DNS lookup failed (dns.temperror)".to_string(),
            )
        } else {
            (RequirementStatus::Met, met.to_string())
        }
    };
    let row = |name: &str, by: &[&str], (status, why): (RequirementStatus, String)| Requirement {
        requirement: name.to_string(),
        required_by: by.iter().map(|s| s.to_string()).collect(),
        status,
        why,
    };
    let mut rows = vec![
        row(
            "Message DKIM-signed with a valid signature",
            ALL,
            judge(&[&DKIM_MISSING, &DKIM_INVALID, &DKIM_WEAK_KEY], "a signature verifies"),
        ),
        row(
            requirements::ALIGNMENT,
            ALL,
            judge(
                &[&DMARC_FAIL],
                if alignment.dkim_aligned {
                    "a valid DKIM signature is aligned with From"
                } else {
                    "the Return-Path domain is aligned with From"
                },
            ),
        ),
        row(
            "Message format per RFC 5322",
            GMAIL_YAHOO,
            judge(&[&SYNTAX], "one From, Date and Message-ID; lines within 998 octets"),
        ),
    ];
    rows.push(if bulk {
        row(
            requirements::ONE_CLICK,
            GMAIL_YAHOO,
            judge(
                &[&UNSUBSCRIBE_MISSING, &ONE_CLICK_MISSING, &UNSUBSCRIBE_UNSIGNED],
                "List-Unsubscribe with https, List-Unsubscribe-Post, both signed",
            ),
        )
    } else {
        row(
            requirements::ONE_CLICK,
            GMAIL_YAHOO,
            (
                RequirementStatus::NotChecked,
                "not required for transactional mail (--transactional)".to_string(),
            ),
        )
    });
    let not_checked = [
        (
            "SPF, DKIM key and DMARC record published",
            ALL,
            "DNS posture: run `mailaudit check` on the From: domain",
        ),
        (
            requirements::COMPLAINTS,
            GMAIL_YAHOO,
            "not visible in a message: run `mailaudit losses`",
        ),
        (
            requirements::TLS,
            GMAIL_YAHOO,
            "depends on each SMTP session, not on the message",
        ),
    ];
    for (name, by, why) in not_checked {
        rows.push(row(name, by, (RequirementStatus::NotChecked, why.to_string())));
    }
    rows
}

/// The text of a header as written (unfolded, trimmed), for every occurrence.
pub(crate) fn raw_header_values<'a>(message: &'a mail_parser::Message<'a>, name: &str) -> Vec<String> {
    message
        .headers_raw()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| unfold(v))
        .collect()
}

/// A header value on one line: folding removed, trimmed.
pub(crate) fn unfold(value: &str) -> String {
    value
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The domain of an address, lower case.
pub(crate) fn address_domain(address: &str) -> Option<String> {
    let (_, domain) = address.trim().trim_matches(['<', '>']).rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// All text a reader sees: the text parts and the HTML parts (tags stripped crudely).
pub(crate) fn visible_text(message: &mail_parser::Message<'_>) -> String {
    let mut text = String::new();
    for i in 0..message.text_body_count() {
        if let Some(body) = message.body_text(i) {
            text.push_str(&body);
            text.push('\n');
        }
    }
    for i in 0..message.html_body_count() {
        if let Some(body) = message.body_html(i) {
            text.push_str(&body);
            text.push('\n');
        }
    }
    text
}
