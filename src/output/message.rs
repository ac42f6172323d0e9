//! Output of `message`: its own text report and JSON; the CI formats (SARIF,
//! GitHub, JUnit, Markdown, HTML) go through `check`'s formatters, one
//! "domain" per message file, so they look and gate the same.

use super::text::{TextFormatter, one_line};
use crate::check::DomainReport;
use crate::message::{MessageReport, MessageRun, law};
use crate::run::CheckRun;
use colored::Colorize;
use std::fmt::Write;

/// JUnit test cases of a message: its findings all have the `message` family;
/// DNS and blocklist cases are added when they have findings.
pub const JUNIT_CASES: &[&str] = &["message"];

pub fn json(run: &MessageRun) -> String {
    let mut text = serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The run in the shape `check`'s formatters read: each message a "domain"
/// named by its file, with its findings, verdict and requirements.
pub fn as_check_run(run: &MessageRun) -> CheckRun {
    let domains = run
        .messages
        .iter()
        .map(|m| {
            let mut notes = Vec::new();
            if let Some(from) = &m.from {
                notes.push(format!("From: {from}"));
            }
            if let Some(subject) = &m.subject {
                notes.push(format!("Subject: {}", one_line(subject, 200)));
            }
            if !m.law.is_empty() {
                notes.push(law::DISCLAIMER.to_string());
            }
            DomainReport {
                domain: m.file.clone(),
                input: None,
                notes,
                verdict: m.verdict.clone(),
                findings: m.findings.clone(),
                spf: Default::default(),
                dmarc: Default::default(),
                dkim: Vec::new(),
                mx: Vec::new(),
                mta_sts: Default::default(),
                dane: Vec::new(),
                tls_rpt: Default::default(),
                bimi: Default::default(),
                reverse_dns: Vec::new(),
                requirements: m.requirements.clone(),
                blocklist: None,
            }
        })
        .collect();
    CheckRun::new(domains)
}

pub fn text(run: &MessageRun, color: bool) -> String {
    let formatter = TextFormatter { color };
    let mut out = String::new();
    for (i, report) in run.messages.iter().enumerate() {
        if i > 0 {
            out.push_str("\n────────────────────────────────────────\n\n");
        }
        message_text(&formatter, &mut out, report);
    }
    out
}

fn message_text(f: &TextFormatter, out: &mut String, m: &MessageReport) {
    f.heading(out, &m.file, &m.verdict);
    if let Some(from) = &m.from {
        let _ = writeln!(out, "  From:    {}", one_line(from, 300));
    }
    if let Some(subject) = &m.subject {
        let _ = writeln!(out, "  Subject: {}", one_line(subject, 300));
    }
    if !m.findings.is_empty() {
        let _ = writeln!(out, "\n  What to fix, most important first:");
        for finding in &m.findings {
            f.finding(out, finding);
        }
    }

    let _ = writeln!(out, "\n  What the message shows:");
    let mut line = |label: &str, text: String| {
        let _ = writeln!(out, "    {label:<13}{}", one_line(&text, 300));
    };
    if m.dkim.is_empty() {
        line("DKIM:", "no signature".to_string());
    }
    for (i, s) in m.dkim.iter().enumerate() {
        let bits = s.key_bits.map(|b| format!(", {b}-bit key")).unwrap_or_default();
        line(
            if i == 0 { "DKIM:" } else { "" },
            format!(
                "d={} s={} {}{bits}: {}",
                s.domain,
                s.selector,
                s.algorithm,
                s.status.describe()
            ),
        );
    }
    let a = &m.alignment;
    if !a.from_domain.is_empty() {
        let dmarc = a
            .dmarc_record
            .clone()
            .unwrap_or_else(|| format!("({})", a.dmarc_status));
        line("DMARC:", format!("{} {dmarc}", a.from_domain));
        line(
            "Alignment:",
            format!(
                "DKIM {} ({}), SPF {} ({}, Return-Path {}) -> DMARC {}",
                if a.dkim_aligned { "aligned" } else { "not aligned" },
                a.dkim_mode,
                if a.spf_aligned { "aligned" } else { "not aligned" },
                a.spf_mode,
                a.return_path_domain.as_deref().unwrap_or("absent"),
                if a.dmarc_pass { "pass" } else { "fail" }
            ),
        );
        for r in &a.spf_results {
            line("SPF --ip:", format!("{} {}", r.ip, r.result));
        }
    }
    let u = &m.unsubscribe;
    line(
        "Unsubscribe:",
        if u.uris.is_empty() {
            "no List-Unsubscribe".to_string()
        } else {
            format!(
                "{}; one-click {}; {}",
                u.uris.join(", "),
                if u.one_click { "yes" } else { "no" },
                if u.signed { "signed" } else { "not signed" }
            )
        },
    );
    line(
        "Size:",
        format!(
            "{} bytes, HTML {} bytes, text part {}",
            m.form.size_bytes,
            m.form.html_bytes,
            if m.form.has_text_part { "yes" } else { "no" }
        ),
    );
    line(
        "Links:",
        format!(
            "{} URL{} on {} host{}{}",
            m.links.urls.len(),
            if m.links.urls.len() == 1 { "" } else { "s" },
            m.links.hosts.len(),
            if m.links.hosts.len() == 1 { "" } else { "s" },
            if m.links.blocklist.is_some() {
                ", looked up on domain blocklists"
            } else {
                ""
            }
        ),
    );
    for ar in &m.received.authentication_results {
        let results: Vec<String> = ar
            .results
            .iter()
            .map(|r| format!("{}={}", r.method, r.result))
            .collect();
        line("Receiver:", format!("{}: {}", ar.authserv_id, results.join(" ")));
    }
    if let Some(arc) = &m.received.arc {
        line(
            "ARC:",
            format!(
                "{} set{}, our verification: {}{}",
                arc.sets,
                if arc.sets == 1 { "" } else { "s" },
                arc.result,
                m.received
                    .arc_sealed_cv
                    .as_deref()
                    .map(|cv| format!(", last seal says cv={cv}"))
                    .unwrap_or_default()
            ),
        );
    }
    f.requirements(out, &m.requirements);
    if !m.law.is_empty() {
        let _ = writeln!(out, "\n  Local law (form of the message only, not legal advice):");
        for c in &m.law {
            let mark = if c.met {
                f.paint("met    ", |s| s.green())
            } else {
                f.paint("NOT MET", |s| s.red().bold())
            };
            let _ = writeln!(
                out,
                "    {mark}  {}: {} ({})",
                law::law_name(c.law),
                c.rule,
                one_line(&c.detail, 200)
            );
        }
        let _ = writeln!(out, "  {}", law::DISCLAIMER);
    }
}
