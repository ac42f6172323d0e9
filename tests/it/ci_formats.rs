//! The CI formats (SARIF, JUnit, GitHub annotations, Markdown), parsed back:
//! first on synthetic runs whose content is known (including hostile DNS text),
//! then through the real binary against the loopback DNS server.

use crate::support;

use mailaudit::baseline::{self, SavedRun};
use mailaudit::check::DomainReport;
use mailaudit::config::Origin;
use mailaudit::exit::FailOn;
use mailaudit::finding::{Finding, Severity};
use mailaudit::output::CheckFormatter;
use mailaudit::output::github::GithubFormatter;
use mailaudit::output::junit::JunitFormatter;
use mailaudit::output::markdown::MarkdownFormatter;
use mailaudit::output::sarif::SarifFormatter;
use mailaudit::run::CheckRun;
use mailaudit::suppress::Suppressed;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeMap;
use support::dns_server::TestDnsServer;
use support::mailaudit;

fn report(name: &str, findings: Vec<Finding>) -> DomainReport {
    // The library's record-less DNS, shared with its unit tests.
    let mut report = mailaudit::testing::report_without_dns(name);
    report.findings = findings;
    report.verdict = mailaudit::check::verdict(&report.findings);
    report
}

/// Text a TXT record could hold: markup, XML breakers, control characters,
/// and a newline followed by a workflow command.
const HOSTILE: &str = "v=spf1 <script>alert(1)</script> & ]]> | [x](http://evil) \u{1}\u{7}\n::error::injected";

/// Codes registered on every branch (dns.temperror is the DNS layer's).
fn any_code(severity: Severity) -> &'static mailaudit::finding::Code {
    mailaudit::codes::all()
        .find(|c| c.severity == severity && !c.incomplete)
        .unwrap_or(&mailaudit::dns::TEMPERROR)
}

fn synthetic_run() -> CheckRun {
    let error = Finding::new(any_code(Severity::Error), "first problem")
        .severity(Severity::Error)
        .evidence(HOSTILE);
    let warning = Finding::new(any_code(Severity::Warning), "a weakness, with: commas, and colons")
        .severity(Severity::Warning)
        .subject("mx1.a.test");
    let info = Finding::new(any_code(Severity::Info), "for your information").severity(Severity::Info);
    let temperror = Finding::new(&mailaudit::dns::TEMPERROR, "Could not check SPF: timed out").subject("a.test");
    let mut run = CheckRun::new(vec![
        report("a.test", vec![error, warning, info, temperror.clone()]),
        report("b.test", vec![]),
        report(
            "c.test",
            vec![Finding::new(any_code(Severity::Info), "only info").severity(Severity::Info)],
        ),
    ]);
    run.suppressed.push(Suppressed {
        domain: "b.test".into(),
        reason: "Known: the client moves DNS hosts in March".into(),
        finding: temperror.subject("b.test"),
    });
    run
}

fn origins() -> BTreeMap<String, Origin> {
    let mut origins = BTreeMap::new();
    origins.insert(
        "a.test".to_string(),
        Origin {
            file: "ci/mail, audit.toml".into(),
            line: 7,
        },
    );
    origins
}

// ---------------------------------------------------------------- SARIF

