//! `losses --format html`: the verdict and the worst loss first, DMARC pass
//! rates per provider and per sending source as charts, the tables after,
//! inputs and notes in the appendix.

use super::{Bar, Page, ReportMeta, bar_chart, chip, col, english, fill, light, ltr, num, pct, table};
use crate::figures::thousands;
use crate::i18n::Lang;
use crate::losses::{LossReport, RateStatus};
use crate::output::losses_text::headline;
use crate::output::losses_words as words;
use maud::{Markup, html};

pub fn losses(r: &LossReport, meta: &ReportMeta) -> String {
    losses_with(r, meta, None)
}

/// The report, with what changed since a saved run (`--previous`) after the summary.
pub fn losses_with(r: &LossReport, meta: &ReportMeta, changes: Option<&crate::changes::Changes>) -> String {
    let lang = meta.lang;
    let title = meta.title.clone().unwrap_or_else(|| lang.t("losses.title").to_string());
    Page {
        meta,
        title,
        summary: summary(r, lang),
        body: html! {
            @if let Some(c) = changes { (super::changes::from_previous(lang, c, false)) }
            (body(r, lang))
        },
        appendix: appendix(r, lang),
    }
    .render()
}

/// A sentence in the report's language, or the report's English text.
fn say(lang: Lang, translated: Option<String>, english_text: &str) -> Markup {
    match translated {
        Some(text) => html! { (text) },
        None => english(lang, english_text),
    }
}

/// Overall state: the worst rate against its limit, or DMARC rejections of
/// the sender's own mail.
fn verdict(r: &LossReport) -> &'static str {
    let statuses: Vec<RateStatus> = r.rates.iter().map(|x| x.status).collect();
    let own_blocked = r.dmarc.as_ref().is_some_and(|d| d.own_rejected + d.own_quarantined > 0);
    if statuses.contains(&RateStatus::Exceeded) {
        "failing"
    } else if statuses.contains(&RateStatus::Warning) || own_blocked || r.emails_lost.total > 0 {
        "at_risk"
    } else if !r.bounces_given && r.dmarc.is_none() {
        "unknown"
    } else {
        "ok"
    }
}

/// Providers' DMARC pass rate: (reported volume - DMARC failures) / volume.
fn provider_pass(r: &LossReport) -> Vec<(String, u64, u64)> {
    r.by_provider
        .iter()
        .filter_map(|p| {
            let volume = p.dmarc_volume.filter(|v| *v > 0)?;
            let fail = p.dmarc_fail.unwrap_or(0).min(volume);
            Some((p.provider.clone(), volume - fail, volume))
        })
        .collect()
}

fn share(part: u64, total: u64) -> f64 {
    if total == 0 { 0.0 } else { part as f64 / total as f64 }
}

fn rate_text(part: u64, total: u64) -> String {
    pct(Some(share(part, total) * 100.0))
}

