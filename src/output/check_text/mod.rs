//! The text lines of each check's section of the `check` report ("Records
//! found"): the checks produce data and findings, this module words them.
//! A report with its own type gets an inherent `text_lines(&self)` here
//! (`report.spf.text_lines()` works wherever the report is); a list of
//! records gets `check_text::<check>::text_lines(&records)`.

mod bimi;
pub mod dane;
pub mod dkim;
mod dmarc;
mod mta_sts;
pub mod mx;
pub mod rdns;
mod spf;
mod tls_rpt;
