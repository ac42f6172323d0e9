//! `check --format html`: one domain, or a portfolio (an overview table,
//! then a collapsible section per domain). Summary first, fixes as the exact
//! DNS records to publish, technical detail in the appendix.

use super::{Col, Page, ReportMeta, chip, col, english, fill, heading, light, link, ltr, table};
use crate::check::requirements::{self, Requirement, RequirementStatus};
use crate::check::{DomainReport, RecordStatus, VerdictStatus};
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::output::CheckFormatter;
use crate::run::CheckRun;
use maud::{Markup, html};

mod fixes;
pub use fixes::*;

/// `check --format html` (and `message --format html` with `message: true`).
pub struct HtmlFormatter {
    pub meta: ReportMeta,
}

impl CheckFormatter for HtmlFormatter {
    fn format(&self, run: &CheckRun) -> String {
        render(run, &self.meta, false)
    }
}

/// Portfolios of this many domains or fewer open every domain section.
const OPEN_UP_TO: usize = 5;

pub(super) fn render(run: &CheckRun, meta: &ReportMeta, message: bool) -> String {
    let lang = meta.lang;
    let title = meta.title.clone().unwrap_or_else(|| match run.domains.as_slice() {
        _ if message => lang.t("check.title_message").to_string(),
        [one] => lang.fill("check.title_one", &[("domain", &one.domain)]),
        many => lang.fill("check.title_many", &[("count", &many.len().to_string())]),
    });
    let ctx = Ctx { lang, message };
    let many = run.domains.len() > 1;
    // `--previous` (what changed, with figures) wins over `--baseline` (which findings are new).
    let changes = match (&run.changes, &run.baseline) {
        (Some(c), _) => Some(super::changes::from_previous(lang, c, many)),
        (None, Some(b)) => Some(super::changes::from_baseline(lang, b, many)),
        (None, None) => None,
    };
    let (summary, body) = match run.domains.as_slice() {
        [one] => (ctx.domain_summary(one, meta), ctx.domain_body(one, 2)),
        many => (
            ctx.portfolio_summary(many, meta),
            ctx.portfolio_body(&worst_first(many)),
        ),
    };
    let appendix = html! {
        @for d in worst_first(&run.domains) { (ctx.domain_appendix(d, run.domains.len() > 1)) }
        h3 { (lang.t("check.method")) }
        p { (lang.t("check.method_text")) }
    };
    let body = html! { @if let Some(c) = changes { (c) } (body) };
    Page {
        meta,
        title,
        summary,
        body,
        appendix,
    }
    .render()
}

/// A portfolio lists the domains that need work first (failing, at risk,
/// incomplete, then fine; more errors first), in input order otherwise.
fn worst_first(domains: &[DomainReport]) -> Vec<&DomainReport> {
    let mut sorted: Vec<&DomainReport> = domains.iter().collect();
    sorted.sort_by_key(|d| {
        let errors = d.findings.iter().filter(|f| f.severity == Severity::Error).count();
        std::cmp::Reverse((status_rank(d.verdict.status), errors))
    });
    sorted
}

fn status_rank(status: VerdictStatus) -> u8 {
    match status {
        VerdictStatus::Failing => 3,
        VerdictStatus::AtRisk => 2,
        VerdictStatus::Incomplete => 1,
        VerdictStatus::Ok => 0,
    }
}

struct Ctx {
    lang: Lang,
    /// Rendering `message` findings: no DNS grid.
    message: bool,
}

/// The columns of the at-a-glance grid, by finding family.
const GRID: &[&str] = &["spf", "dkim", "dmarc", "mx", "blocklist", "mta_sts", "tls_rpt", "bimi"];

/// How one check of the grid came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pass,
    Warning,
    Fail,
    /// A lookup failed: never shown as a pass.
    Unknown,
    NotChecked,
    /// An optional record (MTA-STS, TLS-RPT, BIMI) is not published.
    Missing,
}

