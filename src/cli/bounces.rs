//! `mailaudit bounces`. STUB: to be written.

use clap::Args;

#[derive(Args, Debug)]
pub struct BouncesArgs {
    /// Inputs
    pub inputs: Vec<String>,
}

pub async fn run(_args: BouncesArgs) -> anyhow::Result<u8> {
    Err(super::usage("not implemented yet"))
}