/// The parts of the SARIF 2.1.0 schema mailaudit uses, as required properties
/// and enums (the official schema cannot be fetched offline). Returns every
/// violation found.
fn sarif_violations(sarif: &Value) -> Vec<String> {
    let errors = std::cell::RefCell::new(Vec::new());
    let need = |cond: bool, what: String| {
        if !cond {
            errors.borrow_mut().push(what);
        }
    };
    need(sarif["version"] == "2.1.0", "version must be 2.1.0".into());
    need(
        sarif["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")),
        "$schema must name sarif-2.1.0".into(),
    );
    let Some(runs) = sarif["runs"].as_array() else {
        return vec!["runs must be an array".into()];
    };
    for (r, run) in runs.iter().enumerate() {
        let driver = &run["tool"]["driver"];
        need(driver["name"].is_string(), format!("runs[{r}].tool.driver.name"));
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        for (i, rule) in rules.iter().enumerate() {
            need(rule["id"].is_string(), format!("rules[{i}].id"));
            need(
                rule["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()),
                format!("rules[{i}].shortDescription.text"),
            );
            need(
                rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
                format!("rules[{i}].help.text"),
            );
            if let Some(level) = rule["defaultConfiguration"]["level"].as_str() {
                need(
                    ["none", "note", "warning", "error"].contains(&level),
                    format!("rules[{i}] level {level}"),
                );
            }
        }
        let Some(results) = run["results"].as_array() else {
            need(false, format!("runs[{r}].results must be an array"));
            continue;
        };
        for (i, result) in results.iter().enumerate() {
            let rule_id = result["ruleId"].as_str();
            need(rule_id.is_some(), format!("results[{i}].ruleId"));
            if let Some(index) = result["ruleIndex"].as_u64() {
                need(
                    rules.get(index as usize).and_then(|r| r["id"].as_str()) == rule_id,
                    format!("results[{i}].ruleIndex points at another rule"),
                );
            } else {
                need(false, format!("results[{i}].ruleIndex"));
            }
            need(
                ["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap_or("")),
                format!("results[{i}].level"),
            );
            need(
                result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()),
                format!("results[{i}].message.text"),
            );
            let locations = result["locations"].as_array().cloned().unwrap_or_default();
            need(
                !locations.is_empty(),
                format!("results[{i}].locations (code scanning needs one)"),
            );
            for location in &locations {
                let physical = &location["physicalLocation"];
                need(
                    physical["artifactLocation"]["uri"]
                        .as_str()
                        .is_some_and(|u| !u.is_empty()),
                    format!("results[{i}] artifactLocation.uri"),
                );
                need(
                    physical["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
                    format!("results[{i}] region.startLine >= 1"),
                );
            }
            if let Some(state) = result.get("baselineState") {
                need(
                    ["new", "unchanged", "updated", "absent"].contains(&state.as_str().unwrap_or("")),
                    format!("results[{i}].baselineState"),
                );
            }
            if let Some(suppressions) = result.get("suppressions") {
                for s in suppressions.as_array().cloned().unwrap_or_default() {
                    need(
                        ["inSource", "external"].contains(&s["kind"].as_str().unwrap_or("")),
                        format!("results[{i}].suppressions[].kind"),
                    );
                }
            }
            need(
                result["partialFingerprints"].as_object().is_some_and(|f| !f.is_empty()),
                format!("results[{i}].partialFingerprints"),
            );
        }
    }
    errors.into_inner()
}

#[test]
fn sarif_is_valid_and_has_one_rule_per_code() {
    let run = synthetic_run();
    let text = SarifFormatter {
        origins: origins(),
        ..Default::default()
    }
    .format(&run);
    let sarif: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(sarif_violations(&sarif), Vec::<String>::new());

    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let registered: Vec<&str> = mailaudit::codes::all().map(|c| c.code).collect();
    assert_eq!(ids, registered, "one rule per registered code, in registry order");
    // The help travels with the rule: the whole explanation and fix, and no
    // link, as no docs_url was given.
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let info = mailaudit::codes::lookup(id).unwrap();
        assert_eq!(rule["fullDescription"]["text"], info.explanation);
        for help in [&rule["help"]["text"], &rule["help"]["markdown"]] {
            let help = help.as_str().unwrap();
            assert!(
                help.contains(info.explanation) && help.contains(info.fix),
                "{id}: {help}"
            );
            assert!(help.contains(&format!("mailaudit explain {id}")), "{id}: {help}");
        }
        assert!(rule.get("helpUri").is_none(), "{id}: no link without docs_url");
    }
    assert!(sarif["runs"][0]["tool"]["driver"].get("informationUri").is_none());

    // With a docs_url, every rule links into the team's copy of docs/codes.md.
    let base: mailaudit::explain::DocsUrl = "https://wiki.example.com/mailaudit/codes.md".parse().unwrap();
    let linked: Value = serde_json::from_str(
        &SarifFormatter {
            docs_url: Some(base.clone()),
            ..Default::default()
        }
        .format(&run),
    )
    .unwrap();
    assert_eq!(sarif_violations(&linked), Vec::<String>::new());
    let driver = &linked["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], base.as_str());
    for rule in driver["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(rule["helpUri"], base.for_code(id));
    }

    let results = sarif["runs"][0]["results"].as_array().unwrap();
    // 4 + 0 + 1 findings, plus 1 suppressed.
    assert_eq!(results.len(), 6);
    let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(&levels[..3], ["error", "warning", "note"]);
    // a.test is listed in a file: the result points at its line.
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "ci/mail, audit.toml");
    assert_eq!(location["region"]["startLine"], 7);
    // c.test came from the command line: the domain stands in for the file.
    assert_eq!(
        results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "c.test"
    );
    assert_eq!(
        results[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "a.test/mx1.a.test"
    );
    // Hostile evidence survives as data.
    assert_eq!(results[0]["properties"]["evidence"], HOSTILE);
    // The suppressed finding carries its reason; nothing else is suppressed.
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "Known: the client moves DNS hosts in March"
    );
    // Fingerprints are unique per (domain, code, subject).
    let mut prints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["mailauditFinding/v1"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), results.len());
}

