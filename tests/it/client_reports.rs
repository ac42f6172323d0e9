//! The client reports (check: one domain and a portfolio; losses), in
//! English and Hebrew, rendered by headless Chromium at 390 px (a phone) and
//! 1280 px. Fails on horizontal overflow, heading jumps, unlabelled charts,
//! chart labels under 11 px and text contrast under 4.5:1.
//!
//! The page itself allows no script (CSP); the copy measured here has the CSP
//! removed and a measuring script appended, which writes its results into the
//! DOM that `--dump-dom` prints. Skipped, with a message, only when no
//! Chromium binary exists (.ci/run installs it).

use crate::support::dns_server::TestDnsServer;
use crate::support::mailaudit;
use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTHS: [u32; 2] = [390, 1280];

/// Measures the rendered page; the result goes into `<pre id="audit-result">`.
const MEASURE: &str = r#"<script>
(function () {
  var problems = [];
  var doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    var wide = [];
    document.querySelectorAll('body *').forEach(function (e) {
      var r = e.getBoundingClientRect();
      if ((r.right > window.innerWidth + 1 || r.left < -1) && wide.length < 5 && r.width > 0) {
        wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
      }
    });
    problems.push('horizontal overflow: page ' + doc.scrollWidth + ' px in ' + window.innerWidth + ' px: ' + wide.join(', '));
  }
  var last = 0;
  document.querySelectorAll('h1,h2,h3,h4,h5,h6').forEach(function (h) {
    var level = +h.tagName[1];
    if (last === 0 && level !== 1) problems.push('first heading is ' + h.tagName);
    if (last > 0 && level > last + 1) problems.push('heading jump h' + last + ' -> ' + h.tagName + ': ' + h.textContent.trim().slice(0, 60));
    last = level;
  });
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  var charts = document.querySelectorAll('svg');
  charts.forEach(function (svg) {
    var title = svg.querySelector('title');
    var label = svg.getAttribute('aria-label') || '';
    if (svg.getAttribute('role') !== 'img' || !title || title.textContent.trim().length < 3 || label.trim().length < 3) {
      problems.push('unlabelled chart');
    }
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.height > 0 && r.height < 11) problems.push('chart label ' + r.height.toFixed(1) + ' px high: ' + t.textContent.slice(0, 40));
      if (r.left < box.left - 1 || r.right > box.right + 1) problems.push('chart label outside its chart: ' + t.textContent.slice(0, 40));
    });
  });
  function rgb(s) {
    var m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    var p = m[1].split(',').map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function background(e) {
    for (; e && e.nodeType === 1; e = e.parentElement) {
      var c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  var checked = 0, low = [];
  document.querySelectorAll('body *').forEach(function (e) {
    if (e.closest('svg') || e.tagName === 'SCRIPT' || e.tagName === 'STYLE') return;
    var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    var style = getComputedStyle(e);
    var pseudo = getComputedStyle(e, '::before').content;
    var hasPseudoText = pseudo && pseudo !== 'none' && pseudo !== '""' && pseudo !== 'normal';
    if (!own && !hasPseudoText) return;
    if (style.visibility === 'hidden' || style.display === 'none' || e.getClientRects().length === 0) return;
    var fg = rgb(style.color), bg = background(e);
    var a = lum(fg), b = lum(bg);
    var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    checked++;
    if (ratio < 4.5 && low.length < 5) low.push(e.tagName + '.' + e.className + ' ' + ratio.toFixed(2) + ': ' + e.textContent.trim().slice(0, 40));
  });
  low.forEach(function (l) { problems.push('contrast ' + l); });
  var out = document.createElement('pre');
  out.id = 'audit-result';
  out.textContent = JSON.stringify({ problems: problems, charts: charts.length, texts: checked });
  document.body.appendChild(out);
})();
</script>"#;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The page with its CSP removed and the measuring script appended.
fn instrumented(html: &str) -> String {
    instrumented_with(html, MEASURE)
}

/// The page with its CSP removed (so a script may run) and `extra` appended
/// to the body.
pub(crate) fn instrumented_with(html: &str, extra: &str) -> String {
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the page has a CSP");
    let end = start + html[start..].find('>').unwrap() + 1;
    let mut page = format!("{}{}", &html[..start], &html[end..]);
    let body_end = page.rfind("</body>").expect("</body>");
    page.insert_str(body_end, extra);
    page
}

/// The browser, or `None` after saying on stdout that `what` is skipped.
pub(crate) fn chromium_or_skip(what: &str) -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        println!("SKIPPED: no chromium binary on PATH (apt-get install -y chromium); {what}");
    }
    browser
}

