//! The fix for a finding as the exact DNS records to publish for that domain, delisting pages, and the records found.

use super::*;

pub(super) fn anchor(domain: &str) -> String {
    domain
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' })
        .collect()
}

/// One DNS record to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    pub name: String,
    pub rtype: &'static str,
    pub value: String,
}

/// A fix written as records: what to publish, and a file to serve for MTA-STS.
#[derive(Debug)]
pub struct RecordFix {
    pub(super) intro: &'static str,
    pub records: Vec<DnsRecord>,
    pub file: Option<(String, String)>,
}

pub(super) fn txt(name: String, value: String) -> DnsRecord {
    DnsRecord {
        name,
        rtype: "TXT",
        value,
    }
}

/// The exact record(s) that fix `f` for domain `d`, with the domain filled
/// in, when the fix is a record we can write. Others get advice in words.
pub fn fix_records(d: &DomainReport, f: &Finding) -> Option<RecordFix> {
    use crate::check::{dmarc, mta_sts, spf, tls_rpt};
    let domain = d.domain.as_str();
    let publish = |records| {
        Some(RecordFix {
            intro: "check.fix.publish",
            records,
            file: None,
        })
    };
    let replace = |records| {
        Some(RecordFix {
            intro: "check.fix.replace",
            records,
            file: None,
        })
    };
    let dmarc_name = d
        .dmarc
        .record_name
        .clone()
        .unwrap_or_else(|| format!("_dmarc.{domain}"));
    let code = f.code;
    if code == &spf::MISSING {
        let value = if d.mx.iter().any(|m| !m.null) {
            "v=spf1 mx ~all"
        } else {
            "v=spf1 ~all"
        };
        publish(vec![txt(domain.to_string(), value.into())])
    } else if code == &spf::PERMISSIVE_ALL || code == &spf::WEAK_ALL || code == &spf::NO_ALL {
        let record = d.spf.record.as_deref()?;
        let terms: Vec<&str> = record
            .split_whitespace()
            .filter(|t| !matches!(t.to_ascii_lowercase().as_str(), "+all" | "?all" | "all"))
            .collect();
        replace(vec![txt(domain.to_string(), format!("{} ~all", terms.join(" ")))])
    } else if code == &dmarc::MISSING {
        publish(vec![txt(
            format!("_dmarc.{domain}"),
            format!("v=DMARC1; p=none; rua=mailto:dmarc@{domain}"),
        )])
    } else if (code == &dmarc::NO_RUA || code == &dmarc::POLICY_NONE) && d.dmarc.inherited_from.is_none() {
        // One record that fixes every DMARC finding of the domain at once:
        // two separate fixes would each undo the other.
        let has = |c: &crate::finding::Code| d.findings.iter().any(|x| x.code == c);
        let record = d.dmarc.record.as_deref()?;
        let mut tags: Vec<String> = record
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                if has(&dmarc::POLICY_NONE) && t.replace(' ', "").eq_ignore_ascii_case("p=none") {
                    "p=quarantine".to_string()
                } else {
                    t.to_string()
                }
            })
            .collect();
        if has(&dmarc::NO_RUA) {
            tags.push(format!("rua=mailto:dmarc@{domain}"));
        }
        replace(vec![txt(dmarc_name, tags.join("; "))])
    } else if code == &tls_rpt::MISSING {
        publish(vec![txt(
            format!("_smtp._tls.{domain}"),
            format!("v=TLSRPTv1; rua=mailto:tls-reports@{domain}"),
        )])
    } else if code == &mta_sts::MISSING {
        let hosts: Vec<&str> =
            d.mx.iter()
                .filter(|m| !m.null)
                .map(|m| m.host.trim_end_matches('.'))
                .collect();
        if hosts.is_empty() {
            return None;
        }
        let mut policy = String::from("version: STSv1\nmode: testing\n");
        for h in &hosts {
            policy.push_str(&format!("mx: {h}\n"));
        }
        policy.push_str("max_age: 604800\n");
        let id = d.mta_sts.id.clone().unwrap_or_else(|| "1".into());
        Some(RecordFix {
            intro: "check.fix.publish",
            records: vec![txt(format!("_mta-sts.{domain}"), format!("v=STSv1; id={id}"))],
            file: Some((format!("https://mta-sts.{domain}/.well-known/mta-sts.txt"), policy)),
        })
    } else {
        None
    }
}

pub(super) fn record_block(lang: Lang, r: &DnsRecord) -> Markup {
    html! {
        div.record dir="ltr" {
            div { span.k { (lang.t("col.name")) } code { (r.name) } }
            div { span.k { (lang.t("col.type")) } code { (r.rtype) } }
            div { span.k { (lang.t("col.value")) } code { (r.value) } }
        }
    }
}

/// Delisting pages of the lists that list the finding's subject.
pub(super) fn delisting_pages(d: &DomainReport, f: &Finding) -> Vec<(String, String)> {
    let Some(report) = &d.blocklist else {
        return Vec::new();
    };
    if f.code != &crate::blocklist::LISTED {
        return Vec::new();
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for result in report
        .results
        .iter()
        .filter(|r| r.status == crate::blocklist::query::Status::Listed && Some(&r.target) == f.subject.as_ref())
    {
        let zone = report.zones.iter().find(|z| z.zone == result.zone);
        if let Some(url) = zone.and_then(|z| z.delist_url.clone())
            && (url.starts_with("https://") || url.starts_with("http://"))
            && !out.iter().any(|(_, u)| *u == url)
        {
            out.push((result.list.clone(), url));
        }
    }
    out
}

/// A code's fix text made fit for a client: the domain filled in, no
/// Markdown backticks, no sentence that names a command-line flag and no
/// delisting URL (those become links).
pub fn client_text(fix: &str, domain: &str) -> String {
    let filled = fix
        .replace("<your domain>", domain)
        .replace("<domain>", domain)
        .replace('`', "");
    let filled = filled.split(" Delisting page: ").next().unwrap_or("").to_string();
    filled
        .split_inclusive(". ")
        .filter(|sentence| !sentence.contains(" --") && !sentence.contains("mailaudit "))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The records the domain publishes now, for the appendix.
pub(super) fn records_found(d: &DomainReport) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(r) = &d.spf.record {
        out.push(("SPF".to_string(), r.clone()));
    }
    if let Some(r) = &d.dmarc.record {
        out.push(("DMARC".to_string(), r.clone()));
    }
    for k in &d.dkim {
        out.push(("DKIM".to_string(), k.name.clone()));
    }
    for m in &d.mx {
        out.push(("MX".to_string(), format!("{} {}", m.preference, m.host)));
    }
    if let Some(r) = &d.mta_sts.record {
        out.push(("MTA-STS".to_string(), r.clone()));
    }
    if let Some(r) = &d.tls_rpt.record {
        out.push(("TLS-RPT".to_string(), r.clone()));
    }
    if let Some(r) = &d.bimi.record {
        out.push(("BIMI".to_string(), r.clone()));
    }
    out
}
