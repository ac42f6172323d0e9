//! MTA-STS (RFC 8461): the `_mta-sts` TXT record that tells senders to insist
//! on TLS when delivering to this domain, and the HTTPS policy file it
//! announces, compared with the real MX hosts: a policy in `enforce` mode
//! whose `mx:` patterns miss an MX makes every compliant sender refuse to
//! deliver to it.

pub mod fetch;
pub mod policy;

pub use fetch::{FetchSettings, PolicyFetcher};

use super::tags::{SingleRecord, SingleRecordSpec, parse_tags, single_record, tag};
use crate::dns::Dns;
use crate::finding::{Code, Finding, Severity};
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

pub static POLICY_UNREACHABLE: Code = Code {
    code: "mta_sts.policy_unreachable",
    severity: Severity::Error,
    title: "MTA-STS policy cannot be fetched",
    explanation: "The `_mta-sts` TXT record announces a policy, but \
        https://mta-sts.<domain>/.well-known/mta-sts.txt cannot be fetched (no address, a certificate \
        that is not valid for the host, an HTTP error or a redirect, which senders do not follow). \
        Senders that already cached a policy keep applying it until it expires; new ones get none.",
    fix: "Serve the policy over HTTPS at that exact address with a certificate valid for \
        mta-sts.<domain>, status 200 and no redirect; or remove the `_mta-sts` record.",
    incomplete: false,
};

pub static POLICY_INVALID: Code = Code {
    code: "mta_sts.policy_invalid",
    severity: Severity::Error,
    title: "Invalid MTA-STS policy",
    explanation: "The policy file breaks RFC 8461 (version, mode, max_age, mx lines, line syntax, \
        size or Content-Type), so senders ignore it and deliver without the protection it promises.",
    fix: "Serve `version: STSv1`, `mode: enforce|testing|none`, `max_age: <seconds>` and one \
        `mx: <host or *.suffix>` line per MX, as text/plain, under 64 KiB.",
    incomplete: false,
};

pub static MX_MISMATCH: Code = Code {
    code: "mta_sts.mx_mismatch",
    severity: Severity::Error,
    title: "MX host not covered by the MTA-STS policy",
    explanation: "An MX host matches none of the policy's `mx:` patterns (`*.example.net` covers exactly \
        one more label). In enforce mode every compliant sender refuses to deliver to that host, so mail \
        is delayed and then bounced; in testing mode it is only reported. Typical after a mail provider \
        change.",
    fix: "Add an `mx:` line that covers the host to the policy file, then change the id= of the \
        `_mta-sts` TXT record so senders fetch the new policy.",
    incomplete: false,
};

pub static TESTING: Code = Code {
    code: "mta_sts.testing",
    severity: Severity::Info,
    title: "MTA-STS in testing mode",
    explanation: "The policy is in testing mode: senders report TLS failures (through TLS-RPT) but \
        still deliver, so it does not protect mail yet.",
    fix: "Once TLS-RPT reports show no failures, switch the policy to `mode: enforce` and change the id=.",
    incomplete: false,
};

pub static MAX_AGE_SHORT: Code = Code {
    code: "mta_sts.max_age_short",
    severity: Severity::Warning,
    title: "MTA-STS max_age under one day",
    explanation: "An enforce policy cached for less than a day gives little protection: an attacker who \
        blocks the policy fetch after it expires downgrades delivery again.",
    fix: "Use a max_age of at least 86400 (one day); one to several weeks (604800 or more) is common.",
    incomplete: false,
};

/// Every code of this module, in documentation order.
pub static CODES: &[&Code] = &[
    &MISSING,
    &SYNTAX,
    &POLICY_UNREACHABLE,
    &POLICY_INVALID,
    &MX_MISMATCH,
    &TESTING,
    &MAX_AGE_SHORT,
];

/// Below this max_age an enforce policy is flagged (one day).
const SHORT_MAX_AGE: u64 = 86_400;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MtaStsReport {
    /// `found`, `missing` or `unknown` (the lookup failed: neither found nor missing).
    pub status: super::RecordStatus,
    pub record: Option<String>,
    pub id: Option<String>,
    /// The policy file, when the record is valid and fetching was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyReport>,
}

status_enum! {
    /// What became of the policy fetch.
    #[derive(Default)]
    pub enum PolicyStatus {
        Valid => "valid",
        Invalid => "invalid",
        /// Senders cannot fetch it (HTTP status, redirect, certificate, no address).
        Unreachable => "unreachable",
        /// A network failure: neither good nor bad.
        #[default]
        Unknown => "unknown",
    }
}

/// What the policy file said, and which MX each pattern covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PolicyReport {
    pub url: String,
    pub status: PolicyStatus,
    /// Why the fetch failed or the file is invalid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    #[serde(default)]
    pub mx: Vec<String>,
    /// Each MX host and the first pattern that covers it (none: not covered).
    #[serde(default)]
    pub coverage: Vec<MxCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MxCoverage {
    pub host: String,
    pub pattern: Option<String>,
}

/// Check the record and, with a fetcher, fetch the policy it announces.
/// [`MtaSts::after`] compares the policy with the MX hosts ([`compare_mx`]).
pub async fn check(dns: &Dns, domain: &str, fetcher: Option<&PolicyFetcher>) -> (MtaStsReport, Vec<Finding>) {
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
    // Senders ignore a policy whose record is invalid, so it is only fetched for a valid one.
    if let Some(fetcher) = fetcher
        && findings.is_empty()
    {
        let (policy, policy_findings) = fetch_policy(fetcher, domain).await;
        report.policy = Some(policy);
        findings.extend(policy_findings);
    }
    (report, findings)
}

