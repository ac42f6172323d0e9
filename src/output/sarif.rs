//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDE viewers).
//!
//! One rule per registered finding code, carrying the whole explanation and
//! fix (`fullDescription`, `help.text`, `help.markdown`), so a viewer shows
//! the help without any link. `helpUri` is set only when the team says where
//! it hosts docs/codes.md (`docs_url`). A result points at the line that lists
//! its domain (config or domains file) when known, and always names the domain
//! as a logical location. Code scanning tracks alerts by
//! `partialFingerprints`, built from (domain, code, subject) so an alert
//! survives message changes.

use super::CheckFormatter;
use crate::baseline::BaselineState;
use crate::check::VerdictStatus;
use crate::codes::{self, CodeInfo};
use crate::config::Origin;
use crate::explain::{self, DocsUrl};
use crate::finding::{Finding, Severity};
use crate::run::CheckRun;
use serde::Serialize;
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
    /// Where the team hosts docs/codes.md; no `helpUri` without it.
    pub docs_url: Option<DocsUrl>,
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

// The SARIF 2.1.0 objects mailaudit writes (a subset of the schema).

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'a str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<DefaultConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties<'a>>,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: [&'a str; 2],
    incomplete: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    domain: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    domains_checked: usize,
    verdicts: Verdicts,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineProperties<'a>>,
}

#[derive(Serialize)]
struct Verdicts {
    failing: usize,
    at_risk: usize,
    incomplete: usize,
    ok: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BaselineProperties<'a> {
    previous: &'a str,
    new: usize,
    fixed: usize,
    unverified: usize,
    unchanged: usize,
    not_checked: &'a [String],
}

pub fn fingerprint(domain: &str, finding: &Finding) -> String {
    format!("{domain}|{}|{}", finding.code, finding.subject.as_deref().unwrap_or(""))
}

impl SarifFormatter {
    fn rule<'a>(&self, info: &'a CodeInfo) -> Rule<'a> {
        Rule {
            id: info.code,
            name: info.code,
            short_description: Text {
                text: info.title.to_string(),
            },
            full_description: Some(Text {
                text: info.explanation.to_string(),
            }),
            help: Help {
                text: explain::help_text(info),
                markdown: Some(explain::help_markdown(info)),
            },
            help_uri: self.docs_url.as_ref().map(|base| base.for_code(info.code)),
            default_configuration: Some(DefaultConfiguration {
                level: level(info.severity),
            }),
            properties: Some(RuleProperties {
                tags: ["email-deliverability", info.family()],
                incomplete: info.incomplete,
            }),
        }
    }

    fn location<'a>(&self, domain: &'a str, finding: &'a Finding) -> Location<'a> {
        let (uri, line) = match self.origins.get(domain) {
            Some(origin) => (origin.file.clone(), origin.line.max(1)),
            // No file lists the domain (it came from the command line): name
            // the domain itself, as code scanning needs a location.
            None => (domain.to_string(), 1),
        };
        let fully_qualified_name = match &finding.subject {
            Some(subject) => format!("{domain}/{subject}"),
            None => domain.to_string(),
        };
        Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: Region { start_line: line },
            },
            logical_locations: [LogicalLocation {
                name: finding.subject.as_deref().unwrap_or(domain),
                fully_qualified_name,
                kind: "resource",
            }],
        }
    }

    fn result<'a>(&self, domain: &'a str, finding: &'a Finding, rule_index: &BTreeMap<&str, usize>) -> SarifResult<'a> {
        let subject = super::text::subject_suffix(finding.subject.as_deref());
        SarifResult {
            rule_id: finding.code.as_str(),
            rule_index: rule_index.get(finding.code.as_str()).copied(),
            level: level(finding.severity),
            message: Text {
                text: format!("{domain}{subject}: {}", finding.message),
            },
            locations: [self.location(domain, finding)],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(domain, finding))]),
            properties: ResultProperties {
                domain,
                subject: finding.subject.as_deref(),
                evidence: finding.evidence.as_deref(),
                fix: finding.fix.as_deref(),
            },
            baseline_state: None,
            suppressions: None,
        }
    }
}

/// A rule for a code missing from the registry (cannot happen in debug builds,
/// where `Finding::new` refuses them; release builds must still write valid SARIF).
fn unregistered_rule(code: &str) -> Rule<'_> {
    Rule {
        id: code,
        name: code,
        short_description: Text { text: code.to_string() },
        full_description: None,
        help: Help {
            text: "This version of mailaudit has no explanation for this code.".to_string(),
            markdown: None,
        },
        help_uri: None,
        default_configuration: None,
        properties: None,
    }
}

impl CheckFormatter for SarifFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut rules: Vec<Rule> = codes::all().map(|info| self.rule(info)).collect();
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
                    result.baseline_state = Some(match states.get(i) {
                        Some(BaselineState::Unchanged) => "unchanged",
                        _ => "new",
                    });
                }
                results.push(result);
            }
        }
        for suppressed in &run.suppressed {
            let mut result = self.result(&suppressed.domain, &suppressed.finding, &rule_index);
            result.suppressions = Some([Suppression {
                kind: "external",
                justification: &suppressed.reason,
            }]);
            results.push(result);
        }

        let count = |status: VerdictStatus| run.domains.iter().filter(|d| d.verdict.status == status).count();
        let properties = RunProperties {
            domains_checked: run.domains.len(),
            verdicts: Verdicts {
                failing: count(VerdictStatus::Failing),
                at_risk: count(VerdictStatus::AtRisk),
                incomplete: count(VerdictStatus::Incomplete),
                ok: count(VerdictStatus::Ok),
            },
            baseline: run.baseline.as_ref().map(|b| BaselineProperties {
                previous: &b.previous,
                new: b.new.len(),
                fixed: b.fixed.len(),
                unverified: b.unverified.len(),
                unchanged: b.unchanged,
                not_checked: &b.not_checked,
            }),
        };
        let log = Log {
            schema: SCHEMA_URI,
            version: SARIF_VERSION,
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: &run.tool.name,
                        version: &run.tool.version,
                        semantic_version: &run.tool.version,
                        information_uri: self.docs_url.as_ref().map(DocsUrl::as_str),
                        rules,
                    },
                },
                results,
                properties,
            }],
        };
        let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
        out.push('\n');
        out
    }
}
