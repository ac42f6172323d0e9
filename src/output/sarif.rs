//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDE viewers).
//!
//! One rule per registered finding code, with the explanation and fix as help.
//! A result points at the line that lists its domain (config or domains file)
//! when known, and always names the domain as a logical location. Code
//! scanning tracks alerts by `partialFingerprints`, built from
//! (domain, code, subject) so an alert survives message changes.

use super::CheckFormatter;
use crate::baseline::BaselineState;
use crate::check::VerdictStatus;
use crate::codes::{self, CodeInfo};
use crate::config::Origin;
use crate::finding::{Finding, Severity};
use crate::run::CheckRun;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";
/// Key of the fingerprint in `partialFingerprints`; bump the suffix if the
/// fingerprint's make-up ever changes.
pub const FINGERPRINT_KEY: &str = "mailauditFinding/v1";

#[derive(Debug, Clone, Default)]
pub struct SarifFormatter {
    /// Where each domain was listed, by domain name.
    pub origins: BTreeMap<String, Origin>,
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(info: &CodeInfo) -> Value {
    let url = codes::docs_url(info.code);
    json!({
        "id": info.code,
        "name": info.code,
        "shortDescription": { "text": info.title },
        "fullDescription": { "text": info.explanation },
        "help": {
            "text": format!("{}\n\nFix: {}\n\nMore: {url}", info.explanation, info.fix),
            "markdown": format!("{}\n\n**Fix:** {}\n\n[More about `{}`]({url})", info.explanation, info.fix, info.code),
        },
        "helpUri": url,
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": {
            "tags": ["email-deliverability", info.code.split('.').next().unwrap_or(info.code)],
            "incomplete": info.incomplete,
        },
    })
}

/// A rule for a code missing from the registry (cannot happen in debug builds,
/// where `Finding::new` refuses them; release builds must still write valid SARIF).
fn unregistered_rule(code: &str) -> Value {
    json!({
        "id": code,
        "name": code,
        "shortDescription": { "text": code },
        "help": { "text": format!("See {}", codes::docs_url(code)) },
        "helpUri": codes::docs_url(code),
    })
}

pub fn fingerprint(domain: &str, finding: &Finding) -> String {
    format!("{domain}|{}|{}", finding.code, finding.subject.as_deref().unwrap_or(""))
}

impl SarifFormatter {
    fn location(&self, domain: &str, finding: &Finding) -> Value {
        let (uri, line) = match self.origins.get(domain) {
            Some(origin) => (origin.file.clone(), origin.line.max(1)),
            // No file lists the domain (it came from the command line): name
            // the domain itself, as code scanning needs a location.
            None => (domain.to_string(), 1),
        };
        let qualified = match &finding.subject {
            Some(subject) => format!("{domain}/{subject}"),
            None => domain.to_string(),
        };
        json!({
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": { "startLine": line },
            },
            "logicalLocations": [{
                "name": finding.subject.as_deref().unwrap_or(domain),
                "fullyQualifiedName": qualified,
                "kind": "resource",
            }],
        })
    }

    fn result(&self, domain: &str, finding: &Finding, rule_index: &BTreeMap<&str, usize>) -> Value {
        let subject = super::text::subject_suffix(finding.subject.as_deref());
        let mut properties = serde_json::Map::new();
        properties.insert("domain".into(), json!(domain));
        if let Some(subject) = &finding.subject {
            properties.insert("subject".into(), json!(subject));
        }
        if let Some(evidence) = &finding.evidence {
            properties.insert("evidence".into(), json!(evidence));
        }
        if let Some(fix) = &finding.fix {
            properties.insert("fix".into(), json!(fix));
        }
        let mut result = json!({
            "ruleId": finding.code,
            "level": level(finding.severity),
            "message": { "text": format!("{domain}{subject}: {}", finding.message) },
            "locations": [self.location(domain, finding)],
            "partialFingerprints": { FINGERPRINT_KEY: fingerprint(domain, finding) },
            "properties": properties,
        });
        if let Some(index) = rule_index.get(finding.code.as_str()) {
            result["ruleIndex"] = json!(index);
        }
        result
    }
}

impl CheckFormatter for SarifFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut rules: Vec<Value> = codes::all().map(rule).collect();
        let mut rule_index: BTreeMap<&str, usize> = codes::all().enumerate().map(|(i, c)| (c.code, i)).collect();
        let used = run.findings().chain(run.suppressed.iter().map(|s| &s.finding));
        for finding in used {
            if !rule_index.contains_key(finding.code.as_str()) {
                rule_index.insert(finding.code.as_str(), rules.len());
                rules.push(unregistered_rule(finding.code.as_str()));
            }
        }

        let mut results = Vec::new();
        for domain in &run.domains {
            let states = run.baseline.as_ref().map(|b| b.states(domain));
            for (i, finding) in domain.findings.iter().enumerate() {
                let mut result = self.result(&domain.domain, finding, &rule_index);
                if let Some(states) = &states {
                    result["baselineState"] = json!(match states.get(i) {
                        Some(BaselineState::Unchanged) => "unchanged",
                        _ => "new",
                    });
                }
                results.push(result);
            }
        }
        for suppressed in &run.suppressed {
            let mut result = self.result(&suppressed.domain, &suppressed.finding, &rule_index);
            result["suppressions"] = json!([{ "kind": "external", "justification": suppressed.reason }]);
            results.push(result);
        }

        let mut properties = serde_json::Map::new();
        properties.insert("domainsChecked".into(), json!(run.domains.len()));
        let count = |status: VerdictStatus| run.domains.iter().filter(|d| d.verdict.status == status).count();
        properties.insert(
            "verdicts".into(),
            json!({
                "failing": count(VerdictStatus::Failing),
                "at_risk": count(VerdictStatus::AtRisk),
                "incomplete": count(VerdictStatus::Incomplete),
                "ok": count(VerdictStatus::Ok),
            }),
        );
        if let Some(baseline) = &run.baseline {
            properties.insert(
                "baseline".into(),
                json!({
                    "previous": baseline.previous,
                    "new": baseline.new.len(),
                    "fixed": baseline.fixed.len(),
                    "unverified": baseline.unverified.len(),
                    "unchanged": baseline.unchanged,
                    "notChecked": baseline.not_checked,
                }),
            );
        }
        let sarif = json!({
            "$schema": SCHEMA_URI,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {
                    "driver": {
                        "name": run.tool.name,
                        "version": run.tool.version,
                        "semanticVersion": run.tool.version,
                        "informationUri": codes::DOCS_BASE.split("/blob/").next().unwrap_or(codes::DOCS_BASE),
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": properties,
            }]
        });
        let mut out = serde_json::to_string_pretty(&sarif).unwrap_or_else(|_| "{}".to_string());
        out.push('\n');
        out
    }
}
