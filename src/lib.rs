//! mailaudit: audit email deliverability.
//!
//! - [`check`]: posture of sending domains (SPF, DKIM, DMARC, MX), with [`blocklist`] status.
//! - [`bounce`]: bounce messages into per-recipient reasons.
//! - [`dmarc_reports`]: DMARC aggregate reports.
//! - [`tls_reports`]: SMTP TLS reports (TLS-RPT).
//! - [`losses`]: the hidden-losses report built from all of the above.
//!
//! Every audit speaks in [`finding::Finding`]s with stable codes ([`codes`]),
//! goes through one DNS layer ([`dns`]), and is rendered by [`output`].

pub mod baseline;
pub mod blocklist;
pub mod bounce;
pub mod check;
pub mod codes;
pub mod config;
pub mod dmarc_reports;
pub mod dns;
pub mod domain;
pub mod exit;
pub mod finding;
pub mod losses;
pub mod output;
pub mod pacing;
#[cfg(test)]
mod test_support;
pub mod tls_reports;
