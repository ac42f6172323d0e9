//! BIMI (brand logo in the inbox): the `default._bimi` TXT record. Mailbox
//! providers show the logo only when DMARC is enforced, which is why this
//! check looks at the DMARC findings too.

use super::tags::{SingleRecord, SingleRecordSpec, parse_tags, single_record, tag};
use crate::check::dmarc::DmarcEnforced;
use crate::dns::Dns;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

pub static SYNTAX: Code = Code {
    code: "bimi.syntax",
    severity: Severity::Warning,
    title: "Invalid BIMI record",
    explanation: "The `default._bimi` TXT record is malformed, so no mailbox provider shows your logo.",
    fix: "Publish `v=BIMI1; l=https://<host>/logo.svg; a=https://<host>/vmc.pem` (l= must be an https URL \
    to an SVG Tiny PS file).",
    incomplete: false,
};

pub static DMARC_NOT_ENFORCED: Code = Code {
    code: "bimi.dmarc_not_enforced",
    severity: Severity::Warning,
    title: "BIMI published but DMARC not enforced",
    explanation: "Providers display a BIMI logo only for domains whose DMARC policy is quarantine or \
    reject for all mail. With the current DMARC policy your logo is never shown.",
    fix: "Move DMARC to p=quarantine or p=reject (without pct below 100) once your DMARC reports show \
    that all legitimate mail passes.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&SYNTAX, &DMARC_NOT_ENFORCED];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BimiReport {
    /// `found`, `missing` or `unknown` (the lookup failed: neither found nor missing).
    pub status: super::RecordStatus,
    pub record: Option<String>,
    pub logo_url: Option<String>,
    pub authority_url: Option<String>,
}

/// `dmarc_enforced`: DMARC is p=quarantine or p=reject for all mail.
pub async fn check(dns: &Dns, domain: &str, dmarc_enforced: bool) -> (BimiReport, Vec<Finding>) {
    let name = format!("default._bimi.{domain}");
    let spec = SingleRecordSpec {
        version: "BIMI1",
        what: "BIMI",
        readers: "providers",
        syntax_code: &SYNTAX,
    };
    let fetched = single_record(dns, &name, &spec).await;
    let mut report = BimiReport {
        status: fetched.status(),
        ..Default::default()
    };
    let (record, mut findings) = match fetched {
        SingleRecord::Failed(finding) => return (report, vec![finding]),
        // BIMI is optional: its absence is not a finding.
        SingleRecord::Missing => return (report, Vec::new()),
        SingleRecord::Found { record, multiple } => (record, multiple.into_iter().collect::<Vec<_>>()),
    };
    report.record = Some(record.clone());
    let record = &record;
    match parse_tags(record) {
        Ok(tags) => {
            report.logo_url = tag(&tags, "l").filter(|l| !l.is_empty()).map(str::to_string);
            report.authority_url = tag(&tags, "a").filter(|a| !a.is_empty()).map(str::to_string);
            let declined = report.logo_url.is_none() && report.authority_url.is_none();
            if let Some(logo) = &report.logo_url
                && !logo.to_ascii_lowercase().starts_with("https://")
            {
                findings.push(
                    Finding::new(&SYNTAX, "The BIMI logo address must be an https:// URL").evidence(record.clone()),
                );
            }
            if !declined && !dmarc_enforced {
                findings.push(
                    Finding::new(
                        &DMARC_NOT_ENFORCED,
                        "A BIMI logo is published, but DMARC is not enforced, so it is never shown",
                    )
                    .evidence(record.clone()),
                );
            }
        }
        Err(why) => findings
            .push(Finding::new(&SYNTAX, format!("The BIMI record cannot be read: {why}")).evidence(record.clone())),
    }
    (report, findings)
}

/// The BIMI check, as registered in [`crate::check::registry::CHECKS`].
pub struct Bimi;

impl crate::check::registry::Check for Bimi {
    const NAME: &'static str = "bimi";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = DmarcEnforced;
    type Report = BimiReport;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        DmarcEnforced(enforced): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, cx.domain, enforced)
    }
}
