//! docs/codes.md is generated from the code registry: this test fails when the
//! committed file differs. `UPDATE_DOCS=1 cargo test --test it codes_docs`
//! rewrites it.

use mailaudit::output::markdown::{code_anchor, codes_reference};
use std::path::PathBuf;

fn docs_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md")
}

#[test]
fn docs_codes_md_matches_the_registry() {
    let expected = codes_reference();
    let path = docs_path();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write docs/codes.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/codes.md is out of date with the code registry; run `UPDATE_DOCS=1 cargo test --test it codes_docs`"
    );
}

#[test]
fn every_code_has_an_anchor_its_docs_url_points_at() {
    let text = codes_reference();
    for info in mailaudit::codes::all() {
        let heading = format!("\n## `{}`\n", info.code);
        assert!(text.contains(&heading), "no section for {}", info.code);
        let base: mailaudit::explain::DocsUrl = "https://docs.example.com/codes.md".parse().unwrap();
        let url = base.for_code(info.code);
        let fragment = url.rsplit_once('#').map(|(_, f)| f).unwrap_or("");
        // GitHub's slug of the heading "`spf.lookup_limit`" is "spflookup_limit".
        assert_eq!(code_anchor(info.code), fragment, "{}", info.code);
        assert!(text.contains(info.title), "{} title", info.code);
    }
}
