//! SMTP TLS reporting (RFC 8460): the `_smtp._tls` TXT record asking senders
//! to report TLS delivery failures to this domain.

use super::tags::{SingleRecord, SingleRecordSpec, parse_tags, single_record, tag};
use crate::dns::Dns;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

pub static MISSING: Code = Code {
    code: "tls_rpt.missing",
    severity: Severity::Info,
    title: "No TLS-RPT record",
    explanation: "Without TLS-RPT you never hear when senders fail to deliver to you over TLS \
    (for example after a certificate expired on your mail server).",
    fix: "Publish a TXT record `_smtp._tls.<domain>` with `v=TLSRPTv1; rua=mailto:tls-reports@<domain>`.",
    incomplete: false,
};

pub static SYNTAX: Code = Code {
    code: "tls_rpt.syntax",
    severity: Severity::Warning,
    title: "Invalid TLS-RPT record",
    explanation: "The `_smtp._tls` TXT record is malformed, so senders send no reports.",
    fix: "Publish exactly one record `v=TLSRPTv1; rua=mailto:...` (or an https: URI).",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &SYNTAX];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TlsRptReport {
    /// `found`, `missing` or `unknown` (the lookup failed: neither found nor missing).
    pub status: super::RecordStatus,
    pub record: Option<String>,
    pub rua: Vec<String>,
}

pub async fn check(dns: &Dns, domain: &str) -> (TlsRptReport, Vec<Finding>) {
    let name = format!("_smtp._tls.{domain}");
    let spec = SingleRecordSpec {
        version: "TLSRPTv1",
        what: "TLS-RPT",
        readers: "senders",
        syntax_code: &SYNTAX,
    };
    let fetched = single_record(dns, &name, &spec).await;
    let mut report = TlsRptReport {
        status: fetched.status(),
        ..Default::default()
    };
    let (record, mut findings) = match fetched {
        SingleRecord::Failed(finding) => return (report, vec![finding]),
        SingleRecord::Missing => {
            let missing = Finding::new(&MISSING, "You get no reports of TLS delivery failures to this domain")
                .evidence(format!("no v=TLSRPTv1 TXT record at {name}"));
            return (report, vec![missing]);
        }
        SingleRecord::Found { record, multiple } => (record, multiple.into_iter().collect::<Vec<_>>()),
    };
    report.record = Some(record.clone());
    let record = &record;
    let rua = parse_tags(record)
        .ok()
        .and_then(|tags| tag(&tags, "rua").map(str::to_string));
    report.rua = rua
        .iter()
        .flat_map(|r| r.split(','))
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect();
    let valid = !report.rua.is_empty()
        && report
            .rua
            .iter()
            .all(|u| u.starts_with("mailto:") || u.starts_with("https:"));
    if !valid {
        findings.push(
            Finding::new(
                &SYNTAX,
                "The TLS-RPT record has no valid rua= (mailto: or https: address)",
            )
            .evidence(record.clone()),
        );
    }
    (report, findings)
}

/// The TLS-RPT check, as registered in [`crate::check::registry::CHECKS`].
pub struct TlsRpt;

impl crate::check::registry::Check for TlsRpt {
    const NAME: &'static str = "tls_rpt";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = ();
    type Report = TlsRptReport;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, cx.domain)
    }

    /// A domain with a null MX receives no mail: TLS reporting on inbound
    /// mail does not apply.
    fn after(sections: &mut crate::check::registry::Sections) {
        if !super::mx::receives_mail(&sections.mx.report) {
            sections.tls_rpt.findings.clear();
        }
    }
}
