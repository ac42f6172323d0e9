//! `mailaudit blocklist`. STUB: to be written.

use clap::Args;

#[derive(Args, Debug)]
pub struct BlocklistArgs {
    /// Inputs
    pub inputs: Vec<String>,
}

pub async fn run(_args: BlocklistArgs) -> anyhow::Result<u8> {
    Err(super::usage("not implemented yet"))
}
