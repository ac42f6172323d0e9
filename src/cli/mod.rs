//! Command-line interface: one file per subcommand. Each turns raw arguments
//! into a validated configuration in one place, runs the library, prints, and
//! returns the exit code (see `mailaudit::exit`).

mod blocklist;
mod bounces;
mod check;
mod dmarc_reports;
mod explain;
mod init;
mod losses;
mod message;
mod outputs;
mod report_args;
mod tls_reports;

use clap::{Parser, Subcommand};
use mailaudit::exit;

#[derive(Parser, Debug)]
#[command(
    name = "mailaudit",
    version,
    about = "Audit email deliverability: sending-domain posture, blocklists, bounces and hidden losses",
    long_about = None,
    after_help = "Examples:\n  mailaudit losses --bounces fixtures/losses/bounces --dmarc fixtures/dmarc --sent 20000\n  mailaudit check example.com\n  mailaudit check example.com --selector s1 --ip 192.0.2.10 --format json\n  mailaudit bounces fixtures/bounces --suppression-list suppress.csv\n  mailaudit message campaign.eml --ip 192.0.2.10\n  mailaudit explain spf.lookup_limit\n\nExit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error,\n3 incomplete (DNS lookups failed or some inputs could not be read)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the SPF, DKIM, DMARC and MX posture (and blocklist status) of sending domains
    Check(check::CheckArgs),
    /// Look IPs, small IPv4 ranges or domains up on DNS blocklists
    Blocklist(blocklist::BlocklistArgs),
    /// Parse bounce messages into per-recipient reasons
    Bounces(bounces::BouncesArgs),
    /// Summarise DMARC aggregate reports
    DmarcReports(dmarc_reports::DmarcReportsArgs),
    /// Summarise SMTP TLS reports (TLS-RPT): which sessions to your MX failed TLS, and why
    TlsReports(tls_reports::TlsReportsArgs),
    /// Report hidden losses from bounces, DMARC reports and send counts
    Losses(losses::LossesArgs),
    /// Lint a campaign e-mail before sending: DKIM, alignment, unsubscribe, form, links, local law
    Message(message::MessageArgs),
    /// Explain a finding code: why it matters and how to fix it
    Explain(explain::ExplainArgs),
    /// Write a commented starter mailaudit.toml
    Init(init::InitArgs),
}

/// Parse arguments, run, and return the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    exit::OK
                }
                _ => {
                    // clap echoes the bad argument: plain text, control characters replaced.
                    eprint!("{}", mailaudit::sanitize::for_terminal_lines(&e.render().to_string()));
                    exit::USAGE
                }
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return exit::INCOMPLETE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Check(args) => check::run(args).await,
            Command::Blocklist(args) => blocklist::run(args).await,
            Command::Bounces(args) => bounces::run(args).await,
            Command::DmarcReports(args) => dmarc_reports::run(args).await,
            Command::TlsReports(args) => tls_reports::run(args).await,
            Command::Losses(args) => losses::run(args).await,
            Command::Message(args) => message::run(args).await,
            Command::Explain(args) => explain::run(args).await,
            Command::Init(args) => init::run(args).await,
        }
    });
    if WRITE_FAILED.load(std::sync::atomic::Ordering::Relaxed) {
        return exit::INCOMPLETE;
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            // Errors echo what the user (or a file) gave: no terminal escapes.
            eprintln!("error: {}", mailaudit::sanitize::for_terminal_lines(&format!("{e:#}")));
            match e.downcast_ref::<UsageError>() {
                Some(_) => exit::USAGE,
                None => exit::INCOMPLETE,
            }
        }
    }
}

/// An error in what the user asked for: exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Set when writing the output failed (a full disk, a closed file): the run
/// must not exit 0, or a CI job would upload an empty report and pass.
static WRITE_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record a failed write to stdout. A closed pipe (`mailaudit ... | head`) is
/// the reader's choice, not an error.
pub fn note_write_error(error: &std::io::Error) {
    if error.kind() != std::io::ErrorKind::BrokenPipe && !WRITE_FAILED.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!("error: cannot write the output: {error}");
    }
}

/// Record a report file that could not be written: the run exits 3, and an
/// existing file is left as it was (files are written atomically).
pub fn note_file_error(path: &std::path::Path, error: &std::io::Error) {
    WRITE_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "error: cannot write {}: {error}",
        mailaudit::sanitize::for_terminal(&path.display().to_string())
    );
}

/// Every input path must exist (or be `-`): a wrong path is a usage error
/// naming it, before any work, in every command.
pub fn require_paths<'a>(paths: impl IntoIterator<Item = &'a std::path::Path>) -> anyhow::Result<()> {
    for p in paths {
        if p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err() {
            return Err(usage(format!(
                "no such file or directory: {}",
                mailaudit::sanitize::for_terminal(&p.display().to_string())
            )));
        }
    }
    Ok(())
}

/// Write `text` to stdout.
pub fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        note_write_error(&e);
    }
}

/// The DNS front for `--nameserver` / `--timeout` flags (commands without a
/// config file). Without a name server, the system resolver is probed first:
/// a broken one would turn every answer into "missing".
pub async fn dns_from_flags(nameservers: &[String], timeout: Option<f64>) -> anyhow::Result<mailaudit::dns::Dns> {
    use mailaudit::settings::{DnsFlags, DnsSettings};
    let flags = DnsFlags {
        nameservers: nameservers.to_vec(),
        timeout,
        ..Default::default()
    };
    let settings = DnsSettings::resolve(&flags, None).map_err(|e| usage(e.0))?;
    let dns = mailaudit::dns::Dns::from_settings(&settings.resolver)
        .map_err(|e| anyhow::anyhow!("cannot set up DNS: {e}"))?;
    if settings.resolver.nameservers.is_empty() {
        dns.probe_public_dns().await.map_err(|e| anyhow::anyhow!(e))?;
    }
    Ok(dns)
}