/// Bars and the spoken summary of pass rates given as (name, passed, total).
fn pass_chart(lang: Lang, rows: &[(String, u64, u64)]) -> (Vec<Bar>, String) {
    let rows: Vec<&(String, u64, u64)> = rows.iter().filter(|(_, _, total)| *total > 0).collect();
    let bars = rows
        .iter()
        .map(|(name, pass, total)| Bar {
            label: name.clone(),
            share: share(*pass, *total),
            figure: format!("{} ({})", rate_text(*pass, *total), thousands(*total)),
        })
        .collect();
    let summary = rows
        .iter()
        .map(|(name, pass, total)| {
            lang.fill(
                "losses.chart_row",
                &[
                    ("label", name),
                    ("pct", &rate_text(*pass, *total)),
                    ("total", &thousands(*total)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    (bars, summary)
}

fn summary(r: &LossReport, lang: Lang) -> Markup {
    let state = verdict(r);
    let light_word = match state {
        "failing" => lang.t("light.failing"),
        "at_risk" => lang.t("light.at_risk"),
        "unknown" => lang.t("light.incomplete"),
        _ => lang.t("light.ok"),
    };
    let complaint = r.rates.iter().find(|x| x.name == "complaint_rate");
    let providers = provider_pass(r);
    let (passed, reported) = providers
        .iter()
        .fold((0, 0), |(p, t), (_, pass, total)| (p + pass, t + total));
    let period = match &r.period {
        Some(p) if p.first == p.last => fill(lang, "losses.period_one", &[("date", ltr(&p.first))]),
        Some(p) => fill(lang, "losses.period", &[("from", ltr(&p.first)), ("to", ltr(&p.last))]),
        None => html! { (lang.t("losses.period_unknown")) },
    };
    html! {
        div.verdict {
            (light(if state == "unknown" { "incomplete" } else { state }, light_word))
            div {
                p.big { (lang.t(&format!("losses.verdict.{state}"))) }
                @if let Some(a) = r.actions.first() {
                    p {
                        (fill(lang, "losses.worst", &[
                            ("title", html! { strong { (say(lang, words::action_title(lang, a), &a.title)) } }),
                            ("emails", ltr(&thousands(a.messages_affected))),
                        ]))
                        " " span.why { (say(lang, words::action_why(lang, a), &a.why)) }
                    }
                }
                p { (say(lang, words::headline(lang, r), &headline(r))) }
                p.note.period { (period) }
            }
        }
        div.cards {
            div.card { div.n { (ltr(&if r.bounces_given { thousands(r.contacts_lost.total) } else { "-".into() })) } div.l { (lang.t("losses.contacts_lost")) } }
            div.card { div.n { (ltr(&if r.emails_lost_parts().is_empty() { "-".into() } else { thousands(r.emails_lost.total) })) } div.l { (lang.t("losses.emails_lost")) } }
            div.card {
                div.n { (ltr(&pct(complaint.and_then(|c| c.pct)))) }
                div.l { (lang.t("losses.complaint_rate")) " "
                    @if let Some(c) = complaint { (chip(c.status.as_str(), &rate_word(lang, c.status))) } }
            }
            @if reported > 0 {
                div.card { div.n { (ltr(&rate_text(passed, reported))) } div.l { (lang.t("losses.dmarc_pass")) } }
            }
        }
        @if let Some(m) = &r.money {
            div.money {
                h3 { (lang.t("losses.money")) }
                @for l in &m.lines {
                    @let said = words::money_line(lang, r, l);
                    p {
                        strong { (ltr(&l.amount)) } " — " (say(lang, said.as_ref().map(|s| s.label.clone()), &l.label)) br;
                        span.mono { (said.as_ref().map_or(l.arithmetic.as_str(), |s| s.arithmetic.as_str())) } br;
                        span.note { (fill(lang, "losses.assumption", &[("text", say(lang, said.as_ref().map(|s| s.assumption.clone()), &l.assumption))])) }
                    }
                }
                p.note { (say(lang, words::money_note(lang), &m.note)) }
            }
        }
    }
}

fn rate_word(lang: Lang, status: RateStatus) -> String {
    match status {
        RateStatus::Ok => lang.t("state.pass"),
        RateStatus::Warning => lang.t("state.warning"),
        RateStatus::Exceeded => lang.t("state.fail"),
        RateStatus::NotComputed => lang.t("state.not_checked"),
    }
    .to_string()
}

fn body(r: &LossReport, lang: Lang) -> Markup {
    let t = |k: &str| lang.t(k);
    let providers = provider_pass(r);
    let (provider_bars, provider_summary) = pass_chart(lang, &providers);
    let source_rates: Vec<(String, u64, u64)> = r
        .sending_sources
        .iter()
        .map(|s| (s.name.clone(), s.dmarc_pass, s.messages))
        .collect();
    let (source_bars, source_summary) = pass_chart(lang, &source_rates);
    let sources = r
        .dmarc
        .as_ref()
        .map(|d| d.own_failing_sources.as_slice())
        .unwrap_or(&[]);
    let sending_rows: Vec<Vec<Markup>> = r
        .sending_sources
        .iter()
        .map(|s| {
            vec![
                if s.recognised {
                    html! { (s.name) }
                } else {
                    html! { span.mono { (s.name) } }
                },
                ltr(&thousands(s.messages)),
                ltr(&pct(s.dmarc_pass_pct)),
                html! { span.mono { (s.evidence.as_deref().unwrap_or("-")) } },
                html! { span.mono { (s.ips.join(", ")) @if s.ip_count > s.ips.len() { " …" } } },
            ]
        })
        .collect();

    let reason_rows: Vec<Vec<Markup>> = r
        .by_reason
        .iter()
        .map(|x| {
            vec![
                say(lang, words::reason(lang, x.reason), &x.label),
                ltr(&thousands(x.messages)),
                ltr(&pct(x.pct_of_sent)),
                ltr(&thousands(x.hard)),
                ltr(&thousands(x.contacts)),
                html! { span.mono { (x.examples.first().map(String::as_str).unwrap_or("")) } },
            ]
        })
        .collect();
    let reason_bars: Vec<Bar> = {
        let max = r.by_reason.iter().map(|x| x.messages).max().unwrap_or(0);
        r.by_reason
            .iter()
            .filter(|x| x.messages > 0)
            .map(|x| Bar {
                label: words::reason(lang, x.reason).unwrap_or_else(|| x.label.clone()),
                share: share(x.messages, max),
                figure: thousands(x.messages),
            })
            .collect()
    };
    let reason_summary = r
        .by_reason
        .iter()
        .map(|x| {
            let label = words::reason(lang, x.reason).unwrap_or_else(|| x.label.clone());
            format!("{label}: {}", thousands(x.messages))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let provider_rows: Vec<Vec<Markup>> = r
        .by_provider
        .iter()
        .map(|p| {
            vec![
                html! { (p.provider) },
                ltr(&thousands(p.failed_messages)),
                ltr(&thousands(p.complaints)),
                ltr(&p.dmarc_volume.map(thousands).unwrap_or_else(|| "-".into())),
                ltr(&pct(p.pct_of_provider_volume)),
                english(
                    lang,
                    &p.reasons
                        .iter()
                        .take(3)
                        .map(|(reason, n)| format!("{} {n}", words::reason_or_english(lang, *reason)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]
        })
        .collect();
    let source_rows: Vec<Vec<Markup>> = sources
        .iter()
        .map(|s| {
            vec![
                html! {
                    @if let Some(service) = &s.service { (service) br; }
                    span.mono { (s.ip) @if let Some(p) = &s.ptr { br; (p) } }
                },
                ltr(&thousands(s.failing)),
                ltr(&thousands(s.messages)),
                ltr(&thousands(s.quarantined)),
                ltr(&thousands(s.rejected)),
                html! { span.mono { (s.authenticated_as.join(", ")) } },
            ]
        })
        .collect();
    let rate_rows: Vec<Vec<Markup>> = r
        .rates
        .iter()
        .map(|x| {
            vec![
                say(lang, words::rate_name(lang, x), &x.name.replace('_', " ")),
                ltr(&pct(x.pct)),
                chip(x.status.as_str(), &rate_word(lang, x.status)),
                say(lang, words::rate_threshold(lang, x), &x.threshold),
                html! { span.note { (say(lang, words::rate_note(lang, x, r), &x.note)) } },
            ]
        })
        .collect();
    let c = &r.contacts_lost;
    html! {
        section aria-labelledby="actions-h" {
            h2 #actions-h { (t("losses.actions")) }
            @if r.actions.is_empty() {
                p { (t("losses.no_actions")) }
            } @else {
                ol.fixes {
                    @for a in &r.actions {
                        li {
                            strong { (say(lang, words::action_title(lang, a), &a.title)) } " "
                            span.note { "(" (fill(lang, "losses.affected", &[("emails", ltr(&thousands(a.messages_affected))), ("contacts", ltr(&thousands(a.contacts_affected)))])) ")" }
                            p.why { (say(lang, words::action_why(lang, a), &a.why)) }
                            @if !a.evidence.is_empty() {
                                ul.plain.note { @for (i, e) in a.evidence.iter().enumerate() { li { (say(lang, words::evidence(lang, a, i), e)) } } }
                            }
                        }
                    }
                }
            }
        }
        @if !provider_bars.is_empty() || !source_bars.is_empty() {
            section aria-labelledby="auth-h" {
                h2 #auth-h { (t("losses.auth")) }
                (bar_chart(t("losses.chart_provider"), &provider_summary, &provider_bars))
                (bar_chart(t("losses.chart_source"), &source_summary, &source_bars))
                @if let Some(d) = &r.dmarc {
                    h3 { (t("losses.dmarc")) }
                    p { (fill(lang, "losses.dmarc_text", &[
                        ("messages", ltr(&thousands(d.messages))),
                        ("own_q", html! { strong { (ltr(&thousands(d.own_quarantined))) } }),
                        ("own_r", html! { strong { (ltr(&thousands(d.own_rejected))) } }),
                        ("unknown_q", ltr(&thousands(d.unknown_quarantined))),
                        ("unknown_r", ltr(&thousands(d.unknown_rejected))),
                    ])) }
                    @if !sending_rows.is_empty() {
                        (table("sending", &[col(t("col.source")), num(t("col.emails")), num(t("col.pass_rate")), col(t("col.identified_by")), col(t("col.ips"))], &sending_rows))
                    }
                    @if !source_rows.is_empty() {
                        h3 { (t("losses.failing_sources")) }
                        (table("sources", &[col(t("col.source")), num(t("col.failing")), num(t("col.of")), num(t("col.quarantined")), num(t("col.rejected")), col(t("col.authenticates_as"))], &source_rows))
                    }
                }
            }
        }
        section aria-labelledby="contacts-h" {
            h2 #contacts-h { (t("losses.contacts")) }
            @if r.bounces_given {
                p { (fill(lang, "losses.contacts_text", &[
                    ("hard", ltr(&thousands(c.hard_bounced))),
                    ("complained", ltr(&thousands(c.complained))),
                    ("both", ltr(&thousands(c.both))),
                ])) }
            } @else {
                p { (t("losses.contacts_unmeasured")) }
            }
        }
        section aria-labelledby="reason-h" {
            h2 #reason-h { (t("losses.by_reason")) }
            (bar_chart(t("losses.by_reason"), &reason_summary, &reason_bars))
            @if !reason_rows.is_empty() {
                (table("reasons", &[col(t("col.reason")), num(t("col.emails")), num(t("col.pct_sent")), num(t("col.hard")), num(t("col.contacts")), col(t("col.example"))], &reason_rows))
            }
            @if r.delayed_messages > 0 {
                p.note { (fill(lang, "losses.delayed", &[("n", ltr(&thousands(r.delayed_messages)))])) }
            }
        }
        @if !provider_rows.is_empty() {
            section aria-labelledby="provider-h" {
                h2 #provider-h { (t("losses.by_provider")) }
                (table("providers", &[col(t("col.provider")), num(t("col.failed")), num(t("col.complaints")), num(t("col.dmarc_volume")), num(t("col.pct_volume")), col(t("col.top_reasons"))], &provider_rows))
            }
        }
        section aria-labelledby="rates-h" {
            h2 #rates-h { (t("losses.rates")) }
            (table("rates", &[col(t("col.rate")), num(t("col.rate")), col(t("col.status")), col(t("col.threshold")), col(t("col.note"))], &rate_rows))
        }
        @if let Some(check) = &r.check {
            section aria-labelledby="check-h" {
                h2 #check-h { (fill(lang, "losses.domain_check", &[("domain", ltr(&check.domain))])) }
                p { (english(lang, &check.summary)) }
                ol.fixes {
                    @for f in check.findings.iter().filter(|f| f.severity >= crate::finding::Severity::Warning) {
                        li {
                            (chip(f.severity.as_str(), t(&format!("sev.{}", f.severity.as_str()))))
                            " " strong { (english(lang, &f.message)) }
                            @if let Some(fix) = f.fix.as_deref().map(|x| super::check::client_text(x, &check.domain)).filter(|x| !x.is_empty()) {
                                p.why { (english(lang, &fix)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn appendix(r: &LossReport, lang: Lang) -> Markup {
    let t = |k: &str| lang.t(k);
    html! {
        @if !r.inputs.skipped.is_empty() {
            h3 { (t("losses.skipped")) }
            ul.plain { @for (f, why) in &r.inputs.skipped { li { span.mono { (f) } ": " (english(lang, why)) } } }
        }
        h3 { (t("losses.sources")) }
        ul.plain {
            li { (fill(lang, "losses.inputs_text", &[
                ("bounces", ltr(&thousands(r.inputs.bounce_messages as u64))),
                ("bounce_files", ltr(&thousands(r.inputs.bounce_files as u64))),
                ("reports", ltr(&thousands(r.inputs.dmarc_reports as u64))),
                ("dmarc_files", ltr(&thousands(r.inputs.dmarc_files as u64))),
            ])) }
            @if let Some(sent) = r.sent { li { (fill(lang, "losses.sent_text", &[("sent", ltr(&thousands(sent)))])) } }
            @for (i, n) in r.notes.iter().enumerate() { li { (say(lang, words::note(lang, r, i), n)) } }
        }
        @if let Some(check) = &r.check {
            @if !check.findings.is_empty() {
                h3 { (fill(lang, "losses.domain_check", &[("domain", ltr(&check.domain))])) }
                ul.plain.note {
                    @for f in &check.findings {
                        li { code { (f.code.as_str()) } " " (english(lang, &f.message))
                            @if let Some(e) = &f.evidence { br; span.mono { (e) } } }
                    }
                }
                p.note { (fill(lang, "page.explain", &[("code", ltr(check.findings[0].code.as_str()))])) }
            }
        }
    }
}
