//! `blocklist`: text and JSON renderings of a lookup, the zone list, and the
//! per-target lines (also shown under `check`'s text report): one line per
//! target, runs of addresses with the same result folded into one, so "not
//! listed" is a claim the user can read.

use super::text::{one_line, subject_suffix};
use crate::blocklist::query::Status;
use crate::blocklist::{BlocklistReport, ListResult, SelfTestStatus, Target, Zone, targets};
use crate::check::ToolInfo;
use crate::figures::plural;
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

/// How many clean lines are shown one by one in the text report before the
/// rest are summed up in one line.
const CLEAN_LINES_SHOWN: usize = 10;

/// One line of the text report under construction: a target, or a run of
/// consecutive addresses with the same sources and the same result.
struct Line<'a> {
    first: &'a Target,
    last: &'a Target,
    count: usize,
    clean: bool,
    listed: bool,
    text: String,
}

impl BlocklistReport {
    /// Lines for the text report: what was checked and the result per target
    /// and list, so "not listed" is a claim the user can read.
    pub fn text_lines(&self) -> Vec<String> {
        let s = &self.summary;
        let mut lines = vec![format!(
            "{} target{} on {} list{}: {} listing{}, {} refused, {} unknown",
            s.targets,
            plural(s.targets),
            s.lists,
            plural(s.lists),
            s.listed,
            plural(s.listed),
            s.query_refused,
            s.unknown
        )];
        let mut by_target: std::collections::HashMap<&str, Vec<&ListResult>> = std::collections::HashMap::new();
        for result in &self.results {
            by_target.entry(result.target.as_str()).or_default().push(result);
        }
        let mut runs: Vec<Line> = Vec::new();
        for target in &self.targets {
            let results = by_target.remove(target.target.as_str()).unwrap_or_default();
            let clean = !results.is_empty()
                && results
                    .iter()
                    .all(|r| matches!(r.status, Status::NotListed | Status::NotChecked));
            let text = describe(&results);
            // A listing is always its own line; other results of a range's
            // consecutive addresses that read the same are one line.
            let listed = results.iter().any(|r| r.status == Status::Listed);
            if let Some(run) = runs.last_mut()
                && !listed
                && !run.listed
                && run.text == text
                && run.last.sources == target.sources
                && next_address(run.last) == target.address()
            {
                run.last = target;
                run.count += 1;
                continue;
            }
            runs.push(Line {
                first: target,
                last: target,
                count: 1,
                clean,
                listed,
                text,
            });
        }
        let clean_runs = runs.iter().filter(|r| r.clean).count();
        let sum_clean = clean_runs > CLEAN_LINES_SHOWN;
        // Many lines with the same problem (a dead list behind a long SPF
        // tree) read as one: the finding names the cause already.
        let mut same_text: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for run in runs.iter().filter(|r| !r.clean && !r.listed) {
            *same_text.entry(run.text.as_str()).or_default() += 1;
        }
        let mut summed: Vec<&Line> = Vec::new();
        let mut summed_same: Vec<(&str, Vec<&Line>)> = Vec::new();
        for run in &runs {
            if sum_clean && run.clean {
                summed.push(run);
                continue;
            }
            if !run.clean && !run.listed && same_text.get(run.text.as_str()).is_some_and(|n| *n > CLEAN_LINES_SHOWN) {
                match summed_same.iter_mut().find(|(t, _)| *t == run.text) {
                    Some((_, group)) => group.push(run),
                    None => summed_same.push((run.text.as_str(), vec![run])),
                }
                continue;
            }
            lines.push(run_line(run));
        }
        for (text, group) in &summed_same {
            let n: usize = group.iter().map(|r| r.count).sum();
            let mut sources: Vec<&str> = group
                .iter()
                .flat_map(|r| r.first.sources.iter().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let shown = sources.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let more_sources = if sources.len() > 5 {
                format!(" and {} more", sources.len() - 5)
            } else {
                String::new()
            };
            let more = if lines.len() > 1 { "more " } else { "" };
            lines.push(format!("{n} {more}target{} [{shown}{more_sources}]: {text}", plural(n)));
        }
        if !summed.is_empty() {
            let n: usize = summed.iter().map(|r| r.count).sum();
            let mut sources: Vec<&str> = summed
                .iter()
                .flat_map(|r| r.first.sources.iter().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let lists: Vec<&str> = self
                .zones
                .iter()
                .filter(|z| summed.iter().any(|r| r.first.kind == z.kind))
                .map(|z| z.name.as_str())
                .collect();
            // "more" only when some target was named before this line.
            let more = if lines.len() > 1 { "more " } else { "" };
            lines.push(format!(
                "{n} {more}target{} [{}]: not listed on {}{}",
                plural(n),
                sources.join(", "),
                lists.join(", "),
                if summed.iter().any(|r| r.first.target.contains(':')) {
                    " (IPv6 addresses only on lists with IPv6 data)"
                } else {
                    ""
                }
            ));
        }
        for skipped in &self.skipped {
            lines.push(format!("not looked up: {skipped}"));
        }
        if self.summary.not_looked_up > 0 {
            let n = self.summary.not_looked_up;
            lines.push(format!(
                "not looked up: {n} more address{} over the limit of {} (status unknown)",
                if n == 1 { "" } else { "es" },
                targets::MAX_IP_TARGETS
            ));
        }
        // A passing self-test is news only when it is all the run did.
        let test_only = self.targets.is_empty();
        for test in self
            .self_test
            .iter()
            .filter(|t| test_only || t.status != SelfTestStatus::Ok)
        {
            let status = match test.status {
                SelfTestStatus::Ok => "ok",
                SelfTestStatus::AnswersEverything => "ANSWERS EVERYTHING",
                SelfTestStatus::TestEntryMissing => "TEST ENTRY MISSING",
                SelfTestStatus::Refused => "refused",
                SelfTestStatus::Unknown => "unknown",
            };
            lines.push(format!(
                "self-test {} ({}): {status}: {}",
                test.list, test.zone, test.detail
            ));
        }
        lines
    }
}

/// The address right after `target`'s, for joining runs of a range.
fn next_address(target: &Target) -> Option<std::net::IpAddr> {
    match target.address()? {
        std::net::IpAddr::V4(v4) => u32::from(v4).checked_add(1).map(|n| std::net::IpAddr::V4(n.into())),
        std::net::IpAddr::V6(v6) => u128::from(v6).checked_add(1).map(|n| std::net::IpAddr::V6(n.into())),
    }
}

/// A run as one line: a single target as itself, a run of addresses as the
/// range it covers ("192.0.2.0/28 (16 addresses)"), its sources without the
/// range repeated.
fn run_line(run: &Line) -> String {
    if run.count == 1 {
        return format!("{} [{}]: {}", run.first.target, run.first.sources.join(", "), run.text);
    }
    let range = match (run.first.address(), run.last.address()) {
        (Some(first), Some(last)) => {
            let max = if first.is_ipv4() { 32 } else { 128 };
            let cidr = run
                .count
                .is_power_of_two()
                .then(|| max - run.count.trailing_zeros() as u8)
                .and_then(|prefix| ipnet::IpNet::new(first, prefix).ok())
                .filter(|net| net.network() == first && net.broadcast() == last);
            match cidr {
                Some(net) => net.to_string(),
                None => format!("{first}-{last}"),
            }
        }
        _ => format!("{}-{}", run.first.target, run.last.target),
    };
    let sources: Vec<String> = run
        .first
        .sources
        .iter()
        .map(|s| {
            s.strip_suffix(&format!(":{range}"))
                .or_else(|| s.strip_suffix(&format!(" {range}")))
                .unwrap_or(s)
                .to_string()
        })
        .collect();
    format!(
        "{range} ({} addresses) [{}]: {}",
        run.count,
        sources.join(", "),
        run.text
    )
}

/// One target's results in one line: listings first, then problems, then the
/// lists it is not on.
fn describe(results: &[&ListResult]) -> String {
    if results.is_empty() {
        return "no list of this kind configured".into();
    }
    let names = |status: Status| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.list.clone())
            .collect()
    };
    let mut parts = Vec::new();
    for r in results.iter().filter(|r| r.status == Status::Listed) {
        let subs: Vec<&str> = r
            .listings
            .iter()
            .map(|l| l.sublist.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        parts.push(if subs.is_empty() {
            format!("LISTED on {}", r.list)
        } else {
            format!("LISTED on {} ({})", r.list, subs.join(", "))
        });
    }
    let refused = names(Status::QueryRefused);
    if !refused.is_empty() {
        parts.push(format!("query refused by {}", refused.join(", ")));
    }
    let unknown = names(Status::Unknown);
    if !unknown.is_empty() {
        parts.push(format!("unknown on {}", unknown.join(", ")));
    }
    let clean = names(Status::NotListed);
    if !clean.is_empty() {
        parts.push(format!("not listed on {}", clean.join(", ")));
    }
    let skipped = names(Status::NotChecked);
    if !skipped.is_empty() {
        parts.push(format!("not asked on {} (no IPv6 data)", skipped.join(", ")));
    }
    parts.join("; ")
}
