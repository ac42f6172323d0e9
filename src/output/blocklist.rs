//! `blocklist`: text and JSON renderings of a lookup, and the zone list.

use super::text::{one_line, subject_suffix};
use crate::blocklist::{BlocklistReport, SelfTestStatus, Zone};
use crate::check::ToolInfo;
use crate::finding::{Finding, Severity};

/// `--format json`: stable, schema_version 1 (docs/blocklist.md).
pub fn json(report: &BlocklistReport, findings: &[Finding]) -> String {
    #[derive(serde::Serialize)]
    struct BlocklistRun<'a> {
        schema_version: u32,
        tool: ToolInfo,
        findings: &'a [Finding],
        report: &'a BlocklistReport,
    }
    super::pretty_json(&BlocklistRun {
        schema_version: 1,
        tool: super::tool_info(),
        findings,
        report,
    })
}

/// `--format text`: the verdict, what to fix, then what was checked.
pub fn text(report: &BlocklistReport, findings: &[Finding]) -> String {
    let mut out = String::new();
    let verdict = if report.targets.is_empty() {
        if report.self_test.iter().all(|t| t.status == SelfTestStatus::Ok) {
            "SELF-TEST OK"
        } else {
            "SELF-TEST FAILED"
        }
    } else if findings.iter().any(|f| f.code == &crate::blocklist::LISTED) {
        "LISTED"
    } else if findings.iter().any(Finding::is_incomplete) {
        "INCOMPLETE"
    } else {
        "NOT LISTED"
    };
    out.push_str(&format!("Blocklists  {verdict}\n"));
    if !findings.is_empty() {
        out.push_str("\n  What to fix, most important first:\n");
        for f in findings {
            let label = match f.severity {
                Severity::Error => "ERROR  ",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO   ",
            };
            let subject = subject_suffix(f.subject.as_deref());
            out.push_str(&format!(
                "  {label} {}{subject}  {}\n",
                f.code,
                one_line(&f.message, 600)
            ));
            if let Some(evidence) = &f.evidence {
                out.push_str(&format!("            seen: {}\n", one_line(evidence, 300)));
            }
            if let Some(fix) = &f.fix {
                out.push_str(&format!("            fix:  {fix}\n"));
            }
        }
    }
    out.push_str("\n  Checked:\n");
    for line in report.text_lines() {
        out.push_str(&format!("    {}\n", one_line(&line, 600)));
    }
    out
}

/// `--list-zones`: the zones a lookup would query.
pub fn list_zones(zones: &[Zone]) -> String {
    let mut out = String::from("zone                       type    weight  ipv6  codes          name\n");
    for z in zones {
        out.push_str(&format!(
            "{:<26} {:<7} {:<7} {:<5} {:<14} {}\n",
            z.zone,
            z.kind.as_str(),
            z.weight.as_str(),
            if z.ipv6 { "yes" } else { "no" },
            z.codes.as_deref().unwrap_or("any 127/8"),
            z.name
        ));
    }
    out
}
