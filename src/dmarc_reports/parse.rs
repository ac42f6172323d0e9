//! The XML of one aggregate report (RFC 7489 appendix C, and the DMARCbis
//! schema, which only adds fields and a namespace) into an [`AggregateReport`].
//!
//! A streaming reader keyed on the element path: unknown elements are skipped,
//! namespaces ignored, depth capped, and a document that does not close its
//! `<feedback>` element is an error (a truncated report must not count as a
//! shorter one).

use super::{AggregateReport, AuthResult, Disposition, OverrideReason, ReportRecord};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Deeper than any real report (the schema nests 5 levels); stops hostile nesting.
pub const MAX_DEPTH: usize = 32;
/// No real report has this many rows; keeps memory bounded per report.
pub const MAX_RECORDS: usize = 1_000_000;
/// Largest message count believed in one row or one report: more than the
/// busiest receiver handles in a day. Keeps every later sum far from u64 overflow.
pub const MAX_MESSAGES: u64 = 1_000_000_000_000;
/// Longest text kept from a field (org name, report id, comments...).
pub const MAX_TEXT: usize = crate::input::limits::MAX_TEXT_FIELD_BYTES;

/// Parse one report. The error says what was wrong, for the "skipped" list.
pub fn parse_report(xml: &[u8]) -> Result<AggregateReport, String> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut path: Vec<&'static [u8]> = Vec::with_capacity(8);
    let mut text = String::new();
    let mut report = AggregateReport::default();
    let mut record: Option<ReportRecord> = None;
    let mut auth: Option<AuthResult> = None;
    let mut reason: Option<OverrideReason> = None;
    let mut saw_feedback = false;
    let mut closed_feedback = false;
    // Set when the current element's text went over MAX_TEXT.
    let mut text_cut = false;
    let mut dates = DateRange::default();
    let mut total: u64 = 0;

    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                if closed_feedback {
                    return Err("content after </feedback>".into());
                }
                let local = start.local_name();
                let name = intern(local.as_ref());
                if path.is_empty() {
                    if name != b"feedback" {
                        return Err(format!(
                            "not a DMARC aggregate report: root element is <{}>",
                            String::from_utf8_lossy(local.as_ref())
                        ));
                    }
                    saw_feedback = true;
                    // RFC 9990 reports declare their namespace on the root.
                    report.namespace = start
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .map(|a| String::from_utf8_lossy(&a.value).trim().chars().take(200).collect());
                }
                if path.len() >= MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                }
                path.push(name);
                text.clear();
                text_cut = false;
                match path.as_slice() {
                    [b"feedback", b"record"] => {
                        if report.records.len() >= MAX_RECORDS {
                            return Err(format!("more than {MAX_RECORDS} records"));
                        }
                        record = Some(ReportRecord::default());
                    }
                    [b"feedback", b"record", b"auth_results", b"dkim" | b"spf"] => auth = Some(AuthResult::default()),
                    [b"feedback", b"record", b"row", b"policy_evaluated", b"reason"] => {
                        reason = Some(OverrideReason::default())
                    }
                    _ => {}
                }
            }
            Event::Empty(start) => {
                if path.is_empty() {
                    return Err("not a DMARC aggregate report: empty root element".into());
                }
                let _ = start;
            }
            Event::Text(t) => {
                if text.len() <= MAX_TEXT {
                    // Unescape at most a little over the cap: a 30 MB org_name must not be copied whole.
                    let raw = &t[..t.len().min(MAX_TEXT + 16)];
                    let value = quick_xml::escape::unescape(&String::from_utf8_lossy(raw))
                        .map(|v| v.into_owned())
                        .or_else(|e| {
                            if raw.len() < t.len() {
                                Ok(String::from_utf8_lossy(raw).into_owned())
                            } else {
                                Err(e)
                            }
                        })
                        .map_err(|e| format!("bad text in XML: {e}"))?;
                    text.push_str(&value);
                }
                text_cut |= crate::input::limits::cap_text(&mut text, MAX_TEXT);
            }
            Event::CData(t) => {
                if text.len() <= MAX_TEXT {
                    text.push_str(&String::from_utf8_lossy(&t[..t.len().min(MAX_TEXT + 16)]));
                }
                text_cut |= crate::input::limits::cap_text(&mut text, MAX_TEXT);
            }
            Event::End(_) => {
                let value = text.trim();
                {
                    let p = path.as_slice();
                    if text_cut && report.notes.len() < 10 {
                        let field = p
                            .last()
                            .map(|n| String::from_utf8_lossy(n).into_owned())
                            .unwrap_or_default();
                        report.notes.push(format!(
                            "<{field}> longer than {MAX_TEXT} bytes: kept its start, marked {:?}",
                            crate::input::limits::TRUNCATION_MARK
                        ));
                    }
                    let number = report.records.len() + 1;
                    assign(
                        p,
                        value,
                        &mut report,
                        record.as_mut(),
                        auth.as_mut(),
                        reason.as_mut(),
                        &mut dates,
                    )
                    .map_err(|e| format!("record {number}: {e}"))?;
                    match p {
                        [b"feedback", b"record"] => {
                            if let Some(r) = record.take() {
                                total = total
                                    .checked_add(r.count)
                                    .filter(|t| *t <= MAX_MESSAGES)
                                    .ok_or_else(|| format!("the rows add up to more than {MAX_MESSAGES} messages"))?;
                                report.records.push(r);
                            }
                        }
                        [b"feedback", b"record", b"auth_results", kind @ (b"dkim" | b"spf")] => {
                            if let (Some(r), Some(a)) = (record.as_mut(), auth.take()) {
                                if *kind == b"dkim" {
                                    r.dkim.push(a);
                                } else {
                                    r.spf.push(a);
                                }
                            }
                        }
                        [b"feedback", b"record", b"row", b"policy_evaluated", b"reason"] => {
                            if let (Some(r), Some(x)) = (record.as_mut(), reason.take()) {
                                r.reasons.push(x);
                            }
                        }
                        [b"feedback"] => closed_feedback = true,
                        _ => {}
                    }
                }
                path.pop();
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_feedback {
        return Err("no <feedback> element: not a DMARC aggregate report".into());
    }
    if !closed_feedback {
        return Err("truncated: the report ends before </feedback>".into());
    }
    if report.org_name.is_empty() && report.report_id.is_empty() {
        return Err("report_metadata lacks org_name and report_id".into());
    }
    if report.policy.domain.is_empty() {
        return Err("policy_published lacks the domain".into());
    }
    dates.check(&mut report)?;
    Ok(report)
}

