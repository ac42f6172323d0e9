//! Self-contained HTML client reports: `check`, `losses`, `tls-reports` and
//! `message` with `--format html`. One file, inline CSS and SVG, no scripts
//! and no external requests; readable from a 390 px phone to a desktop, and
//! printed on A4 or Letter.
//!
//! Markup is written with maud, which escapes every interpolated string: a
//! hostile Subject, TXT record or organisation name cannot inject markup.
//! Client-facing sentences come from the [`crate::i18n`] catalogues.

pub mod changes;
pub mod check;
pub mod losses;
pub mod message;
pub mod tls_reports;

pub use check::HtmlFormatter;
pub use losses::{losses, losses_with};

use crate::i18n::{Lang, Piece, pieces};
use base64::Engine;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::path::Path;

/// Heading and branding options of a client report (Markdown or HTML).
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    pub title: Option<String>,
    pub client: Option<String>,
    pub prepared_by: Option<String>,
    /// Date the report was made, shown under the title.
    pub generated: Option<String>,
    pub logo: Option<Logo>,
    pub accent: Option<Accent>,
    pub lang: Lang,
}

impl ReportMeta {
    /// Today's date (UTC) as reports show it under the title.
    pub fn today() -> Option<String> {
        Some(chrono::Utc::now().format("%Y-%m-%d").to_string())
    }
}

/// The largest logo embedded (it travels inside every report).
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// A logo embedded as a data URI. SVG is shown through `<img>`, where
/// browsers never run its scripts, and the page's CSP allows no script anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub data_uri: String,
}

