//! The `mailaudit` binary: parses the command line and hands over to the library.
mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::main())
}
