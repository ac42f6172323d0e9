//! `mailaudit dmarc-reports`. STUB: to be written.

use clap::Args;

#[derive(Args, Debug)]
pub struct DmarcReportsArgs {
    /// Inputs
    pub inputs: Vec<String>,
}

pub async fn run(_args: DmarcReportsArgs) -> anyhow::Result<u8> {
    Err(super::usage("not implemented yet"))
}