#[test]
fn sarif_marks_baseline_state() {
    let mut run = synthetic_run();
    // The baseline knew a.test's first finding only.
    let mut previous = SavedRun::from_reports(&run.domains);
    previous.domains[0].findings.truncate(1);
    previous.domains[2].findings.clear();
    run.baseline = Some(baseline::diff(&previous, &run.domains, "previous.json"));
    let sarif: Value = serde_json::from_str(&SarifFormatter::default().format(&run)).unwrap();
    assert_eq!(sarif_violations(&sarif), Vec::<String>::new());
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert_eq!(states, ["unchanged", "new", "new", "new", "new"]);
    assert_eq!(sarif["runs"][0]["properties"]["baseline"]["new"], 4);
}

// ---------------------------------------------------------------- JUnit

#[derive(Debug, Default)]
struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    errors: usize,
    cases: Vec<Case>,
}

#[derive(Debug, Default)]
struct Case {
    name: String,
    failure: Option<String>,
    error: Option<String>,
    system_out: String,
}

/// Parse JUnit XML back with quick-xml; panics on malformed XML.
fn parse_junit(xml: &str) -> (BTreeMap<String, String>, Vec<Suite>) {
    let mut reader = Reader::from_str(xml);
    let mut root = BTreeMap::new();
    let mut suites: Vec<Suite> = Vec::new();
    let mut current_text: Option<&'static str> = None;
    let attrs = |e: &quick_xml::events::BytesStart| -> BTreeMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().expect("attribute value").into_owned(),
                )
            })
            .collect()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let a = attrs(&e);
                let num = |k: &str| a.get(k).map(|v| v.parse::<usize>().expect("number")).unwrap_or(0);
                match e.name().as_ref() {
                    b"testsuites" => root = a.clone(),
                    b"testsuite" => suites.push(Suite {
                        name: a["name"].clone(),
                        tests: num("tests"),
                        failures: num("failures"),
                        errors: num("errors"),
                        cases: vec![],
                    }),
                    b"testcase" => suites.last_mut().unwrap().cases.push(Case {
                        name: a["name"].clone(),
                        ..Default::default()
                    }),
                    b"failure" | b"error" | b"system-out" => {
                        let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                        let tag = match e.name().as_ref() {
                            b"failure" => {
                                case.failure = Some(a.get("message").cloned().unwrap_or_default());
                                "failure"
                            }
                            b"error" => {
                                case.error = Some(a.get("message").cloned().unwrap_or_default());
                                "error"
                            }
                            _ => "system-out",
                        };
                        current_text = Some(tag);
                    }
                    other => panic!("unexpected element {}", String::from_utf8_lossy(other)),
                }
            }
            Event::Text(t) if current_text == Some("system-out") => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.system_out.push_str(&t.unescape().expect("text"));
            }
            Event::End(_) => current_text = None,
            _ => {}
        }
    }
    (root, suites)
}

