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
                let value = t.unescape().map_err(|e| format!("bad text in XML: {e}"))?;
                if text.len() < 64 * 1024 {
                    text.push_str(&value);
                }
            }
            Event::CData(t) if text.len() < 64 * 1024 => text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => {
                let value = text.trim();
                {
                    let p = path.as_slice();
                    assign(p, value, &mut report, record.as_mut(), auth.as_mut(), reason.as_mut());
                    match p {
                        [b"feedback", b"record"] => {
                            if let Some(r) = record.take() {
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
    Ok(report)
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
) {
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
            b"begin" => report.date_begin = value.parse().ok(),
            b"end" => report.date_end = value.parse().ok(),
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
            let Some(r) = record else { return };
            match rest {
                [b"row", b"source_ip"] => r.source_ip = value.to_string(),
                [b"row", b"count"] => r.count = value.parse().unwrap_or(0),
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
}