impl Logo {
    /// Read `path`: PNG, JPEG or SVG, at most [`MAX_LOGO_BYTES`].
    pub fn load(path: &Path) -> Result<Logo, String> {
        let shown = path.display();
        let size = std::fs::metadata(path)
            .map_err(|e| format!("cannot read logo {shown}: {e}"))?
            .len();
        if size > MAX_LOGO_BYTES as u64 {
            return Err(format!(
                "logo {shown} is {size} bytes; the limit is {MAX_LOGO_BYTES} bytes (256 KiB): use a smaller PNG, JPEG or SVG"
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read logo {shown}: {e}"))?;
        Logo::from_bytes(&bytes).map_err(|why| format!("logo {shown}: {why}"))
    }

    /// The type is judged from the content, not the file name.
    pub fn from_bytes(bytes: &[u8]) -> Result<Logo, String> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(format!("larger than {MAX_LOGO_BYTES} bytes"));
        }
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else if looks_like_svg(bytes) {
            "image/svg+xml"
        } else {
            return Err("not a PNG, JPEG or SVG image".into());
        };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        Ok(Logo {
            data_uri: format!("data:{mime};base64,{data}"),
        })
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = text.chars().take(1024).collect::<String>().to_ascii_lowercase();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--")) && head.contains("<svg")
}

/// The report's accent colour (`#rgb` or `#rrggbb`). It colours rules,
/// borders and chart bars, never text, so any colour keeps text readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accent(String);

impl Accent {
    pub fn parse(text: &str) -> Result<Accent, String> {
        let t = text.trim();
        let hex = t.strip_prefix('#').unwrap_or(t);
        if (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Accent(format!("#{}", hex.to_ascii_lowercase())))
        } else {
            Err(format!(
                "--accent {text:?} is not a colour; give a hex colour such as #2f5da8 or #25a"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One report page: the title block, the executive summary, the body and
/// the technical appendix, in that order.
pub struct Page<'a> {
    pub meta: &'a ReportMeta,
    pub title: String,
    pub summary: Markup,
    pub body: Markup,
    pub appendix: Markup,
}

impl Page<'_> {
    pub fn render(self) -> String {
        let meta = self.meta;
        let lang = meta.lang;
        let accent = meta.accent.as_ref().map(Accent::as_str).unwrap_or(DEFAULT_ACCENT);
        let version = env!("CARGO_PKG_VERSION");
        let page = html! {
            (DOCTYPE)
            html lang=(lang.code()) dir=(lang.dir()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                    title { (self.title) }
                    style { (PreEscaped(CSS)) (PreEscaped(format!(":root{{--accent:{accent}}}"))) }
                }
                body {
                    main {
                        header.top {
                            @if let Some(logo) = &meta.logo {
                                img.logo src=(logo.data_uri) alt=(lang.t("page.logo_alt"));
                            }
                            div {
                                h1 { (self.title) }
                                p.meta {
                                    @if let Some(client) = &meta.client {
                                        span { (fill(lang, "page.prepared_for", &[("client", strong(client))])) }
                                    }
                                    @if let Some(by) = &meta.prepared_by {
                                        span { (fill(lang, "page.prepared_by", &[("name", strong(by))])) }
                                    }
                                    @if let Some(date) = &meta.generated {
                                        span { (fill(lang, "page.generated", &[("date", ltr(date))])) }
                                    }
                                }
                            }
                        }
                        section.summary aria-labelledby="summary-h" {
                            h2 #summary-h { (lang.t("page.summary")) }
                            (self.summary)
                        }
                        (self.body)
                        section.appendix aria-labelledby="appendix-h" {
                            h2 #appendix-h { (lang.t("page.appendix")) }
                            (self.appendix)
                        }
                        footer { (fill(lang, "page.footer", &[("version", ltr(version))])) }
                    }
                }
            }
        };
        let mut out = page.into_string();
        out.push('\n');
        out
    }
}

const DEFAULT_ACCENT: &str = "#2f5da8";

/// Colours meet WCAG AA (4.5:1) as text on white and under white text; the
/// accent is used only for lines and bars.
const CSS: &str = r#"
:root{--ink:#1d2330;--muted:#4a5363;--line:#ccd3de;--bg:#f3f5f8;--ok:#1a7f37;--warn:#955700;--bad:#b3261e;--unk:#555e6e}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew",Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
main{max-width:1080px;margin:0 auto;padding:28px 32px 40px}
header.top{display:flex;gap:16px;align-items:center;border-bottom:4px solid var(--accent);padding-bottom:12px;margin-bottom:20px}
img.logo{max-height:64px;max-width:180px;flex:none}
h1{font-size:28px;line-height:1.2;margin:0 0 6px}
h2{font-size:21px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:17px;margin:20px 0 8px}
h4{font-size:15px;margin:16px 0 6px}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
p{margin:6px 0 10px}
.meta{color:var(--muted);font-size:14px;margin:0}
.meta span+span::before{content:" · "}
a{color:#1d4f9e}
.verdict{display:flex;gap:14px;align-items:flex-start;background:var(--bg);border-inline-start:6px solid var(--accent);padding:14px 16px;border-radius:6px}
.verdict p{margin:2px 0}
.verdict .big{font-size:18px;font-weight:600}
.light{display:inline-flex;align-items:center;gap:8px;font-weight:700;white-space:nowrap}
.light::before{content:"";width:18px;height:18px;border-radius:50%;background:var(--unk);flex:none}
.light.ok::before{background:var(--ok)}.light.at_risk::before,.light.warning::before{background:var(--warn)}.light.failing::before,.light.fail::before{background:var(--bad)}
.chip{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;color:#fff;background:var(--unk);white-space:nowrap}
.chip.pass,.chip.met,.chip.ok{background:var(--ok)}.chip.warning,.chip.at_risk{background:var(--warn)}.chip.fail,.chip.not_met,.chip.error,.chip.failing,.chip.exceeded{background:var(--bad)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .n{font-size:26px;font-weight:700}
.card .l{color:var(--muted);font-size:14px}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:14px}
th,td{text-align:start;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
table.grid th[scope=row]{min-width:7em;overflow-wrap:anywhere}
table.wide{font-size:13px}
table.wide th,table.wide td{padding:5px 4px}
table.wide .chip{white-space:normal;font-size:12px;padding:1px 6px}
thead th{background:var(--bg);font-weight:600}
.num{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
ol.fixes{padding-inline-start:22px}
ol.fixes>li{margin:0 0 18px}
.why{color:var(--muted)}
.record{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:var(--bg)}
.record div{display:flex;gap:8px;padding:4px 10px;border-bottom:1px solid var(--line)}
.record div:last-child{border-bottom:0}
.record .k{flex:none;width:4.5em;font-weight:600;color:var(--muted)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13.5px;overflow-wrap:anywhere;word-break:break-word}
pre{white-space:pre-wrap;margin:0}
.note{color:var(--muted);font-size:14px}
details.domain{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:0 14px}
details.domain>summary{cursor:pointer;padding:8px 0;list-style-position:inside}
details.domain>summary h3{display:inline;margin:0;font-size:17px}
figure.chart{margin:10px 0 16px}
figure.chart svg{display:block;width:100%;max-width:440px;height:auto}
figure.chart .bar{fill:var(--accent)}
figure.chart svg{direction:ltr}
figure.chart figcaption{font-weight:600;margin-bottom:4px}
ul.plain{padding-inline-start:20px}
footer{margin-top:36px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:8px}
bdi.v{unicode-bidi:isolate}
@media (max-width:1000px){
 table.wide thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 table.wide,table.wide tbody,table.wide tr,table.wide td,table.wide th[scope=row]{display:block;width:100%}
 table.wide tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 10px}
 table.wide td,table.wide th[scope=row]{border:0;padding:3px 0;text-align:start}
 table.wide td[data-label]::before{content:attr(data-label);display:block;font-size:13px;color:var(--muted);font-weight:600}
 table.wide td[data-label]{display:flex;gap:8px;align-items:baseline}
 table.wide td[data-label]::before{min-width:8em}
}
@media (max-width:700px){
 main{padding:16px 14px 28px}
 h1{font-size:23px}
 header.top{flex-wrap:wrap}
 table.stack:not(.keep) thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 table.stack:not(.keep),table.stack:not(.keep) tbody,table.stack:not(.keep) tr,table.stack:not(.keep) td,table.stack:not(.keep) th[scope=row]{display:block;width:100%}
 table.stack:not(.keep) tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 10px}
 table.stack:not(.keep) td,table.stack:not(.keep) th[scope=row]{border:0;padding:3px 0;text-align:start}
 table.stack:not(.keep) td[data-label]::before{content:attr(data-label);display:block;font-size:13px;color:var(--muted);font-weight:600}
 table.stack:not(.keep) td[data-label]{display:flex;gap:10px;align-items:baseline}
 table.stack:not(.keep) td[data-label]::before{flex:none;width:7.5em;white-space:normal;text-align:start}
 .verdict{flex-direction:column}
}
@media print{
 @page{size:auto;margin:15mm}
 main{max-width:none;padding:0}
 body{font-size:11pt}
 a{color:inherit}
 table,tr,.card,.record,figure,ol.fixes>li,.verdict{break-inside:avoid}
 p,li{orphans:3;widows:3}
 details.domain>summary{break-inside:avoid;break-after:avoid}
 footer{break-before:avoid}
 details.domain{border:0;padding:0}
 details.domain::details-content{content-visibility:visible;display:block}
 details.domain>summary{list-style:none}
 .chip,.light::before{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// A value inside a sentence: kept left-to-right (domains, records and
/// figures read the same in a right-to-left report).
pub fn ltr(value: &str) -> Markup {
    html! { bdi.v dir="ltr" { (value) } }
}

pub fn strong(value: &str) -> Markup {
    html! { strong { bdi.v dir="ltr" { (value) } } }
}

/// Text from the library rather than the catalogue (finding messages, loss
/// actions: English), marked as English in other languages so screen
/// readers and bidi layout treat it right. Markdown backticks and
/// parentheses that name a command-line flag are dropped: clients do not run
/// the tool.
pub fn english(lang: Lang, text: &str) -> Markup {
    let text = without_flags(&text.replace('`', ""));
    html! {
        @if lang == Lang::En { (text) } @else { bdi lang="en" dir="ltr" { (text) } }
    }
}

/// `text` without the parenthesised asides that name a flag, e.g.
/// "worth 40 EUR (your --value-per-contact)" -> "worth 40 EUR".
pub fn without_flags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(len) = rest[open..].find(')') else { break };
        let aside = &rest[open..open + len + 1];
        out.push_str(&rest[..open]);
        if aside.contains("--") {
            // Drop the space before the aside too.
            while out.ends_with(' ') {
                out.pop();
            }
        } else {
            out.push_str(aside);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The catalogue sentence `key` with its `{name}` placeholders replaced by
/// markup (already escaped by maud); the sentence itself is escaped here.
pub fn fill(lang: Lang, key: &str, values: &[(&str, Markup)]) -> Markup {
    html! {
        @for piece in pieces(lang.t(key)) {
            @match piece {
                Piece::Text(text) => (text),
                Piece::Value(name) => {
                    @if let Some((_, v)) = values.iter().find(|(n, _)| *n == name) { (v) }
                }
            }
        }
    }
}

/// A heading at `level` (1 to 6): portfolio sections sit one level deeper
/// than the single-domain report, and headings must not skip levels.
pub fn heading(level: u8, content: Markup) -> Markup {
    let level = level.clamp(1, 6);
    html! { (PreEscaped(format!("<h{level}>"))) (content) (PreEscaped(format!("</h{level}>"))) }
}

/// A link that opens without handing the report to the new page.
pub fn link(url: &str, text: &str) -> Markup {
    html! { a href=(url) rel="noopener noreferrer" target="_blank" { (text) } }
}

/// One column of a [`table`].
pub struct Col<'a> {
    pub label: &'a str,
    pub numeric: bool,
}

pub fn col(label: &str) -> Col<'_> {
    Col { label, numeric: false }
}

pub fn num(label: &str) -> Col<'_> {
    Col { label, numeric: true }
}

/// A data table whose first cell names the row (`<th scope="row">`); on
/// narrow screens each row becomes a card with its column names inline.
pub fn table(class: &str, cols: &[Col], rows: &[Vec<Markup>]) -> Markup {
    html! {
        table class=(format!("stack {class}")) {
            thead { tr { @for c in cols { th scope="col" class=[c.numeric.then_some("num")] { (c.label) } } } }
            tbody {
                @for row in rows {
                    tr {
                        @for (i, (cell, c)) in row.iter().zip(cols).enumerate() {
                            @if i == 0 {
                                th scope="row" { (cell) }
                            } @else {
                                td class=[c.numeric.then_some("num")] data-label=(c.label) { (cell) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A status chip: colour plus word, never colour alone. `class` is one of
/// our own status names, so it is safe as a class.
pub fn chip(class: &str, word: &str) -> Markup {
    html! { span class=(format!("chip {class}")) { (word) } }
}

/// The traffic light of a verdict: a coloured dot and the word.
pub fn light(class: &str, word: &str) -> Markup {
    html! { span class=(format!("light {class}")) { (word) } }
}

/// One bar of a [`bar_chart`].
pub struct Bar {
    pub label: String,
    /// Length as a share of the full bar, 0 to 1.
    pub share: f64,
    /// The figure written after the label, e.g. "96.3% (1,204)".
    pub figure: String,
}

/// A horizontal bar chart as inline SVG, labels above their bars so they
/// stay at least 11 px on a phone (the viewBox is narrow: 360 units scale
/// down to about 350 px at the smallest). `summary` states every figure for
/// screen readers and is the chart's `<title>`.
pub fn bar_chart(caption: &str, summary: &str, bars: &[Bar]) -> Markup {
    const WIDTH: f64 = 360.0;
    const ROW: f64 = 40.0;
    let bars: Vec<&Bar> = bars.iter().take(15).collect();
    if bars.is_empty() {
        return html! {};
    }
    let height = bars.len() as f64 * ROW + 4.0;
    html! {
        figure.chart {
            figcaption { (caption) }
            // Left to right in every language: labels start at x=0.
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-label=(summary) direction="ltr" {
                title { (summary) }
                @for (i, bar) in bars.iter().enumerate() {
                    @let y = i as f64 * ROW;
                    @let w = (bar.share.clamp(0.0, 1.0) * WIDTH).max(2.0);
                    text x="0" y=(format!("{:.1}", y + 15.0)) font-size="13" fill="#1d2330" {
                        (short(&bar.label, 44)) " — " (bar.figure)
                    }
                    rect x="0" y=(format!("{:.1}", y + 20.0)) width=(format!("{WIDTH}")) height="14" rx="3" fill="#e6e9ef" {}
                    rect x="0" y=(format!("{:.1}", y + 20.0)) width=(format!("{w:.1}")) height="14" rx="3" class="bar" {}
                }
            }
        }
    }
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() > max {
        label.chars().take(max - 1).chain(['…']).collect()
    } else {
        label.to_string()
    }
}

/// "12.3%" with one decimal; "-" when there is no figure.
pub fn pct(value: Option<f64>) -> String {
    crate::output::losses_text::pct_or_dash(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolated_text_is_escaped() {
        let hostile = "<img src=x onerror=alert(1)>\"'&";
        let out = html! { p title=(hostile) { (hostile) } (ltr(hostile)) }.into_string();
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;&quot;'&amp;"), "{out}");
        let chart = bar_chart(
            "c",
            hostile,
            &[Bar {
                label: hostile.into(),
                share: 0.5,
                figure: "1".into(),
            }],
        )
        .into_string();
        assert!(!chart.contains("<img"), "{chart}");
    }

    #[test]
    fn chart_states_its_figures_and_keeps_labels_readable() {
        let chart = bar_chart(
            "Pass rate",
            "Gmail: 96.0% of 100 passed",
            &[Bar {
                label: "Gmail".into(),
                share: 0.96,
                figure: "96.0% (100)".into(),
            }],
        )
        .into_string();
        assert!(chart.contains("<title>Gmail: 96.0% of 100 passed</title>"));
        assert!(chart.contains("aria-label=\"Gmail: 96.0% of 100 passed\""));
        assert!(chart.contains("font-size=\"13\""));
        assert_eq!(bar_chart("x", "y", &[]).into_string(), "");
    }

    #[test]
    fn logo_types_are_judged_from_content_and_capped() {
        let png = Logo::from_bytes(b"\x89PNG\r\n\x1a\nrest").unwrap();
        assert!(png.data_uri.starts_with("data:image/png;base64,"));
        let svg = Logo::from_bytes(
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        )
        .unwrap();
        // Embedded as data: and shown through <img>, so the script never runs.
        assert!(svg.data_uri.starts_with("data:image/svg+xml;base64,"));
        assert!(!svg.data_uri.contains("<script"));
        assert!(Logo::from_bytes(b"GIF89a").unwrap_err().contains("not a PNG"));
        assert!(Logo::from_bytes(&vec![0xFF; MAX_LOGO_BYTES + 1]).is_err());
    }

    #[test]
    fn asides_naming_flags_are_dropped() {
        assert_eq!(
            without_flags("worth 40 EUR (your --value-per-contact). Needs (a) the volume (--sent or --campaigns)."),
            "worth 40 EUR. Needs (a) the volume."
        );
        assert_eq!(without_flags("odd ( unclosed"), "odd ( unclosed");
    }

    #[test]
    fn accent_must_be_a_hex_colour() {
        assert_eq!(Accent::parse("#2F5DA8").unwrap().as_str(), "#2f5da8");
        assert_eq!(Accent::parse("25a").unwrap().as_str(), "#25a");
        for bad in ["red", "#12345", "#1234567", "#2f5da8;}body{display:none", ""] {
            assert!(Accent::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn right_to_left_pages_keep_values_left_to_right() {
        let meta = ReportMeta {
            lang: Lang::He,
            client: Some("Acme <b>".into()),
            ..Default::default()
        };
        let out = Page {
            meta: &meta,
            title: "t".into(),
            summary: html! {},
            body: html! {},
            appendix: html! {},
        }
        .render();
        assert!(out.contains("<html lang=\"he\" dir=\"rtl\">"), "{out}");
        assert!(
            out.contains("<bdi class=\"v\" dir=\"ltr\">Acme &lt;b&gt;</bdi>"),
            "{out}"
        );
    }
}