#[test]
fn junit_parses_back_with_consistent_counts() {
    let run = synthetic_run();
    let xml = JunitFormatter {
        fail_on: FailOn::Error,
        ..Default::default()
    }
    .format(&run);
    let (root, suites) = parse_junit(&xml);
    assert_eq!(suites.len(), 3, "one suite per domain");
    assert_eq!(
        suites.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["a.test", "b.test", "c.test"]
    );
    let mut total = (0, 0, 0);
    for suite in &suites {
        assert_eq!(suite.tests, suite.cases.len(), "{suite:?}");
        assert_eq!(
            suite.failures,
            suite.cases.iter().filter(|c| c.failure.is_some()).count()
        );
        assert_eq!(
            suite.errors,
            suite
                .cases
                .iter()
                .filter(|c| c.failure.is_none() && c.error.is_some())
                .count()
        );
        for check in ["spf", "dmarc", "dkim", "mx"] {
            assert!(suite.cases.iter().any(|c| c.name == check), "{check} in {suite:?}");
        }
        total = (total.0 + suite.tests, total.1 + suite.failures, total.2 + suite.errors);
    }
    assert_eq!(root["tests"].parse::<usize>().unwrap(), total.0);
    assert_eq!(root["failures"].parse::<usize>().unwrap(), total.1);
    assert_eq!(root["errors"].parse::<usize>().unwrap(), total.2);
    // a.test: one error-level finding fails one case; the DNS failure is an error case.
    assert_eq!(suites[0].failures, 1);
    assert_eq!(suites[0].errors, 1);
    assert_eq!(
        suites[0]
            .cases
            .iter()
            .find(|c| c.failure.is_some())
            .unwrap()
            .failure
            .as_deref(),
        Some("first problem")
    );
    assert!(suites[0].cases.iter().any(|c| c.name == "dns" && c.error.is_some()));
    // b.test has nothing (its finding is suppressed); c.test's info is reported, not failed.
    assert_eq!((suites[1].failures, suites[1].errors), (0, 0));
    assert_eq!(suites[2].failures, 0);
    assert!(suites[2].cases.iter().any(|c| c.system_out.contains("only info")));

    // --fail-on info fails c.test too; never fails nothing.
    let (_, suites) = parse_junit(
        &JunitFormatter {
            fail_on: FailOn::Info,
            ..Default::default()
        }
        .format(&run),
    );
    assert_eq!(suites[2].failures, 1);
    let mut checks: Vec<&str> = run.domains[0]
        .findings
        .iter()
        .filter(|f| !f.is_incomplete())
        .map(|f| f.code.family())
        .collect();
    checks.sort();
    checks.dedup();
    assert_eq!(
        suites[0].failures,
        checks.len(),
        "one failing case per check with findings"
    );
    let (root, _) = parse_junit(
        &JunitFormatter {
            fail_on: FailOn::Never,
            ..Default::default()
        }
        .format(&run),
    );
    assert_eq!(root["failures"], "0");
}

#[test]
fn junit_survives_hostile_text() {
    let run = synthetic_run();
    let xml = JunitFormatter {
        fail_on: FailOn::Info,
        ..Default::default()
    }
    .format(&run);
    // Control characters are not allowed in XML 1.0, even escaped.
    assert!(!xml.contains('\u{1}') && !xml.contains("&#1;"));
    assert!(!xml.contains("<script>"), "markup must be escaped");
    parse_junit(&xml);
}

