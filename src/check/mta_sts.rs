//! MTA-STS (RFC 8461): the `_mta-sts` TXT record that tells senders to insist
//! on TLS when delivering to this domain. The HTTPS policy file itself is not
//! fetched (the report says so): mailaudit makes no web requests.

use super::tags::{SingleRecord, SingleRecordSpec, parse_tags, single_record, tag};
use crate::dns::Dns;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

pub static MISSING: Code = Code {
    code: "mta_sts.missing",
    severity: Severity::Info,
    title: "No MTA-STS record",
    explanation: "Without MTA-STS, mail sent to this domain can be silently downgraded to unencrypted \
    delivery by an attacker on the path. It does not affect whether your own mail arrives.",
    fix: "Publish a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt and a TXT record \
    `_mta-sts.<domain>` with `v=STSv1; id=<version>`.",
    incomplete: false,
};

pub static SYNTAX: Code = Code {
    code: "mta_sts.syntax",
    severity: Severity::Warning,
    title: "Invalid MTA-STS record",
    explanation: "The `_mta-sts` TXT record is malformed (several records, no id, or a bad id), so \
    senders ignore the policy.",
    fix: "Publish exactly one record `v=STSv1; id=<1 to 32 letters or digits>`.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[&MISSING, &SYNTAX];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MtaStsReport {
    /// `found`, `missing` or `unknown` (the lookup failed: neither found nor missing).
    pub status: super::RecordStatus,
    pub record: Option<String>,
    pub id: Option<String>,
}

pub async fn check(dns: &Dns, domain: &str) -> (MtaStsReport, Vec<Finding>) {
    let name = format!("_mta-sts.{domain}");
    let spec = SingleRecordSpec {
        version: "STSv1",
        what: "MTA-STS",
        readers: "senders",
        syntax_code: &SYNTAX,
    };
    let fetched = single_record(dns, &name, &spec).await;
    let mut report = MtaStsReport {
        status: fetched.status(),
        ..Default::default()
    };
    let (record, mut findings) = match fetched {
        SingleRecord::Failed(finding) => return (report, vec![finding]),
        SingleRecord::Missing => {
            let missing = Finding::new(&MISSING, "Inbound mail is not protected by MTA-STS")
                .evidence(format!("no v=STSv1 TXT record at {name}"));
            return (report, vec![missing]);
        }
        SingleRecord::Found { record, multiple } => (record, multiple.into_iter().collect::<Vec<_>>()),
    };
    report.record = Some(record.clone());
    let record = &record;
    match parse_tags(record) {
        Ok(tags) => {
            let id = tag(&tags, "id");
            let valid =
                id.is_some_and(|id| !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric()));
            report.id = id.map(str::to_string);
            if !valid {
                findings.push(
                    Finding::new(
                        &SYNTAX,
                        "The MTA-STS record has no valid id, so senders ignore the policy",
                    )
                    .evidence(record.clone()),
                );
            }
        }
        Err(why) => findings
            .push(Finding::new(&SYNTAX, format!("The MTA-STS record cannot be read: {why}")).evidence(record.clone())),
    }
    (report, findings)
}

impl MtaStsReport {
    pub fn text_lines(&self) -> Vec<String> {
        if self.status == super::RecordStatus::Unknown {
            return vec![super::LOOKUP_FAILED_LINE.into()];
        }
        vec![match &self.record {
            Some(r) => format!("{r} (policy file not fetched)"),
            None => "(none)".into(),
        }]
    }
}