impl State {
    fn class(self) -> &'static str {
        match self {
            State::Pass => "pass",
            State::Warning => "warning",
            State::Fail => "fail",
            State::Unknown => "unknown",
            State::NotChecked => "not_checked",
            State::Missing => "missing",
        }
    }
}

/// The grid state of `family` for a domain. A failed DNS lookup makes it
/// unknown unless an error was found anyway.
pub fn grid_state(d: &DomainReport, family: &str) -> State {
    let has = |code: &crate::finding::Code| d.findings.iter().any(|f| f.code == code);
    if has(&crate::check::existence::NOT_FOUND) {
        return State::Fail;
    }
    if has(&crate::check::existence::NOTHING_CHECKED) {
        return State::Unknown;
    }
    let own: Vec<&Finding> = d.findings.iter().filter(|f| f.code.family() == family).collect();
    if own.iter().any(|f| f.severity == Severity::Error && !f.is_incomplete()) {
        return State::Fail;
    }
    let lookup_failed = own.iter().any(|f| f.is_incomplete())
        || match family {
            "spf" => d.spf.status == crate::check::spf::SpfStatus::Temperror,
            "dmarc" => d.dmarc.status == crate::check::dmarc::DmarcStatus::Unknown,
            "dkim" => requirement_unknown(&d.requirements, "DKIM"),
            "mx" => d.findings.iter().any(|f| {
                f.code == &crate::dns::TEMPERROR && (f.message.contains(" MX ") || f.message.contains("the MX lookup"))
            }),
            "mta_sts" => d.mta_sts.status == RecordStatus::Unknown,
            "tls_rpt" => d.tls_rpt.status == RecordStatus::Unknown,
            "bimi" => d.bimi.status == RecordStatus::Unknown,
            _ => false,
        };
    if lookup_failed {
        return State::Unknown;
    }
    if family == "blocklist" && d.blocklist.is_none() {
        return State::NotChecked;
    }
    if own.iter().any(|f| f.severity >= Severity::Warning) {
        return State::Warning;
    }
    let missing = match family {
        "mta_sts" => d.mta_sts.status == RecordStatus::Missing,
        "tls_rpt" => d.tls_rpt.status == RecordStatus::Missing,
        "bimi" => d.bimi.status == RecordStatus::Missing,
        _ => false,
    };
    if missing { State::Missing } else { State::Pass }
}

fn requirement_unknown(reqs: &[Requirement], starts: &str) -> bool {
    reqs.iter()
        .any(|r| r.requirement.starts_with(starts) && r.status == RequirementStatus::Unknown)
}

fn verdict_class(status: VerdictStatus) -> &'static str {
    status.as_str()
}

/// The finding to lead with: the first at warning level or above (findings
/// are sorted most severe first, in fix order).
fn worst(d: &DomainReport) -> Option<&Finding> {
    d.findings.iter().find(|f| f.severity >= Severity::Warning)
}

/// Provider pages that state the bulk-sender rules.
const GUIDELINES: &[(&str, &str)] = &[
    ("Gmail", "https://support.google.com/a/answer/81126"),
    ("Yahoo", "https://senders.yahooinc.com/best-practices/"),
    (
        "Microsoft",
        "https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730",
    ),
];

impl Ctx {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    fn verdict_sentence(&self, d: &DomainReport) -> Markup {
        let key = format!("check.verdict.{}", d.verdict.status.as_str());
        fill(self.lang, &key, &[("domain", ltr(&d.domain))])
    }

    fn light_of(&self, status: VerdictStatus) -> Markup {
        light(verdict_class(status), self.t(&format!("light.{}", status.as_str())))
    }

    /// The problem in the report's language: the check's own (English)
    /// message, or in other languages the catalogue's sentence for its code
    /// when there is one.
    fn problem(&self, d: &DomainReport, f: &Finding) -> Markup {
        match self.lang {
            Lang::En => english(self.lang, &f.message),
            other => self
                .per_code(other, "finding", d, f)
                .unwrap_or_else(|| english(self.lang, &f.message)),
        }
    }