/// Headless Chromium with a profile of its own, ready for the job's flags.
pub(crate) fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// `run` over `jobs`, each in a browser of its own, four at a time: the
/// browsers mostly wait on start-up, so this keeps the suite fast. The
/// results come in the order of `jobs`.
pub(crate) fn in_browsers<J: Sync, R: Send>(jobs: &[J], run: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(jobs.len());
    for batch in jobs.chunks(4) {
        std::thread::scope(|scope| {
            let run = &run;
            let handles: Vec<_> = batch.iter().map(|job| scope.spawn(move || run(job))).collect();
            out.extend(handles.into_iter().map(|h| h.join().expect("browser job")));
        });
    }
    out
}

#[derive(Debug, serde::Deserialize)]
struct Measured {
    problems: Vec<String>,
    charts: usize,
    texts: usize,
}

fn measure(browser: &Path, dir: &Path, name: &str, html: &str, width: u32) -> Measured {
    let file = dir.join(format!("{name}-{width}.html"));
    std::fs::write(&file, instrumented(html)).unwrap();
    let profile = dir.join(format!("profile-{name}-{width}"));
    let out = headless(browser, &profile)
        .args(["--hide-scrollbars", &format!("--window-size={width},900"), "--dump-dom"])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split("<pre id=\"audit-result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next());
    let Some(json) = json else {
        panic!(
            "{name} at {width} px: no measurement in the DOM; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let json = json.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}: {json}"))
}

pub(crate) fn render(args: &[&str]) -> String {
    let out = mailaudit().args(args).output().unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{args:?}: {html}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    html
}

/// The fixture reports, as (name, HTML, charts expected).
pub(crate) fn reports() -> Vec<(String, String, usize)> {
    let server = TestDnsServer::start_dir("fixtures/zones/client-report");
    let ns = server.addr_arg();
    let root = env!("CARGO_MANIFEST_DIR");
    let fixture = |p: &str| format!("{root}/fixtures/{p}");
    let mut out = Vec::new();
    for lang in ["en", "he"] {
        let common = [
            "--nameserver",
            &ns,
            "--no-blocklists",
            "--timeout",
            "2",
            "--format",
            "html",
            "--lang",
            lang,
        ];
        let branding = ["--client", "Acme Shop", "--prepared-by", "Blue Agency"];
        let mut single = vec!["check", "shop.test"];
        single.extend(common);
        single.extend(branding);
        out.push((format!("single-{lang}"), render(&single), 0));
        let mut portfolio = vec![
            "check",
            "shop.test",
            "good.portfolio.test",
            "bare.portfolio.test",
            "flaky.portfolio.test",
        ];
        portfolio.extend(common);
        portfolio.extend(branding);
        out.push((format!("portfolio-{lang}"), render(&portfolio), 0));
        let services = fixture("losses/dmarc-services");
        let (bounces, google, microsoft, yahoo, campaigns) = (
            fixture("losses/bounces"),
            fixture("dmarc/google"),
            fixture("dmarc/microsoft"),
            fixture("dmarc/yahoo"),
            fixture("losses/campaigns.csv"),
        );
        let losses = [
            "losses",
            "--bounces",
            &bounces,
            "--dmarc",
            &google,
            "--dmarc",
            &microsoft,
            "--dmarc",
            &yahoo,
            "--dmarc",
            &services,
            "--campaigns",
            &campaigns,
            "--value-per-contact",
            "40",
            "--currency",
            "EUR",
            "--format",
            "html",
            "--lang",
            lang,
            "--client",
            "Acme Shop",
        ];
        // Providers, failing sources, reasons.
        out.push((format!("losses-{lang}"), render(&losses), 3));
    }
    out
}

/// An agency's 300 domains, a third of them with problems.
fn portfolio_of_300(dir: &Path) -> (TestDnsServer, PathBuf) {
    let mut zone =
        String::from("$ORIGIN p300.test.\n$TTL 300\n@ IN SOA ns.p300.test. h.p300.test. 1 3600 600 86400 300\n");
    let mut list = String::new();
    for i in 0..300 {
        let d = format!("client{i:03}");
        zone.push_str(&format!(
            "{d} IN MX 10 mx.{d}.p300.test.\nmx.{d} IN A 192.0.2.{}\n",
            i % 250 + 1
        ));
        if i % 3 != 0 {
            zone.push_str(&format!("{d} IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"));
        }
        let policy = if i % 5 == 0 { "none" } else { "reject" };
        zone.push_str(&format!(
            "_dmarc.{d} IN TXT \"v=DMARC1; p={policy}; rua=mailto:d@{d}.p300.test\"\n"
        ));
        list.push_str(&format!("{d}.p300.test\n"));
    }
    let file = dir.join("domains.txt");
    std::fs::write(&file, list).unwrap();
    (TestDnsServer::start_text(&[&zone]), file)
}

#[test]
fn client_reports_read_well_in_a_real_browser() {
    let Some(browser) = chromium_or_skip("the client reports were not measured") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let (server, list) = portfolio_of_300(dir.path());
    let ns = server.addr_arg();
    let big = render(&[
        "check",
        "--domains-file",
        list.to_str().unwrap(),
        "--nameserver",
        &ns,
        "--no-blocklists",
        "--timeout",
        "2",
        "--format",
        "html",
    ]);
    assert_eq!(big.matches("<details class=\"domain\"").count(), 300);
    // Closed sections keep 300 domains to one overview table on screen.
    assert!(!big.contains("\" open>"));
    let mut all = reports();
    all.push(("portfolio-300".to_string(), big, 0));
    for (name, html, _) in &all {
        if name.ends_with("-he") {
            assert!(html.contains("dir=\"rtl\""), "{name}");
        }
    }
    let jobs: Vec<(&str, &str, usize, u32)> = all
        .iter()
        .flat_map(|(name, html, charts)| WIDTHS.iter().map(move |w| (name.as_str(), html.as_str(), *charts, *w)))
        .collect();
    let measured = in_browsers(&jobs, |&(name, html, _, width)| {
        measure(&browser, dir.path(), name, html, width)
    });
    for (&(name, _, charts, width), m) in jobs.iter().zip(measured) {
        assert!(m.texts > 20, "{name}: only {} text elements measured", m.texts);
        assert_eq!(m.charts, charts, "{name}: charts");
        for p in m.problems {
            failures.push(format!("{name} at {width} px: {p}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The measuring script itself finds what it is meant to find.
#[test]
fn the_measurement_catches_overflow_jumps_and_low_contrast() {
    let Some(browser) = chromium_or_skip("the measurement was not checked") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bad = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
               <meta name=\"viewport\" content=\"width=device-width\"></head><body>\
               <h1>T</h1><h3>jump</h3><p style=\"color:#bbb\">pale text</p>\
               <div style=\"width:900px\">wide</div><svg><text>x</text></svg></body></html>";
    let m = measure(&browser, dir.path(), "bad", bad, 390);
    let all = m.problems.join("\n");
    for expected in [
        "horizontal overflow",
        "heading jump h1 -> H3",
        "contrast P",
        "unlabelled chart",
    ] {
        assert!(all.contains(expected), "{expected} not caught:\n{all}");
    }
}

/// The client text of a check report: the part before the technical appendix.
fn client_part(html: &str) -> &str {
    let end = html.find("id=\"appendix-h\"").expect("appendix");
    &html[..end]
}

#[test]
fn check_report_content_fixes_are_records_and_failures_are_unknown() {
    let server = TestDnsServer::start_dir("fixtures/zones/client-report");
    let ns = server.addr_arg();
    let common = [
        "--nameserver",
        &ns,
        "--no-blocklists",
        "--timeout",
        "2",
        "--format",
        "html",
    ];
    let mut single = vec!["check", "shop.test"];
    single.extend(common);
    let html = render(&single);
    let client = client_part(&html);
    // The DMARC fixes (p=none, no rua=) become one record, the domain filled in.
    assert!(client.contains("_dmarc.shop.test"), "{client}");
    assert!(
        client.contains("v=DMARC1; p=quarantine; rua=mailto:dmarc@shop.test"),
        "{client}"
    );
    // ?all becomes ~all in the SPF record to publish.
    assert!(client.contains("v=spf1 include:_spf.shop.test ~all"), "{client}");
    for bad in [
        "<your domain>",
        "&lt;your domain&gt;",
        "&lt;domain&gt;",
        "`",
        " --",
        "docs/codes.md",
    ] {
        assert!(!client.contains(bad), "client text holds {bad}");
    }
    // Provider rules are links that do not hand over the opener.
    assert!(client.contains("href=\"https://support.google.com/a/answer/81126\" rel=\"noopener noreferrer\""));
    // Summary before the grid, checklist and fixes.
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("id=\"summary-h\"") < at("Checks at a glance"));
    assert!(at("Checks at a glance") < at("bulk-sender requirements"));
    assert!(at("bulk-sender requirements") < at("What to fix"));

    let mut portfolio = vec!["check", "shop.test", "good.portfolio.test", "flaky.portfolio.test"];
    portfolio.extend(common);
    let html = render(&portfolio);
    assert!(html.contains("<h2 id=\"overview-h\">All domains</h2>"));
    assert_eq!(html.matches("<details class=\"domain\"").count(), 3);
    // The summary leads with the domain the overview lists first.
    assert!(html.contains("Most urgent (<bdi class=\"v\" dir=\"ltr\">good.portfolio.test</bdi>)"));
    // Worst first: good.portfolio.test fails (its MTA-STS policy host has no address), shop.test is at risk.
    assert!(html.find("href=\"#d-good.portfolio.test\"").unwrap() < html.find("href=\"#d-shop.test\"").unwrap());
    assert!(!html.contains("<script"));
    // flaky's DMARC lookup fails (SERVFAIL): its grid row says unknown, never pass.
    let row = html
        .split("<tr>")
        .find(|r| r.contains("#d-flaky.portfolio.test"))
        .expect("flaky row");
    let cells: Vec<&str> = row.split("data-label=\"").skip(1).collect();
    let dmarc = cells.iter().find(|c| c.starts_with("DMARC\"")).expect("DMARC cell");
    assert!(dmarc.contains("chip unknown"), "{dmarc}");
}

#[test]
fn branding_flags_are_validated_and_hebrew_markdown_is_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("logo.gif");
    std::fs::write(&gif, b"GIF89a....").unwrap();
    let svg = dir.path().join("logo.svg");
    std::fs::write(
        &svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>",
    )
    .unwrap();
    let bounces = format!("{}/fixtures/losses/bounces", env!("CARGO_MANIFEST_DIR"));
    let losses = |extra: &[&str]| {
        let mut args = vec!["losses", "--bounces", bounces.as_str(), "--sent", "2000"];
        args.extend(extra);
        mailaudit().args(&args).output().unwrap()
    };
    let out = losses(&["--format", "html", "--logo", gif.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a PNG, JPEG or SVG"));
    let out = losses(&["--format", "html", "--accent", "red;}body{display:none"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--accent"));

    let out = losses(&[
        "--format",
        "html",
        "--logo",
        svg.to_str().unwrap(),
        "--accent",
        "#0B6E4F",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    // The SVG travels base64-encoded inside <img>: its script cannot run or inject markup.
    assert!(html.contains("<img class=\"logo\" src=\"data:image/svg+xml;base64,"));
    assert!(!html.contains("onload") && !html.contains("<script"));
    assert!(html.contains(":root{--accent:#0b6e4f}"));

    let out = losses(&["--format", "markdown", "--lang", "he"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("<div dir=\"rtl\" lang=\"he\">"), "{md}");
    assert!(md.contains("## מה לתקן קודם"), "{md}");
    let out = losses(&["--format", "html", "--lang", "he"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<html lang=\"he\" dir=\"rtl\">"));
    assert!(html.contains("<h2 id=\"actions-h\">מה לתקן קודם</h2>"));
}

#[test]
fn losses_chart_names_sending_services_and_states_every_rate() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = mailaudit()
        .args(["losses", "--format", "html", "--dmarc"])
        .arg(format!("{root}/fixtures/losses/dmarc-services"))
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let label = html
        .split("<figcaption>DMARC pass rate by sending source</figcaption>")
        .nth(1)
        .and_then(|rest| rest.split("aria-label=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("sending-source chart");
    // Recognised services by name, each with its pass rate and volume.
    assert!(label.contains("SendGrid: "), "{label}");
    assert!(label.contains(" passed"), "{label}");
    // One bar per source the label names.
    let chart = html
        .split("<figcaption>DMARC pass rate by sending source</figcaption>")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .unwrap();
    assert_eq!(
        chart.matches("class=\"bar\"").count(),
        label.split("; ").count(),
        "{label}"
    );
}

#[test]
fn check_report_says_what_changed_since_the_baseline() {
    let server = TestDnsServer::start_dir("fixtures/zones/client-report");
    let ns = server.addr_arg();
    let common = ["shop.test", "--nameserver", &ns, "--no-blocklists", "--timeout", "2"];
    let out = mailaudit()
        .arg("check")
        .args(common)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let mut saved: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The saved run lacked today's SPF warning and had a DMARC problem fixed since.
    let findings = saved["domains"][0]["findings"].as_array_mut().unwrap();
    findings.retain(|f| f["code"] != "spf.weak_all");
    findings.push(serde_json::json!({
        "code": "dmarc.missing", "severity": "error",
        "message": "No DMARC record was published then", "docs": ""
    }));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("previous.json");
    std::fs::write(&path, saved.to_string()).unwrap();
    let html = render(
        &[
            &["check"],
            &common[..],
            &["--format", "html", "--baseline", path.to_str().unwrap()],
        ]
        .concat(),
    );
    let section = html
        .split("<h2 id=\"changes-h\">Since the previous check</h2>")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("changes section");
    let text: String = section
        .split('<')
        .map(|part| part.split_once('>').map_or(part, |(_, t)| t))
        .collect();
    assert!(text.contains("1 new problems, 1 fixed"), "{section}");
    assert!(
        section.contains("<h3>New problems</h3>") && section.contains("?all"),
        "{section}"
    );
    assert!(section.contains("<h3>Fixed</h3>") && section.contains("No DMARC record was published then"));
    // The baseline's file path is not client text.
    assert!(!html.contains("previous.json"));
}

#[test]
fn losses_report_says_what_changed_since_the_previous_run() {
    let root = env!("CARGO_MANIFEST_DIR");
    let bounces = format!("{root}/fixtures/losses/bounces");
    let google = format!("{root}/fixtures/dmarc/google");
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("october.json");
    let out = mailaudit()
        .args(["losses", "--bounces", &bounces, "--sent", "4000", "--format", "json"])
        .output()
        .unwrap();
    std::fs::write(&previous, &out.stdout).unwrap();
    for lang in ["en", "he"] {
        let html = render(&[
            "losses",
            "--bounces",
            &bounces,
            "--dmarc",
            &google,
            "--sent",
            "2000",
            "--format",
            "html",
            "--lang",
            lang,
            "--previous",
            previous.to_str().unwrap(),
        ]);
        let section = html
            .split("<h2 id=\"changes-h\">")
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap_or_else(|| panic!("{lang}: no changes section"));
        // Half the sent volume with the same bounces: the bounce rate moved, for the worse.
        assert!(section.contains("class=\"stack moved\""), "{lang}: {section}");
        assert!(section.contains("chip fail"), "{lang}: {section}");
        assert!(
            !html.contains("october.json"),
            "{lang}: the saved file's path is not client text"
        );
        let summary = html.find("id=\"summary-h\"").unwrap();
        assert!(summary < html.find("id=\"changes-h\"").unwrap());
    }
}

#[test]
fn a_listing_links_to_the_lists_delisting_page() {
    let server = TestDnsServer::start_dir("fixtures/zones/blocklist");
    let html = render(&[
        "check",
        "clean.test",
        "--nameserver",
        &server.addr_arg(),
        "--timeout",
        "1",
        "--ip",
        "192.0.2.10",
        "--blocklist-zone",
        "zen.bl.test=spamhaus-zen",
        "--format",
        "html",
    ]);
    let client = client_part(&html);
    assert!(
        client.contains(
            "<a href=\"https://check.spamhaus.org/\" rel=\"noopener noreferrer\" target=\"_blank\">Spamhaus ZEN</a>"
        ),
        "{client}"
    );
    // The URL is a link, not repeated as plain text in the fix.
    assert!(!client.contains("Delisting page: https"));
    let grid = client.split("Blocklists</th>").nth(1).unwrap();
    assert!(
        grid.starts_with("<td data-label=\"Status\"><span class=\"chip fail\">"),
        "{grid}"
    );
}

#[test]
fn hebrew_check_report_states_problems_in_hebrew() {
    let server = TestDnsServer::start_dir("fixtures/zones/client-report");
    let ns = server.addr_arg();
    let html = render(&[
        "check",
        "shop.test",
        "good.portfolio.test",
        "--nameserver",
        &ns,
        "--no-blocklists",
        "--timeout",
        "2",
        "--format",
        "html",
        "--lang",
        "he",
    ]);
    let client = client_part(&html);
    assert!(client.contains("<html lang=\"he\" dir=\"rtl\">"));
    // The most urgent problem (spf.weak_all) from the Hebrew catalogue, not the English message.
    assert!(
        client.contains("רשומת ה-SPF אינה מסמנת דואר משרתים שאינם ברשימה."),
        "{client}"
    );
    assert!(!client.contains("does not list is not flagged"), "{client}");
    // Advice without a record to publish comes from the Hebrew catalogue too.
    assert!(client.contains("דאגו שקובץ המדיניות יהיה זמין ב-HTTPS"), "{client}");
    // Records to publish keep their left-to-right order.
    assert!(client.contains("<div class=\"record\" dir=\"ltr\">"));
}

/// A domain that raises the rarer problems: an SPF include loop and `ptr`,
/// an MX alias, DMARC in test mode, unreadable MTA-STS, TLS-RPT and BIMI
/// records, a DKIM key in testing mode (the key of shop.zone).
const ODD_ZONE: &str = r#"$ORIGIN odd.test.
$TTL 300
@ IN SOA ns.odd.test. h.odd.test. 1 3600 600 86400 300
@ IN TXT "v=spf1 ptr include:loop.odd.test ~all"
loop IN TXT "v=spf1 include:odd.test ~all"
@ IN MX 10 alias.odd.test.
alias IN CNAME mx.odd.test.
mx IN A 192.0.2.30
_dmarc IN TXT "v=DMARC1; p=quarantine; t=y; rua=mailto:d@odd.test"
_mta-sts IN TXT "v=STSv1; id=!!"
_smtp._tls IN TXT "v=TLSRPTv1; rua=ftp://x"
default._bimi IN TXT "v=BIMI1; l=http://odd.test/logo.svg"
s1._domainkey IN TXT "v=DKIM1; k=rsa; t=y; p=KEY"
"#;

/// No finding reaches a Hebrew report (the HTML's client part, the
/// Markdown) as the check's English message or English fix: every code has a
/// sentence and a fix in the Hebrew catalogue, with the domain or server
/// filled in.
#[test]
fn hebrew_check_report_has_no_english_findings_or_fixes() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/fixtures/zones/client-report/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let key = fixture("shop.zone");
    let key = key.split("p=").last().unwrap().trim().trim_end_matches('"');
    let odd = ODD_ZONE.replace("p=KEY", &format!("p={key}"));
    let server = TestDnsServer::start_text(&[&fixture("shop.zone"), &fixture("portfolio.zone"), &odd]);
    let ns = server.addr_arg();
    let portfolio = [
        "shop.test",
        "good.portfolio.test",
        "bare.portfolio.test",
        "flaky.portfolio.test",
    ];
    let mut english = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for domains in [&portfolio[..], &["odd.test", "--selector", "s1"]] {
        let run = |format: &str| {
            let mut args = vec![
                "check",
                "--nameserver",
                &ns,
                "--no-blocklists",
                "--timeout",
                "2",
                "--lang",
                "he",
            ];
            args.extend(domains);
            args.extend(["--format", format]);
            let out = mailaudit().args(&args).output().unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
        let html = run("html");
        let markdown = run("markdown");
        // A sentence with the domain or server filled in, kept left to right.
        assert!(html.contains("<bdi class=\"v\" dir=\"ltr\">"), "{html}");
        assert!(markdown.starts_with("<div dir=\"rtl\" lang=\"he\">"), "{markdown}");
        assert!(markdown.contains("| חומרה | קוד |"), "{markdown}");
        let client = format!("{}\n{markdown}", client_part(&html));
        for domain in json["domains"].as_array().unwrap() {
            for f in domain["findings"].as_array().unwrap() {
                if f["severity"] == "info" {
                    continue; // only warnings and errors reach the client part
                }
                codes.insert(f["code"].as_str().unwrap().to_string());
                for field in ["message", "fix"] {
                    // The first words, as the HTML writes them (no backticks, nothing to escape).
                    let text = f[field].as_str().unwrap_or_default().replace('`', "");
                    let start: String = text.chars().take(30).collect();
                    if start.len() >= 12 && !start.contains(['&', '<', '>', '"', '\'']) && client.contains(&start) {
                        english.push(format!("{}: {start}", f["code"]));
                    }
                }
            }
        }
    }
    // The fixtures raise enough kinds of problem for this to mean something.
    assert!(codes.len() >= 12, "{codes:?}");
    assert!(english.is_empty(), "English in the Hebrew report: {english:#?}");
}

/// The first words of an English sentence, as a renderer writes them: no
/// Markdown escapes, nothing that HTML would escape.
fn sentence_start(text: &str) -> Option<String> {
    let start: String = text.chars().take(30).collect();
    (start.len() >= 12 && !start.contains(['&', '<', '>', '"', '\'', '\\'])).then_some(start)
}

/// A Hebrew losses report (HTML and Markdown, with a domain check and what
/// changed since a saved run) says none of the losses code's client
/// sentences in English: action titles and reasons, the headline, bounce
/// reasons, rate names, thresholds and notes, the money lines, the notes and
/// the names of the figures that moved, the evidence under each action.
#[test]
fn hebrew_losses_report_has_no_english_sentences() {
    let server = TestDnsServer::start_text(&[EXAMPLE_COM_ZONE]);
    let ns = server.addr_arg();
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous.json");
    let root = env!("CARGO_MANIFEST_DIR");
    let path = |p: &str| format!("{root}/{p}");
    // A smaller earlier run, so that contacts, bounces, rates and money moved.
    let saved = mailaudit()
        .args([
            "losses",
            "--bounces",
            &path("fixtures/losses/bounces/01-user-unknown-gmail.eml"),
        ])
        .args(["--dmarc", &path("fixtures/dmarc/google"), "--sent", "20000"])
        .args([
            "--value-per-contact",
            "25",
            "--value-per-email",
            "0.05",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    std::fs::write(&previous, &saved.stdout).unwrap();
    let run = |format: &str, lang: &str| {
        let out = mailaudit()
            .args(["losses", "--bounces", &path("fixtures/losses/bounces")])
            .args(["--dmarc", &path("fixtures/dmarc")])
            .args(["--campaigns", &path("fixtures/losses/campaigns.csv")])
            .args(["--tls-reports", &path("fixtures/tls-reports/single.json")])
            .args([
                "--value-per-contact",
                "25",
                "--value-per-email",
                "0.05",
                "--currency",
                "EUR",
            ])
            .args([
                "--domain",
                "example.com",
                "--nameserver",
                &ns,
                "--no-blocklists",
                "--timeout",
                "2",
            ])
            .args([
                "--previous",
                previous.to_str().unwrap(),
                "--lang",
                lang,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json", "en")).unwrap();
    let (losses, changes) = (&json["losses"], &json["changes"]);
    let texts = |list: &serde_json::Value, fields: &[&str]| -> Vec<String> {
        let items = list.as_array().cloned().unwrap_or_default();
        items
            .iter()
            .flat_map(|item| fields.iter().filter_map(|f| item[*f].as_str().map(str::to_string)))
            .collect()
    };
    let mut english = Vec::new();
    english.extend(texts(&losses["actions"], &["title", "why"]));
    for action in losses["actions"].as_array().unwrap() {
        english.extend(
            action["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_string()),
        );
    }
    english.extend(texts(&losses["rates"], &["threshold", "note"]));
    english.extend(texts(&losses["by_reason"], &["label"]));
    english.extend(texts(&losses["money"]["lines"], &["label", "arithmetic", "assumption"]));
    english.extend(texts(&changes["moved"], &["label"]));
    english.extend(
        losses["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string()),
    );
    english.push(losses["money"]["note"].as_str().unwrap().to_string());
    english.push("existing contacts can no longer be reached".into());
    english.push("emails lost (".into());
    // Enough of each kind for the comparison to mean something.
    assert!(texts(&losses["actions"], &["title"]).len() >= 3, "{losses}");
    assert!(
        texts(&losses["actions"], &["title"])
            .iter()
            .any(|t| t.starts_with("Fix TLS on")),
        "a TLS-RPT action is among them: {losses}"
    );
    assert!(texts(&changes["moved"], &["label"]).len() >= 5, "{changes}");
    assert!(!losses["notes"].as_array().unwrap().is_empty(), "{losses}");

    let html = run("html", "he");
    let markdown = run("markdown", "he");
    assert!(html.contains("dir=\"rtl\""), "{html}");
    assert!(markdown.starts_with("<div dir=\"rtl\" lang=\"he\">"), "{markdown}");
    // Data (SMTP replies, IPs, records: <span class="mono">) is as recorded.
    let mut report = without(&html, "<span class=\"mono\">", "</span>");
    report.push_str(&markdown.replace('\\', ""));
    // A short label ("Mailbox full") also occurs inside SMTP replies: it counts
    // only as a whole cell or element.
    let found: Vec<String> = english
        .iter()
        .filter_map(|text| sentence_start(&text.replace('`', "")))
        .filter(|start| match start.chars().count() < 20 {
            true => [format!(">{start}<"), format!("| {start} |")]
                .iter()
                .any(|cell| report.contains(cell.as_str())),
            false => report.contains(start.as_str()),
        })
        .collect();
    assert!(found.is_empty(), "English in the Hebrew losses report: {found:#?}");
}

/// `text` without the parts from each `open` to the next `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        rest = rest[at..].split_once(close).map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The sender of the fixture bounces and of the test campaign, weakly set up
/// (no DKIM, DMARC p=none).
const EXAMPLE_COM_ZONE: &str = r#"$ORIGIN example.com.
$TTL 300
@ IN SOA ns.example.com. h.example.com. 1 3600 600 86400 300
@ IN TXT "v=spf1 ip4:192.0.2.10 ~all"
@ IN MX 10 mx.example.com.
mx IN A 192.0.2.25
_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"
"#;

/// `message --lang he`: the HTML is laid out right to left and neither it
/// nor the Markdown says a finding's English message or fix.
#[test]
fn hebrew_message_report_has_no_english_findings_or_fixes() {
    let server = TestDnsServer::start_text(&[EXAMPLE_COM_ZONE]);
    let ns = server.addr_arg();
    let dir = tempfile::tempdir().unwrap();
    let eml = dir.path().join("campaign.eml");
    std::fs::write(
        &eml,
        "From: Shop <news@example.com>\r\nTo: someone@example.org\r\nSubject: November offers\r\n\
         Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBig sale today: http://bit.ly/abc\r\n",
    )
    .unwrap();
    let run = |format: &str, lang: &str| {
        let out = mailaudit()
            .args(["message", eml.to_str().unwrap(), "--law", "il", "--no-blocklists"])
            .args([
                "--nameserver",
                &ns,
                "--timeout",
                "2",
                "--lang",
                lang,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json", "en")).unwrap();
    let findings = json["messages"][0]["findings"].as_array().unwrap().clone();
    assert!(findings.len() >= 5, "{json}");
    let html = run("html", "he");
    let markdown = run("markdown", "he");
    assert!(html.contains("<html lang=\"he\" dir=\"rtl\">"), "{html}");
    assert!(markdown.starts_with("<div dir=\"rtl\" lang=\"he\">"), "{markdown}");
    let report = format!("{}\n{}", client_part(&html), markdown.replace('\\', ""));
    let english: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] != "info")
        .flat_map(|f| ["message", "fix"].map(|field| f[field].as_str().unwrap_or_default().replace('`', "")))
        .filter_map(|text| sentence_start(&text))
        .filter(|start| report.contains(start.as_str()))
        .collect();
    assert!(english.is_empty(), "English in the Hebrew message report: {english:#?}");
    // English stays English.
    let english_html = run("html", "en");
    let first = sentence_start(findings[0]["message"].as_str().unwrap()).unwrap();
    assert!(english_html.contains(&first), "{english_html}");
}