/// The `<date_range>` as written, checked once the report is read.
#[derive(Default)]
struct DateRange {
    begin: Option<String>,
    end: Option<String>,
}

impl DateRange {
    fn check(self, report: &mut AggregateReport) -> Result<(), String> {
        let read = |name: &str, v: Option<String>| -> Result<Option<i64>, String> {
            v.map(|v| {
                v.parse::<i64>().ok().filter(|t| *t >= 0).ok_or_else(|| {
                    format!(
                        "date_range {name} {:?} is not a Unix time",
                        crate::sanitize::for_terminal(&v)
                    )
                })
            })
            .transpose()
        };
        report.date_begin = read("begin", self.begin)?;
        report.date_end = read("end", self.end)?;
        if let (Some(b), Some(e)) = (report.date_begin, report.date_end)
            && e < b
        {
            return Err(format!("date_range ends ({e}) before it begins ({b})"));
        }
        Ok(())
    }
}

/// A row's message count: a whole number, at most [`MAX_MESSAGES`].
fn parse_count(value: &str) -> Result<u64, String> {
    let shown = || {
        crate::sanitize::for_terminal(value)
            .chars()
            .take(40)
            .collect::<String>()
    };
    let n: u64 = value
        .parse()
        .map_err(|_| format!("count {:?} is not a whole number of messages", shown()))?;
    if n > MAX_MESSAGES {
        return Err(format!("count {n} is more than {MAX_MESSAGES} messages"));
    }
    Ok(n)
}

/// The element names the parser looks at, so the path is a stack of static
/// names (no allocation per element). Anything else is `?`.
const KNOWN: &[&[u8]] = &[
    b"feedback",
    b"report_metadata",
    b"org_name",
    b"email",
    b"report_id",
    b"error",
    b"date_range",
    b"begin",
    b"end",
    b"policy_published",
    b"domain",
    b"adkim",
    b"aspf",
    b"p",
    b"sp",
    b"np",
    b"pct",
    b"testing",
    b"record",
    b"row",
    b"source_ip",
    b"count",
    b"policy_evaluated",
    b"disposition",
    b"dkim",
    b"spf",
    b"reason",
    b"type",
    b"comment",
    b"identifiers",
    b"header_from",
    b"envelope_from",
    b"envelope_to",
    b"auth_results",
    b"selector",
    b"scope",
    b"result",
    b"human_result",
    b"version",
    b"generator",
    b"discovery_method",
];

fn intern(name: &[u8]) -> &'static [u8] {
    KNOWN
        .iter()
        .find(|k| k.len() == name.len() && k.eq_ignore_ascii_case(name))
        .copied()
        .unwrap_or(b"?")
}

