//! The client reports printed to PDF by headless Chromium on A4 and Letter:
//! no heading stranded at the bottom of a page (the text that follows it
//! starts on a later page), no near-empty last page, and closed portfolio
//! sections printed in full.
//!
//! What is measured: the copy printed here has its headings, the first text
//! after each heading and the last text of the page wrapped in marker links.
//! Chromium keeps every link in the PDF as an annotation of the page it is
//! printed on, with its rectangle, so reading the page objects and their
//! annotations tells on which page and how high each mark was printed.

use crate::client_reports::{chromium_or_skip, headless, in_browsers, instrumented_with, render, reports};
use crate::support::dns_server::TestDnsServer;
use std::path::Path;

/// Paper sizes, with their height in PDF points.
const PAPERS: [(&str, f64); 2] = [("A4", 841.92), ("letter", 792.0)];

/// The print margin of the report's CSS (15 mm), in points.
const MARGIN: f64 = 42.5;

/// A last page whose text fills less than this share of the printable
/// height is near empty.
const NEAR_EMPTY: f64 = 0.12;

/// Wraps the marks (see the module comment): `h/N/NEXT/TEXT` is heading N,
/// NEXT the mark of the first text after it (`n/N`, or `h/M` when that text
/// is the next heading), `end` the last text of the page.
const MARK: &str = r#"<script>
(function () {
  var base = 'https://mark.invalid/';
  function wrap(text, href) {
    var a = text.parentElement.closest('a');
    if (a) { a.href = href; return; }
    a = document.createElement('a');
    a.href = href;
    text.parentNode.insertBefore(a, text);
    a.appendChild(text);
  }
  function texts(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (t) {
        if (!t.textContent.trim() || t.parentElement.closest('script,style,title,svg')) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var out = [];
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }
  // Text in a box of a pixel or less (the visually hidden heads of
  // stacked tables) is not printed.
  function shown(t) {
    for (var e = t.parentElement; e && e !== document.body; e = e.parentElement) {
      if (e.offsetWidth <= 1 || e.offsetHeight <= 1) return false;
    }
    return true;
  }
  var all = texts(document.body);
  var headings = Array.prototype.slice.call(document.querySelectorAll('h2,h3,h4'));
  var next = headings.map(function (h, i) {
    // A heading in a <summary> is followed by the section it opens.
    var block = h.closest('summary') || h;
    var text = all.find(function (t) {
      return !block.contains(t) && (block.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) && shown(t);
    });
    if (!text) return 'none';
    var j = headings.findIndex(function (other) { return other.contains(text); });
    if (j >= 0) return 'h/' + j;
    wrap(text, base + 'n/' + i);
    return 'n/' + i;
  });
  wrap(all[all.length - 1], base + 'end');
  headings.forEach(function (h, i) {
    var own = texts(h)[0];
    var name = encodeURIComponent(h.textContent.trim().slice(0, 40));
    if (own) wrap(own, base + 'h/' + i + '/' + encodeURIComponent(next[i]) + '/' + name);
  });
})();
</script>"#;

/// One mark as printed: its name, page (from 0) and the top and bottom of
/// its rectangle in points from the bottom of the page.
#[derive(Debug, Clone)]
struct Mark {
    name: String,
    page: usize,
    top: f64,
    bottom: f64,
}

/// The printed PDF: page heights and the marks.
#[derive(Debug)]
struct Printed {
    heights: Vec<f64>,
    marks: Vec<Mark>,
}

impl Printed {
    /// Where a mark was first printed (a mark split over lines or pages has
    /// one rectangle per piece).
    fn first(&self, name: &str) -> Option<&Mark> {
        self.marks
            .iter()
            .find(|m| m.name == name || m.name.strip_prefix(name).is_some_and(|rest| rest.starts_with('/')))
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for h in self.marks.iter().filter(|m| m.name.starts_with("h/")) {
            let parts: Vec<&str> = h.name.splitn(4, '/').collect();
            let (next, text) = (decode(parts[2]), parts[3]);
            if self
                .first(&h.name)
                .is_some_and(|first| first.page != h.page || first.top != h.top)
            {
                continue; // a later piece of the same heading
            }
            match self.first(&next) {
                Some(next) if next.page > h.page => problems.push(format!(
                    "heading \"{}\" is the last thing on page {}",
                    decode(text),
                    h.page + 1
                )),
                Some(_) => {}
                None => problems.push(format!("nothing printed after heading \"{}\"", decode(text))),
            }
        }
        match self.first("end") {
            None => problems.push("the end of the page was not printed".into()),
            Some(end) => {
                let last = self.heights.len() - 1;
                let end = self.marks.iter().rev().find(|m| m.name == "end").unwrap_or(end);
                let printable = self.heights[last] - 2.0 * MARGIN;
                let used = (self.heights[last] - MARGIN - end.bottom) / printable;
                if end.page != last {
                    problems.push(format!("{} pages after the end of the text", last - end.page));
                } else if last > 0 && used < NEAR_EMPTY {
                    problems.push(format!(
                        "the last page (page {}) is near empty: its text fills {:.0}% of it",
                        last + 1,
                        used * 100.0
                    ));
                }
            }
        }
        problems
    }
}

/// `%D7%94` and the like back to text, for messages.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The numbers in `[a b c d]` after `key` in a PDF dictionary.
fn numbers(dict: &str, key: &str) -> Vec<f64> {
    dict.split_once(key)
        .and_then(|(_, rest)| rest.trim_start().strip_prefix('['))
        .and_then(|rest| rest.split_once(']'))
        .map(|(inside, _)| inside.split_whitespace().filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default()
}

/// The object numbers of the `N 0 R` references in `[...]` after `key`.
fn references(dict: &str, key: &str) -> Vec<usize> {
    let Some((inside, _)) = dict
        .split_once(key)
        .and_then(|(_, rest)| rest.trim_start().strip_prefix('['))
        .and_then(|rest| rest.split_once(']'))
    else {
        return Vec::new();
    };
    let words: Vec<&str> = inside.split_whitespace().collect();
    words.chunks(3).filter_map(|w| w[0].parse().ok()).collect()
}

/// Pages and link marks of a PDF as Chromium (Skia) writes it: plain object
/// dictionaries, compressed content streams.
fn read_pdf(pdf: &[u8]) -> Printed {
    let text = String::from_utf8_lossy(pdf);
    let mut objects = std::collections::HashMap::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find(" 0 obj\n") {
        let start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let body = &rest[at + 7..];
        let end = [body.find("\nendobj"), body.find("\nstream")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(body.len());
        if let Ok(n) = rest[start..at].parse::<usize>() {
            objects.entry(n).or_insert(&body[..end]);
        }
        rest = &body[end..];
    }
    let root = objects
        .iter()
        .find(|(_, d)| d.contains("/Type /Pages") && !d.contains("/Parent"))
        .map(|(n, _)| *n)
        .expect("a page tree");
    let mut pages = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let dict = objects[&n];
        if dict.contains("/Type /Pages") {
            stack.extend(references(dict, "/Kids").into_iter().rev());
        } else {
            pages.push(dict);
        }
    }
    let mut printed = Printed {
        heights: Vec::new(),
        marks: Vec::new(),
    };
    for (page, dict) in pages.iter().enumerate() {
        printed
            .heights
            .push(numbers(dict, "/MediaBox").get(3).copied().unwrap_or(0.0));
        for annot in references(dict, "/Annots") {
            let a = objects[&annot];
            let Some((_, uri)) = a.split_once("/URI (https://mark.invalid/") else {
                continue;
            };
            let name = uri.split(')').next().unwrap_or("").to_string();
            let rect = numbers(a, "/Rect");
            printed.marks.push(Mark {
                name,
                page,
                top: rect[3],
                bottom: rect[1],
            });
        }
    }
    printed
}

/// `html` printed on `paper`.
fn print(browser: &Path, dir: &Path, name: &str, html: &str, paper: &str) -> Printed {
    let page = instrumented_with(html, &format!("<style>@page{{size:{paper}}}</style>{MARK}"));
    let file = dir.join(format!("{name}-{paper}.html"));
    std::fs::write(&file, page).unwrap();
    let pdf = dir.join(format!("{name}-{paper}.pdf"));
    let profile = dir.join(format!("profile-{name}-{paper}"));
    let out = headless(browser, &profile)
        .args(["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display())])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "{name} on {paper}: no PDF ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    read_pdf(&bytes)
}

#[test]
fn client_reports_print_well_on_a4_and_letter() {
    let Some(browser) = chromium_or_skip("printing was not measured") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut all = reports();
    // More domains than open by default: the sections are closed <details>.
    let server = TestDnsServer::start_dir("fixtures/zones/client-report");
    let ns = server.addr_arg();
    let mut closed = vec![
        "check",
        "--nameserver",
        &ns,
        "--no-blocklists",
        "--timeout",
        "2",
        "--format",
        "html",
    ];
    closed.extend([
        "shop.test",
        "good.portfolio.test",
        "bare.portfolio.test",
        "flaky.portfolio.test",
    ]);
    closed.extend(["one.portfolio.test", "two.portfolio.test", "three.portfolio.test"]);
    let html = render(&closed);
    assert!(html.contains("<details class=\"domain\"") && !html.contains("\" open>"));
    all.push(("portfolio-closed".to_string(), html, 0));
    let jobs: Vec<(&str, &str, &str, f64)> = all
        .iter()
        .flat_map(|(name, html, _)| {
            PAPERS
                .iter()
                .map(move |(paper, h)| (name.as_str(), html.as_str(), *paper, *h))
        })
        .collect();
    let printed = in_browsers(&jobs, |&(name, html, paper, _)| {
        print(&browser, dir.path(), name, html, paper)
    });
    let mut failures = Vec::new();
    for (&(name, html, paper, height), p) in jobs.iter().zip(printed) {
        assert!(
            p.heights.iter().all(|h| (h - height).abs() < 1.0),
            "{name} on {paper}: page heights {:?}",
            p.heights
        );
        // Every section is printed, closed portfolio sections too.
        let headings = html.matches("<h2").count() + html.matches("<h3").count() + html.matches("<h4").count();
        let printed = p.marks.iter().filter(|m| m.name.starts_with("h/")).map(|m| &m.name);
        let printed: std::collections::BTreeSet<_> = printed.collect();
        assert_eq!(printed.len(), headings, "{name} on {paper}: headings printed");
        for problem in p.problems() {
            failures.push(format!("{name} on {paper} ({} pages): {problem}", p.heights.len()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The measurement finds a stranded heading and a near-empty last page.
#[test]
fn the_print_measurement_catches_stranded_headings_and_empty_last_pages() {
    let Some(browser) = chromium_or_skip("the measurement was not checked") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bad = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
               <style>@page{margin:15mm}</style></head><body><h1>T</h1><h2>Fine</h2><p>text</p>\
               <h2>Stranded</h2><p style=\"break-before:page\">next page</p>\
               <p>more</p><p style=\"break-before:page\">alone</p></body></html>";
    let p = print(&browser, dir.path(), "bad", bad, "A4");
    let all = p.problems().join("\n");
    assert_eq!(p.heights.len(), 3, "{p:?}");
    assert!(
        all.contains("heading \"Stranded\" is the last thing on page 1"),
        "{all}"
    );
    assert!(!all.contains("Fine"), "{all}");
    assert!(all.contains("the last page (page 3) is near empty"), "{all}");
}