#[test]
fn junit_with_baseline_fails_on_new_findings_only() {
    let mut run = synthetic_run();
    let previous = SavedRun::from_reports(&run.domains);
    run.baseline = Some(baseline::diff(&previous, &run.domains, "p.json"));
    let (root, suites) = parse_junit(
        &JunitFormatter {
            fail_on: FailOn::Info,
            ..Default::default()
        }
        .format(&run),
    );
    assert_eq!(root["failures"], "0", "all findings are known");
    assert!(
        suites[0]
            .cases
            .iter()
            .any(|c| c.system_out.contains("known (in baseline)"))
    );
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_annotations_are_one_line_each_and_escaped() {
    let run = synthetic_run();
    let text = GithubFormatter { origins: origins() }.format(&run);
    let lines: Vec<&str> = text.lines().collect();
    // 5 findings (suppressed ones are not annotated) + the summary notice.
    assert_eq!(lines.len(), 6, "{text}");
    for line in &lines {
        let rest = line
            .strip_prefix("::error ")
            .or_else(|| line.strip_prefix("::warning "))
            .or_else(|| line.strip_prefix("::notice "))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (properties, message) = rest.split_once("::").expect("properties::message");
        assert!(!message.is_empty());
        for property in properties.split(',') {
            let (key, _) = property.split_once('=').expect("key=value");
            assert!(["file", "line", "title"].contains(&key), "{property}");
        }
    }
    assert!(
        lines[0].starts_with("::notice title=mailaudit::3 domains checked"),
        "totals first"
    );
    assert!(lines[0].contains("1 suppressed"));
    assert!(lines[1].starts_with("::error file=ci/mail%2C audit.toml,line=7,title=a.test%3A "));
    assert!(
        lines[1].contains("%0A::error::injected"),
        "newline in evidence escaped: {}",
        lines[1]
    );
    // Most severe first: the dns.temperror warning of a.test before its notice.
    assert!(lines[2].starts_with("::warning "));
    assert!(lines[3].starts_with("::warning "));
    assert!(lines[4].starts_with("::notice "));
}

#[test]
fn github_with_baseline_annotates_new_findings_only() {
    let mut run = synthetic_run();
    let mut previous = SavedRun::from_reports(&run.domains);
    previous.domains[0].findings.remove(0);
    run.baseline = Some(baseline::diff(&previous, &run.domains, "p.json"));
    let text = GithubFormatter::default().format(&run);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().nth(1).unwrap().contains("first problem"));
    assert!(text.contains("1 new, 0 fixed"));
}

// ---------------------------------------------------------------- Markdown

/// Cells of a Markdown table row, splitting on unescaped pipes.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count - 1
}

#[test]
fn markdown_tables_stay_tables_and_text_stays_text() {
    let mut run = synthetic_run();
    let mut previous = SavedRun::from_reports(&run.domains);
    previous.domains[0].findings.remove(0);
    previous.domains[1].findings.push(baseline::SavedFinding {
        code: "dns.temperror".into(),
        severity: Severity::Warning,
        message: "old | failure".into(),
        subject: Some("gone.b.test".into()),
    });
    run.baseline = Some(baseline::diff(&previous, &run.domains, "previous.json"));
    let md = MarkdownFormatter::default().format(&run);
    assert!(md.starts_with("## mailaudit: 3 domains checked"));
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains("](http://evil)"), "links from DNS data must not render");
    // Every table keeps its column count on every row.
    let mut header_cells = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match header_cells {
                None => header_cells = Some(n),
                Some(h) => assert_eq!(n, h, "row {line}"),
            }
        } else {
            header_cells = None;
        }
    }
    for domain in ["a.test", "b.test", "c.test"] {
        assert!(md.contains(&format!("| {domain} |")), "{domain} in overview");
    }
    assert!(md.contains("1 new, 1 fixed"), "{md}");
    assert!(md.contains("#### Fixed"));
    assert!(md.contains("Suppressed by ignore rules"));
    assert!(md.contains("the client moves DNS hosts in March"));
    // No docs_url: codes are plain, and the report says how to read about them.
    assert!(md.contains("| `dns.temperror` |"), "{md}");
    assert!(md.contains("`mailaudit explain CODE`"));
    assert!(!md.contains("](http"), "no link without docs_url: {md}");
    let base: mailaudit::explain::DocsUrl = "https://wiki.example.com/codes.md".parse().unwrap();
    let linked = MarkdownFormatter {
        docs_url: Some(base.clone()),
        ..Default::default()
    }
    .format(&run);
    assert!(
        linked.contains(&format!("[`dns.temperror`]({})", base.for_code("dns.temperror"))),
        "{linked}"
    );
    // Domains without findings get no section of their own.
    assert!(!md.contains("### b.test"));
}

