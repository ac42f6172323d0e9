//! `mailaudit losses`. STUB: to be written.

use clap::Args;

#[derive(Args, Debug)]
pub struct LossesArgs {
    /// Inputs
    pub inputs: Vec<String>,
}

pub async fn run(_args: LossesArgs) -> anyhow::Result<u8> {
    Err(super::usage("not implemented yet"))
}
