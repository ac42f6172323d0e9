//! The flags of client reports (`check` and `losses` in HTML and Markdown):
//! title, client, branding and language, validated into a `ReportMeta`.

use super::usage;
use clap::Args;
use mailaudit::i18n::Lang;
use mailaudit::output::html::{Accent, Logo, ReportMeta};
use std::path::PathBuf;

#[derive(Args, Debug, Clone, Default)]
pub struct ReportArgs {
    /// Title of the Markdown/HTML report
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Client name shown on the Markdown/HTML report ("Prepared for ...")
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Who prepared the report (your agency), shown under the title
    #[arg(long, value_name = "NAME")]
    pub prepared_by: Option<String>,
    /// Logo for the HTML report: PNG, JPEG or SVG, at most 256 KiB, embedded in the file
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,
    /// Accent colour of the HTML report, e.g. #2f5da8
    #[arg(long, value_name = "COLOR")]
    pub accent: Option<String>,
    /// Language of the client report (HTML and Markdown)
    #[arg(long, value_enum, default_value = "en")]
    pub lang: Lang,
}

impl ReportArgs {
    /// Validated: a bad logo or colour is a usage error before any work starts.
    pub fn meta(&self) -> anyhow::Result<ReportMeta> {
        let logo = self.logo.as_deref().map(Logo::load).transpose().map_err(usage)?;
        let accent = self.accent.as_deref().map(Accent::parse).transpose().map_err(usage)?;
        Ok(ReportMeta {
            title: self.title.clone(),
            client: self.client.clone(),
            prepared_by: self.prepared_by.clone(),
            generated: ReportMeta::today(),
            logo,
            accent,
            lang: self.lang,
        })
    }
}