    /// The catalogue's `finding.CODE` or `fix.CODE` sentence, with the
    /// domain and the finding's subject filled in left-to-right.
    fn per_code(&self, lang: Lang, kind: &str, d: &DomainReport, f: &Finding) -> Option<Markup> {
        let key = format!("{kind}.{}", f.code.as_str());
        lang.get(&key)?;
        let values = crate::i18n::finding_values(&d.domain, f.subject.as_deref()).map(|(name, v)| (name, ltr(v)));
        Some(fill(lang, &key, &values))
    }

    fn consequence(&self, f: &Finding) -> &'static str {
        let family = f.code.family();
        let key = format!("consequence.{family}");
        let known = crate::i18n::Lang::En.t(&key);
        if known.is_empty() || family == "dns" && !f.is_incomplete() {
            self.t("consequence.other")
        } else {
            self.t(&key)
        }
    }

    fn period(&self, meta: &ReportMeta) -> Markup {
        html! {
            @if let Some(date) = &meta.generated {
                p.note { (fill(self.lang, "check.period", &[("date", ltr(date))])) }
            }
        }
    }

    fn domain_summary(&self, d: &DomainReport, meta: &ReportMeta) -> Markup {
        html! {
            div.verdict {
                (self.light_of(d.verdict.status))
                div {
                    p.big { (self.verdict_sentence(d)) }
                    @match worst(d) {
                        Some(f) => p {
                            (fill(self.lang, "check.worst", &[("problem", html! { strong { (self.problem(d, f)) } })]))
                            " " (self.consequence(f))
                        },
                        None => p { (self.t("check.nothing_urgent")) },
                    }
                }
            }
            (self.period(meta))
        }
    }

    fn portfolio_summary(&self, domains: &[DomainReport], meta: &ReportMeta) -> Markup {
        let count = |s: VerdictStatus| domains.iter().filter(|d| d.verdict.status == s).count().to_string();
        let overall = [VerdictStatus::Failing, VerdictStatus::AtRisk, VerdictStatus::Incomplete]
            .into_iter()
            .find(|s| domains.iter().any(|d| d.verdict.status == *s))
            .unwrap_or(VerdictStatus::Ok);
        // The worst domain leads: failing before at risk, then the most errors.
        // The summary leads with the domain the overview lists first.
        let worst_domain = worst_first(domains).into_iter().find(|d| worst(d).is_some());
        let n = |s| ltr(&count(s));
        html! {
            div.verdict {
                (self.light_of(overall))
                div {
                    p.big { (fill(self.lang, "check.portfolio_verdict", &[
                        ("total", ltr(&domains.len().to_string())),
                        ("failing", n(VerdictStatus::Failing)),
                        ("at_risk", n(VerdictStatus::AtRisk)),
                        ("incomplete", n(VerdictStatus::Incomplete)),
                        ("ok", n(VerdictStatus::Ok)),
                    ])) }
                    @match worst_domain.and_then(|d| worst(d).map(|f| (d, f))) {
                        Some((d, f)) => p {
                            (fill(self.lang, "check.worst_in", &[("domain", ltr(&d.domain)), ("problem", html! { strong { (self.problem(d, f)) } })]))
                            " " (self.consequence(f))
                        },
                        None => p { (self.t("check.nothing_urgent")) },
                    }
                }
            }
            (self.period(meta))
        }
    }

    fn state_chip(&self, state: State) -> Markup {
        chip(state.class(), self.t(&format!("state.{}", state.class())))
    }

    /// One domain's grid as a two-column table (check, state).
    fn domain_grid(&self, d: &DomainReport, level: u8) -> Markup {
        let rows: Vec<Vec<Markup>> = GRID
            .iter()
            .map(|family| {
                vec![
                    html! { (self.t(&format!("grid.{family}"))) },
                    self.state_chip(grid_state(d, family)),
                ]
            })
            .collect();
        html! {
            (heading(level, html! { (self.t("check.grid")) }))
            (table("grid keep", &[col(self.t("col.check")), col(self.t("col.status"))], &rows))
        }
    }

    fn domain_body(&self, d: &DomainReport, level: u8) -> Markup {
        html! {
            @if !self.message { (self.domain_grid(d, level)) }
            (self.checklist(d, level))
            (self.fixes(d, level))
        }
    }

    fn portfolio_body(&self, domains: &[&DomainReport]) -> Markup {
        let mut cols: Vec<Col> = vec![
            col(self.t("col.domain")),
            col(self.t("col.verdict")),
            col(self.t("col.worst")),
        ];
        if !self.message {
            cols.extend(GRID.iter().map(|family| col(self.t(&format!("grid.{family}")))));
        }
        let rows: Vec<Vec<Markup>> = domains
            .iter()
            .map(|d| {
                let mut row = vec![
                    html! { a href=(format!("#d-{}", anchor(&d.domain))) { (ltr(&d.domain)) } },
                    self.light_of(d.verdict.status),
                    html! { @if let Some(f) = worst(d) { (self.problem(d, f)) } @else { "—" } },
                ];
                if !self.message {
                    row.extend(GRID.iter().map(|family| self.state_chip(grid_state(d, family))));
                }
                row
            })
            .collect();
        let open = domains.len() <= OPEN_UP_TO;
        html! {
            section aria-labelledby="overview-h" {
                h2 #overview-h { (self.t("check.overview")) }
                (table("grid wide", &cols, &rows))
            }
            section aria-labelledby="details-h" {
                h2 #details-h { (self.t("check.details")) }
                @for d in domains {
                    details.domain id=(format!("d-{}", anchor(&d.domain))) open[open] {
                        summary { h3 { (ltr(&d.domain)) } " " (self.light_of(d.verdict.status)) }
                        p { (self.verdict_sentence(d)) }
                        (self.domain_body(d, 4))
                    }
                }
            }
        }
    }

    fn checklist(&self, d: &DomainReport, level: u8) -> Markup {
        if d.requirements.is_empty() {
            return html! {};
        }
        let rows: Vec<Vec<Markup>> = d
            .requirements
            .iter()
            .map(|r| {
                let (class, key) = match r.status {
                    RequirementStatus::Met => ("met", "state.met"),
                    RequirementStatus::NotMet => ("not_met", "state.not_met"),
                    RequirementStatus::Unknown => ("unknown", "state.unknown"),
                    RequirementStatus::NotChecked => ("not_checked", "state.not_checked"),
                };
                vec![
                    html! { (self.requirement_name(r)) },
                    html! { (r.required_by.join(", ")) },
                    chip(class, self.t(key)),
                ]
            })
            .collect();
        html! {
            (heading(level, html! { (self.t("check.checklist")) }))
            (table("checklist", &[col(self.t("col.requirement")), col(self.t("col.required_by")), col(self.t("col.status"))], &rows))
            p.note {
                (self.t("check.guidelines")) " "
                @for (i, (name, url)) in GUIDELINES.iter().enumerate() {
                    @if i > 0 { " · " }
                    (link(url, name))
                }
            }
        }
    }

    fn requirement_name(&self, r: &Requirement) -> Markup {
        let key = match r.requirement.as_str() {
            "SPF published and valid" => Some("req.spf"),
            "DKIM key published (1024 bits or more)" => Some("req.dkim"),
            "DMARC published (p=none or stronger)" => Some("req.dmarc"),
            "Sending IPs have matching forward and reverse DNS" => Some("req.rdns"),
            requirements::ALIGNMENT => Some("req.alignment"),
            requirements::ONE_CLICK => Some("req.one_click"),
            requirements::COMPLAINTS => Some("req.complaints"),
            requirements::TLS => Some("req.tls"),
            _ => None,
        };
        match key {
            Some(k) => html! { (self.t(k)) },
            None => english(self.lang, &r.requirement),
        }
    }

    fn fixes(&self, d: &DomainReport, level: u8) -> Markup {
        let todo: Vec<&Finding> = d.findings.iter().filter(|f| f.severity >= Severity::Warning).collect();
        html! {
            (heading(level, html! { (self.t("check.fixes")) }))
            @if todo.is_empty() {
                p { (self.t("check.no_fixes")) }
            } @else {
                ol.fixes {
                    @for f in todo {
                        li {
                            (chip(f.severity.as_str(), self.t(&format!("sev.{}", f.severity.as_str()))))
                            " " strong { (self.problem(d, f)) }
                            p.why { (self.consequence(f)) }
                            (self.fix(d, f))
                        }
                    }
                }
            }
        }
    }

    fn fix(&self, d: &DomainReport, f: &Finding) -> Markup {
        let lang = self.lang;
        if let Some(fix) = fix_records(d, f) {
            return html! {
                p { (self.t(fix.intro)) }
                @for r in &fix.records { (record_block(lang, r)) }
                @if let Some((url, content)) = &fix.file {
                    p { (fill(lang, "check.fix.serve", &[("url", ltr(url))])) }
                    div.record dir="ltr" { div { pre { (content) } } }
                }
            };
        }
        if f.code.family() == "dkim" && f.code == &crate::check::dkim::MISSING {
            return html! { p { (fill(lang, "check.fix.dkim", &[("domain", ltr(&d.domain))])) } };
        }
        let delist = delisting_pages(d, f);
        html! {
            @if let Some(sentence) = (lang != Lang::En).then(|| self.per_code(lang, "fix", d, f)).flatten() {
                p { (self.t("check.fix.general")) " " (sentence) }
            } @else if let Some(text) = Some(client_text(f.fix.as_deref().unwrap_or(f.code.fix), &d.domain)).filter(|t| !t.is_empty()) {
                p { (self.t("check.fix.general")) " " (english(lang, &text)) }
            }
            @if !delist.is_empty() {
                p { (self.t("check.fix.delist")) " "
                    @for (i, (name, url)) in delist.iter().enumerate() {
                        @if i > 0 { " · " }
                        (link(url, name))
                    }
                }
            }
        }
    }

    fn domain_appendix(&self, d: &DomainReport, many: bool) -> Markup {
        let lang = self.lang;
        let level = if many { 4 } else { 3 };
        let records = records_found(d);
        let rows: Vec<Vec<Markup>> = d
            .findings
            .iter()
            .map(|f| {
                vec![
                    html! { code { (f.code.as_str()) } },
                    chip(f.severity.as_str(), self.t(&format!("sev.{}", f.severity.as_str()))),
                    html! {
                        (english(lang, &f.message))
                        @if let Some(s) = &f.subject { br; span.note.mono { (s) } }
                    },
                    html! { span.mono { (f.evidence.as_deref().unwrap_or("")) } },
                ]
            })
            .collect();
        let body = html! {
            @if !records.is_empty() {
                (heading(level, html! { (self.t("check.records")) }))
                div.record dir="ltr" {
                    @for (name, value) in &records { div { span.k { (name) } pre { (value) } } }
                }
            }
            @if !d.findings.is_empty() {
                (heading(level, html! { (self.t("check.findings")) }))
                (table("findings", &[col(self.t("col.code")), col(self.t("col.severity")), col(self.t("col.finding")), col(self.t("col.evidence"))], &rows))
                p.note { (fill(lang, "page.explain", &[("code", ltr(d.findings[0].code.as_str()))])) }
            }
            @if !d.notes.is_empty() {
                (heading(level, html! { (self.t("check.notes")) }))
                ul.plain { @for n in &d.notes { li { (english(lang, n)) } } }
            }
        };
        if many {
            html! { h3 { (ltr(&d.domain)) } (body) }
        } else {
            body
        }
    }
}

/// An element id for a domain (domains are ASCII after normalisation; anything
/// else becomes `-`).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_text_fills_the_domain_and_drops_cli_wording() {
        assert_eq!(
            client_text(
                "Publish a TXT record at _dmarc.<your domain>: `v=DMARC1; p=none`. Run mailaudit check --ip X to see more.",
                "shop.example"
            ),
            "Publish a TXT record at _dmarc.shop.example: v=DMARC1; p=none."
        );
        assert_eq!(
            client_text("Fix the cause. Delisting page: https://x.test/", "a.test"),
            "Fix the cause."
        );
    }
}
