//! `--format junit`: JUnit XML, which every CI system can display. One test
//! suite per domain, one test case per check (spf, dmarc, dkim, mx, and
//! blocklist when it ran; `dns` and others only when they have findings).
//!
//! A test case fails (`<failure>`) on findings at or above `--fail-on` (with a
//! baseline: new ones only); it is in error (`<error>`: could not be run) when
//! lookups failed; other findings go to `<system-out>`.

use super::CheckFormatter;
use crate::baseline::BaselineState;
use crate::check::DomainReport;
use crate::exit::FailOn;
use crate::finding::Finding;
use crate::run::CheckRun;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::fmt::Write as _;
use std::io;

#[derive(Debug, Clone, Copy)]
pub struct JunitFormatter {
    pub fail_on: FailOn,
    /// The test cases every suite has, passing when they found nothing:
    /// [`CHECK_CASES`] for `check`; `message` has its own.
    pub cases: &'static [&'static str],
}

impl Default for JunitFormatter {
    fn default() -> Self {
        JunitFormatter {
            fail_on: FailOn::default(),
            cases: CHECK_CASES,
        }
    }
}

/// The checks every domain of `check` has a test case for.
pub const CHECK_CASES: &[&str] = &["spf", "dmarc", "dkim", "mx"];

/// XML 1.0 forbids most control characters even escaped; DNS data can hold them.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

struct Case<'a> {
    name: String,
    failures: Vec<&'a Finding>,
    errors: Vec<&'a Finding>,
    other: Vec<(&'a Finding, &'static str)>,
}

fn describe(finding: &Finding) -> String {
    let mut text = format!("{} {}", finding.severity.as_str().to_uppercase(), finding.code);
    if let Some(subject) = &finding.subject {
        let _ = write!(text, " ({subject})");
    }
    let _ = write!(text, ": {}", finding.message);
    if let Some(evidence) = &finding.evidence {
        let _ = write!(text, "\n  seen: {evidence}");
    }
    if let Some(fix) = &finding.fix {
        let _ = write!(text, "\n  fix:  {fix}");
    }
    match &finding.docs {
        Some(url) => write!(text, "\n  docs: {url}"),
        None => write!(text, "\n  more: {}", crate::explain::command(finding.code.as_str())),
    }
    .ok();
    text
}

impl JunitFormatter {
    fn cases<'a>(&self, run: &CheckRun, domain: &'a DomainReport) -> Vec<Case<'a>> {
        let mut names: Vec<String> = self.cases.iter().map(|c| c.to_string()).collect();
        if domain.blocklist.is_some() {
            names.push("blocklist".into());
        }
        let mut extra: Vec<String> = domain
            .findings
            .iter()
            .map(|f| f.code.family().to_string())
            .filter(|c| !names.contains(c))
            .collect();
        extra.sort();
        extra.dedup();
        names.extend(extra);

        let states = run.baseline.as_ref().map(|b| b.states(domain));
        let mut cases: Vec<Case> = names
            .into_iter()
            .map(|name| Case {
                name,
                failures: vec![],
                errors: vec![],
                other: vec![],
            })
            .collect();
        for (i, finding) in domain.findings.iter().enumerate() {
            let Some(case) = cases.iter_mut().find(|c| c.name == finding.code.family()) else {
                continue;
            };
            let is_new = states
                .as_ref()
                .is_none_or(|s| s.get(i) != Some(&BaselineState::Unchanged));
            let at_level = self.fail_on.threshold().is_some_and(|t| finding.severity >= t);
            if finding.is_incomplete() {
                case.errors.push(finding);
            } else if at_level && is_new {
                case.failures.push(finding);
            } else if at_level {
                case.other.push((finding, "known (in baseline)"));
            } else {
                case.other.push((finding, "below --fail-on"));
            }
        }
        cases
    }

    fn write(&self, run: &CheckRun) -> io::Result<Vec<u8>> {
        let suites: Vec<(&DomainReport, Vec<Case>)> = run.domains.iter().map(|d| (d, self.cases(run, d))).collect();
        let count = |pick: fn(&Case) -> bool| -> usize {
            suites
                .iter()
                .map(|(_, cases)| cases.iter().filter(|c| pick(c)).count())
                .sum()
        };
        let tests = count(|_| true);
        let failures = count(|c| !c.failures.is_empty());
        let errors = count(|c| c.failures.is_empty() && !c.errors.is_empty());

        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer
            .create_element("testsuites")
            .with_attribute(("name", "mailaudit"))
            .with_attribute(("tests", tests.to_string().as_str()))
            .with_attribute(("failures", failures.to_string().as_str()))
            .with_attribute(("errors", errors.to_string().as_str()))
            .with_attribute(("skipped", "0"))
            .write_inner_content(|w| {
                for (domain, cases) in &suites {
                    self.suite(w, domain, cases)?;
                }
                Ok(())
            })?;
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn suite(&self, w: &mut Writer<Vec<u8>>, domain: &DomainReport, cases: &[Case]) -> io::Result<()> {
        let failures = cases.iter().filter(|c| !c.failures.is_empty()).count();
        let errors = cases
            .iter()
            .filter(|c| c.failures.is_empty() && !c.errors.is_empty())
            .count();
        let name = xml_safe(&domain.domain);
        w.create_element("testsuite")
            .with_attribute(("name", name.as_str()))
            .with_attribute(("tests", cases.len().to_string().as_str()))
            .with_attribute(("failures", failures.to_string().as_str()))
            .with_attribute(("errors", errors.to_string().as_str()))
            .with_attribute(("skipped", "0"))
            .write_inner_content(|w| {
                for case in cases {
                    let element = w
                        .create_element("testcase")
                        .with_attribute(("classname", name.as_str()))
                        .with_attribute(("name", case.name.as_str()));
                    if case.failures.is_empty() && case.errors.is_empty() && case.other.is_empty() {
                        element.write_empty()?;
                        continue;
                    }
                    element.write_inner_content(|w| self.case_body(w, case))?;
                }
                Ok(())
            })?;
        Ok(())
    }

    fn case_body(&self, w: &mut Writer<Vec<u8>>, case: &Case) -> io::Result<()> {
        // A failure outranks an error: the check found a problem even if some
        // other lookup of it failed. Both are listed in the body.
        let (tag, listed): (&str, Vec<&Finding>) = if case.failures.is_empty() {
            ("error", case.errors.clone())
        } else {
            (
                "failure",
                case.failures.iter().chain(case.errors.iter()).copied().collect(),
            )
        };
        if let Some(main) = listed.first() {
            let body: Vec<String> = listed.iter().map(|f| describe(f)).collect();
            let message = xml_safe(&main.message);
            w.create_element(tag)
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", main.code.as_str()))
                .write_text_content(BytesText::new(&xml_safe(&body.join("\n"))))?;
        }
        if !case.other.is_empty() {
            let body: Vec<String> = case
                .other
                .iter()
                .map(|(f, why)| format!("[{why}] {}", describe(f)))
                .collect();
            w.create_element("system-out")
                .write_text_content(BytesText::new(&xml_safe(&body.join("\n"))))?;
        }
        Ok(())
    }
}

impl CheckFormatter for JunitFormatter {
    fn format(&self, run: &CheckRun) -> String {
        match self.write(run) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            // Writing to a Vec cannot fail; keep the output valid XML regardless.
            Err(e) => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mailaudit\" tests=\"0\"><!-- {} --></testsuites>\n",
                xml_safe(&e.to_string()).replace("--", "- -")
            ),
        }
    }
}