fn assign(
    path: &[&[u8]],
    value: &str,
    report: &mut AggregateReport,
    record: Option<&mut ReportRecord>,
    auth: Option<&mut AuthResult>,
    reason: Option<&mut OverrideReason>,
    dates: &mut DateRange,
) -> Result<(), String> {
    let owned = || Some(value.to_string()).filter(|v| !v.is_empty());
    match path {
        [b"feedback", b"version"] => report.version = owned(),
        [b"feedback", b"report_metadata", leaf] => match *leaf {
            b"generator" => report.generator = owned(),
            b"org_name" => report.org_name = value.to_string(),
            b"email" => report.org_email = owned(),
            b"report_id" => report.report_id = value.to_string(),
            b"error" if !value.is_empty() && report.errors.len() < 100 => report.errors.push(value.to_string()),
            _ => {}
        },
        [b"feedback", b"report_metadata", b"date_range", leaf] => match *leaf {
            b"begin" => dates.begin = Some(value.to_string()),
            b"end" => dates.end = Some(value.to_string()),
            _ => {}
        },
        [b"feedback", b"policy_published", leaf] => {
            let p = &mut report.policy;
            match *leaf {
                b"domain" => p.domain = value.trim_end_matches('.').to_ascii_lowercase(),
                b"adkim" => p.adkim = owned(),
                b"aspf" => p.aspf = owned(),
                b"p" => p.p = owned(),
                b"sp" => p.sp = owned(),
                b"np" => p.np = owned(),
                b"pct" => p.pct = value.parse().ok(),
                b"testing" => p.testing = owned(),
                b"discovery_method" => p.discovery_method = owned(),
                _ => {}
            }
        }
        [b"feedback", b"record", rest @ ..] => {
            let Some(r) = record else { return Ok(()) };
            match rest {
                [b"row", b"source_ip"] => r.source_ip = value.to_string(),
                [b"row", b"count"] => r.count = parse_count(value)?,
                [b"row", b"policy_evaluated", b"disposition"] => r.disposition = Disposition::parse(value),
                [b"row", b"policy_evaluated", b"dkim"] => r.dkim_aligned = value.eq_ignore_ascii_case("pass"),
                [b"row", b"policy_evaluated", b"spf"] => r.spf_aligned = value.eq_ignore_ascii_case("pass"),
                [b"row", b"policy_evaluated", b"reason", leaf] => {
                    if let Some(x) = reason {
                        match *leaf {
                            b"type" => x.kind = value.to_ascii_lowercase(),
                            b"comment" => x.comment = owned(),
                            _ => {}
                        }
                    }
                }
                [b"identifiers", b"header_from"] => r.header_from = value.trim_end_matches('.').to_ascii_lowercase(),
                [b"identifiers", b"envelope_from"] => {
                    r.envelope_from = owned().map(|v| v.trim_end_matches('.').to_ascii_lowercase())
                }
                [b"identifiers", b"envelope_to"] => r.envelope_to = owned(),
                [b"auth_results", b"dkim" | b"spf", leaf] => {
                    if let Some(a) = auth {
                        match *leaf {
                            b"domain" => a.domain = value.trim_end_matches('.').to_ascii_lowercase(),
                            b"selector" => a.selector = owned(),
                            b"scope" => a.scope = owned(),
                            b"result" => a.result = value.to_ascii_lowercase(),
                            b"human_result" => a.human_result = owned(),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "<feedback><report_metadata><org_name>o</org_name><report_id>1</report_id>\
        </report_metadata><policy_published><domain>Example.COM.</domain><p>none</p></policy_published>\
        <record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated>\
        <disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>\
        <identifiers><header_from>example.com</header_from></identifiers>\
        <auth_results><dkim><domain>example.com</domain><result>pass</result><human_result>ok &lt;1&gt;</human_result></dkim></auth_results></record></feedback>";

    #[test]
    fn minimal_report() {
        let r = parse_report(MINIMAL.as_bytes()).unwrap();
        assert_eq!(r.policy.domain, "example.com");
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].count, 3);
        assert!(r.records[0].dmarc_pass());
        assert_eq!(r.records[0].dkim[0].human_result.as_deref(), Some("ok <1>"));
    }

    #[test]
    fn rfc9990_namespace_version_generator_and_discovery_method() {
        let bis = MINIMAL
            .replace(
                "<feedback>",
                "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"><version>1.0</version>",
            )
            .replace("</report_id>", "</report_id><generator>Example 2.1</generator>")
            .replace(
                "<p>none</p>",
                "<p>none</p><np>reject</np><testing>y</testing><discovery_method>treewalk</discovery_method>",
            );
        let r = parse_report(bis.as_bytes()).unwrap();
        assert_eq!(r.namespace.as_deref(), Some("urn:ietf:params:xml:ns:dmarc-2.0"));
        assert_eq!(r.version.as_deref(), Some("1.0"));
        assert_eq!(r.generator.as_deref(), Some("Example 2.1"));
        assert_eq!(r.policy.discovery_method.as_deref(), Some("treewalk"));
        assert_eq!(r.policy.np.as_deref(), Some("reject"));
        assert_eq!(r.policy.testing.as_deref(), Some("y"));
        let old = parse_report(MINIMAL.as_bytes()).unwrap();
        assert_eq!((old.namespace, old.version, old.generator), (None, None, None));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "<feedback>{}{}</feedback>",
            "<x>".repeat(MAX_DEPTH + 5),
            "</x>".repeat(MAX_DEPTH + 5)
        );
        assert!(parse_report(deep.as_bytes()).unwrap_err().contains("nested"));
        // Moderate nesting in an unknown element is fine.
        let ok = MINIMAL.replace("<feedback>", "<feedback><extensions><a><b><c/></b></a></extensions>");
        assert!(parse_report(ok.as_bytes()).is_ok());
    }

    #[test]
    fn truncated_and_foreign_documents_are_errors() {
        let cut = &MINIMAL[..MINIMAL.len() - 20];
        assert!(parse_report(cut.as_bytes()).is_err());
        assert!(
            parse_report(b"<html><body/></html>")
                .unwrap_err()
                .contains("root element")
        );
        assert!(parse_report(b"<feedback></feedback>").is_err());
        assert!(parse_report(b"").is_err());
        assert!(parse_report(format!("{MINIMAL}<feedback></feedback>").as_bytes()).is_err());
    }

    #[test]
    fn mismatched_end_tags_are_errors() {
        let bad = MINIMAL.replace("</count>", "</cnt>");
        assert!(parse_report(bad.as_bytes()).is_err());
    }

    #[test]
    fn counts_that_are_not_whole_numbers_reject_the_report() {
        for bad in ["-5", "18446744073709551616", "1e9", "10.5", "", "1000000000001"] {
            let doc = MINIMAL.replace("<count>3</count>", &format!("<count>{bad}</count>"));
            let err = parse_report(doc.as_bytes()).unwrap_err();
            assert!(err.starts_with("record 1: count"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn rows_summing_past_the_cap_reject_the_report() {
        let row = MINIMAL
            .split_once("<record>")
            .and_then(|(_, r)| r.rsplit_once("</record>"))
            .map(|(r, _)| format!("<record>{r}</record>"))
            .unwrap()
            .replace("<count>3</count>", &format!("<count>{MAX_MESSAGES}</count>"));
        let doc = MINIMAL.replace("<count>3</count>", &format!("<count>{MAX_MESSAGES}</count>"));
        assert!(parse_report(doc.as_bytes()).is_ok(), "one row at the cap is fine");
        let doc = doc.replace("</feedback>", &format!("{row}</feedback>"));
        assert!(
            parse_report(doc.as_bytes())
                .unwrap_err()
                .contains("add up to more than")
        );
    }

    #[test]
    fn date_range_must_be_readable_and_in_order() {
        let with = |b: &str, e: &str| {
            MINIMAL.replace(
                "</report_id>",
                &format!("</report_id><date_range><begin>{b}</begin><end>{e}</end></date_range>"),
            )
        };
        let ok = parse_report(with("100", "200").as_bytes()).unwrap();
        assert_eq!((ok.date_begin, ok.date_end), (Some(100), Some(200)));
        assert!(
            parse_report(with("200", "100").as_bytes())
                .unwrap_err()
                .contains("before it begins")
        );
        assert!(
            parse_report(with("yesterday", "100").as_bytes())
                .unwrap_err()
                .contains("not a Unix time")
        );
    }

    #[test]
    fn long_text_fields_are_cut_marked_and_noted() {
        let long = "A".repeat(MAX_TEXT * 10);
        let doc = MINIMAL.replace("<org_name>o</org_name>", &format!("<org_name>{long}</org_name>"));
        let r = parse_report(doc.as_bytes()).unwrap();
        assert!(r.org_name.len() <= MAX_TEXT + crate::input::limits::TRUNCATION_MARK.len());
        assert!(r.org_name.ends_with(crate::input::limits::TRUNCATION_MARK));
        assert_eq!(r.notes.len(), 1);
        assert!(r.notes[0].contains("<org_name>"));
        // Entities cut in the middle do not make the report unreadable.
        let amp = "&amp;".repeat(MAX_TEXT);
        let doc = MINIMAL.replace("<org_name>o</org_name>", &format!("<org_name>{amp}</org_name>"));
        assert!(parse_report(doc.as_bytes()).is_ok());
    }
}
