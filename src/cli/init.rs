//! `mailaudit init`: write a commented starter `mailaudit.toml`.

use super::{print, usage};
use clap::Args;
use mailaudit::config;
use mailaudit::exit;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  mailaudit init\n  mailaudit init ci/mailaudit.toml")]
pub struct InitArgs {
    /// Where to write the file
    #[arg(default_value = config::DEFAULT_FILE_NAME)]
    pub path: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

pub async fn run(args: InitArgs) -> anyhow::Result<u8> {
    let shown = args.path.display();
    let starter = mailaudit::config_template::STARTER.as_bytes();
    if args.force {
        // Replace atomically: a failed write never leaves an emptied config.
        mailaudit::atomic_file::write(&args.path, starter).map_err(|e| usage(format!("cannot write {shown}: {e}")))?;
    } else {
        // Never clobber someone's config: create_new fails if it exists.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&args.path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    usage(format!("{shown} already exists; use --force to replace it"))
                } else {
                    usage(format!("cannot write {shown}: {e}"))
                }
            })?;
        file.write_all(starter)
            .map_err(|e| anyhow::anyhow!("cannot write {shown}: {e}"))?;
    }
    print(&format!(
        "Wrote {shown}. List your domains in it, then run `mailaudit check`{}.\n",
        if args.path.as_os_str() == config::DEFAULT_FILE_NAME {
            String::new()
        } else {
            format!(" --config {shown}")
        }
    ));
    Ok(exit::OK)
}
