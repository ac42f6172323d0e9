//! README.md's usage section is the real `--help` output. The section sits
//! between `<!-- usage:begin -->` and `<!-- usage:end -->`;
//! `UPDATE_README=1 cargo test --test it readme_usage` rewrites it.

use std::path::PathBuf;
use std::process::Command;

const BEGIN: &str = "<!-- usage:begin -->";
const END: &str = "<!-- usage:end -->";

fn help(args: &[&str]) -> String {
    // No terminal and a fixed width, so clap wraps the same way everywhere.
    let out = Command::new(env!("CARGO_BIN_EXE_mailaudit"))
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run mailaudit");
    assert!(out.status.success(), "{args:?} failed");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

fn usage_section() -> String {
    let mut section = String::from(BEGIN);
    section.push_str("\n```text\n$ mailaudit --help\n");
    section.push_str(help(&["--help"]).trim_end());
    section.push_str("\n\n$ mailaudit check --help\n");
    section.push_str(help(&["check", "--help"]).trim_end());
    section.push_str("\n```\n");
    section.push_str(END);
    section
}

#[test]
fn readme_usage_matches_help() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_default();
    let expected = usage_section();
    let current = match (readme.find(BEGIN), readme.find(END)) {
        (Some(begin), Some(end)) if begin < end => Some((begin, end + END.len())),
        _ => None,
    };
    if std::env::var_os("UPDATE_README").is_some_and(|v| v == "1") {
        let updated = match current {
            Some((begin, end)) => format!("{}{expected}{}", &readme[..begin], &readme[end..]),
            None if readme.is_empty() => format!("## Usage\n\n{expected}\n"),
            None => format!("{}\n## Usage\n\n{expected}\n", readme.trim_end()),
        };
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    let (begin, end) =
        current.expect("README.md has no usage section; run `UPDATE_README=1 cargo test --test it readme_usage`");
    assert!(
        readme[begin..end] == expected,
        "README.md's usage section differs from --help; run `UPDATE_README=1 cargo test --test it readme_usage`"
    );
}