#[test]
fn markdown_stays_under_its_size_budget_failing_domains_first() {
    // 60 domains with findings; every 10th failing (the rest at risk).
    let domains: Vec<DomainReport> = (0..60)
        .map(|i| {
            let severity = if i % 10 == 0 {
                Severity::Error
            } else {
                Severity::Warning
            };
            let findings = (0..5)
                .map(|k| {
                    Finding::new(any_code(severity), format!("problem {k} of d{i}"))
                        .severity(severity)
                        .subject(format!("s{k}"))
                        .evidence("x".repeat(400))
                })
                .collect();
            report(&format!("d{i:02}.test"), findings)
        })
        .collect();
    let run = CheckRun::new(domains);
    let md = MarkdownFormatter {
        max_bytes: 40_000,
        ..Default::default()
    }
    .format(&run);
    assert!(md.len() <= 40_000, "{} bytes", md.len());
    // The overview lists every domain, whatever the budget.
    for i in 0..60 {
        assert!(md.contains(&format!("| d{i:02}.test |")), "d{i:02} in overview");
    }
    assert!(md.contains("Left out to stay under 40 kB"), "{md}");
    // Sections shown: all six failing domains first, then at-risk ones in input order.
    let shown: Vec<usize> = md
        .match_indices("\n### d")
        .map(|(at, _)| md[at + 6..at + 8].parse::<usize>().unwrap())
        .collect();
    assert!(shown.len() > 6 && shown.len() < 60, "{shown:?}");
    assert_eq!(&shown[..6], [0, 10, 20, 30, 40, 50]);
    assert!(shown[6..].windows(2).all(|w| w[0] < w[1]) && shown[6] == 1, "{shown:?}");
    // Without a tight budget, everything is there.
    let full = MarkdownFormatter::default().format(&run);
    assert!(!full.contains("Left out"));
    assert_eq!(full.matches("\n### d").count(), 60);
}

// ---------------------------------------------------------------- through the binary

const ZONE: &str = r#"$ORIGIN fmt.test.
$TTL 300
@        IN SOA ns.fmt.test. hostmaster.fmt.test. 1 3600 600 86400 300
good     IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good     IN MX  10 mx.good.fmt.test.
mx.good  IN A   192.0.2.25
_dmarc.good IN TXT "v=DMARC1; p=reject"
bare     IN A   192.0.2.30
;@servfail broken.fmt.test.
"#;

fn run_format(server: &TestDnsServer, format: &str) -> (Option<i32>, String) {
    let out = mailaudit()
        .args(["check", "good.fmt.test", "bare.fmt.test", "broken.fmt.test"])
        .args(["--nameserver", &server.addr_arg(), "--no-blocklists", "--no-config"])
        .args(["--timeout", "2", "--format", format])
        // `--format github` appends to the job summary inside GitHub Actions.
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8 output"))
}

#[test]
fn github_format_appends_the_full_report_to_the_job_summary() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("step_summary.md");
    std::fs::write(&summary, "from an earlier step\n").unwrap();
    let out = mailaudit()
        .args(["check", "good.fmt.test", "bare.fmt.test", "broken.fmt.test"])
        .args(["--nameserver", &server.addr_arg(), "--no-blocklists", "--no-config"])
        .args(["--timeout", "2", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::notice title=mailaudit::"));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("from an earlier step\n## mailaudit: 3 domains checked"),
        "{written}"
    );
    assert!(written.contains("### bare.fmt.test"), "{written}");
}

