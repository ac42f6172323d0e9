//! The text lines of each check's section of the `check` report ("Records
//! found"): the checks produce data and findings, this module words them.
//! `output::text`, `output::html` and `cli::blocklist` read them.

mod bimi;
mod blocklist;
mod dane;
mod dkim;
mod dmarc;
mod mta_sts;
mod mx;
mod rdns;
mod spf;
mod tls_rpt;

/// The lines of one section of the text report, in order.
pub trait TextLines {
    fn text_lines(&self) -> Vec<String>;
}
