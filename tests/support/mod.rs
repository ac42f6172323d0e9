//! Shared helpers for the integration tests. Not every test file uses every helper.
#![allow(dead_code)]

pub mod dns_server;

use std::path::PathBuf;
use std::process::Command;

/// The real `mailaudit` binary, with colour off and a clean environment for output.
pub fn mailaudit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailaudit"));
    cmd.env("NO_COLOR", "1");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A path under the repository's `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(path)
}