#[test]
fn every_format_from_the_binary_parses_back() {
    let server = TestDnsServer::start_text(&[ZONE]);
    let (json_code, json) = run_format(&server, "json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["schema_version"], 1);
    let findings: usize = json["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["findings"].as_array().unwrap().len())
        .sum();
    assert!(findings >= 1, "the SERVFAIL domain reports at least dns.temperror");

    let (code, sarif) = run_format(&server, "sarif");
    assert_eq!(code, json_code, "the format does not change the exit code");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif_violations(&sarif), Vec::<String>::new());
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), findings);

    let (code, xml) = run_format(&server, "junit");
    assert_eq!(code, json_code);
    let (_, suites) = parse_junit(&xml);
    assert_eq!(suites.len(), 3);
    let broken = suites.iter().find(|s| s.name == "broken.fmt.test").unwrap();
    assert!(
        broken.errors >= 1,
        "a SERVFAIL is an error (not run), never a pass: {broken:?}"
    );

    let (code, annotations) = run_format(&server, "github");
    assert_eq!(code, json_code);
    // Each kind is capped at what GitHub shows (the totals notice is a notice too).
    let of_severity = |severity: &str| {
        json["domains"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["findings"].as_array().unwrap())
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let shown = of_severity("error").min(10) + of_severity("warning").min(10) + of_severity("info").min(9);
    assert_eq!(annotations.lines().count(), shown + 1, "{annotations}");
    assert_eq!(shown < findings, annotations.contains("see the job summary"));
    assert!(annotations.lines().all(|l| l.starts_with("::")));

    let (code, md) = run_format(&server, "markdown");
    assert_eq!(code, json_code);
    assert!(
        md.contains("| broken.fmt.test | ❔ incomplete |") || md.contains("| broken.fmt.test | ❌"),
        "{md}"
    );
}

// ---------------------------------------------------------------- Summaries

/// A run whose verdicts are one of each, against a baseline that also held a
/// domain this run did not check.
fn run_with_every_verdict() -> CheckRun {
    let mut run = synthetic_run();
    run.domains.push(report("d.test", vec![]));
    use mailaudit::check::VerdictStatus;
    let every = [
        VerdictStatus::Failing,
        VerdictStatus::Incomplete,
        VerdictStatus::AtRisk,
        VerdictStatus::Ok,
    ];
    for (domain, status) in run.domains.iter_mut().zip(every) {
        domain.verdict.status = status;
    }
    let mut previous = SavedRun::from_reports(&run.domains);
    previous.domains.push(baseline::SavedDomain {
        domain: "retired.test".into(),
        findings: vec![],
    });
    run.baseline = Some(baseline::diff(&previous, &run.domains, "previous.json"));
    run
}

#[test]
fn every_summary_counts_every_verdict_and_the_baseline_domains_not_checked() {
    let run = run_with_every_verdict();
    let counts = "4 domains checked: 1 failing, 1 at risk, 1 incomplete, 1 ok";
    let md = MarkdownFormatter::default().format(&run);
    assert!(md.starts_with(&format!("## mailaudit: {counts}\n")), "{md}");
    assert!(
        md.contains("5 unchanged, 1 baseline domain not checked.**"),
        "{}",
        md.lines().take(4).collect::<Vec<_>>().join("\n")
    );

    let github = GithubFormatter::default().format(&run);
    let notice = github.lines().next().unwrap();
    assert!(notice.contains(counts), "{notice}");
    assert!(notice.contains("1 baseline domain not checked"), "{notice}");

    let sarif: Value = serde_json::from_str(&SarifFormatter::default().format(&run)).unwrap();
    assert_eq!(sarif_violations(&sarif), Vec::<String>::new());
    let properties = &sarif["runs"][0]["properties"];
    assert_eq!(
        properties["verdicts"],
        serde_json::json!({"failing": 1, "at_risk": 1, "incomplete": 1, "ok": 1})
    );
    assert_eq!(
        properties["baseline"]["notChecked"],
        serde_json::json!(["retired.test"])
    );

    let summary = run.baseline.as_ref().unwrap().summary();
    assert_eq!(
        summary,
        "0 new, 0 fixed, 0 unverified, 5 unchanged, 1 baseline domain not checked"
    );
}