async fn fetch_policy(fetcher: &PolicyFetcher, domain: &str) -> (PolicyReport, Vec<Finding>) {
    let mut report = PolicyReport {
        url: fetcher.url(domain),
        ..Default::default()
    };
    let fetched = match fetcher.fetch(domain).await {
        Ok(fetched) => fetched,
        Err(fetch::FetchError::TooLarge) => {
            report.status = PolicyStatus::Invalid;
            report.problems = vec![format!(
                "the file is larger than {} KiB",
                fetch::MAX_POLICY_BYTES / 1024
            )];
            return (report.clone(), vec![invalid_finding(&report)]);
        }
        Err(fetch::FetchError::Network(why)) => {
            let message =
                "The MTA-STS policy could not be fetched (network failure), so whether senders can use it is unknown";
            return unreachable_policy(report, PolicyStatus::Unknown, why, message, domain);
        }
        Err(fetch::FetchError::Refused(why)) => {
            let message = "The MTA-STS record announces a policy that senders cannot fetch";
            return unreachable_policy(report, PolicyStatus::Unreachable, why, message, domain);
        }
    };
    let parsed = policy::parse(&fetched.body, fetched.content_type.as_deref());
    report.status = if parsed.problems.is_empty() {
        PolicyStatus::Valid
    } else {
        PolicyStatus::Invalid
    };
    report.mode = parsed.mode;
    report.max_age = parsed.max_age;
    report.mx = parsed.mx;
    report.problems = parsed.problems;
    let mut findings = Vec::new();
    if report.status == PolicyStatus::Invalid {
        findings.push(invalid_finding(&report));
        return (report, findings);
    }
    match report.mode.as_deref() {
        Some("testing") => findings.push(
            Finding::new(
                &TESTING,
                "The MTA-STS policy is in testing mode: failures are reported, mail is not protected yet",
            )
            .evidence(report.url.clone()),
        ),
        Some("enforce") if report.max_age.is_some_and(|age| age < SHORT_MAX_AGE) => findings.push(
            Finding::new(
                &MAX_AGE_SHORT,
                format!(
                    "The MTA-STS policy is cached for only {} seconds (less than a day)",
                    report.max_age.unwrap_or_default()
                ),
            )
            .evidence(format!("max_age: {}", report.max_age.unwrap_or_default())),
        ),
        _ => {}
    }
    (report, findings)
}

fn unreachable_policy(
    mut report: PolicyReport,
    status: PolicyStatus,
    why: String,
    message: &str,
    domain: &str,
) -> (PolicyReport, Vec<Finding>) {
    let finding = Finding::new(&POLICY_UNREACHABLE, format!("{message}: {why}"))
        .evidence(report.url.clone())
        .subject(format!("mta-sts.{domain}"));
    report.status = status;
    report.problems = vec![why];
    (report, vec![finding])
}

fn invalid_finding(report: &PolicyReport) -> Finding {
    Finding::new(
        &POLICY_INVALID,
        format!(
            "The MTA-STS policy file is invalid, so senders ignore it: {}",
            report.problems.join("; ")
        ),
    )
    .evidence(report.url.clone())
}

/// Which MX hosts the fetched policy covers; in enforce mode an uncovered
/// host is an error (senders refuse it), in testing a warning. Nothing to
/// compare without a valid policy or when the MX lookup failed.
pub fn compare_mx(report: &mut MtaStsReport, mx: &[super::mx::MxHost], findings: &mut Vec<Finding>) {
    let Some(policy) = report.policy.as_mut() else { return };
    if policy.status != PolicyStatus::Valid {
        return;
    }
    let hosts = mx
        .iter()
        .filter(|m| !m.null && m.status != super::mx::MxStatus::LookupFailed);
    policy.coverage = hosts
        .map(|m| MxCoverage {
            host: m.host.clone(),
            pattern: policy.mx.iter().find(|p| policy::covers(p, &m.host)).cloned(),
        })
        .collect();
    let severity = match policy.mode.as_deref() {
        Some("enforce") => Severity::Error,
        Some("testing") => Severity::Warning,
        _ => return,
    };
    for uncovered in policy.coverage.iter().filter(|c| c.pattern.is_none()) {
        let consequence = if severity == Severity::Error {
            "compliant senders refuse to deliver to it"
        } else {
            "in enforce mode senders would refuse to deliver to it"
        };
        findings.push(
            Finding::new(
                &MX_MISMATCH,
                format!(
                    "MX host {} is not covered by the MTA-STS policy ({}): {consequence}",
                    uncovered.host,
                    policy.mx.join(", ")
                ),
            )
            .severity(severity)
            .subject(uncovered.host.clone())
            .evidence(format!("mx: {}", policy.mx.join(", mx: "))),
        );
    }
}

/// The MTA-STS check, as registered in [`crate::check::registry::CHECKS`].
pub struct MtaSts;

impl crate::check::registry::Check for MtaSts {
    const NAME: &'static str = "mta_sts";
    const CODES: &'static [&'static [&'static Code]] = &[CODES];
    type Needs<'a> = ();
    type Report = MtaStsReport;
    fn run<'a>(
        cx: crate::check::registry::Context<'a>,
        (): Self::Needs<'a>,
    ) -> impl std::future::Future<Output = (Self::Report, Vec<Finding>)> + 'a {
        check(cx.dns, cx.domain, cx.options.policy_fetcher.as_deref())
    }

    /// It runs alongside the MX check, so it is compared with the MX hosts
    /// here. A domain with a null MX receives no mail: inbound TLS policy
    /// does not apply.
    fn after(sections: &mut crate::check::registry::Sections) {
        let mta_sts = &mut sections.mta_sts;
        compare_mx(&mut mta_sts.report, &sections.mx.report, &mut mta_sts.findings);
        if !super::mx::receives_mail(&sections.mx.report) {
            mta_sts.findings.clear();
        }
    }
}
